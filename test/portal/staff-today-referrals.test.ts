/**
 * 转办 on the home screen (今日工作, shared/cases/today.ts) in Chromium against the real local gateway: the
 * department sees the referral it must answer, late first and marked 已超期; the caseworker who routed it sees
 * it too. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, HOME, must, staffOf } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const refs: string[] = [];
const single = (id: string, name: string) => ({
  type: 'education',
  applicant: { name, idNumber: id, phone: '13900002222' },
  area: { ...HOME, residence: 'rural', hukou: 'local' },
  household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
});

describe.skipIf(!HAVE_CHROMIUM)('referrals on the home screen', () => {
  beforeAll(async () => {
    ({ p } = await start());
    const s = await staffOf(p);
    for (const [days, seq] of [
      [4, '601'],
      [1, '602'],
    ] as const) {
      const ref = await apply(p, single(idNumber('20100909', seq), `学生${seq}`));
      await must(p, s.caseworker, ref, 'accept');
      await must(p, s.caseworker, ref, 'route', { dueWorkingDays: days });
      refs.push(ref);
    }
    clock.set('2026-03-05T09:00:00+08:00');
  }, 180_000);
  afterAll(stop);

  it('the department’s home lists its referrals, the overdue first', async () => {
    const page = await desk();
    await signIn(page, 'department', { department: '市教育局', sub: 'edu-today' });
    const table = page.locator('#home-today table').filter({ hasText: '转办事项' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain(refs[1]);
    expect(await rows.nth(0).textContent()).toContain('已超期');
    expect(await rows.nth(1).textContent()).toContain(refs[0]);
    expect(await rows.nth(1).textContent()).toContain('即将到期');
    await checkAxe(page, 'department home (referrals)');
    expect((page as any).problems).toEqual([]);
  });

  it('the caseworker who routed them sees them on 今日工作 too', async () => {
    const page = await desk();
    await signIn(page, 'caseworker', { township: HOME.township, sub: 'cw-today-ref' });
    const table = page.locator('#home-today table').filter({ hasText: '转办事项' });
    await table.waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toContain(refs[1]);
    await checkAxe(page, 'caseworker home (referrals)');
  });

  it('is axe clean', () => {
    expect(axeFailures).toEqual([]);
  });
});
