/**
 * A session that survives the day (issue 24), in Chromium against the real local gateway: the token is renewed
 * silently while the workbench is open (locally the same dev-token flow) and a long visit write-up stays in
 * its field; when the session does end while typing, the text is kept in the page (never in storage) and put
 * back after signing in again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, must } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

declare const window: any;

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, start, stop } = staffWorkbench(clock);
const CW = { township: '341602001', sub: 'sess-cw' };
const WRITE_UP = '入户调查：一家三口，居住平房两间，丈夫因病不能劳动，妻子在附近打零工，孩子读初二。'.repeat(4);

describe.skipIf(!HAVE_CHROMIUM)('a session that survives a home visit', () => {
  let ref = '';
  beforeAll(async () => {
    ({ p } = await start());
    ref = await apply(p, dibaoApplication(idNumber('19700404', '971')));
    await must(p, await p.tokenFor('caseworker', CW), ref, 'accept');
  }, 120_000);
  afterAll(stop);

  it('a visit form keeps its text across a token renewal, and across an expiry and a new sign-in', async () => {
    const page = await desk();
    await signIn(page, 'caseworker', CW, `/staff/?v=case&ref=${ref}`);
    const findings = page.locator('#act-recordVisit-findings');
    await findings.waitFor({ state: 'attached' });
    if (!(await findings.isVisible())) await page.locator('#case-actions summary', { hasText: '录入入户调查' }).click();
    await findings.fill(WRITE_UP);

    // Renewal: a new token is fetched, the page is not redrawn, the text stays.
    const tokens: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/dev/token')) tokens.push(r.url());
    });
    const marker = await page.evaluate(() => (window.__doc = Math.random()));
    expect(await page.evaluate(() => window.BozhouStaffAuth.renew())).toBe(true);
    expect(tokens).toHaveLength(1);
    expect(await page.evaluate(() => window.__doc)).toBe(marker);
    expect(await findings.inputValue()).toBe(WRITE_UP);
    // The renewed token works.
    const view = await page.evaluate((r: string) => window.BozhouStaffAuth.api('GET', `/api/v1/cases/${r}`).then((x: { status: number }) => x.status), ref);
    expect(view).toBe(200);

    // Expiry while typing: after signing in again, the write-up is back in its field.
    await page.evaluate(() => window.BozhouStaffAuth.signOut('expired'));
    await page.locator('#signin-expired').waitFor();
    expect(await page.evaluate(() => JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }))).not.toContain('入户调查');
    await page.getByLabel('角色').selectOption('caseworker');
    await page.getByLabel('乡镇（街道）').selectOption(CW.township);
    await page.getByLabel('人员账号（可不填）').fill(CW.sub);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('#act-recordVisit-findings').inputValue(), { timeout: 15_000 }).toBe(WRITE_UP);
  });
});
