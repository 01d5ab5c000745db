import type { Platform } from './platform.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { dateShanghai } from '../../shared/clock.ts';

/**
 * The dynamic-management part of the `--demo` city (五)(六)(二十三), through the same HTTP API and dev
 * job route users and the scheduler take, on top of the active cases the case demo enrolled:
 * - an inspector on each county's list (双随机 needs one who never handled the case);
 * - the Q4 re-checks of this year (1 October) for every 低保 household and 特困 person: tasks in each
 *   township's list (`GET /api/v1/tasks`);
 * - this month's random inspection, with findings recorded for one case per county, so
 *   `GET /api/v1/inspections` shows a published draw per township.
 * Jobs create nothing twice and the inspection draw exists once per county and month, so a second start
 * with the same DATA_DIR adds nothing.
 */
export async function seedManagementDemo(platform: Platform): Promise<void> {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`demo-management: ${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const token = async (role: string, scope: Record<string, string>) => (await call('POST', '/api/v1/dev/token', undefined, { role, ...scope })).token as string;
  const job = (name: string, date: string) => call('POST', `/api/v1/dev/jobs/${name}?date=${date}`);

  const today = dateShanghai(new Date());
  const published = await call('GET', `/api/v1/inspections?month=${today.slice(0, 7)}`);
  if (published.draws.length) return; // already seeded (a persisted DATA_DIR)

  const inspectors: Record<string, string> = {};
  for (const county of COUNTIES) {
    const sub = `demo-inspector-${county.code}`;
    inspectors[county.code] = await token('inspector', { county: county.code, sub, name: '抽查员' });
    await call('POST', '/api/v1/inspectors', await token('county', { county: county.code, sub: `demo-county-${county.code}` }), { sub });
  }

  // 五/六: the Q4 re-checks of this year, as EventBridge would run them on 1 October.
  const october = `${today.slice(0, 4)}-10-01`;
  await job('dibao-q4-review', october);
  await job('tekun-q4-review', october);

  // 二十三: this month's draw, and one finding per county, published per township.
  await job('random-inspection', today);
  for (const county of COUNTIES) {
    const assigned = (await call('GET', '/api/v1/inspections/assigned', inspectors[county.code])).items as { id: string }[];
    const first = assigned[0];
    if (first) await call('POST', `/api/v1/inspections/${first.id}/findings`, inspectors[county.code], { result: 'compliant', findings: '入户核实家庭情况与档案一致，待遇按规则计算无误' });
  }
}
