/**
 * The 户档案 (staff-households.js) in Chromium against the REAL local gateway: a 低保 household enrolled
 * through the API (apply → accept → check → visit → propose → publicize → publicity-close → approve) and paid
 * for March; the spouse's own application at 受理 shows the registry's conflict on the case page. The
 * caseworker opens the 户档案 from the case page and by ID search (the number never in the address), reads
 * members with masked ID numbers, every case, the paid months as a chart with its table, and records an
 * income change through 登记家庭变化: first the errors (nothing chosen; a date after today, named by field),
 * then the change, and sees the new amount the API computed. axe on every screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit } from '../integration/workflow-support.ts';
import { idem } from '../integration/payments-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM, focused, shot, tabTo } from './browser-support.ts';

declare const window: any;

let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, signIn, nav, checkAxe, axeFailures, start, stop } = staffWorkbench(clock);
const HOME = { county: '341602', township: '341602001' };
const CW = { township: HOME.township, sub: 'hh-cw' };

const yuan = (fen: number) => `${String(Math.floor(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(fen % 100).padStart(2, '0')} 元`;
const H = idNumber('19800808', '741');
const W = idNumber('19820808', '742');
const husband = { name: '孙强', idNumber: H, relation: 'self', monthlyIncomeFen: 20_000 };
const wife = { name: '钱梅', idNumber: W, relation: 'spouse', monthlyIncomeFen: 0 };
const dibao = (members: Record<string, unknown>[]) => ({
  type: 'dibao',
  applicant: { name: members[0]!.name, idNumber: members[0]!.idNumber, phone: '13900002222' },
  area: { ...HOME, residence: 'urban', hukou: 'local' },
  household: { members, assets: { financialFen: 0, vehicles: 0, properties: 1 } },
  consent: { economicCheck: true },
});

describe.skipIf(!HAVE_CHROMIUM)('the 户档案 in Chromium, through the local gateway', () => {
  let first = '';
  let second = '';
  let householdId = '';
  let cwToken = '';

  beforeAll(async () => {
    ({ p } = await start());
    const cw = await p.tokenFor('caseworker', CW);
    const check = await p.tokenFor('check', { county: HOME.county, sub: 'hh-check' });
    first = await apply(p, dibao([husband, wife]));
    await must(p, cw, first, 'accept');
    await must(p, check, first, 'recordCheck', checkReport(false));
    await must(p, cw, first, 'recordVisit', visit(false));
    await must(p, cw, first, 'propose');
    await must(p, cw, first, 'publicize');
    await p.runJob('publicity-close', '2026-03-09');
    clock.set('2026-03-09T09:00:00+08:00');
    await must(p, await p.tokenFor('approver', { township: HOME.township, sub: 'hh-ap' }), first, 'approve');
    // The wife applies on her own with her husband: at 受理 the registry says both already receive 低保.
    second = await apply(
      p,
      dibao([
        { ...wife, relation: 'self' },
        { ...husband, relation: 'spouse' },
      ]),
    );
    await must(p, await p.tokenFor('caseworker', CW), second, 'accept');
    // March is paid.
    clock.set('2026-03-12T09:00:00+08:00');
    const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: HOME.county, month: '2026-03' }, token: await p.tokenFor('county', { county: HOME.county }), headers: idem() });
    expect(run.status, run.text).toBe(202);
    await p.queues.drain();
    cwToken = await p.tokenFor('caseworker', CW);
    householdId = (await p.call('GET', `/api/v1/cases/${first}`, { token: cwToken })).body.householdId;
    expect(householdId).toBeTruthy();
  }, 240_000);

  afterAll(stop);

  let caseworker: Page;

  it('the case page warns of the conflict and links the 户档案, which shows members (masked), cases, payments with a table, and the audit trail', async () => {
    caseworker = await desk();
    await signIn(caseworker, 'caseworker', CW, `/staff/?v=case&ref=${second}`);
    await caseworker.locator('#case-conflicts').waitFor();
    const warning = await caseworker.locator('#case-conflicts').innerText();
    expect(warning).toContain('请先核实');
    expect(warning).toContain(first);
    expect(warning).toContain('迁出');
    await checkAxe(caseworker, '/staff/?v=case (registry conflicts)');
    await shot(caseworker, 'case-conflicts');

    const marker = await caseworker.evaluate(() => (window.__doc = Math.random()));
    await caseworker.getByRole('link', { name: '户档案', exact: true }).click();
    await caseworker.locator('#household-members table').waitFor();
    expect(await caseworker.evaluate(() => window.__doc)).toBe(marker); // same document: the token is still in memory
    expect(new URL(caseworker.url()).searchParams.get('id')).toBe(householdId);
    expect(await caseworker.locator('#view-title').innerText()).toContain('户档案');

    const members = await caseworker.locator('#household-members').innerText();
    expect(members).toContain('孙');
    expect(members).toContain('最低生活保障');
    const page = await caseworker.locator('#household-body').innerText();
    expect(page).not.toContain(H);
    expect(page).not.toContain(W);
    expect(await caseworker.locator('#household-cases').innerText()).toContain(first);
    expect(await caseworker.locator('#household-cases').innerText()).toContain(second);

    const chart = caseworker.locator('#household-payments figure');
    expect(await chart.locator('svg[role="img"] title').count()).toBe(1);
    expect(await chart.locator('svg[role="img"] desc').count()).toBe(1);
    const table = await chart.locator('table').innerText();
    expect(table).toContain('2026-03');
    const paid = (await p.call('GET', `/api/v1/households/${householdId}`, { token: cwToken })).body.payments.find((x: { reference: string }) => x.reference === first);
    expect(paid.months[0].period).toBe('2026-03');
    expect(table).toContain(yuan(paid.months[0].amountFen).replace(/ 元$/u, ''));

    expect(await caseworker.locator('#household-audit').innerText()).toContain('还没有变更记录');
    expect(await caseworker.locator('#household-events').innerText()).toContain('建立户档案');
    await checkAxe(caseworker, '/staff/?v=household');
    await shot(caseworker, 'household');
  });

  it('finds the 户档案 by ID number, never putting the number in the address; an unknown number is said plainly', async () => {
    await nav(caseworker, '户档案查询');
    await caseworker.locator('#household-search-form').waitFor();
    expect(await caseworker.locator('#view-title').innerText()).toBe('按身份证号码查找户档案');
    await checkAxe(caseworker, '/staff/?v=household-search');

    await caseworker.getByRole('button', { name: '查找户档案' }).click();
    await caseworker.locator('#household-search-form .error-summary').waitFor();
    expect(await caseworker.locator('#household-search-form .error-summary').innerText()).toContain('请填写身份证号码');

    await caseworker.locator('#household-search-form').getByLabel('身份证号码').fill(idNumber('19990909', '749'));
    await caseworker.getByRole('button', { name: '查找户档案' }).click();
    await expect.poll(() => caseworker.locator('#household-search-form .error-summary').innerText()).toContain('没有此人的家庭档案');
    await checkAxe(caseworker, '/staff/?v=household-search (not found)');

    await caseworker.locator('#household-search-form').getByLabel('身份证号码').fill(W.toLowerCase());
    await caseworker.getByRole('button', { name: '查找户档案' }).click();
    await caseworker.locator('#household-members table').waitFor();
    expect(new URL(caseworker.url()).searchParams.get('id')).toBe(householdId);
    expect(caseworker.url()).not.toContain(W);
  });

  it('records an income change through 登记家庭变化: errors named by field, then the new amount', async () => {
    const form = caseworker.locator('#household-event-form');
    // Keyboard: the first control is reachable by Tab from the title.
    await caseworker.locator('#view-title').focus();
    await tabTo(caseworker, (f) => f.id === 'hh-ev-kind', 120);

    await caseworker.getByRole('button', { name: '登记这项变化' }).click();
    await form.locator('.error-summary').waitFor();
    expect(await form.locator('.error-summary').innerText()).toContain('请选择发生了什么变化');
    expect((await focused(caseworker)).cls).toContain('error-summary');

    await form.getByLabel('发生了什么变化').selectOption('income');
    expect(await form.getByLabel('变化后的月收入（元）').isVisible()).toBe(true);
    expect(await form.getByLabel('新生儿姓名').isVisible()).toBe(false);
    await form.getByLabel('哪位家庭成员').selectOption({ index: 0 });
    await caseworker.getByRole('button', { name: '登记这项变化' }).click();
    await expect.poll(() => form.locator('.error-summary').innerText()).toContain('请填写变化后的月收入（元）');
    expect(await form.getByLabel('变化后的月收入（元）').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('发生日期').fill('2026-04-30'); // after the platform's today
    await form.getByLabel('变化后的月收入（元）').fill('300');
    await caseworker.getByRole('button', { name: '登记这项变化' }).click();
    await expect.poll(async () => form.getByLabel('发生日期').getAttribute('aria-invalid')).toBe('true');
    const summary = await form.locator('.error-summary').innerText();
    expect(summary).toContain('有 1 处需要修改');
    await checkAxe(caseworker, '/staff/?v=household (event errors)');
    await shot(caseworker, 'household-event-errors');

    const before = (await p.call('GET', `/api/v1/cases/${first}`, { token: cwToken })).body.enrolment.monthlyAmountFen;
    await form.getByLabel('发生日期').fill('2026-03-10');
    await caseworker.getByRole('button', { name: '登记这项变化' }).click();
    await caseworker.locator('#household-effects').waitFor();
    const after = (await p.call('GET', `/api/v1/cases/${first}`, { token: cwToken })).body;
    expect(after.household.members[0].monthlyIncomeFen).toBe(30_000);
    expect(after.enrolment.monthlyAmountFen).toBeLessThan(before);
    const result = await caseworker.locator('#household-event-result').innerText();
    expect(result).toContain('已登记');
    expect(result).toContain(`每月金额由 ${yuan(before)} 调整为 ${yuan(after.enrolment.monthlyAmountFen)}`);
    expect(result).toContain('已生成通知书');
    expect(result).toContain('行政复议');
    // The page below reloaded: the event is listed, the case shows the new amount.
    await expect.poll(() => caseworker.locator('#household-events').innerText()).toContain('收入变化');
    expect(await caseworker.locator('#household-cases').innerText()).toContain(yuan(after.enrolment.monthlyAmountFen));
    const audit = await caseworker.locator('#household-audit table').innerText();
    expect(audit).toContain(`household#${householdId}`);
    expect(audit).toContain('登记家庭变化：收入变化');
    await checkAxe(caseworker, '/staff/?v=household (event recorded)');
    await shot(caseworker, 'household-event-recorded');
    expect((caseworker as any).problems).toEqual([]);
  });

  it('shows no form to an approver, who still reads the 户档案', async () => {
    const approver = await desk();
    await signIn(approver, 'approver', { township: HOME.township, sub: 'hh-ap' }, `/staff/?v=household&id=${householdId}`);
    await approver.locator('#household-members table').waitFor();
    expect(await approver.locator('#household-event-form').count()).toBe(0);
    await checkAxe(approver, '/staff/?v=household (approver)');
  });

  it('axe found no violations', () => {
    expect(axeFailures).toEqual([]);
  });
});
