/**
 * 今日工作 and the live inbox (issue 24) in Chromium against the real local gateway, for a seeded township on
 * Monday 12 October 2026: one application never accepted (受理 was due 9 October: overdue), one submitted on
 * the 9th (受理 due the 15th: at risk and due this week), one accepted today (due in 20 working days), and
 * one withdrawn. The caseworker's home shows the counts and the due items, overdue first; the inbox shows
 * the three live cases by default and the withdrawn one only with 全部. axe on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, must } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { createTasks } from '../../shared/management/tasks.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-09-25T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, start, stop } = staffWorkbench(clock);
const AREA = { county: '341602', township: '341602002' };
const CW = { township: AREA.township, sub: 'today-cw' };
let seq = 960;
const application = () => dibaoApplication(idNumber('19660909', String(seq++), AREA.county), { area: { ...AREA, residence: 'rural', hukou: 'local' } });

describe.skipIf(!HAVE_CHROMIUM)('the caseworker’s 今日工作 for a seeded township', () => {
  const refs: Record<string, string> = {};
  beforeAll(async () => {
    ({ p } = await start());
    refs.overdue = await apply(p, application());
    refs.withdrawn = await apply(p, application());
    await must(p, await p.tokenFor('caseworker', CW), refs.withdrawn, 'withdraw', { reason: '申请人撤回申请' });
    clock.set('2026-10-09T09:00:00+08:00');
    refs.atRisk = await apply(p, application());
    clock.set('2026-10-12T09:00:00+08:00');
    refs.later = await apply(p, application());
    await must(p, await p.tokenFor('caseworker', CW), refs.later, 'accept');
    // A re-check task of the township due Wednesday (as the review job writes it) and one due next month.
    const task = (dueDate: string, period: string) => ({
      kind: 'dibao-q4-review' as const,
      period,
      reference: refs.later!,
      type: 'dibao' as const,
      county: AREA.county,
      township: AREA.township,
      dueDate,
      applicant: '张*',
      createdOn: '2026-10-01',
      createdBy: 'test',
    });
    await createTasks([task('2026-10-14', '2026-Q4'), task('2026-11-20', '2026-Q4b')]);
  }, 120_000);
  afterAll(stop);

  it('shows the counts and today’s items, the overdue first, and an inbox of live work with a filter for the rest', async () => {
    const today = (await p.call('GET', '/api/v1/today', { token: await p.tokenFor('caseworker', CW) })).body;
    expect(today).toMatchObject({ date: '2026-10-12', weekEnd: '2026-10-18', counts: { open: 3, overdue: 1, atRisk: 1, dueToday: 0, dueThisWeek: 1 } });
    expect(today.items.map((i: { reference: string }) => i.reference)).toEqual([refs.overdue, refs.atRisk]);
    expect(today.tasks).toHaveLength(1);
    expect(today.tasks[0]).toMatchObject({ dueDate: '2026-10-14', flag: 'atRisk', kindLabel: '低保家庭第四季度复核' });

    const page = await desk();
    await signIn(page, 'caseworker', CW);
    await page.locator('#today-counts').waitFor();
    const counts = await page.locator('#today-counts').innerText();
    expect(counts).toMatch(/1\s*件已超期/u);
    expect(counts).toMatch(/1\s*件即将到期/u);
    expect(counts).toMatch(/1\s*件本周到期/u);
    expect(counts).toMatch(/3\s*件进行中/u);
    expect(await page.locator('#home-today').innerText()).toContain('本周到期的复核、探访和比对任务（1 件）');
    const rows = page.locator('#home-today table', { hasText: '申请人' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain(refs.overdue);
    expect(await rows.nth(0).innerText()).toContain('已超期');
    expect(await rows.nth(0).innerText()).toContain('受理 2026-10-09');
    expect(await rows.nth(1).innerText()).toContain(refs.atRisk);
    expect(await rows.nth(1).innerText()).toContain('即将到期');
    await checkAxe(page, '/staff/ (今日工作)');

    await nav(page, '待办事项');
    await page.locator('#inbox-table table').waitFor();
    const live = await page.locator('#inbox-table').innerText();
    for (const r of [refs.overdue, refs.atRisk, refs.later]) expect(live).toContain(r);
    expect(live).not.toContain(refs.withdrawn);
    expect(live).toContain('2026-10-09（受理）');
    await page.locator('#inbox-status').selectOption('all');
    await page.locator('#inbox-filter button[type=submit]').click();
    await expect.poll(() => page.locator('#inbox-table').innerText(), { timeout: 10_000 }).toContain(refs.withdrawn!);
    await checkAxe(page, '/staff/?v=inbox&status=all');
  });
});
