/**
 * Shared by the portal's browser tests: Debian's Chromium through playwright-core, axe-core (WCAG 2.1
 * A/AA) and small helpers. Each test file launches ONE browser and ONE platform (the real local gateway
 * with the edge CSP, serving the built portal and the API on one origin).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

// Browser globals used inside page.evaluate callbacks (the project's tsconfig has no DOM lib).
declare const document: any;
declare const window: any;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function phoneContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 360, height: 740 }, ...options });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** axe-core on the page as it is now. Injected through the DevTools protocol, so the page's CSP stays on. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v: AxeViolation) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

export const describeViolations = (where: string, vs: AxeViolation[]): string[] => vs.map((v) => `${where} [${v.id}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** Screenshots for review when PORTAL_SCREENSHOTS is a directory path. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.PORTAL_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/** The element that has focus: its id, tag, classes and text (for keyboard assertions). */
export function focused(page: Page): Promise<{ id: string; tag: string; cls: string; text: string; name: string }> {
  return page.evaluate(() => {
    const e = document.activeElement;
    return { id: e?.id ?? '', tag: (e?.tagName ?? '').toLowerCase(), cls: e?.className ?? '', text: (e?.textContent ?? '').trim(), name: e?.getAttribute?.('name') ?? '' };
  });
}

/** Press Tab until `match` holds for the focused element; proves it is reachable by keyboard. */
export async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  throw new Error(`not reachable by Tab within ${max} presses on ${page.url()}`);
}
