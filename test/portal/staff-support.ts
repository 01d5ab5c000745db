import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestPlatform, type TestClock, type TestPlatform } from '../support/platform.ts';
import { axe, describeViolations, launch } from './browser-support.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';

declare const window: any;

/**
 * The workbench's Chromium helpers, shared by the staff test files: a browser context per desk (console
 * and page errors collected on `page.problems`), sign-in on the local role picker, navigation that must
 * not load a new document (the in-memory token would be lost), and axe findings gathered per screen.
 */
export interface StaffDeskOptions {
  browser: () => Browser;
  base: () => string;
  contexts: BrowserContext[];
  axeFailures: string[];
}

export interface SignInScope {
  township?: string;
  county?: string;
  department?: string;
  organisation?: string;
  sub?: string;
  name?: string;
}

export function staffDesk(o: StaffDeskOptions) {
  async function desk(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const ctx = await o.browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 }, ...options });
    o.contexts.push(ctx);
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/u.test(m.text())) problems.push(m.text());
    });
    (page as any).problems = problems;
    return page;
  }

  /** Signs in on the local role picker and waits for the role's home page. */
  async function signIn(page: Page, role: string, scope: SignInScope = {}, path = '/staff/'): Promise<void> {
    await page.goto(o.base() + path);
    await page.getByLabel('角色').selectOption(role);
    if (scope.township) await page.getByLabel('乡镇（街道）').selectOption(scope.township);
    if (scope.county && !scope.township) await page.getByLabel('县区').selectOption(scope.county);
    if (scope.department) await page.getByLabel('部门').selectOption(scope.department);
    if (scope.organisation) await page.getByLabel('机构编号').fill(scope.organisation);
    if (scope.name) await page.getByLabel('姓名（可不填）').fill(scope.name);
    if (scope.sub) await page.getByLabel('人员账号（可不填）').fill(scope.sub);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('#session-bar').isVisible()).toBe(true);
  }

  /** Clicks a link of the workbench navigation and proves it did NOT load a new document. */
  async function nav(page: Page, name: string | RegExp): Promise<void> {
    const marker = await page.evaluate(() => (window.__doc = window.__doc || Math.random()));
    await page
      .getByRole('navigation', { name: '工作台导航' })
      .getByRole('link', { name, exact: typeof name === 'string' })
      .click();
    expect(await page.evaluate(() => window.__doc)).toBe(marker);
  }

  async function checkAxe(page: Page, where: string): Promise<void> {
    o.axeFailures.push(...describeViolations(where, await axe(page)));
  }

  return { desk, signIn, nav, checkAxe };
}

/**
 * A staff test file's world: the built portal on a test platform and one Chromium, started in the file's
 * `beforeAll` (`({ p, browser, base } = await start())`) and stopped with every desk in its `afterAll`.
 */
export function staffWorkbench(clock: TestClock) {
  const contexts: BrowserContext[] = [];
  const axeFailures: string[] = [];
  const world = { p: undefined as unknown as TestPlatform, browser: undefined as unknown as Browser, base: '' };
  return {
    ...staffDesk({ browser: () => world.browser, base: () => world.base, contexts, axeFailures }),
    contexts,
    axeFailures,
    /** `s3`: with the local S3 server (browser uploads to presigned URLs). */
    async start(options: { s3?: boolean } = {}) {
      await buildPortalOnce();
      [world.p, world.browser] = await Promise.all([startTestPlatform({ clock, portalDir: DIST, ...options }), launch()]);
      world.base = world.p.url;
      return world;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await world.browser?.close();
      await world.p?.stop();
    },
  };
}
