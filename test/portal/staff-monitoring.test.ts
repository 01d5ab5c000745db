/**
 * The 政策找人 screens (staff-monitoring.js) in Chromium against the REAL local gateway: a household on the
 * low-income register, a 医保 feed through the API and its queue raising one alert; the caseworker reads the
 * alert list by due date with the explanation's figures, opens the alert (试算, parameters marked 示例, the
 * register), is told by the API which field is missing, then records 已帮扶 with a pre-filled 临时救助
 * application that waits for the household's 核对授权. axe on every screen; the outcome form by keyboard.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, must } from '../integration/workflow-support.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, tabTo } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };
const ID = idNumber('19580606', '771');
const idem = () => ({ 'idempotency-key': randomUUID() });

describe.skipIf(!HAVE_CHROMIUM)('政策找人 screens in Chromium, through the local gateway', () => {
  beforeAll(async () => {
    ({ p } = await start());
    const cw = await p.tokenFor('caseworker', { township: HOME.township, sub: 'mon-ui-cw' });
    const reference = await apply(p, {
      type: 'dibao',
      applicant: { name: '周玉芬', idNumber: ID, phone: '13800007777' },
      area: { ...HOME, residence: 'rural', hukou: 'local' },
      household: { members: [{ name: '周玉芬', idNumber: ID, relation: 'self', monthlyIncomeFen: 50_000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
      consent: { economicCheck: true },
    });
    const householdId = (await must(p, cw, reference, 'accept')).registry.householdId as string;
    const entered = await p.call('POST', `/api/v1/households/${householdId}/register`, {
      token: cw,
      headers: idem(),
      body: { action: 'enter', class: 'marginal', reason: '独居老人，收入低', since: '2026-03-01', entry: { by: 'assessment' } },
    });
    expect(entered.status, entered.text).toBe(200);
    const medical = await p.tokenFor('department', { county: HOME.county, department: '谯城区医疗保障局', sub: 'mon-ui-yb' });
    const feed = await p.call('POST', '/api/v1/monitoring/feeds', {
      token: medical,
      headers: idem(),
      body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议', csv: `${headerOf('medical')}\r\n${ID},2026-02,26000` },
    });
    expect(feed.status, feed.text).toBe(202);
    await p.queues.drain();
  }, 180_000);
  afterAll(stop);

  it('the caseworker reads the alert, its reasons and 试算, and records the visit with a pre-filled application', async () => {
    // Two weeks on, the visit is due today: 今日工作 on the home screen lists the alert, at risk.
    clock.set('2026-03-16T09:00:00+08:00');
    const page = await desk();
    await signIn(page, 'caseworker', { township: HOME.township, sub: 'mon-ui-cw' });
    await page.locator('#today-counts').waitFor();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('本周到期的政策找人预警（1 条，须入户走访）');
    await checkAxe(page, '/staff/ (今日工作)');
    await nav(page, '政策找人预警');
    await page.locator('#mon-list table').waitFor();
    const list = await page.locator('#mon-list table').innerText();
    expect(list).toContain('医疗费用负担过重');
    expect(list).toContain('近12个月个人自付医疗费用 26,000.00 元，占家庭年收入 6,000.00 元的 433.3%');
    await checkAxe(page, '/staff/?v=alerts');

    await page.locator('#mon-list table a').first().click();
    await page.locator('#mon-outcome').waitFor();
    const detail = await page.locator('#mon-alert').innerText();
    expect(detail).toContain('临时救助');
    expect(detail).toContain('【示例值】');
    expect(detail).toContain('低保边缘家庭');
    await checkAxe(page, '/staff/?v=alert');

    // By keyboard to the outcome form; "不需要救助" without reasons is refused by the API, naming the field.
    await tabTo(page, (f) => f.id === 'mon-outcome-kind');
    const form = page.locator('#mon-outcome');
    await form.getByLabel('走访结果').selectOption('notInNeed');
    await form.getByLabel('走访情况').fill('入户核实');
    await form.getByRole('button', { name: '登记走访结果' }).click();
    await page.locator('#mon-reasons-error').waitFor();
    await checkAxe(page, '/staff/?v=alert (errors)');

    await form.getByLabel('走访结果').selectOption('assisted');
    await form.getByLabel('走访日期').fill('2026-03-02'); // the test clock's today (the browser's is real time)
    await form.getByLabel('申请类型').selectOption('linshi');
    await form.getByLabel('家庭联系电话').fill('13900008888');
    await form.getByLabel('走访情况').fill('入户核实：住院费用属实，协助申请临时救助');
    await form.getByRole('button', { name: '登记走访结果' }).click();
    // Generous: the outcome seals the household's numbers again into a new application, on a loaded machine.
    await expect.poll(() => page.locator('#mon-alert').innerText(), { timeout: 20_000 }).toContain('待家庭确认并签署核对授权书');
    expect(await page.locator('#mon-alert').innerText()).toContain('已帮扶');
    await checkAxe(page, '/staff/?v=alert (closed)');

    await nav(page, '政策找人预警');
    await expect.poll(() => page.locator('#mon-list').innerText()).toContain('目前没有待走访的预警');
    expect((page as any).problems).toEqual([]);
    expect(axeFailures).toEqual([]);
  }, 120_000);
});
