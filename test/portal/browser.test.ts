/**
 * The built portal in Debian's Chromium (playwright-core, executablePath), served by the REAL local
 * gateway (infra/local, one origin for portal and API, with the edge CSP of shared/definitions/edge.ts):
 * axe-core (WCAG 2.1 A/AA) on every page, the 适老化 switches persisting across pages, every page
 * readable without JavaScript, and the skip link. The journeys are in journeys.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../shared/definitions/edge.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { htmlFiles, pagePath } from './weights.ts';
import { axe, describeViolations, HAVE_CHROMIUM, launch, CHROMIUM } from './browser-support.ts';

// Browser globals used inside page.evaluate callbacks (module-scoped: the project's tsconfig has no DOM lib).
declare const document: any;
declare const localStorage: any;
declare function getComputedStyle(element: unknown): any;

if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

let platform: TestPlatform;
let base = '';
let browser: Browser;
let allPages: string[] = [];
/** Pages that fill themselves from the API after loading: scanned once that is done. */
const FETCHING = new Set(['/standards/', '/publicity/', '/inspections/']);

describe.skipIf(!HAVE_CHROMIUM)('portal in Chromium', () => {
  beforeAll(async () => {
    await buildPortalOnce();
    allPages = htmlFiles(DIST).map((f) => pagePath(DIST, f));
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function context(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    return browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, ...options });
  }

  it('serves every page with the CSP and no console errors or CSP violations', async () => {
    expect(allPages.length).toBeGreaterThanOrEqual(31);
    const ctx = await context();
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${page.url()}: ${e.message}`));
    for (const p of allPages) {
      const res = await page.goto(base + p);
      expect(res?.status(), p).toBe(200);
      expect(res?.headers()['content-security-policy'], p).toBe(CONTENT_SECURITY_POLICY);
      await expect.poll(() => page.locator('#a11y-bar').isVisible(), { message: `${p}: toolbar shown by a11y.js` }).toBe(true);
    }
    expect(problems).toEqual([]);
    const missing = await page.goto(`${base}/no-such-page/`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('没有找到这个页面');
    await ctx.close();
  });

  it('has no axe violations (WCAG 2.1 A/AA) on any page, in standard, 大 + 高对比度 and 特大', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const failures: string[] = [];
    const t0 = performance.now();
    // Contrast and reflow change the layout: every page in each of the three displays issue 23 names.
    const modes = [
      { label: '标准', size: 'standard', contrast: 'normal' },
      { label: '大+高对比度', size: 'large', contrast: 'high' },
      { label: '特大', size: 'xlarge', contrast: 'normal' },
    ];
    for (const mode of modes) {
      await page.goto(`${base}/`);
      await page.evaluate((m: { size: string; contrast: string }) => {
        localStorage.setItem('bozhou.fontSize', m.size);
        localStorage.setItem('bozhou.contrast', m.contrast);
      }, mode);
      for (const p of allPages) {
        await page.goto(base + p);
        if (FETCHING.has(p)) await page.waitForLoadState('networkidle');
        expect(await page.getAttribute('html', 'data-contrast')).toBe(mode.contrast === 'high' ? 'high' : null);
        failures.push(...describeViolations(`${p} (${mode.label})`, await axe(page)));
      }
    }
    console.log(`axe on ${allPages.length * modes.length} page views: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(failures).toEqual([]);
    await ctx.close();
  }, 600_000);

  it('font size (大) persists across a navigation, with 60px tap targets', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    const bodySize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(await bodySize()).toBeGreaterThanOrEqual(18);
    const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize));
    expect(lineHeight).toBeGreaterThanOrEqual(1.6);
    // The menu folds away (a <details>): open, its links are tap targets too.
    await page.locator('.site-menu > summary').click();
    for (const box of await page.locator('.site-menu > summary, .a11y-bar button, .main-nav a').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(44);
    }
    await page.getByRole('button', { name: '大', exact: true }).click();
    expect(await page.getAttribute('html', 'data-font-size')).toBe('large');
    expect(await bodySize()).toBeGreaterThanOrEqual(22);
    await page.getByRole('link', { name: '政策原文', exact: true }).click();
    await page.waitForURL(`${base}/policy/`);
    expect(await page.getAttribute('html', 'data-font-size')).toBe('large');
    expect(await page.getByRole('button', { name: '大', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: '标准', exact: true }).getAttribute('aria-pressed')).toBe('false');
    expect(await bodySize()).toBeGreaterThanOrEqual(22);
    await page.locator('.site-menu > summary').click();
    for (const box of await page.locator('.site-menu > summary, .a11y-bar button, .main-nav a, .measure-list a').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(60);
    }
    await page.getByRole('link', { name: /（十三）完善临时救助政策措施/u }).click();
    expect(await page.getAttribute('html', 'data-font-size')).toBe('large');
    await page.getByRole('button', { name: '标准', exact: true }).click();
    await page.reload();
    expect(await page.getAttribute('html', 'data-font-size')).toBe('standard');
    await ctx.close();
  });

  it('high contrast persists across a navigation', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/policy/5/`);
    const toggle = page.getByRole('button', { name: '高对比度' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await page.getAttribute('html', 'data-contrast')).toBe('high');
    await page.getByRole('link', { name: /下一条/u }).click();
    await page.waitForURL(`${base}/policy/6/`);
    expect(await page.getAttribute('html', 'data-contrast')).toBe('high');
    expect(await page.getByRole('button', { name: '高对比度' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
    await page.getByRole('button', { name: '高对比度' }).click();
    await page.reload();
    expect(await page.getAttribute('html', 'data-contrast')).toBeNull();
    await ctx.close();
  });

  it('policy search filters the list when JavaScript runs', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/policy/`);
    const search = page.getByRole('searchbox', { name: '在措施中查找' });
    await search.fill('丧葬费');
    await expect.poll(() => page.locator('.measure-list li:visible').count()).toBe(1);
    expect(await page.locator('.measure-list li:visible a').textContent()).toBe('（六）完善特困人员救助供养制度');
    expect(await page.getByRole('status').textContent()).toContain('找到 1 条');
    await search.fill('');
    await expect.poll(() => page.locator('.measure-list li:visible').count()).toBe(23);
    await ctx.close();
  });

  it('every page is readable with JavaScript disabled, at the standard size, with the full policy list', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const p of allPages) {
      await page.goto(base + p);
      const main = page.getByRole('main');
      expect(await main.isVisible(), p).toBe(true);
      if (/^\/apply\/(?!form\/)[a-z-]+\/$/u.test(p)) {
        // A step of the scripted journey: it says plainly that it needs JavaScript and where to go instead.
        const note = page.locator('main .no-js').first();
        expect(await note.isVisible(), p).toBe(true);
        expect(await note.innerText(), p).toContain('JavaScript');
        expect(await note.locator('a[href="/apply/form/"], a[href="/track/"]').count(), p).toBeGreaterThan(0);
      } else {
        expect(((await main.innerText()) ?? '').length, p).toBeGreaterThan(50);
        expect(await page.locator('h1').isVisible(), p).toBe(true);
      }
      expect(await page.locator('#a11y-bar').isVisible(), `${p}: toolbar hidden without JS`).toBe(false);
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize)), p).toBeGreaterThanOrEqual(18);
      // The site's stylesheet, and the 长辈版 one the display cookie selects (shared/http/display.ts).
      expect(await page.locator('link[rel=stylesheet]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href'))), p).toEqual(
        p.startsWith('/staff/') ? ['/site.css'] : ['/site.css', '/api/v1/display.css'],
      );
    }
    await page.goto(`${base}/policy/`);
    expect(await page.locator('#policy-search').isVisible()).toBe(false);
    expect(await page.locator('.measure-list li:visible').count()).toBe(23);
    await ctx.close();
  });

  it('keyboard: Tab reaches the skip link first, and it moves focus to main', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    for (const p of ['/', '/policy/13/']) {
      await page.goto(base + p);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
      expect(await page.locator('.skip').isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.keyboard.press('Tab');
      const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
      expect(inMain).toBe(true);
    }
    await ctx.close();
  });

  it('nav marks the current page with aria-current', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/policy/`);
    expect(await page.locator('.main-nav a[aria-current="page"]').textContent()).toBe('政策原文');
    await page.goto(`${base}/guide/tekun/`);
    expect(await page.locator('.main-nav a[aria-current]').textContent()).toBe('办事指南');
    await page.goto(`${base}/`);
    expect(await page.locator('.main-nav a[aria-current="page"]').textContent()).toBe('首页');
    await ctx.close();
  });
});
