import type { Platform } from './platform.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { dateShanghai } from '../../shared/clock.ts';

/**
 * The dashboard's part of the `--demo` city (二十)(二十二)(二十三), last, once the other parts have made
 * cases, payments and tasks:
 * - township civil-affairs staff registered with their establishment (编制内 / 其他专职), full in every
 *   other township and one short in the rest, so the 二十二 staffing check shows both;
 * - today's `statistics` run, so the dashboard has its snapshot at once (otherwise it appears after the
 *   first nightly run).
 * Registering a person again replaces their scope and the job writes the same snapshot again, so a second
 * start with the same DATA_DIR adds nothing.
 */
export async function seedStatisticsDemo(platform: Platform): Promise<void> {
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${platform.url}${path}`, {
      method: 'POST',
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status >= 300) throw new Error(`demo-statistics: ${path} → ${res.status} ${await res.text()}`);
  };
  for (const county of COUNTIES) {
    for (const [i, t] of county.townships.entries()) {
      const full = i % 2 === 0;
      const people = [...Array(full ? 2 : 1).fill('established'), ...Array(full ? 3 : 1).fill('other')] as string[];
      for (const [n, establishment] of people.entries()) {
        await call('/api/v1/dev/token', { role: n === 0 ? 'approver' : 'caseworker', township: t.code, sub: `demo-staff-${t.code}-${n + 1}`, establishment });
      }
    }
  }
  await call(`/api/v1/dev/jobs/statistics?date=${dateShanghai(new Date())}`);
}
