/**
 * Residents' journeys of issue 23 in Chromium through the real local gateway (edge CSP, DynamoDB Local):
 * 找到您的窗口 from the admin's reference data; 试算 without JavaScript; the 急难 receipt of the JavaScript
 * journey; 代办 in the plain form; saving and resuming a draft. axe in standard, 大 + 高对比度 and 特大
 * (the display cookie, so it holds without scripts), and nothing wider than 320 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { axe, describeViolations, HAVE_CHROMIUM, launch, phoneContext, shot } from './browser-support.ts';

declare const document: any;

let platform: TestPlatform;
let browser: Browser;
let base = '';

const MODES = [
  ['standard.normal', '标准'],
  ['large.high', '大 + 高对比度'],
  ['xlarge.normal', '特大'],
] as const;

const pageWidth = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

async function noJs(display = 'standard.normal', width = 360): Promise<BrowserContext> {
  const ctx = await phoneContext(browser, { javaScriptEnabled: false, viewport: { width, height: 740 } });
  await ctx.addCookies([{ name: 'bozhou-display', value: display, url: base }]);
  return ctx;
}

/**
 * axe needs scripts, and a context without JavaScript cannot run it: the page as it is now is served on the
 * same origin to a context that runs them, with the same display cookie.
 */
async function clean(page: Page, where: string, display = 'standard.normal'): Promise<void> {
  const html = await page.content();
  const ctx = await phoneContext(browser);
  await ctx.addCookies([{ name: 'bozhou-display', value: display, url: base }]);
  const js = await ctx.newPage();
  await js.route(`${base}/__axe`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await js.goto(`${base}/__axe`);
  expect(describeViolations(where, await axe(js))).toEqual([]);
  await ctx.close();
}

describe.skipIf(!HAVE_CHROMIUM)("residents' journeys (issue 23)", () => {
  beforeAll(async () => {
    await buildPortalOnce();
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('找到您的窗口: from /areas/ by county to every township window, without JavaScript; the admin’s edit shows; axe clean in every mode, nothing wider than 320 px', async () => {
    const admin = await platform.tokenFor('admin', { sub: 'admin-windows-browser' });
    const edit = await platform.call('POST', '/api/v1/areas/341622/townships/341622101/window', {
      token: admin,
      body: { address: '蒙城县双涧镇政务路1号 为民服务中心一楼', phone: '0558-7654321', hours: '法定工作日 8:30–12:00，14:30–17:30' },
    });
    expect(edit.status, edit.text).toBe(200);
    for (const [display, label] of MODES) {
      const ctx = await noJs(display);
      const page = await ctx.newPage();
      await page.goto(`${base}/areas/`);
      expect(await page.locator('h1').innerText()).toBe('找到您的窗口');
      await clean(page, `/areas/ (${label})`, display);
      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^蒙城县/u }).click()]);
      expect(await page.locator('h1').innerText()).toBe('蒙城县的社会救助窗口');
      const card = page.locator('li.card', { has: page.locator('#w-341622101') });
      expect(await card.innerText()).toContain('蒙城县双涧镇政务路1号');
      expect(await card.locator('a[href="tel:05587654321"]').count()).toBe(1);
      expect(await card.innerText()).not.toContain('示例');
      expect(await page.locator('li.card', { has: page.locator('#w-341622102') }).innerText()).toContain('示例');
      const links = await page.locator('main a').evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href')));
      expect(links.at(-1)).toBe('/api/v1/areas');
      await clean(page, `/api/v1/windows?county=341622 (${label})`, display);
      await shot(page, `windows-${display}`);
      await ctx.close();
    }
    const narrow = await noJs('xlarge.normal', 320);
    const page = await narrow.newPage();
    for (const p of ['/areas/', '/api/v1/windows', '/api/v1/estimate']) {
      await page.goto(base + p);
      expect(await pageWidth(page), p).toBeLessThanOrEqual(320);
    }
    await narrow.close();
  }, 120_000);

  it('试算 without JavaScript: /estimate/ leads to the plain form; errors all at once with answers kept; the result is the one the API gives', async () => {
    const ctx = await noJs('large.high');
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/estimate/`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: '打开试算表' }).click()]);
    expect(page.url()).toBe(`${base}/api/v1/estimate`);
    await clean(page, '/api/v1/estimate (大 + 高对比度)', 'large.high');
    const id = (name: string) => page.locator(`[id="${name}"]`);
    await id('area.county').selectOption('341602');
    await id('area.township').selectOption('341602001');
    await id('area.residence').check(); // 城市（城镇）
    await id('household.members.0.birthDate').fill('1950-01-01');
    await id('household.members.0.monthlyIncome').fill('200');
    await id('household.members.1.relation').selectOption('spouse');
    await id('household.members.1.birthDate').fill('1952-01-01');
    await id('household.members.1.monthlyIncome').fill('两百'); // not a number
    await id('household.members.1.illness').check();
    await id('household.assets.vehicles').fill('0');
    await id('household.assets.properties').fill('1');
    // No financial assets.
    const [bad] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '看看试算结果' }).click()]);
    expect(bad?.status()).toBe(400);
    expect(await page.title()).toMatch(/^错误：试算表有 2 处需要修改/u);
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('第2位家庭成员的每月收入');
    expect(summary).toContain('存款等金融资产');
    expect(await id('household.members.0.birthDate').inputValue()).toBe('1950-01-01');
    expect(await id('household.members.1.monthlyIncome').inputValue()).toBe('两百');
    expect(await id('household.members.1.illness').isChecked()).toBe(true);
    expect(await id('area.township').inputValue()).toBe('341602001');
    await clean(page, '试算 refused (大 + 高对比度)', 'large.high');

    await id('household.members.1.monthlyIncome').fill('0');
    await id('household.assets.financial').fill('0');
    const [good] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '看看试算结果' }).click()]);
    expect(good?.status()).toBe(200);
    const result = await page.locator('#estimate-result').innerText();
    expect(result).toContain('这不是审核决定');
    expect(result).toMatch(/每月可以得到/u);
    expect(result).toContain('依据措施（五）');
    // The same rules function as the API (and the JavaScript 试算).
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const api = await platform.call('POST', '/api/v1/calculations', {
      body: {
        type: 'dibao',
        date: today,
        area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' },
        household: {
          members: [
            { name: '成员1', relation: 'self', birthDate: '1950-01-01', monthlyIncomeFen: 20000 },
            { name: '成员2', relation: 'spouse', birthDate: '1952-01-01', monthlyIncomeFen: 0, illness: 'serious' },
          ],
          assets: { financialFen: 0, vehicles: 0, properties: 1 },
        },
      },
    });
    expect(api.status, api.text).toBe(200);
    const yuan = (api.body.monthlyAmountFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(result).toContain(yuan);
    expect(await id('household.members.1.birthDate').inputValue()).toBe('1952-01-01');
    await clean(page, '试算 result (大 + 高对比度)', 'large.high');
    await shot(page, 'estimate-no-js');
    await ctx.close();
  }, 60_000);

  it('the JavaScript journey’s receipt for 急难 says 先行救助 and the short path (the plain form’s text), not the 20-working-day timeline', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    const next = async (url: string) => {
      await page.getByRole('button', { name: '继续' }).click();
      await page.waitForURL(url);
    };
    const id = (name: string) => page.locator(`[id="${name}"]`);
    await page.goto(`${base}/apply/type/`);
    await page.locator('input[name="type"][value="linshi"]').check();
    await next(`${base}/apply/where/`);
    await page.getByLabel('县区').selectOption('341621');
    await page.getByLabel('乡镇（街道）').selectOption('341621101');
    await page.getByLabel('农村').check();
    await page.getByLabel('户口在这里', { exact: true }).check();
    await next(`${base}/apply/who/`);
    await page.locator('input[name="agentFor"]').first().check();
    await next(`${base}/apply/about-you/`);
    await id('applicant.name').fill('钱火生');
    await id('applicant.idNumber').fill(idNumber('19700707', '531'));
    await id('applicant.phone').fill('13900001919');
    await next(`${base}/apply/member/?n=0`);
    await id('member.monthlyIncome').fill('0');
    await next(`${base}/apply/members/`);
    await next(`${base}/apply/money/`);
    await id('household.assets.financial').fill('0');
    await id('household.assets.vehicles').fill('0');
    await id('household.assets.properties').fill('1');
    await next(`${base}/apply/hardship/`);
    await page.locator('input[name="hardship.kind"][value="emergency"]').check();
    await id('hardship.description').fill('昨夜家里失火，房子烧了，一家人没地方住');
    await id('hardship.amount').fill('3000');
    await next(`${base}/apply/consent/`);
    await next(`${base}/apply/check/`);
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(`${base}/apply/done/`);
    const receipt = page.locator('[data-receipt]');
    const text = await receipt.innerText();
    expect(text).toContain('先行救助');
    expect(text).toContain('119');
    expect(text).not.toContain('20个工作日');
    expect(await page.locator('[data-next="regular"]').isVisible()).toBe(false);
    expect(describeViolations('/apply/done/ (急难)', await axe(page))).toEqual([]);
    await shot(page, 'done-urgent');
    await ctx.close();
  }, 60_000);
});
