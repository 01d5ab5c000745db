/**
 * 长辈版 on a phone, in Chromium through the real local gateway: at 360 × 740 in 大 and 特大 the question
 * heading of every apply page starts on the first screen; at 320 px no page is wider than the screen; the
 * receipt's 申请编号 is wholly visible and selectable; the menu folds away and opens without JavaScript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { applicationReceiptPage } from '../../shared/http/form-pages.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { htmlFiles, pagePath } from './weights.ts';
import { axe, describeViolations, HAVE_CHROMIUM, launch, phoneContext, shot } from './browser-support.ts';

declare const document: any;
declare const localStorage: any;
declare const window: any;

let platform: TestPlatform;
let browser: Browser;
let base = '';

/** Every question page of the journey, and the one-page form. */
const APPLY_PAGES = [
  '/apply/type/',
  '/apply/where/',
  '/apply/about-you/',
  '/apply/member/?n=0',
  '/apply/members/',
  '/apply/money/',
  '/apply/hardship/',
  '/apply/consent/',
  '/apply/check/',
  '/apply/form/',
];
const SIZES = [
  ['large', '大'],
  ['xlarge', '特大'],
] as const;

const headingTop = (page: Page) => page.evaluate(() => document.querySelector('main h1').getBoundingClientRect().top + window.scrollY);
const pageWidth = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

