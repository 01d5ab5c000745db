/**
 * Each case says what it waits for (issue 24), in Chromium against the real local gateway: a 低保 case
 * accepted but without the check office's report shows the wait — who, what, by when — and offers no
 * action that would fail: 提出审核意见 is shown disabled with the step's own reason, never as a form.
 * Once the report and the visit are in, it is offered. A case in 公示 says until when. axe on each screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, checkAxe, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };
const CW = { township: HOME.township, sub: 'ns-cw' };

describe.skipIf(!HAVE_CHROMIUM)('the case page says what the case waits for', () => {
  let waiting = '';
  let shown = '';
  beforeAll(async () => {
    ({ p } = await start());
    const cw = await p.tokenFor('caseworker', CW);
    waiting = await apply(p, dibaoApplication(idNumber('19700303', '811')));
    await must(p, cw, waiting, 'accept');
    shown = await apply(p, dibaoApplication(idNumber('19700303', '812')));
    const check = await p.tokenFor('check', { county: HOME.county, sub: 'ns-check' });
    await must(p, cw, shown, 'accept');
    await must(p, check, shown, 'recordCheck', checkReport(false));
    await must(p, cw, shown, 'recordVisit', visit(false));
    await must(p, cw, shown, 'propose');
    await must(p, cw, shown, 'publicize');
  }, 120_000);
  afterAll(stop);

  it('a case waiting for the check office shows the wait and no failing action', async () => {
    // The API says it first: the wait, and 提出审核意见 disabled with the reason the step would give.
    const view = (await p.call('GET', `/api/v1/cases/${waiting}`, { token: await p.tokenFor('caseworker', CW) })).body;
    expect(view.next.waiting[0]).toMatchObject({ step: 'recordCheck', who: 'check', whoLabel: '县级经济状况核对机构', until: view.dueDate });
    expect(view.next.actions.find((a: { action: string }) => a.action === 'propose')).toMatchObject({ enabled: false, reason: expect.stringContaining('尚未录入经济状况核对报告') });
    expect(view.next.actions.find((a: { action: string }) => a.action === 'recordVisit')).toMatchObject({ enabled: true });

    const page = await desk();
    await signIn(page, 'caseworker', CW, `/staff/?v=case&ref=${waiting}`);
    await page.locator('#case-waiting').waitFor();
    const wait = await page.locator('#case-waiting').innerText();
    expect(wait).toContain('县级经济状况核对机构');
    expect(wait).toContain('核对报告');
    expect(wait).toContain(view.dueDate);
    // No form for 提出审核意见: it is a disabled button with its reason beside it.
    expect(await page.locator('#case-actions details summary', { hasText: '提出审核意见' }).count()).toBe(0);
    const blocked = page.locator('#case-blocked button', { hasText: '提出审核意见' });
    expect(await blocked.isDisabled()).toBe(true);
    expect(await page.locator('#case-blocked').innerText()).toContain('尚未录入经济状况核对报告');
    expect(await page.locator('.jump').innerText()).not.toContain('提出审核意见');
    expect(await page.locator('.jump').innerText()).toContain('入户调查');
    await checkAxe(page, '/staff/?v=case (waiting for the check office)');

    // The report and the visit are filed: now 提出审核意见 is offered, and nothing is blocked.
    await must(p, await p.tokenFor('check', { county: HOME.county, sub: 'ns-check' }), waiting, 'recordCheck', checkReport(false));
    await must(p, await p.tokenFor('caseworker', CW), waiting, 'recordVisit', visit(false));
    await page.reload();
    await signIn(page, 'caseworker', CW, `/staff/?v=case&ref=${waiting}`);
    await page.locator('#case-actions details summary', { hasText: '提出审核意见' }).waitFor();
    expect(await page.locator('#case-waiting').innerText()).toContain('可以提出审核意见');
    // 民主评议 is not needed without doubt: shown disabled, with the reason.
    expect(await page.locator('#case-blocked').innerText()).toContain('不需要民主评议');
  });

  it('a case in 公示 says until when, and the approver sees why approval must wait', async () => {
    const page = await desk();
    await signIn(page, 'approver', { township: HOME.township, sub: 'ns-ap' }, `/staff/?v=case&ref=${shown}`);
    await page.locator('#case-waiting').waitFor();
    const view = (await p.call('GET', `/api/v1/cases/${shown}`, { token: await p.tokenFor('caseworker', CW) })).body;
    expect(await page.locator('#case-waiting').innerText()).toContain(`公示中，至${view.publicity.end}止`);
    await checkAxe(page, '/staff/?v=case (in 公示)');
  });
});
