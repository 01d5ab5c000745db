/**
 * The charity's home screen shows its disclosure deadlines (慈善组织信息公开办法, 民政部令第81号;
 * shared/charity/deadlines.ts) in Chromium against the real local gateway: overdue and at risk first, the
 * reminder the daily job recorded, and recording the year's reports closes that line. axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { donate, fileCampaign, moneyDonation, OTHER_ACCOUNT, verifiedCharity, type CharityFixture } from '../integration/charity.helpers.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
let browser: Browser;
let base = '';
const clock = new TestClock('2025-12-01T10:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
let c: CharityFixture;

describe.skipIf(!HAVE_CHROMIUM)('charity home: disclosure deadlines', () => {
  beforeAll(async () => {
    ({ p, browser, base } = await start());
    const admin = () => p.tokenFor('admin', { sub: 'admin-cd' });
    c = await verifiedCharity(p, await admin());
    clock.set('2026-03-02T10:00:00+08:00');
    c.token = await p.tokenFor('charity', { organisation: c.id });
    expect((await fileCampaign(p, c, { startDate: '2026-03-20', endDate: '2026-12-31', title: '春蕾助学' })).status).toBe(201);
    await donate(p, c, { ...moneyDonation(), gift: { form: 'money', amountFen: 5_000, accountNumber: OTHER_ACCOUNT } });
    const flagId = (await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token })).body.flags[0].flagId;
    clock.set('2026-06-01T10:00:00+08:00');
    expect((await p.call('POST', `/api/v1/charities/${c.id}/flags/${flagId}/resolution`, { token: await admin(), body: { outcome: 'confirmed', note: '经查属实' } })).status).toBe(200);
    clock.set('2026-06-16T10:00:00+08:00');
    await p.runJob('charity-disclosure-reminders', '2026-06-16');
  }, 180_000);
  afterAll(stop);

  it('lists what is due, overdue and at risk first, with the reminder; recording the annual report closes it', async () => {
    const page = await desk();
    await signIn(page, 'charity', { organisation: c.id, sub: 'charity-cd' });
    const section = page.locator('#ch-deadlines');
    await nav(page, '本机构');
    await section.waitFor();
    expect(await section.locator('.callout').textContent()).toContain('2 项已逾期');
    const rows = section.locator('tbody tr');
    const first = await rows.nth(0).textContent();
    expect(first).toContain('2025年度工作报告和财务会计报告');
    expect(first).toContain('2026-05-31');
    expect(first).toContain('已逾期');
    expect(first).toContain('已于 2026-06-16 提醒');
    expect(await rows.nth(1).textContent()).toContain('更正说明');
    const third = await rows.nth(2).textContent();
    expect(third).toContain('“春蕾助学”募捐期间的定期公开');
    expect(third).toContain('即将到期');
    expect(await section.locator('details').textContent()).toContain('民政部令第81号');
    await checkAxe(page, 'charity home (deadlines)');

    await page.getByRole('link', { name: '登记已公开：2025年度工作报告和财务会计报告' }).click();
    await page.locator('#ch-disclosure').waitFor();
    await checkAxe(page, 'charity disclosure form');
    await page.getByLabel('公开内容摘要').fill('2025年度工作报告和财务会计报告已在慈善中国公开。');
    await page.getByRole('button', { name: '登记已公开' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toContain('已逾期');
    await section.waitFor();
    const done = await section.locator('tbody tr').last().textContent();
    expect(done).toContain('2025年度工作报告和财务会计报告');
    expect(done).toContain('已于 2026-06-16 登记公开');
    expect(await section.locator('.callout').textContent()).toContain('1 项已逾期');
    expect((page as any).problems).toEqual([]);
    expect(base).toBeTruthy();
    expect(browser).toBeTruthy();
  });

  it('is axe clean', () => {
    expect(axeFailures).toEqual([]);
  });
});
