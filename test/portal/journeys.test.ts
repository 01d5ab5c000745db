/**
 * The portal's journeys in Chromium against the REAL local gateway (portal + API on one origin, edge
 * CSP, DynamoDB Local): apply step by step with JavaScript and by keyboard alone, the errors of that
 * journey, the single-page form without JavaScript, tracking, 试算, 救助标准 refreshed from the API, and
 * 公示. One browser and one platform for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { REFERENCE_SHAPE } from '../../shared/cases/reference-number.ts';
import { applicationReceiptPage } from '../../shared/http/form-pages.ts';
import { applicationFormErrorPage } from '../../shared/http/application-form-page.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { axe, describeViolations, focused, HAVE_CHROMIUM, launch, phoneContext, shot, tabTo } from './browser-support.ts';

declare const document: any;
declare const sessionStorage: any;
declare const localStorage: any;
declare function getComputedStyle(element: unknown): any;

let platform: TestPlatform;
let browser: Browser;
let base = '';
const axeFailures: string[] = [];

async function checkAxe(page: Page, where: string) {
  axeFailures.push(...describeViolations(where, await axe(page)));
}

const spaced = (id: string) => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;

describe.skipIf(!HAVE_CHROMIUM)('portal journeys in Chromium, through the local gateway', () => {
  beforeAll(async () => {
    await buildPortalOnce();
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const applicantId = idNumber('19520308', '246');
  const spouseId = idNumber('19550101', '135');
  let reference = '';

  it('applies step by step with JavaScript: one question per page, add and remove members, check answers, confirmation', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const t0 = performance.now();

    await page.goto(`${base}/apply/`);
    await page.getByRole('link', { name: '开始申请' }).click();
    await page.waitForURL(`${base}/apply/type/`);
    await shot(page, '01-type');
    await checkAxe(page, '/apply/type/');
    expect(await page.locator('h1').textContent()).toBe('您要申请哪种救助？');
    await page.getByLabel('最低生活保障（低保）').check();
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/where/`);
    await page.getByLabel('县区').selectOption('341602');
    await page.getByLabel('乡镇（街道）').selectOption('341602001');
    await page.getByLabel('城市（城镇）').check();
    await page.getByLabel('户口在这里', { exact: true }).check();
    await shot(page, '02-where');
    await checkAxe(page, '/apply/where/');
    await page.getByRole('button', { name: '继续' }).click();

    // 代办 (shared/cases/agent.ts): for oneself here; test/portal/agent-journey.test.ts applies for someone else.
    await page.waitForURL(`${base}/apply/who/`);
    await checkAxe(page, '/apply/who/');
    await page.getByLabel('为自己申请').check();
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/about-you/`);
    await page.getByLabel('姓名').fill('王秀英');
    await page.getByLabel('身份证号码').fill(spaced(applicantId));
    await page.getByLabel('联系电话').fill('138 0000 1234');
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/member/?n=0`);
    expect(await page.locator('h1').textContent()).toBe('您本人的情况');
    expect(await page.title()).toMatch(/^您本人的情况 - /u);
    await page.getByLabel('每月收入大约多少元').fill('300.50');
    await page.getByLabel('患有重病').check();
    await shot(page, '03-member-self');
    await checkAxe(page, '/apply/member/?n=0');
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/members/`);
    expect(await page.locator('.member-list li').count()).toBe(1);
    // Add a spouse, then a son, then remove the son again.
    for (const [name, id, relation, income] of [
      ['李建国', spouseId, 'spouse', '0'],
      ['王小明', idNumber('19800505', '111'), 'child', '1200'],
    ] as const) {
      await page.getByRole('link', { name: '添加一位家庭成员' }).click();
      await page.waitForURL(/\/apply\/member\/\?n=\d/u);
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('身份证号码').fill(id);
      await page.getByLabel('和您是什么关系').selectOption(relation);
      await page.getByLabel('每月收入大约多少元').fill(income);
      await page.getByRole('button', { name: '继续' }).click();
      await page.waitForURL(`${base}/apply/members/`);
    }
    expect(await page.locator('.member-list li').count()).toBe(3);
    await shot(page, '04-members');
    await checkAxe(page, '/apply/members/');
    await page.getByRole('button', { name: /删除.*王小明/u }).click();
    expect(await page.locator('.member-list li').count()).toBe(2);
    expect(await page.getByRole('status').first().textContent()).toContain('已删除 王小明');
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/money/`);
    await page.getByLabel('存款等金融资产，全家一共大约多少元').fill('1,000');
    await page.getByLabel('家里有几辆汽车等机动车').fill('0');
    await page.getByLabel('家里有几套住房').fill('1');
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/consent/`);
    await shot(page, '05-consent');
    await checkAxe(page, '/apply/consent/');
    await page.getByLabel('我和家里每一位成年人都同意核对我们的家庭经济状况').check();
    await page.getByRole('button', { name: '继续' }).click();

    await page.waitForURL(`${base}/apply/check/`);
    const summary = await page.locator('[data-summary]').innerText();
    expect(summary).toContain('王秀英');
    expect(summary).toContain('李建国');
    expect(summary).not.toContain('王小明');
    expect(summary).toContain('花戏楼街道');
    await shot(page, '06-check');
    await checkAxe(page, '/apply/check/');
    // A change link goes to the page and back to the check page.
    await page.getByRole('link', { name: /修改.*联系电话/u }).click();
    await page.waitForURL(`${base}/apply/about-you/?change=1`);
    expect(await page.getByLabel('联系电话').inputValue()).toBe('138 0000 1234');
    await page.getByLabel('联系电话').fill('13800001235');
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL(`${base}/apply/check/`);
    expect(await page.locator('[data-summary]').innerText()).toContain('13800001235');

    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(`${base}/apply/done/`);
    reference = (await page.locator('.panel .reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_SHAPE);
    expect(await page.locator('h1').textContent()).toBe('您的申请已经提交');
    expect(await page.locator('main').innerText()).toContain('20个工作日');
    expect(await page.evaluate(() => sessionStorage.getItem('bozhou.apply'))).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('bozhou.apply'))).toBeNull();
    await shot(page, '07-done');
    await checkAxe(page, '/apply/done/');
    // The receipt prints without the navigation, toolbar and buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.main-nav').isVisible()).toBe(false);
    expect(await page.locator('[data-print]').isVisible()).toBe(false);
    expect(await page.locator('.receipt').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    console.log(`JS journey: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(problems).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('tracks the application with 申请编号 + ID number: masked timeline, same answer for a wrong number', async () => {
    expect(reference).toMatch(REFERENCE_SHAPE);
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/track/`);
    await page.getByLabel('申请编号').fill(reference.toLowerCase());
    await page.getByLabel('申请人身份证号码').fill(spaced(applicantId));
    // A plain form: the API answers with the page (shared/http/track-page.ts), with or without scripts.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    const result = page.locator('#track-result');
    expect(await result.isVisible()).toBe(true);
    const text = await result.innerText();
    expect(text).toContain(reference);
    expect(text).toContain('王*英');
    expect(text).not.toContain('王秀英');
    expect(text).not.toContain(applicantId);
    expect(text).toContain('已提交');
    expect(await page.locator('.timeline li').count()).toBeGreaterThanOrEqual(1);
    await shot(page, '08-track');
    await checkAxe(page, '/track/ (result)');

    await page.getByLabel('申请编号').fill(reference);
    await page.getByLabel('申请人身份证号码').fill(spouseId);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '查询' }).click()]);
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：/u);
    expect(await page.locator('.error-summary').innerText()).toContain('没有找到');
    expect(await result.count()).toBe(0);
    expect(await page.getByLabel('申请编号').inputValue()).toBe(reference);
    await checkAxe(page, '/track/ (not found)');
    await ctx.close();
  });

  it('shows errors the GOV.UK way: summary focused, inline messages, title 错误：, every value kept', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/apply/type/`);
    await page.getByRole('button', { name: '继续' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：您要申请哪种救助/u);
    expect((await focused(page)).cls).toContain('error-summary');
    expect(await page.locator('.error-message').first().innerText()).toContain('请选择要申请哪种救助');
    await checkAxe(page, '/apply/type/ (error)');
    await page.getByLabel('临时救助').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL(`${base}/apply/where/`);

    await page.goto(`${base}/apply/about-you/`);
    await page.getByLabel('姓名').fill('赵 大');
    await page.getByLabel('身份证号码').fill('3416 0219 5203 0824');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect((await focused(page)).cls).toContain('error-summary');
    expect(await page.title()).toMatch(/^错误：/u);
    const items = await summary.locator('li').allInnerTexts();
    expect(items).toHaveLength(2);
    expect(await page.locator('#applicant\\.idNumber-error').innerText()).toContain('身份证号码');
    expect(await page.getByLabel('身份证号码').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('身份证号码').inputValue()).toBe('3416 0219 5203 0824');
    expect(await page.getByLabel('联系电话').inputValue()).toBe('12345');
    expect(await page.getByLabel('姓名').inputValue()).toBe('赵 大');
    await shot(page, '09-error');
    await checkAxe(page, '/apply/about-you/ (errors)');
    // The summary's link moves focus to the field.
    await summary.getByRole('link').first().click();
    expect((await focused(page)).id).toBe('applicant.idNumber');
    await ctx.close();
  });

  it('maps the API’s field errors back to the page that asked: 户籍 elsewhere for 低保', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/apply/`);
    const answers = {
      key: 'journey-test-key-0001',
      type: 'dibao',
      area: { county: '341621', township: '341621101', residence: 'rural', hukou: 'elsewhere' },
      applicant: { name: '孙桂兰', idNumber: idNumber('19480101', '222'), phone: '13900001111' },
      members: [{ name: '孙桂兰', idNumber: idNumber('19480101', '222'), relation: 'self', monthlyIncome: '0' }],
      household: { assets: { financial: '0', vehicles: '0', properties: '0' } },
      consent: true,
    };
    await page.evaluate((a) => sessionStorage.setItem('bozhou.apply', JSON.stringify(a)), answers);
    await page.goto(`${base}/apply/check/`);
    await page.getByRole('button', { name: '提交申请' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：/u);
    const link = summary.getByRole('link').first();
    expect(await link.getAttribute('href')).toBe('/apply/where/?change=1#area.hukou');
    await checkAxe(page, '/apply/check/ (API errors)');
    await link.click();
    await page.waitForURL(/\/apply\/where\/\?change=1/u);
    await expect.poll(() => page.locator('#area\\.hukou-error').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：/u);
    await page.getByLabel('户口在这里', { exact: true }).check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL(`${base}/apply/check/`);
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(`${base}/apply/done/`);
    expect(await page.locator('.panel .reference').textContent()).toMatch(REFERENCE_SHAPE);
    await ctx.close();
  });

  it('completes the whole journey by keyboard alone', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const t0 = performance.now();
    const next = async (url: string) => {
      await tabTo(page, (f) => f.tag === 'button' && f.text === '继续');
      await page.keyboard.press('Enter');
      await page.waitForURL(url);
    };
    const typeInto = async (id: string, text: string) => {
      await tabTo(page, (f) => f.id === id);
      await page.keyboard.type(text);
    };
    await page.goto(`${base}/apply/`);
    await tabTo(page, (f) => f.text === '开始申请');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/apply/type/`);
    await tabTo(page, (f) => f.id === 'type');
    await page.keyboard.press('Space');
    await next(`${base}/apply/where/`);
    await tabTo(page, (f) => f.id === 'area.county');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#area\\.township').inputValue()).toBe('341602001');
    await tabTo(page, (f) => f.id === 'area.residence');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'area.hukou');
    await page.keyboard.press('Space');
    await next(`${base}/apply/who/`);
    await tabTo(page, (f) => f.id === 'agentFor');
    await page.keyboard.press('Space');
    await next(`${base}/apply/about-you/`);
    const id = idNumber('19600606', '321');
    await typeInto('applicant.name', '周玉梅');
    await typeInto('applicant.idNumber', id);
    await typeInto('applicant.phone', '13700007777');
    await next(`${base}/apply/member/?n=0`);
    await typeInto('member.monthlyIncome', '0');
    await next(`${base}/apply/members/`);
    await next(`${base}/apply/money/`);
    await typeInto('household.assets.financial', '0');
    await typeInto('household.assets.vehicles', '0');
    await typeInto('household.assets.properties', '1');
    await next(`${base}/apply/consent/`);
    await tabTo(page, (f) => f.id === 'consent.economicCheck');
    await page.keyboard.press('Space');
    await next(`${base}/apply/check/`);
    await tabTo(page, (f) => f.tag === 'button' && f.text === '提交申请');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/apply/done/`);
    expect(await page.locator('.panel .reference').textContent()).toMatch(REFERENCE_SHAPE);
    console.log(`keyboard journey: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await ctx.close();
  }, 60_000);

  it('the single-page form works without JavaScript: the API answers with the receipt page, or the form again with its errors', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/apply/form/`);
    await shot(page, '10-form');
    expect(await page.locator('form[action="/api/v1/applications"][method="post"]').count()).toBe(1);
    expect(await page.locator('#idempotencyToken').inputValue()).toBe('');

    // An empty submission: the form comes back, naming the fields; no need for Back.
    const [bad] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交申请' }).click()]);
    expect(bad?.headers()['content-type'] ?? '').toMatch(/^text\/html/);
    expect(bad?.status()).toBe(400);
    expect(await page.title()).toMatch(/^错误：/u);
    const errors = await page.locator('.error-summary').innerText();
    for (const label of ['申请哪种救助', '申请人姓名', '申请人身份证号码', '联系电话', '县区']) expect(errors).toContain(label);
    expect(page.url()).toBe(`${base}/api/v1/applications`);

    const form = page.locator('form');
    await form.getByLabel('最低生活保障（低保）').check();
    await form.getByLabel('县区').selectOption('341623');
    await form.getByLabel('乡镇（街道）').selectOption('341623102');
    await form.getByLabel('农村').check();
    await form.getByLabel('户口在这里', { exact: true }).check();
    await page.locator('#applicant\\.name').fill('钱多多');
    await page.locator('#applicant\\.idNumber').fill(spaced(idNumber('19580808', '468')));
    await page.locator('#applicant\\.phone').fill('139 0000 2222');
    await page.locator('#household\\.members\\.0\\.monthlyIncome').fill('150');
    await page.locator('#household\\.members\\.1\\.name').fill('钱小小');
    await page.locator('#household\\.members\\.1\\.idNumber').fill(idNumber('20100101', '222'));
    await page.locator('#household\\.members\\.1\\.relation').selectOption('grandchild');
    await page.locator('#household\\.members\\.1\\.monthlyIncome').fill('0');
    await page.locator('#household\\.members\\.1\\.inSchool').check();
    await page.locator('#household\\.assets\\.financial').fill('2000.50');
    await page.locator('#household\\.assets\\.vehicles').fill('0');
    await page.locator('#household\\.assets\\.properties').fill('1');
    await page.locator('#consent\\.economicCheck').check();
    const [ok] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '提交申请' }).click()]);
    expect(ok?.status()).toBe(201);
    expect(await page.locator('h1').textContent()).toBe('您的申请已经提交');
    expect(await page.locator('#reference').textContent()).toMatch(REFERENCE_SHAPE);
    await shot(page, '11-form-receipt');
    await ctx.close();
  });

  it('the API’s form pages (receipt, errors) pass axe and look like the portal', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const pages: Record<string, string> = {
      '/__form-receipt': applicationReceiptPage({ reference: 'QC-261128-0007-K', status: 'submitted' }, new Date('2026-11-28T02:30:00Z')),
      '/__form-errors': applicationFormErrorPage(
        {
          title: '填写的内容有误',
          detail: '提交的内容有 3 处需要修改',
          errors: [
            { field: 'applicant.idNumber', code: 'custom', message: '身份证号码校验位不正确' },
            { field: 'household.members.1.monthlyIncomeFen', code: 'invalid_type', message: '月收入必须是整数（单位：分）' },
            { field: 'type', code: 'invalid_value', message: '救助类型应为：dibao…' },
          ],
        },
        { applicant: { name: '钱多多', idNumber: '34162319580808468X' }, household: { members: [{ monthlyIncome: '0' }, { name: '钱小小', monthlyIncome: '三百' }] } },
      ),
    };
    // Served on the platform's origin so /site.css and /a11y.js load exactly as for the API's answer.
    await page.route(`${base}/__form-*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pages[new URL(route.request().url()).pathname]! }));
    for (const path of Object.keys(pages)) {
      await page.goto(base + path);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('18px');
      expect(await page.locator('#a11y-bar').isVisible()).toBe(true);
      await shot(page, `12${path.replace('/__', '-')}`);
      await checkAxe(page, path);
    }
    expect(await page.title()).toMatch(/^错误：申请表有 3 处需要修改/u);
    const text = await page.locator('.error-summary').innerText();
    expect(text).toContain('第2位家庭成员的每月收入');
    expect(text).toContain('单位是元');
    expect(text).toContain('请选择要申请哪种救助');
    await ctx.close();
  });

  it('试算: asks birth dates, shows the likely amount with the reasons, and says it is not a decision', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/estimate/`);
    expect(await page.locator('input[name*="idNumber"]').count()).toBe(0);
    await page.getByRole('button', { name: '看看试算结果' }).click();
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.title()).toMatch(/^错误：/u);
    expect((await focused(page)).cls).toContain('error-summary');
    await checkAxe(page, '/estimate/ (errors)');

    await page.getByLabel('县区').selectOption('341602');
    await page.getByLabel('乡镇（街道）').selectOption('341602001');
    await page.getByLabel('城市（城镇）').check();
    await page.locator('#m0-birthDate').fill('1950-01-01');
    await page.locator('#m0-monthlyIncome').fill('200');
    await page.getByRole('button', { name: '再添加一位家庭成员' }).click();
    await page.locator('#m1-birthDate').fill('1952-01-01');
    await page.locator('#m1-monthlyIncome').fill('0');
    await page.locator('#m1-illness').check();
    await page.getByLabel('存款等金融资产，全家一共大约多少元').fill('0');
    await page.getByLabel('家里有几辆汽车等机动车').fill('0');
    await page.getByLabel('家里有几套住房').fill('1');
    await page.getByRole('button', { name: '看看试算结果' }).click();
    const result = page.locator('#estimate-result');
    await expect.poll(() => result.isVisible()).toBe(true);
    const text = await result.innerText();
    expect(text).toContain('这不是审核决定');
    expect(text).toMatch(/每月可以得到/u);
    expect(text).toMatch(/[\d,]+\.\d{2} 元/u);
    expect(text).toContain('人均收入低于低保标准');
    expect(text).toContain('依据措施（五）');
    expect(await page.title()).not.toMatch(/^错误/u);
    await shot(page, '13-estimate');
    await checkAxe(page, '/estimate/ (result)');
    await ctx.close();
  });

  it('救助标准: the build-time copy is refreshed from the API, and marked when the API is down', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/standards/`);
    const status = page.locator('#standards-status');
    await expect.poll(() => status.getAttribute('data-state')).toBe('live');
    const row = page.locator('tr[data-param="dibao.standard.urban"]');
    expect(await row.locator('[data-cell="value"]').innerText()).toMatch(/^[\d,]+\.\d{2} 元\s*示例值$/u);
    // The script formats every value exactly as the build did: nothing changed, nothing counted.
    expect(await status.innerText()).not.toContain('有更新');
    await shot(page, '14-standards');

    // A newly published value shows without a rebuild.
    const admin = await platform.tokenFor('admin');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const published = await platform.call('POST', '/api/v1/standards', { token: admin, body: { id: 'tekun.pocketMoney', value: 12345, effectiveFrom: today, source: '测试文件〔2026〕1号' } });
    expect(published.status, published.text).toBe(201);
    await page.reload();
    await expect.poll(() => status.getAttribute('data-state')).toBe('live');
    expect(await page.locator('tr[data-param="tekun.pocketMoney"] [data-cell="value"]').innerText()).toBe('123.45 元');
    expect(await page.locator('tr[data-param="tekun.pocketMoney"] [data-cell="src"]').innerText()).toBe('测试文件〔2026〕1号');
    expect(await status.innerText()).toContain('1 项比网页生成时有更新');

    await page.route(`${base}/api/v1/standards`, (route) => route.fulfill({ status: 503, body: '' }));
    await page.reload();
    await expect.poll(() => status.getAttribute('data-state')).toBe('build');
    expect(await status.innerText()).toContain('暂时无法读取最新标准');
    expect(await row.locator('[data-cell="value"]').innerText()).toMatch(/元/u);
    await ctx.close();
  });

  it('公示: a kind empty state, and how to object', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/publicity/`);
    await expect.poll(() => page.locator('#publicity').innerText()).toMatch(/暂无/u);
    expect(await page.locator('main').innerText()).toContain('公示期内');
    await checkAxe(page, '/publicity/ (loaded)');
    await shot(page, '15-publicity');
    await page.getByRole('link', { name: '双随机一公开' }).click();
    await expect.poll(() => page.locator('#inspections').innerText()).toMatch(/暂无公开的抽查结果/u);
    await checkAxe(page, '/inspections/ (loaded)');
    await ctx.close();
  });

  it('has no axe violations in any state the journeys reached', () => {
    expect(axeFailures).toEqual([]);
  });
});
