/**
 * Disclosure deadlines of a charity (慈善组织信息公开办法, 民政部令第81号; shared/charity/deadlines.ts) through the
 * real gateway and DynamoDB Local: the year's reports, a campaign's periodic and final disclosures and a 更正说明
 * after a confirmed flag are listed on the charity's record, overdue and at risk first; recording a disclosure
 * closes its item once (a retry answers with the same record); the daily reminder job reminds each item
 * once, however often it runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';
import { donate, fileCampaign, moneyDonation, OTHER_ACCOUNT, verifiedCharity, type CharityFixture } from './charity.helpers.ts';
import { disclosureRule } from '../../shared/charity/disclosure-rules.ts';

let p: TestPlatform;
let admin: string;
let c: CharityFixture;
const clock = new TestClock('2025-12-01T10:00:00+08:00');
/** Tokens live 15 minutes of the platform's clock: a new one after each move. */
async function at(iso: string) {
  clock.set(iso);
  admin = await p.tokenFor('admin', { sub: 'admin-dl' });
  c.token = await p.tokenFor('charity', { organisation: c.id });
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  admin = await p.tokenFor('admin', { sub: 'admin-dl' });
  c = await verifiedCharity(p, admin);
  await at('2026-03-02T10:00:00+08:00');
  const camp = await fileCampaign(p, c, { startDate: '2026-03-20', endDate: '2026-12-31' });
  expect(camp.status, camp.text).toBe(201);
  const d = await donate(p, c, { ...moneyDonation(), gift: { form: 'money', amountFen: 5_000, accountNumber: OTHER_ACCOUNT } });
  expect(d.body.flags).toEqual(['undeclared-account']);
  const own = await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token });
  const flagId = own.body.flags[0].flagId as string;
  await at('2026-06-01T10:00:00+08:00');
  const r = await p.call('POST', `/api/v1/charities/${c.id}/flags/${flagId}/resolution`, { token: admin, body: { outcome: 'confirmed', note: '经查属实，已责令整改' } });
  expect(r.status, r.text).toBe(200);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const deadlines = async () => (await p.call('GET', `/api/v1/charities/${c.id}`, { token: c.token })).body.deadlines;

describe('charity disclosure deadlines', () => {
  it('cites the order with its date, and says 待核 where the text was not read', () => {
    const r = disclosureRule('2026-06-16');
    expect(r.effectiveFrom).toBe('2026-01-01');
    expect(r.annualReport).toMatchObject({ month: 5, day: 31, example: true });
    expect(r.annualReport.source).toContain('民政部令第81号');
    expect(r.correction.source).toContain('第十六条');
    expect(r.correction.source).toContain('待核');
    expect(disclosureRule('2025-06-01').effectiveFrom).toBe('2016-09-01');
  });

  it('lists the annual report, the campaign and the correction, overdue and at risk first', async () => {
    await at('2026-06-16T10:00:00+08:00');
    const d = await deadlines();
    expect(d.date).toBe('2026-06-16');
    const open = (d.items as any[]).filter((i) => !i.done);
    // Overdue by date: the 2025 reports (due 31 May), then the 更正说明 (confirmed on 1 June, 10 working days
    // → 15 June); then at risk: the periodic disclosure of 20 June, within 5 working days; then the rest.
    expect(open[0]).toMatchObject({ kind: 'annualReport', year: 2025, dueDate: '2026-05-31', overdue: true });
    expect(open[1]).toMatchObject({ kind: 'correction', dueDate: '2026-06-15', overdue: true });
    expect(open[2]).toMatchObject({ kind: 'periodic', dueDate: '2026-06-20', atRisk: true, overdue: false });
    const rest = open.slice(3).map((i: any) => [i.kind, i.dueDate, i.overdue || i.atRisk]);
    expect(rest).toEqual([
      ['periodic', '2026-09-20', false],
      ['periodic', '2026-12-20', false],
      ['final', '2027-03-31', false],
    ]);
    // …and the order is: every overdue item, then at risk, then by date.
    const ranks = open.map((i: any) => (i.overdue ? 0 : i.atRisk ? 1 : 2));
    expect([...ranks].sort()).toEqual(ranks);
  });

  it('the reminder job reminds each due item once, however often it runs', async () => {
    const before = await countItems(['CHARITY#']);
    const first = await p.runJob('charity-disclosure-reminders', '2026-06-16');
    expect(first).toMatchObject({ date: '2026-06-16' });
    const again = await p.runJob('charity-disclosure-reminders', '2026-06-16');
    const next = await p.runJob('charity-disclosure-reminders', '2026-06-17');
    expect((first as any).reminded).toBeGreaterThanOrEqual(3);
    expect((again as any).reminded).toBe(0);
    expect((next as any).reminded).toBe(0);
    expect(await countItems(['CHARITY#'])).toBe(before + (first as any).reminded);
    const d = await deadlines();
    expect(d.items.find((i: any) => i.kind === 'annualReport').remindedOn).toBe('2026-06-16');
    expect(d.items.find((i: any) => i.kind === 'final').remindedOn).toBeUndefined();
  });

  it('recording the annual report and the 更正说明 closes them once; a wrong year or flag is named', async () => {
    const rec = (body: unknown) => p.call('POST', `/api/v1/charities/${c.id}/disclosures`, { token: c.token, body });
    const wrongYear = await rec({ kind: 'annualReport', year: 2019, summary: '2019年度报告' });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.errors[0]).toMatchObject({ field: 'year' });
    const annual = await rec({ kind: 'annualReport', year: 2025, summary: '2025年度工作报告和财务会计报告已在慈善中国公开' });
    expect(annual.status, annual.text).toBe(201);
    expect(annual.body).toMatchObject({ dueDate: '2026-05-31', late: true });
    const retry = await rec({ kind: 'annualReport', year: 2025, summary: '2025年度工作报告和财务会计报告已在慈善中国公开' });
    expect(retry.status).toBe(200);
    expect(retry.body.replayed).toBe(true);
    const d = await deadlines();
    const flagId = d.items.find((i: any) => i.kind === 'correction').flagId;
    expect((await rec({ kind: 'correction', flagId, summary: '已公布更正说明' })).status).toBe(201);
    const after = await deadlines();
    expect(after.items.find((i: any) => i.kind === 'annualReport')).toMatchObject({ done: true, doneOn: '2026-06-16' });
    expect(after.items.find((i: any) => i.kind === 'correction')).toMatchObject({ done: true });
    expect((after.items as any[]).findIndex((i) => i.done)).toBeGreaterThan((after.items as any[]).findIndex((i) => !i.done));
    const bad = await rec({ kind: 'correction', flagId: 'no-such-flag', summary: '更正' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'flagId' });
  });
});