describe.skipIf(!HAVE_CHROMIUM)('长辈版 on a 360 × 740 phone', () => {
  beforeAll(async () => {
    await buildPortalOnce();
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  for (const [size, label] of SIZES) {
    it(`in ${label}, every apply page's question heading starts above 740 px`, async () => {
      const ctx = await phoneContext(browser);
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      await page.evaluate((s: string) => localStorage.setItem('bozhou.fontSize', s), size);
      const tops: Record<string, number> = {};
      for (const p of APPLY_PAGES) {
        await page.goto(base + p);
        expect(await page.getAttribute('html', 'data-font-size')).toBe(size);
        tops[p] = await headingTop(page);
        await shot(page, `elderly-${size}${p.replace(/[/?=]+/gu, '-')}`);
      }
      console.log(`heading tops in ${label}: ${JSON.stringify(tops)}`);
      for (const [p, top] of Object.entries(tops)) expect(top, p).toBeLessThan(740);
      await ctx.close();
    }, 60_000);
  }

  it('at 320 px in 特大 no page is wider than the screen; the receipt’s 申请编号 is wholly visible and selectable', async () => {
    const ctx = await phoneContext(browser, { viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.setItem('bozhou.fontSize', 'xlarge'));
    const wide: string[] = [];
    for (const p of htmlFiles(DIST).map((f) => pagePath(DIST, f))) {
      if (p.startsWith('/staff/')) continue; // the workbench is for desk screens
      await page.goto(base + p);
      const w = await pageWidth(page);
      if (w > 320) wide.push(`${p}: ${w}px`);
    }
    // The API's receipt (the plain form's answer), served on the same origin.
    const receipt = applicationReceiptPage({ reference: 'QC-261128-0007-K', status: 'submitted' }, new Date('2026-11-28T02:30:00Z'));
    await page.route(`${base}/__receipt`, (route) => route.fulfill({ status: 201, contentType: 'text/html; charset=utf-8', body: receipt }));
    await page.goto(`${base}/__receipt`);
    const w = await pageWidth(page);
    if (w > 320) wide.push(`receipt: ${w}px`);
    expect(wide).toEqual([]);
    for (const box of await page.locator('.reference, .ref').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(320);
    }
    expect(await page.locator('#reference').evaluate((e) => window.getComputedStyle(e).userSelect)).toBe('all');
    await shot(page, 'elderly-receipt-320');
    await ctx.close();
  }, 120_000);

  it('without JavaScript, 特大 and 高对比度 are links that set a cookie the server reads, and stay across pages', async () => {
    const ctx = await phoneContext(browser, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    const bodySize = () => page.locator('body').evaluate((b) => window.getComputedStyle(b).fontSize);
    await page.goto(`${base}/apply/form/`);
    expect(await bodySize()).toBe('18px');
    await Promise.all([page.waitForNavigation(), page.locator('.display-links').getByRole('link', { name: '特大' }).click()]);
    expect(page.url()).toBe(`${base}/apply/form/`);
    expect(await bodySize()).toBe('27px');
    expect(await headingTop(page)).toBeLessThan(740);
    await Promise.all([page.waitForNavigation(), page.locator('.display-links').getByRole('link', { name: '高对比度' }).click()]);
    expect(page.url()).toBe(`${base}/apply/form/`);
    expect(await page.locator('body').evaluate((b) => window.getComputedStyle(b).backgroundColor)).toBe('rgb(0, 0, 0)');
    // Another page, the same setting; the tap targets are the large ones.
    await page.goto(`${base}/track/`);
    expect(await bodySize()).toBe('27px');
    for (const h of await page.locator('.display-links a').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) expect(h).toBeGreaterThanOrEqual(60);
    const cookies = await ctx.cookies();
    expect(cookies.find((c) => c.name === 'bozhou-display')?.value).toBe('xlarge.high');
    // A back address off this site is not followed.
    const away = await page.goto(`${base}/api/v1/display?size=standard&back=//evil.example/`);
    expect(new URL(away!.url()).pathname).toBe('/');
    expect(await bodySize()).toBe('18px');
    await ctx.close();

    // With scripts, the same cookie is read when nothing is stored yet, and the toolbar takes over.
    const js = await phoneContext(browser);
    await js.addCookies([{ name: 'bozhou-display', value: 'large.normal', url: base }]);
    const p2 = await js.newPage();
    await p2.goto(`${base}/`);
    expect(await p2.getAttribute('html', 'data-font-size')).toBe('large');
    await p2.getByRole('button', { name: '标准', exact: true }).click();
    expect(await p2.locator('body').evaluate((b) => window.getComputedStyle(b).fontSize)).toBe('18px');
    expect((await js.cookies()).find((c) => c.name === 'bozhou-display')?.value).toBe('standard.normal');
    await js.close();
  }, 60_000);

  it('at the standard size every tap target is at least 44 px: choices (the whole row), buttons, links in forms; ID fields say their keyboard', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const small: string[] = [];
    for (const p of ['/estimate/', '/apply/form/', '/track/', '/apply/type/', '/apply/where/']) {
      await page.goto(base + p);
      const boxes = await page
        .locator('main .choice:visible, main button:visible, main select:visible, main input[type=text]:visible, .site-menu > summary, .a11y-bar button')
        .evaluateAll((els) => els.map((e) => ({ what: `${e.tagName.toLowerCase()}.${e.className}#${e.id}`, h: e.getBoundingClientRect().height })));
      for (const b of boxes) if (b.h < 44) small.push(`${p} ${b.what}: ${b.h}px`);
    }
    expect(small).toEqual([]);
    await page.goto(`${base}/apply/form/`);
    for (const name of ['applicant.idNumber', 'household.members.1.idNumber']) {
      expect(await page.locator(`[id="${name}"]`).getAttribute('inputmode'), name).toBe('text');
      expect(await page.locator(`[id="${name}"]`).getAttribute('autocapitalize'), name).toBe('characters');
    }
    expect(await page.locator('[id="applicant.phone"]').getAttribute('inputmode')).toBe('tel');
    await ctx.close();
  }, 60_000);

  it('遇到急事、难事 is on the home page’s first screen in 特大, and its page names 110/119/120 and where to apply', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => localStorage.setItem('bozhou.fontSize', 'xlarge'));
    await page.goto(`${base}/`);
    const link = page.locator('main a[href="/urgent/"]').first();
    expect(await link.evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThan(740);
    await link.click();
    await page.waitForURL(`${base}/urgent/`);
    const text = await page.locator('main').innerText();
    for (const t of ['110', '119', '120', '在事情发生的地方申请', '先行救助']) expect(text).toContain(t);
    expect(describeViolations('/urgent/ (特大)', await axe(page))).toEqual([]);
    // The guide says what the API does (四): 急难型 where it happened, not only the 户籍 window.
    await page.goto(`${base}/guide/linshi/`);
    expect(await page.locator('main').innerText()).toContain('在事情发生的地方申请');
    expect(await page.locator('main').innerText()).not.toContain('户籍所在地乡镇（街道）为民服务中心的社会救助综合服务窗口');
    await ctx.close();
  }, 60_000);

  it('the menu folds away and opens without JavaScript; axe finds nothing with it open in 特大 + 高对比度', async () => {
    const noJs = await (await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false })).newPage();
    await noJs.goto(`${base}/apply/form/`);
    expect(await noJs.locator('.main-nav').isVisible()).toBe(false);
    await noJs.locator('.site-menu > summary').click();
    expect(await noJs.locator('.main-nav').isVisible()).toBe(true);
    await noJs.getByRole('link', { name: '查询进度' }).click();
    await noJs.waitForURL(`${base}/track/`);
    await noJs.context().close();

    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      localStorage.setItem('bozhou.fontSize', 'xlarge');
      localStorage.setItem('bozhou.contrast', 'high');
    });
    await page.goto(`${base}/apply/where/`);
    await page.locator('.site-menu > summary').click();
    expect(await page.locator('.main-nav').isVisible()).toBe(true);
    expect(describeViolations('/apply/where/ (menu open, 特大+高对比度)', await axe(page))).toEqual([]);
    await ctx.close();
  }, 60_000);
});
