/**
 * The plain application form without JavaScript, in Chromium through the real local gateway (edge CSP,
 * DynamoDB Local): a refusal answers with the form itself — every answer kept, ID numbers included —
 * and every error in one summary, each linked to its field; corrected there, it is filed. No Back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { REFERENCE_SHAPE } from '../../shared/cases/reference-number.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { axe, describeViolations, HAVE_CHROMIUM, launch, phoneContext, shot } from './browser-support.ts';

let platform: TestPlatform;
let browser: Browser;
let base = '';

describe.skipIf(!HAVE_CHROMIUM)('the plain form keeps everything (no JavaScript)', () => {
  beforeAll(async () => {
    await buildPortalOnce();
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('an error answers with the form, filled as sent, with all errors in one round; corrected there, it is filed', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    const me = idNumber('19500505', '713');
    const grandchild = idNumber('20120202', '714');
    await page.goto(`${base}/apply/form/`);
    const id = (name: string) => page.locator(`[id="${name}"]`);
    await id('type').check(); // 低保 is the first choice
    await id('area.county').selectOption('341622');
    await id('area.township').selectOption('341622101');
    await id('area.residence-rural').check();
    await id('area.hukou-elsewhere').check(); // 低保 without 户籍 or 居住证 here (四)
    await id('applicant.name').fill('孙桂兰');
    await id('applicant.idNumber').fill(me);
    await id('applicant.phone').fill('139 0000'); // too short
    await id('household.members.0.monthlyIncome').fill('320');
    await id('household.members.0.illness').check();
    await id('household.members.1.name').fill('孙小雨');
    await id('household.members.1.idNumber').fill(grandchild);
    await id('household.members.1.relation').selectOption('grandchild');
    await id('household.members.1.monthlyIncome').fill('0');
    await id('household.members.1.inSchool').check();
    await id('household.assets.financial').fill('1500');
    await id('household.assets.vehicles').fill('0');
    await id('household.assets.properties').fill('1');
    await id('hardship.description').fill('老伴去年去世，孙女上学'); // written by a 低保 applicant: not asked about
    // No consent.
    const [bad] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交申请' }).click()]);
    expect(bad?.status()).toBe(400);
    expect(page.url()).toBe(`${base}/api/v1/applications`);
    expect(await page.title()).toMatch(/^错误：申请表有 3 处需要修改/u);
    expect(await page.locator('.error-summary').count()).toBe(1);
    const summary = await page.locator('.error-summary').innerText();
    for (const label of ['联系电话', '户籍情况', '同意核对家庭经济状况']) expect(summary).toContain(label);
    expect(summary).not.toMatch(/请选择困难类型/u);
    // Refused for 户籍 (四): what the person can do instead, with the window.
    expect(summary).toContain('急难发生地申请');
    expect(await page.locator('.error-summary a[href="/areas/"]').count()).toBe(1);
    await shot(page, 'plain-form-refused');
    // Everything sent is there again.
    expect(await id('type').isChecked()).toBe(true);
    expect(await id('area.township').inputValue()).toBe('341622101');
    expect(await id('area.hukou-elsewhere').isChecked()).toBe(true);
    expect(await id('applicant.idNumber').inputValue()).toBe(me);
    expect(await id('applicant.phone').inputValue()).toBe('139 0000');
    expect(await id('household.members.0.illness').isChecked()).toBe(true);
    expect(await id('household.members.1.idNumber').inputValue()).toBe(grandchild);
    expect(await id('household.members.1.relation').inputValue()).toBe('grandchild');
    expect(await id('household.members.1.inSchool').isChecked()).toBe(true);
    expect(await id('household.assets.financial').inputValue()).toBe('1500');
    expect(await id('hardship.description').inputValue()).toBe('老伴去年去世，孙女上学');
    // Each error links to its field, which says what is wrong.
    await page.locator('.error-summary a[href="#applicant.phone"]').click();
    expect(page.url()).toBe(`${base}/api/v1/applications#applicant.phone`);
    expect(await id('applicant.phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[id="applicant.phone-error"]').innerText()).toContain('11位手机号码');
    // axe needs scripts: the same answer, served on the same origin to a page that runs them.
    const refusedHtml = await bad!.text();
    const withJs = await (await phoneContext(browser)).newPage();
    await withJs.route(`${base}/__refused`, (route) => route.fulfill({ status: 400, contentType: 'text/html; charset=utf-8', body: refusedHtml }));
    await withJs.goto(`${base}/__refused`);
    expect(describeViolations('refused form', await axe(withJs))).toEqual([]);
    await withJs.context().close();

    // Corrected on the same page and sent again: filed.
    await id('area.hukou').check();
    await id('applicant.phone').fill('139 0000 7130');
    await id('consent.economicCheck').check();
    const [ok] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交申请' }).click()]);
    expect(ok?.status()).toBe(201);
    const reference = (await page.locator('#reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_SHAPE);

    // Tracking without JavaScript, the reference typed as from paper: a page from the server.
    await page.goto(`${base}/track/`);
    await id('reference').fill(reference.toLowerCase().replace(/-/gu, ' '));
    await id('idNumber').fill(me);
    const [found] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    expect(found?.status()).toBe(200);
    const result = await page.locator('#track-result').innerText();
    expect(result).toContain(reference);
    expect(result).toContain('孙*兰');
    expect(result).not.toContain(me);
    expect(result).toContain('已提交');
    // Nothing typed: both errors at once, in one summary.
    await page.goto(`${base}/track/`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    expect(await page.title()).toMatch(/^错误：/u);
    expect(await page.locator('.error-summary li').count()).toBe(2);
    await ctx.close();
  }, 90_000);

  it('with JavaScript, 低保 without 户籍 or 居住证 is refused on the “where” page itself, with what to do instead', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/apply/type/`);
    await page.getByLabel('最低生活保障（低保）').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL(`${base}/apply/where/`);
    await page.getByLabel('县区').selectOption('341602');
    await page.getByLabel('乡镇（街道）').selectOption('341602001');
    await page.getByLabel('城市（城镇）').check();
    await page.getByLabel('户口不在这里，也没有居住证').check();
    await page.getByRole('button', { name: '继续' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(page.url()).toBe(`${base}/apply/where/`);
    expect(await page.title()).toMatch(/^错误：/u);
    expect(await summary.innerText()).toContain('（四）');
    expect(await page.locator('[id="area.hukou-error"]').isVisible()).toBe(true);
    expect(await summary.locator('a[href="/apply/type/?change=1"]').count()).toBe(1);
    expect(await summary.locator('a[href="/areas/"]').count()).toBe(1);
    expect(describeViolations('/apply/where/ (refused 户籍)', await axe(page))).toEqual([]);
    // Choosing 临时救助 instead, the same answer passes the page.
    await summary.locator('a[href="/apply/type/?change=1"]').click();
    await page.waitForURL(/\/apply\/type\//u);
    await page.getByLabel('临时救助').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/apply/type/'));
    // The answers of the refused page were kept: it passes as it is now.
    await page.goto(`${base}/apply/where/`);
    expect(await page.getByLabel('户口不在这里，也没有居住证').isChecked()).toBe(true);
    expect(await page.getByLabel('乡镇（街道）').inputValue()).toBe('341602001');
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL((u) => u.pathname !== '/apply/where/');
    await ctx.close();
  }, 60_000);
});
