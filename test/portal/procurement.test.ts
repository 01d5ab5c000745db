/**
 * Government purchase of services (measure 十八) in Chromium against the REAL local gateway (portal + API on
 * one origin, edge CSP, DynamoDB Local): the county plans the year and publishes a tender in the workbench
 * (an error names its field), a contractor registers and bids (and keeps its receipt), the county opens the
 * bids and draws the panel, an evaluator scores, the county awards; the public page /tenders/ shows the
 * result. axe finds nothing on any screen, the main controls are reachable by keyboard, and /tenders/ is
 * within the page budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { staffWorkbench } from './staff-support.ts';
import { DIST } from './build-portal.ts';
import { focused, HAVE_CHROMIUM, tabTo } from './browser-support.ts';
import { PAGE_BUDGET_BYTES, pageWeights } from './weights.ts';

let p: TestPlatform;
let browser: Browser;
let base = '';
const clock = new TestClock('2026-05-11T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, contexts, start, stop } = staffWorkbench(clock);
const QC = '341602';
const creditCode = (n: number): string => {
  const first17 = `52${QC}MJ${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

const api = async (method: string, path: string, who: { role: string; [k: string]: string }, body?: unknown) => {
  const { role, ...scope } = who;
  const token = await p.tokenFor(role as never, scope);
  const res = await p.call(method, path, { token, ...(body !== undefined ? { body } : {}), headers: { 'idempotency-key': randomUUID() } });
  expect(res.status, `${method} ${path} ${res.text}`).toBeLessThan(300);
  return res.body;
};
const COUNTY = { role: 'county', sub: 'cty-a', county: QC };
const ADMIN = { role: 'admin', sub: 'admin' };

describe.skipIf(!HAVE_CHROMIUM)('purchase of services in Chromium, through the local gateway', () => {
  let tenderId = '';

  beforeAll(async () => {
    ({ p, browser, base } = await start());
    for (const n of [2, 3]) {
      await api(
        'POST',
        '/api/v1/contractors',
        { role: 'contractor', sub: `org-${n}`, organisation: `org-${n}` },
        { name: `亳州市第${n}社会工作服务中心`, creditCode: creditCode(n), contact: '王主任' },
      );
      await api('POST', `/api/v1/contractors/org-${n}/verification`, ADMIN, { decision: 'verified', note: '材料齐全' });
    }
    for (const n of [1, 2, 3]) await api('POST', '/api/v1/experts', ADMIN, { sub: `exp-${n}`, name: `评审专家${n}`, speciality: '社会工作', conflicts: [] });
  }, 180_000);

  afterAll(stop);

  it('the county enters the funds, the service list and a tender; a too-short period is named next to the deadline', async () => {
    const page = await desk();
    await signIn(page, 'county', { county: QC, sub: 'cty-a' });
    await nav(page, '购买服务');
    await page.locator('#proc-funds').waitFor();
    await checkAxe(page, 'procurement (empty year)');
    await page.getByLabel('中央资金（元）').fill('30000000');
    await page.getByLabel('省级资金（元）').fill('10000000');
    await page.getByLabel('市级资金（元）').fill('5000000');
    await page.getByLabel('县级资金（元）').fill('5000000');
    await page.getByRole('button', { name: '保存并计算额度' }).click();
    await expect.poll(() => page.locator('#proc-budget').textContent()).toContain('500,000');

    await page.getByLabel('服务编号').fill('visit');
    await page.getByLabel('服务名称').fill('特困人员探访照料');
    await page.getByLabel('服务内容').fill('分散供养特困人员每月入户探访和生活照料');
    await page.getByLabel('计量单位').fill('人·月');
    await page.getByLabel('服务对象或区域').fill('分散供养特困人员');
    await page.getByRole('button', { name: '保存清单' }).click();
    await page.locator('#proc-tender').waitFor();

    await page.getByLabel('项目名称').fill('2026年特困人员探访照料服务项目');
    await page.getByLabel('项目说明').fill('为分散供养特困人员提供每月入户探访、生活照料和精神慰藉服务。');
    await page.getByLabel('采购方式').selectOption('open');
    await page.getByLabel('最高限价（元）').fill('250000');
    await page.getByLabel('投标截止时间（北京时间）').fill('2026-05-25T09:30');
    await page.getByRole('button', { name: '发布采购公告' }).click();
    const error = page.locator('#proc-t-deadline-error');
    await expect.poll(() => error.textContent()).toContain('不得少于20日');
    expect(await page.locator('#proc-tender .error-summary').textContent()).toContain('2026-05-31');
    await checkAxe(page, 'procurement (tender form with an error)');

    await page.getByLabel('投标截止时间（北京时间）').fill('2026-06-10T09:30');
    await page.getByRole('button', { name: '发布采购公告' }).click();
    await expect.poll(() => page.locator('#view-title').textContent()).toContain('采购项目');
    await page.locator('#tender-open').waitFor();
    tenderId = new URL(page.url()).searchParams.get('id')!;
    expect(tenderId).toMatch(/^341602-2026-\d{3}$/);
    await checkAxe(page, 'tender (bidding open)');
    // Keyboard: the opening button is reachable by Tab.
    await page.locator('#view-title').focus();
    await tabTo(page, (f) => f.tag === 'button' && f.text === '开标');
    expect((page as any).problems).toEqual([]);
  });

  it('a contractor registers, is verified and bids, keeping the receipt; others bid too', async () => {
    const page = await desk();
    await signIn(page, 'contractor', { organisation: 'org-1', sub: 'org-1' });
    await nav(page, '投标与合同');
    await page.locator('#bid-register').waitFor();
    await checkAxe(page, 'bidding (not registered)');
    await page.getByLabel('机构名称').fill('亳州市第1社会工作服务中心');
    await page.getByLabel('统一社会信用代码').fill(creditCode(1));
    await page.getByLabel('联系人').fill('李主任');
    await page.getByRole('button', { name: '提交登记' }).click();
    await expect.poll(() => page.locator('#bid-registration').textContent()).toContain('待市民政局审核');
    await api('POST', '/api/v1/contractors/org-1/verification', ADMIN, { decision: 'verified', note: '材料齐全' });

    await nav(page, '首页');
    await nav(page, '投标与合同');
    await page.locator('#bid-form-0').waitFor();
    await page.getByLabel('投标报价（元）').fill('230000.50');
    await page.getByLabel('技术方案').fill('每月入户探访一次，建立一人一档，紧急情况24小时响应。');
    await page.getByRole('button', { name: '提交投标' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toMatch(/回执摘要：[0-9a-f]{64}/);
    await expect.poll(() => page.locator('#bid-card-0 .receipt').count()).toBe(1);
    await checkAxe(page, 'bidding (bid sealed)');
    const mine = await api('GET', `/api/v1/tenders/${tenderId}/bids/mine`, { role: 'contractor', sub: 'org-1', organisation: 'org-1' });
    expect(await page.locator('#bid-card-0 .receipt').textContent()).toBe(mine.receipt.sha256);

    for (const [n, price] of [
      [2, 24_000_000],
      [3, 24_500_000],
    ] as const) {
      await api(
        'POST',
        `/api/v1/tenders/${tenderId}/bids`,
        { role: 'contractor', sub: `org-${n}`, organisation: `org-${n}` },
        { priceFen: price, technicalProposal: '按需入户探访，建立服务档案。', documents: [] },
      );
    }
  });

  it('after the deadline the county opens the bids and draws the panel; an evaluator scores in the workbench', async () => {
    clock.set('2026-06-10T09:31:00+08:00');
    const page = await desk();
    await signIn(page, 'county', { county: QC, sub: 'cty-a' }, `/staff/?v=tender&id=${tenderId}`);
    await page.getByRole('button', { name: '开标' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toContain('已开标：3 份投标');
    await page.getByLabel('随机种子（可不填，由系统生成）').fill('ab'.repeat(16));
    await page.getByRole('button', { name: '抽取' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toContain('已抽取评审专家');
    await checkAxe(page, 'tender (opened, panel drawn)');
    const panel = (await api('GET', `/api/v1/tenders/${tenderId}/evaluation`, COUNTY)).panel.drawn as string[];

    const expert = await desk();
    await signIn(expert, 'evaluator', { sub: panel[0]! });
    await nav(expert, '评审任务');
    await expert.locator('#eval-0-0-form').waitFor();
    await checkAxe(expert, 'evaluation (score sheets)');
    const marks: Record<string, [number, number]> = { 'org-1': [45, 28], 'org-2': [40, 25], 'org-3': [35, 20] };
    const bids = (await api('GET', `/api/v1/tenders/${tenderId}/evaluation`, COUNTY)).bids as { organisation: string; name: string }[];
    for (const [i, b] of bids.entries()) {
      const [plan, team] = marks[b.organisation]!;
      await expert.locator(`#eval-0-${i}-plan`).fill(String(plan));
      await expert.locator(`#eval-0-${i}-team`).fill(String(i === 0 ? 99 : team));
      await expert.locator(`#eval-0-${i}-form button[type=submit]`).click();
      if (i === 0) {
        await expect.poll(() => expert.locator('#eval-0-0-team-error').textContent()).toContain('0至30');
        await checkAxe(expert, 'evaluation (score out of range)');
        await expert.locator('#eval-0-0-team').fill(String(team));
        await expert.locator('#eval-0-0-form button[type=submit]').click();
      }
      await expect.poll(() => expert.locator('#flash').textContent()).toContain(`已保存对 ${b.name} 的评分`);
      await expert.locator(`#eval-0-${Math.min(i + 1, bids.length - 1)}-form`).waitFor();
    }
    const own = (await api('GET', `/api/v1/tenders/${tenderId}/evaluation`, { role: 'evaluator', sub: panel[0]! })).sheets;
    expect(own).toHaveLength(3);
    for (const ev of panel.slice(1)) {
      for (const b of bids) {
        const [plan, team] = marks[b.organisation]!;
        await api('POST', `/api/v1/tenders/${tenderId}/scores`, { role: 'evaluator', sub: ev }, { organisation: b.organisation, points: { plan, team } });
      }
    }
  });

  it('the county awards by the ranking, and the public page shows the result and the county’s allocation', async () => {
    const page = await desk();
    await signIn(page, 'county', { county: QC, sub: 'cty-a' }, `/staff/?v=tender&id=${tenderId}`);
    await page.locator('#tender-award').waitFor();
    expect(await page.locator('#tender-evaluation table').last().textContent()).toContain('亳州市第1社会工作服务中心');
    await checkAxe(page, 'tender (ranking, award form)');
    await page.locator('#view-title').focus();
    await tabTo(page, (f) => f.tag === 'button' && f.text === '确定并公告结果', 150);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#flash').textContent()).toContain('已公告结果，质疑期至 2026-06-22');
    await page.locator('#tender-result').waitFor();
    await checkAxe(page, 'tender (awarded)');
    expect((page as any).problems).toEqual([]);

    const pub = await desk();
    await pub.goto(`${base}/tenders/`);
    const card = pub.locator(`#tender-${tenderId}`);
    await expect.poll(() => card.textContent()).toContain('中标（成交）结果公告');
    const text = (await card.textContent())!;
    expect(text).toContain('亳州市第1社会工作服务中心');
    expect(text).toContain('230,000.50 元');
    expect(text).toContain('至 2026-06-22');
    expect(text).not.toContain('每月入户探访一次，建立一人一档'); // sealed contents are never public
    await expect.poll(() => pub.locator('#budget-list').textContent()).toContain('500,000.00 元'); // one money format on every page (shared/money.ts formatYuan);
    expect(await pub.locator('#budget-list').textContent()).toContain('特困人员探访照料');
    await checkAxe(pub, '/tenders/');
    await tabTo(pub, (f) => f.tag === 'a' && f.text.includes('开放数据记录'), 120);
    expect((await focused(pub)).text).toContain('OCDS');
    const footerLink = await desk();
    await footerLink.goto(`${base}/`);
    await footerLink.getByRole('link', { name: '采购公告、结果和合同' }).click();
    await expect.poll(() => footerLink.locator('h1').textContent()).toBe('政府购买社会救助服务');
  });

  it('explains the page without JavaScript, and keeps /tenders/ within the page budget', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${base}/tenders/`);
    expect(await page.locator('#how').isVisible()).toBe(true);
    expect(await page.locator('#tender-list .no-js').isVisible()).toBe(true);
    const w = pageWeights(DIST).find((x) => x.page === '/tenders/');
    expect(w, 'the page-weight check covers /tenders/').toBeDefined();
    expect(w!.total).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
    // The page's script and the chunks it imports are weighed with it (portal/src/scripts/tenders.ts, bundled into /_astro/).
    expect(w!.assets.filter((a) => a.startsWith('/_astro/')).length).toBeGreaterThanOrEqual(2);
  });

  it('finds no axe violations on any screen', () => {
    expect(axeFailures).toEqual([]);
  });
});
