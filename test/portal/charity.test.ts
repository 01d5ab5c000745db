/**
 * Charity (十六) in Chromium against the REAL local gateway (portal + API on one origin, edge CSP,
 * DynamoDB Local): a charity signs in with its organisation number and registers; the admin verifies it;
 * the charity files a campaign, records a donation (donor not consenting to publication) and a use, with
 * errors shown next to the field; the public /donations/ page shows them with the donor's name hidden, the
 * 慈善中国 link and the donor look-up; the admin resolves a misuse flag and revokes the verification.
 * axe finds nothing on any screen, and the main controls are reachable by keyboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { creditCode, OTHER_ACCOUNT } from '../integration/charity.helpers.ts';
import { staffWorkbench } from './staff-support.ts';
import { focused, HAVE_CHROMIUM, shot, tabTo } from './browser-support.ts';

let p: TestPlatform;
let browser: Browser;
let base = '';
const { desk, signIn, nav, checkAxe, axeFailures, contexts, start, stop } = staffWorkbench(new TestClock(new Date().toISOString()));
const ORG = `org-ui-${randomUUID().slice(0, 8)}`;
const NAME = '亳州市浏览器测试慈善会';
const ACCOUNT = '6222021234567890123';
const DONOR_ID = idNumber('19780512', '517');

/** Shanghai calendar date `days` from today (the browser's forms default to today). */
function shanghaiDate(days = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function flash(page: Page, text: string) {
  await expect.poll(() => page.locator('#flash').textContent(), { timeout: 10_000 }).toContain(text);
}

describe.skipIf(!HAVE_CHROMIUM)('charity screens and the public disclosure, in Chromium', () => {
  beforeAll(async () => {
    ({ p, browser, base } = await start());
  }, 180_000);

  afterAll(stop);

  let charity: Page;
  let admin: Page;

  it('a charity registers its organisation; errors appear next to their fields; the form is reachable by keyboard', async () => {
    charity = await desk();
    await signIn(charity, 'charity', { organisation: ORG, sub: 'charity-clerk' });
    await checkAxe(charity, '/staff/?v=home (charity)');
    await nav(charity, '本机构');
    await charity.locator('#ch-register').waitFor();
    await checkAxe(charity, '/staff/?v=charity (registration)');
    await tabTo(charity, (f) => f.id === 'ch-name');
    await tabTo(charity, (f) => f.tag === 'button' && f.text === '提交登记', 60);

    // Submitting half a form: the API names the fields, shown beside them and in a summary.
    await charity.locator('#ch-name').fill(NAME);
    await charity.getByRole('button', { name: '提交登记' }).click();
    await expect.poll(() => charity.locator('#ch-register .error-summary').isVisible()).toBe(true);
    expect(await charity.locator('[data-field="creditCode"] .error-message').innerText()).toContain('统一社会信用代码');
    await checkAxe(charity, '/staff/?v=charity (registration errors)');

    await charity.locator('#ch-creditCode').fill(creditCode(424242));
    await charity.locator('#ch-certificateNumber').fill('皖亳民证字第0424号');
    await charity.getByLabel('有', { exact: true }).check();
    await charity.locator('#ch-accounts-0-bank').fill('中国工商银行亳州分行');
    await charity.locator('#ch-accounts-0-accountName').fill(NAME);
    await charity.locator('#ch-accounts-0-accountNumber').fill(ACCOUNT);
    await charity.locator('#ch-contact-name').fill('李联络');
    await charity.locator('#ch-contact-phone').fill('13912345678');
    await charity.getByRole('button', { name: '提交登记' }).click();
    await flash(charity, '登记已提交');
    await expect.poll(() => charity.locator('section[data-view="charity"]').innerText()).toContain('待审核');
    expect(await charity.locator('section[data-view="charity"]').innerText()).toContain('6222***********0123');
    await shot(charity, 'charity-01-registered');
    await checkAxe(charity, '/staff/?v=charity (pending)');
  }, 60_000);

  it('the admin verifies the registration', async () => {
    admin = await desk();
    await signIn(admin, 'admin');
    await nav(admin, '慈善组织审核');
    const card = admin.locator('#charities-list .card', { hasText: NAME });
    await card.waitFor();
    await checkAxe(admin, '/staff/?v=charities (pending)');
    await card.getByLabel('核实通过').check();
    await card.getByRole('button', { name: '提交审核结论' }).click();
    await flash(admin, `已处理：${NAME}`);
  });

  it('the verified charity files a campaign, records a donation and a use (the balance problem shown at the amount)', async () => {
    await nav(charity, '本机构');
    await expect.poll(() => charity.locator('section[data-view="charity"]').innerText()).toContain('已核实');
    await checkAxe(charity, '/staff/?v=charity (verified)');

    await charity.getByRole('link', { name: '备案募捐活动' }).click();
    await charity.locator('#ch-campaign').waitFor();
    await checkAxe(charity, '/staff/?v=charity&do=campaign');
    await charity.locator('#ch-filingNumber').fill(`53341600UI${randomUUID().slice(0, 6).toUpperCase()}`);
    await charity.locator('#ch-title').fill('春蕾助学（浏览器）');
    await charity.locator('#ch-purpose').fill('助学');
    await charity.locator('#ch-startDate').fill(shanghaiDate(15));
    await charity.locator('#ch-endDate').fill(shanghaiDate(120));
    await charity.locator('#ch-targetFen').fill('500000');
    await charity.locator('#ch-accountNumber').fill(ACCOUNT);
    await charity.locator('#ch-cszgUrl').fill('https://cszg.mca.gov.cn/biz/ma/csmh/a/csmhaDoSort.html?ui=1');
    await charity.getByRole('button', { name: '备案', exact: true }).click();
    await flash(charity, '已备案募捐活动');

    await charity.getByRole('link', { name: '登记捐赠', exact: true }).click();
    await charity.locator('#ch-donation').waitFor();
    await checkAxe(charity, '/staff/?v=charity&do=donation');
    await charity.locator('#ch-receiptNumber').fill('UI-0001');
    await charity.locator('#ch-restrictedPurpose').fill('助学');
    await charity.locator('#ch-donor-name').fill('钱不公开');
    await charity.locator('#ch-donor-idNumber').fill(DONOR_ID);
    expect(await charity.locator('#ch-donor-publishName').isChecked()).toBe(false);
    // Goods fields are hidden and not sent while the gift is money.
    expect(await charity.locator('#ch-gift-description').isDisabled()).toBe(true);
    await charity.locator('#ch-gift-amountFen').fill('1000.505');
    await charity.locator('#ch-gift-accountNumber').fill(ACCOUNT);
    await charity.getByRole('button', { name: '登记捐赠' }).click();
    await expect.poll(() => charity.locator('[data-field="gift.amountFen"] .error-message').isVisible()).toBe(true);
    await checkAxe(charity, '/staff/?v=charity&do=donation (amount error)');
    await charity.locator('#ch-gift-amountFen').fill('1000');
    await charity.getByRole('button', { name: '登记捐赠' }).click();
    await flash(charity, '已登记捐赠，票据号 UI-0001');
    await expect.poll(() => charity.locator('section[data-view="charity"]').innerText()).toContain('UI-0001');
    const list = await charity.locator('section[data-view="charity"]').innerText();
    expect(list).toContain('钱不公开');
    expect(list).toContain(`${DONOR_ID.slice(0, 6)}********${DONOR_ID.slice(-4)}`);
    expect(list).not.toContain(DONOR_ID);
    await checkAxe(charity, '/staff/?v=charity&do=donations');

    await charity.getByRole('link', { name: '返回本机构' }).click();
    await charity.getByRole('link', { name: '登记捐赠使用' }).click();
    await charity.locator('#ch-use').waitFor();
    expect(await charity.locator('section[data-view="charity"] table').first().innerText()).toMatch(/助学\s+资金\s+1,000\.00 元\s+0\.00 元\s+1,000\.00 元/u);
    await charity.locator('#ch-purpose').selectOption('助学');
    await charity.locator('#ch-amountFen').fill('2000');
    await charity.locator('#ch-project-name').fill('春蕾助学金');
    await charity.locator('#ch-description').fill('资助 2 名学生秋季学期学杂费');
    await charity.getByRole('button', { name: '登记使用' }).click();
    await expect.poll(() => charity.locator('[data-field="amountFen"] .error-message').innerText()).toContain('余额');
    await checkAxe(charity, '/staff/?v=charity&do=use (balance refused)');
    await charity.locator('#ch-amountFen').fill('400');
    await charity.getByRole('button', { name: '登记使用' }).click();
    await flash(charity, '已登记使用，从“助学”支出');
    await expect.poll(() => charity.locator('section[data-view="charity"]').innerText()).toMatch(/助学\s+资金\s+1,000\.00 元\s+400\.00 元\s+600\.00 元/u);
    await shot(charity, 'charity-02-overview');

    await charity.getByRole('link', { name: '登记志愿服务' }).click();
    await charity.locator('#ch-volunteer').waitFor();
    await checkAxe(charity, '/staff/?v=charity&do=volunteer');
    await charity.locator('#ch-type').selectOption('扶老救孤');
    await charity.locator('#ch-volunteers').fill('12');
    await charity.locator('#ch-hours').fill('48');
    await charity.locator('#ch-description').fill('重阳节敬老院探访');
    await charity.getByRole('button', { name: '登记志愿服务' }).click();
    await flash(charity, '已登记志愿服务');

    await charity.getByRole('link', { name: '登记公开情况' }).click();
    await charity.locator('#ch-report').waitFor();
    await checkAxe(charity, '/staff/?v=charity&do=report');
    expect(await charity.locator('#ch-dueDate option').allInnerTexts()).toEqual([expect.stringContaining('（全面公开）')]);
    await charity.locator('#ch-summary').fill('尚未开始募捐，预先登记');
    await charity.getByRole('button', { name: '登记公开情况' }).click();
    await flash(charity, '这一期的公开情况');
  }, 90_000);

  it('the public page shows it with the donor unnamed, links to 慈善中国, reads without JavaScript, and answers the donor look-up', async () => {
    const page = await desk();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: '慈善捐赠信息公开' }).click();
    await page.waitForURL(/\/donations\/$/u);
    const card = page.locator(`#charity-${ORG}`);
    await card.waitFor();
    await checkAxe(page, '/donations/ (loaded)');
    // The details open by keyboard.
    await tabTo(page, (f) => f.tag === 'summary' && f.text.includes(NAME), 120);
    await page.keyboard.press('Enter');
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('爱心人士');
    const text = await card.innerText();
    expect(text).toContain('1,000.00 元');
    expect(text).toContain('春蕾助学金');
    expect(text).toMatch(/扶老救孤\s+1\s+12\s+48/u);
    expect(text).not.toContain('钱不公开');
    expect(text).not.toContain(DONOR_ID);
    expect(await card.getByRole('link', { name: /在慈善中国查看/u }).getAttribute('href')).toMatch(/^https:\/\/cszg\.mca\.gov\.cn\//u);
    await checkAxe(page, '/donations/ (charity opened)');
    await shot(page, 'charity-03-donations');

    // The donor look-up: a wrong ID number is refused beside the field; the right one shows the donation.
    await page.getByLabel('捐赠票据号').fill('UI-0001');
    await page.getByLabel('捐赠人身份证号码').fill('12345');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('[data-field="idNumber"] .error-message').isVisible()).toBe(true);
    await checkAxe(page, '/donations/ (look-up error)');
    await page.getByLabel('捐赠人身份证号码').fill(DONOR_ID);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('#donation-lookup-result').innerText()).toContain('钱不公开');
    expect(await page.locator('#donation-lookup-result').innerText()).toContain('春蕾助学金');
    expect(await focused(page)).toMatchObject({ id: 'donation-lookup-result' });
    await checkAxe(page, '/donations/ (look-up answered)');

    // Without JavaScript the rules still read, and the page says plainly what needs a script.
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    contexts.push(ctx);
    const plain = await ctx.newPage();
    await plain.goto(`${base}/donations/`);
    const main = await plain.locator('main').innerText();
    expect(main).toContain('怎样查验一个慈善组织');
    expect(main).toContain('12345');
    expect(main).toContain('慈善中国');
    expect(main).toContain('需要浏览器开启 JavaScript');
    expect((page as any).problems).toEqual([]);
  }, 60_000);

  it('the admin resolves a misuse flag and revokes the verification; the charity and the public see it', async () => {
    // A donation into an undeclared account raises a flag (recorded through the API as the same organisation).
    const token = await p.tokenFor('charity', { organisation: ORG });
    const flagged = await p.call('POST', '/api/v1/donations', {
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: { receiptNumber: 'UI-0002', date: shanghaiDate(), donor: { type: 'anonymous' }, gift: { form: 'money', amountFen: 5_000, accountNumber: OTHER_ACCOUNT } },
    });
    expect(flagged.body.flags).toEqual(['undeclared-account']);

    await nav(admin, '慈善核查线索');
    // Two open flags: the refused overdraw of 助学 above, and this one.
    await expect.poll(() => admin.locator('#flags-list .card', { hasText: NAME }).count()).toBe(2);
    expect(await admin.locator('#flags-list').innerText()).toContain('试图超出定向捐赠余额使用');
    const card = admin.locator('#flags-list .card', { hasText: '捐赠记入未登记的银行账户' });
    await checkAxe(admin, '/staff/?v=charity-flags');
    await card.getByRole('button', { name: '提交核查结论' }).click();
    await expect.poll(() => card.locator('.error-summary').isVisible()).toBe(true);
    await checkAxe(admin, '/staff/?v=charity-flags (errors)');
    await card.getByLabel('不成立').check();
    await card.getByLabel('核查说明（会公开）').fill('账号录入错误，款项实际进入已申报账户');
    await card.getByRole('button', { name: '提交核查结论' }).click();
    await flash(admin, '结论：已核查，不成立');
    await expect.poll(() => admin.locator('#flags-list .card').count()).toBe(1);
    expect(await admin.locator('#flags-list').innerText()).not.toContain('捐赠记入未登记的银行账户');

    await nav(admin, '慈善组织审核');
    await admin.locator('#charities-status').selectOption('verified');
    await admin.getByRole('button', { name: '筛选' }).click();
    const verified = admin.locator('#charities-list .card', { hasText: NAME });
    await verified.waitFor();
    await verified.locator('summary', { hasText: '撤销核实' }).click();
    await checkAxe(admin, '/staff/?v=charities&status=verified (revoke open)');
    await verified.getByLabel('撤销理由（会告知该机构并公开）').fill('登记证书已被登记管理机关撤销');
    await verified.locator('button[type=submit]', { hasText: '撤销核实' }).click();
    await flash(admin, `已撤销核实：${NAME}`);

    await nav(charity, '本机构');
    await expect.poll(() => charity.locator('section[data-view="charity"]').innerText()).toContain('登记证书已被登记管理机关撤销');
    expect(await charity.getByRole('link', { name: '登记捐赠', exact: true }).count()).toBe(0);
    await checkAxe(charity, '/staff/?v=charity (revoked)');

    const pub = await desk();
    await pub.goto(`${base}/donations/?charity=${ORG}`);
    await expect.poll(() => pub.locator(`#charity-${ORG}`).innerText(), { timeout: 10_000 }).toContain('已撤销核实');
    await expect.poll(() => pub.locator(`#charity-${ORG}`).innerText(), { timeout: 10_000 }).toContain('已核查，不成立');
    await checkAxe(pub, '/donations/?charity= (revoked)');
    for (const pg of [charity, admin, pub]) expect((pg as any).problems).toEqual([]);
  }, 90_000);

  it('axe finds nothing on any screen', () => {
    expect(axeFailures).toEqual([]);
  });
});
