/**
 * 催办 from 督办 in Chromium (issue 24): the county supervisor opens the day's 督办 list, sends a reminder on
 * an overdue application with the keyboard, and the list shows it on the item; the township's caseworker
 * then sees the reminder on the case page. axe on both screens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-09-25T09:00:00+08:00');
const { desk, signIn, checkAxe, start, stop } = staffWorkbench(clock);
const AREA = { county: '341602', township: '341602104' };

describe.skipIf(!HAVE_CHROMIUM)('催办 from 督办 in Chromium', () => {
  let late = '';
  beforeAll(async () => {
    ({ p } = await start());
    late = await apply(p, dibaoApplication(idNumber('19660808', '951', AREA.county), { area: { ...AREA, residence: 'rural', hukou: 'local' } }));
    clock.set('2026-10-12T09:00:00+08:00');
    await p.runJob('deadline-watch', '2026-10-12');
  }, 120_000);
  afterAll(stop);

  it('催办 appears on the township’s item', async () => {
    const county = await desk();
    await signIn(county, 'county', { county: AREA.county, name: '王督办' }, '/staff/?v=supervision&date=2026-10-12');
    const row = county.locator('#supervision-result tr', { hasText: late });
    await row.waitFor();
    expect(await row.innerText()).toContain('受理');
    const button = row.getByRole('button', { name: `催办 ${late}` });
    await button.focus();
    await county.keyboard.press('Enter');
    await expect.poll(() => county.locator('#supervision-result tr', { hasText: late }).innerText(), { timeout: 10_000 }).toContain('已催办 1 次');
    await checkAxe(county, '/staff/?v=supervision (after 催办)');

    const caseworker = await desk();
    await signIn(caseworker, 'caseworker', { township: AREA.township, sub: 'rm-cw' }, `/staff/?v=case&ref=${late}`);
    await caseworker.locator('#case-reminders').waitFor();
    const text = await caseworker.locator('#case-reminders').innerText();
    expect(text).toContain('县级督办催办（1 次）');
    expect(text).toContain('已超过办理期限');
    expect(text).toContain('县级民政部门');
    await checkAxe(caseworker, '/staff/?v=case (催办 shown)');
  });

  it('a month field accepts what people type and says what it understood (the one parser of shared/calendar/months.ts)', async () => {
    const county = await desk();
    await signIn(county, 'county', { county: AREA.county }, '/staff/?v=payments');
    const field = county.getByLabel('发放月份');
    await field.fill('2027年1月');
    await expect.poll(() => county.locator('#pay-month-read').innerText()).toBe('将发放 2027年1月（2027-01）');
    await field.fill('2027-3');
    await expect.poll(() => county.locator('#pay-month-read').innerText()).toBe('将发放 2027年3月（2027-03）');
    await field.fill('2027-13');
    await expect.poll(() => county.locator('#pay-month-read').innerText()).toContain('1到12');
    await checkAxe(county, '/staff/?v=payments (month read back)');
  });
});
