/**
 * Every workbench screen, for every role (issue 24: "every workbench screen axe clean and usable by
 * keyboard"), taken from the navigation the route table generates (shared/definitions/workbench.ts), so a
 * screen added there is checked here without a line more. Each menu entry is in the tab order, opens with
 * Enter without loading a new document, moves focus to the screen's heading, shows its own screen (not the
 * home page a refused screen falls back to), finishes loading without a script error, and axe finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/platform.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';
import { staffWorkbench, type SignInScope } from './staff-support.ts';
import { WORKBENCH_NAV } from '../../shared/definitions/workbench.ts';
import type { Role } from '../../shared/definitions/roles.ts';

declare const window: any;
declare const document: any;

const clock = new TestClock('2026-10-12T09:00:00+08:00');
const { desk, signIn, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);

/** A scope each role can sign in with on the local role picker. */
const SCOPES: Record<Role, SignInScope> = {
  caseworker: { township: '341602002', sub: 'every-cw' },
  assistant: { township: '341602002', sub: 'every-assistant' },
  approver: { township: '341602002', sub: 'every-approver' },
  check: { county: '341602', sub: 'every-check' },
  county: { county: '341602', sub: 'every-county' },
  inspector: { county: '341602', sub: 'every-inspector' },
  department: { department: '市教育局', sub: 'every-department' },
  evaluator: { sub: 'every-evaluator' },
  charity: { organisation: 'org-every', sub: 'every-charity' },
  contractor: { organisation: 'org-every', sub: 'every-contractor' },
  auditor: { sub: 'every-auditor' },
  admin: { sub: 'every-admin' },
};

describe.skipIf(!HAVE_CHROMIUM)('every workbench screen, by keyboard, axe clean', () => {
  beforeAll(async () => {
    await start();
  }, 180_000);
  afterAll(stop);

  it.each(Object.keys(WORKBENCH_NAV) as Role[])(
    '%s: each menu entry opens its screen by keyboard',
    async (role) => {
      const page = await desk();
      await signIn(page, role, SCOPES[role]);
      const menu = page.getByRole('navigation', { name: '工作台导航' });
      const marker = await page.evaluate(() => (window.__doc = Math.random()));
      for (const [label, view] of WORKBENCH_NAV[role]) {
        const link = menu.getByRole('link', { name: label, exact: true });
        expect(await link.evaluate((el: any) => el.tabIndex), `${role} ${label}: in the tab order`).toBeGreaterThanOrEqual(0);
        await link.focus();
        await page.keyboard.press('Enter');
        const screen = page.locator(`section[data-view="${view}"]`);
        await expect.poll(() => screen.isVisible(), { message: `${role} ${label}: opens ${view}` }).toBe(true);
        await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: `${role} ${label}: focus on the heading` }).toBe('view-title');
        await expect.poll(() => page.locator('#view-title').innerText()).not.toBe('正在加载……');
        await expect.poll(() => screen.locator('.loading').count(), { message: `${role} ${label}: finished loading`, timeout: 20_000 }).toBe(0);
        await checkAxe(page, `${role} ${label}`);
      }
      expect(await page.evaluate(() => window.__doc), 'no screen loaded a new document').toBe(marker);
      expect((page as any).problems, `${role}: script errors`).toEqual([]);
    },
    180_000,
  );

  it('axe found nothing on any screen', () => {
    expect(axeFailures).toEqual([]);
  });
});
