/**
 * 代办 in the JavaScript journey (portal /apply/who/, shared/cases/agent.ts), in Chromium against the real
 * local gateway: the questions are checked on the page, the check page shows the 代办人, and the case
 * records both people and the consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { REFERENCE_SHAPE } from '../../shared/cases/reference-number.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';
import { axe, describeViolations, HAVE_CHROMIUM, launch, phoneContext } from './browser-support.ts';
import { staffDesk } from './staff-support.ts';

declare const sessionStorage: any;

let platform: TestPlatform;
let browser: Browser;
let base = '';

describe.skipIf(!HAVE_CHROMIUM)('代办 in the journey', () => {
  beforeAll(async () => {
    await buildPortalOnce();
    [platform, browser] = await Promise.all([startTestPlatform({ portalDir: DIST }), launch()]);
    base = platform.url;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('asks who applies for whom, checks the consent on the page, and the case records both people', async () => {
    const ctx = await phoneContext(browser);
    const page = await ctx.newPage();
    const id = idNumber('19400909', '771');
    await page.goto(`${base}/apply/`);
    // The answers so far (type and where), as the earlier pages keep them.
    await page.evaluate((a) => sessionStorage.setItem('bozhou.apply', JSON.stringify(a)), {
      key: 'agent-journey-key-0001',
      type: 'dibao',
      area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' },
    });
    await page.goto(`${base}/apply/who/`);
    expect(await page.locator('h1').textContent()).toBe('您是为自己申请，还是替别人申请？');
    expect(describeViolations('/apply/who/', await axe(page))).toEqual([]);
    await page.getByLabel('替别人申请（代办）').check();
    await page.getByLabel('您（代办人）的姓名').fill('王小明');
    await page.getByLabel('您（代办人）的手机号码').fill('13700007701');
    await page.getByLabel('子女', { exact: true }).check();
    await page.getByLabel('申请人本人', { exact: true }).check();
    await page.getByRole('button', { name: '继续' }).click();
    // Without the consent ticked, the page says so and stays.
    await expect.poll(() => page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('.error-summary').textContent()).toContain('同意由您代为申请');
    await page.getByLabel('申请人本人（或监护人）已经同意由我代为申请').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.waitForURL(`${base}/apply/about-you/`);

    // The rest as the other pages keep it, then the check page and submission.
    await page.evaluate((applicantId) => {
      const s = JSON.parse(sessionStorage.getItem('bozhou.apply'));
      s.applicant = { name: '王秀英', idNumber: applicantId, phone: '13800007702' };
      s.members = [{ name: '王秀英', idNumber: applicantId, relation: 'self', monthlyIncome: '200' }];
      s.household = { assets: { financial: '0', vehicles: '0', properties: '1' } };
      s.consent = true;
      sessionStorage.setItem('bozhou.apply', JSON.stringify(s));
    }, id);
    await page.goto(`${base}/apply/check/`);
    expect(await page.locator('[data-summary]').textContent()).toContain('王小明（13700007701）');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(`${base}/apply/done/`);
    const reference = (await page.locator('.panel .reference').textContent()) ?? '';
    expect(reference).toMatch(REFERENCE_SHAPE);

    const token = await platform.tokenFor('caseworker', { township: '341602001' });
    const view = await platform.call('GET', `/api/v1/cases/${reference}`, { token });
    expect(view.body.applicant).toMatchObject({ name: '王秀英', phone: '138****7702' });
    expect(view.body.agent).toMatchObject({ name: '王小明', relation: 'child', phone: '137****7701', consent: { by: 'applicant' } });
    await ctx.close();

    // The caseworker's case page names the 代办人 and the consent (portal/public/staff.js).
    const axeFailures: string[] = [];
    const contexts: Awaited<ReturnType<Browser['newContext']>>[] = [];
    const { desk, signIn, nav, checkAxe } = staffDesk({ browser: () => browser, base: () => base, contexts, axeFailures });
    const staff = await desk();
    await signIn(staff, 'caseworker', { township: '341602001' });
    await nav(staff, '待办事项');
    await staff.getByRole('link', { name: reference }).click();
    await staff.locator('#case-body .case-summary').waitFor();
    const summary = await staff.locator('.case-summary').innerText();
    expect(summary).toContain('代办人');
    expect(summary).toContain('王小明（137****7701），子女；申请人本人');
    await checkAxe(staff, '/staff/?v=case (代办)');
    expect(axeFailures).toEqual([]);
    for (const c of contexts) await c.close();
  });
});
