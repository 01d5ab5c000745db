import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { overdueCharityReports, reportDueDates } from '../../shared/charity/reports.ts';
import { filingWindow } from '../../shared/charity/campaigns.ts';
import {
  campaign,
  countCharityItems,
  creditCode,
  donate,
  fileCampaign,
  flagsOf,
  idem,
  moneyDonation,
  nextSeed,
  OTHER_ACCOUNT,
  projectUse,
  registration,
  use,
  verifiedCharity,
  type CharityFixture,
} from './charity.helpers.ts';

/** Checks against misuse (十六), report deadlines, and bad input on every charity route. */
let p: TestPlatform;
let admin: string;
const clock = new TestClock('2026-03-02T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  admin = await p.tokenFor('admin');
});
afterAll(async () => {
  await p.stop();
});

describe('report deadlines (慈善法 信息公开)', () => {
  it('asks a campaign longer than six months to report every three months and within three months of the end', () => {
    expect(reportDueDates('2026-01-31', '2026-12-31')).toEqual([
      { dueDate: '2026-04-30', kind: 'periodic' },
      { dueDate: '2026-07-31', kind: 'periodic' },
      { dueDate: '2026-10-31', kind: 'periodic' },
      { dueDate: '2027-03-31', kind: 'final' },
    ]);
    // Exactly six months is not longer than six months: the final report only.
    expect(reportDueDates('2026-03-01', '2026-09-01')).toEqual([{ dueDate: '2026-12-01', kind: 'final' }]);
    expect(reportDueDates('2026-03-01', '2026-09-02').map((d) => d.kind)).toEqual(['periodic', 'periodic', 'final']);
  });

  it('keeps the filing window as a pure rule', () => {
    const decl = { area: '341602', startDate: '2026-02-01', title: 't', declaredBy: 'x', declaredAt: 'x', source: 'x' };
    expect(filingWindow('2026-03-02', '2026-03-12', false)).toEqual({ ok: true, emergency: false });
    expect(filingWindow('2026-03-02', '2026-03-11', false).ok).toBe(false);
    expect(filingWindow('2026-03-02', '2026-02-20', true, decl)).toEqual({ ok: true, emergency: true });
    expect(filingWindow('2026-03-02', '2026-02-19', true, decl).ok).toBe(false);
    expect(filingWindow('2026-03-02', '2026-03-05', true, decl)).toEqual({ ok: true, emergency: true });
    expect(filingWindow('2026-03-02', '2026-03-05', true).ok).toBe(false);
  });

  it('flags overdue reports once per due date, and not once reported', async () => {
    const c = await verifiedCharity(p, admin);
    const late = (await fileCampaign(p, c, { startDate: '2026-03-20', endDate: '2026-04-30' })).body.campaignId;
    const onTime = (await fileCampaign(p, c, { startDate: '2026-03-20', endDate: '2026-04-30' })).body.campaignId;
    const wrongDue = await p.call('POST', `/api/v1/charities/${c.id}/reports`, { token: c.token, body: { campaignId: onTime, dueDate: '2026-07-31', summary: '募捐情况' }, headers: idem() });
    expect(wrongDue.status).toBe(400);
    expect(wrongDue.body.errors[0].field).toBe('dueDate');
    const report = await p.call('POST', `/api/v1/charities/${c.id}/reports`, {
      token: c.token,
      body: { campaignId: onTime, dueDate: '2026-07-30', summary: '共收到捐赠 1 笔，已全部用于助学', disclosureUrl: 'https://cszg.mca.gov.cn/x' },
      headers: idem(),
    });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ kind: 'final', late: false });

    expect((await overdueCharityReports('2026-07-30')).overdue.filter((o) => o.charityId === c.id)).toEqual([]);
    const first = await overdueCharityReports('2026-07-31');
    expect(first.overdue.filter((o) => o.charityId === c.id)).toEqual([expect.objectContaining({ campaignId: late, dueDate: '2026-07-30', kind: 'final' })]);
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    const second = await overdueCharityReports('2026-08-01');
    expect(second.overdue.filter((o) => o.charityId === c.id)).toHaveLength(1);
    expect((await flagsOf(p, c.id)).filter((f) => f === 'report-overdue')).toHaveLength(1);
  });
});

describe('checks against misuse: each raises a flag in the published credit record', () => {
  let c: CharityFixture;
  let campaignId: string;
  beforeAll(async () => {
    c = await verifiedCharity(p, admin);
    campaignId = (await fileCampaign(p, c)).body.campaignId;
  });

  it('a clean charity stands in good credit', async () => {
    const clean = await verifiedCharity(p, admin);
    await donate(p, clean, moneyDonation());
    const credit = await p.call('GET', `/api/v1/charities/${clean.id}/credit`);
    expect(credit.body).toMatchObject({ standing: 'good', flags: [] });
  });

  it('money recorded into an undeclared account', async () => {
    const res = await donate(p, c, { ...moneyDonation(), gift: { form: 'money', amountFen: 5_000, accountNumber: OTHER_ACCOUNT } });
    expect(res.status).toBe(201);
    expect(res.body.flags).toEqual(['undeclared-account']);
    const credit = await p.call('GET', `/api/v1/charities/${c.id}/credit`);
    expect(credit.body.standing).toBe('flagged');
    expect(credit.text).not.toContain(OTHER_ACCOUNT);
  });

  it("a donation outside its campaign's filed period", async () => {
    const res = await donate(p, c, moneyDonation({ campaignId, date: '2026-03-10' }));
    expect(res.body.flags).toEqual(['campaign-outside-period']);
    const inside = await donate(p, c, moneyDonation({ campaignId, date: '2026-03-20' }));
    expect(inside.body.flags).toEqual([]);
  });

  it('a campaign without public-fundraising status', async () => {
    const small = await verifiedCharity(p, admin, { publicFundraising: false });
    expect((await fileCampaign(p, small)).status).toBe(403);
    expect(await flagsOf(p, small.id)).toEqual(['campaign-without-fundraising-status']);
  });

  it('a use beyond a restricted balance (attempted)', async () => {
    const d = await verifiedCharity(p, admin);
    await donate(p, d, moneyDonation({ restrictedPurpose: '助医' }, 1_000));
    expect((await use(p, d, projectUse(1_001, '助医'))).status).toBe(409);
    expect(await flagsOf(p, d.id)).toEqual(['restricted-overdraw-attempt']);
  });

  it('payments back to donors: to a donor as project recipient, to a donor organisation, and to a case whose applicant is a donor', async () => {
    const d = await verifiedCharity(p, admin);
    const donorId = idNumber('19700707', '915');
    const orgCode = creditCode(nextSeed(), '341602');
    await donate(p, d, moneyDonation({ donor: { type: 'person', name: '周返现', idNumber: donorId, publishName: false } }, 900_000));
    await donate(p, d, moneyDonation({ donor: { type: 'organisation', name: '某配捐公司', creditCode: orgCode, publishName: true } }, 100_000));
    const toPerson = await use(p, d, projectUse(10_000, undefined, { recipient: { type: 'person', name: '周返现', idNumber: donorId } }));
    expect(toPerson.body.flags).toEqual(['donor-payback']);
    const toOrg = await use(p, d, projectUse(10_000, undefined, { recipient: { type: 'organisation', name: '某配捐公司', creditCode: orgCode } }));
    expect(toOrg.body.flags).toEqual(['donor-payback']);
    const stranger = await use(p, d, projectUse(10_000, undefined, { recipient: { type: 'person', name: '吴某', idNumber: idNumber('19710808', '917') } }));
    expect(stranger.body.flags).toEqual([]);
    const app = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(donorId), headers: idem() });
    const toCase = await use(p, d, { kind: 'case', date: '2026-04-05', amountFen: 10_000, description: '生活补助', caseReference: app.body.reference });
    expect(toCase.body.flags).toEqual(['donor-payback']);
    const credit = await p.call('GET', `/api/v1/charities/${d.id}/credit`);
    expect(credit.body.counts['donor-payback']).toBe(3);
    expect(credit.text).not.toContain(donorId);
    expect(credit.text).not.toContain('周返现');
  });

  it('a receipt number reused across charities flags both', async () => {
    const a = await verifiedCharity(p, admin);
    const b = await verifiedCharity(p, admin);
    expect((await donate(p, a, moneyDonation({ receiptNumber: 'R-SHARED-77' }))).body.flags).toEqual([]);
    const second = await donate(p, b, moneyDonation({ receiptNumber: 'R-SHARED-77' }));
    expect(second.status).toBe(201);
    expect(second.body.flags).toEqual(['receipt-reused-across-charities']);
    expect(await flagsOf(p, a.id)).toEqual(['receipt-reused-across-charities']);
    expect(await flagsOf(p, b.id)).toEqual(['receipt-reused-across-charities']);
  });
});

/** Generated bad bodies: every answer a 4xx (never 5xx), and nothing written (docs/architecture.md § Errors and schema, § Testing). */
function badBodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -1000, max: -1 }),
    fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
    fc.constant('x'.repeat(3000)),
    fc.constant('a#b'),
    fc.double(),
  );
  const notObject = fc.oneof(fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
  const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.anything({ maxDepth: 1 })).map(([k, v]) => ({ ...valid, [`zz_${k}`]: v ?? 1 }));
  const keys = Object.keys(valid);
  const wrongField = fc.tuple(fc.constantFrom(...keys), wrong).map(([k, v]) => ({ ...valid, [k]: v }));
  const missing = fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k)));
  return fc.oneof(notObject, unknownField, wrongField, missing);
}

describe('bad input', () => {
  it('answers generated bad bodies on every charity route with a 4xx and writes nothing', async () => {
    const c = await verifiedCharity(p, admin);
    const campaignId = (await fileCampaign(p, c)).body.campaignId;
    await donate(p, c, moneyDonation({}, 100_000));
    const app = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(idNumber('19660606', '919')), headers: idem() });
    const pendingUse = (await use(p, c, { kind: 'case', date: '2026-04-02', amountFen: 1_000, description: '补助', caseReference: app.body.reference })).body.useId;
    const fresh = await p.tokenFor('charity', { organisation: `org-fuzz-${nextSeed()}` });
    const worker = await p.tokenFor('caseworker', { township: '341602001' });

    const routes: { path: string; token?: string; valid: Record<string, unknown> }[] = [
      { path: '/api/v1/charities', token: fresh, valid: registration(nextSeed()) },
      { path: `/api/v1/charities/${c.id}/verification`, token: admin, valid: { decision: 'verify', reasons: [] } },
      { path: `/api/v1/charities/${c.id}/campaigns`, token: c.token, valid: campaign() },
      { path: `/api/v1/charities/${c.id}/reports`, token: c.token, valid: { campaignId, dueDate: '2026-06-20', summary: '情况' } },
      { path: '/api/v1/donations', token: c.token, valid: moneyDonation({ donor: { type: 'person', name: '郑某', idNumber: idNumber('19770707', '921'), publishName: true } }) },
      { path: '/api/v1/donations/uses', token: c.token, valid: projectUse(1_000) },
      { path: `/api/v1/donations/uses/${pendingUse}/confirmation`, token: worker, valid: { confirmed: true } },
      { path: '/api/v1/donations/lookup', valid: { receiptNumber: 'R-1', idNumber: idNumber('19770707', '921') } },
      { path: '/api/v1/volunteer-activities', token: c.token, valid: { type: '助医助学', date: '2026-03-01', volunteers: 3, hours: 9, description: '义诊' } },
    ];
    const before = await countCharityItems();
    for (const [i, r] of routes.entries()) {
      const samples = fc.sample(badBodies(r.valid), { numRuns: 25, seed: 7 + i });
      for (const body of samples) {
        const res = await p.call('POST', r.path, { ...(r.token ? { token: r.token } : {}), body, headers: idem() });
        if (res.status < 400 || res.status >= 500) throw new Error(`${r.path} answered ${res.status} to ${JSON.stringify(body).slice(0, 300)}: ${res.text.slice(0, 300)}`);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    // Broken JSON and a wrong content type, too.
    const broken = await p.call('POST', '/api/v1/donations', { token: c.token, rawBody: '{"receiptNumber":', headers: { ...idem(), 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(await countCharityItems()).toBe(before);
  });

  it('refuses bad query strings on the disclosure with a 4xx', async () => {
    for (const q of ['charity=a%23b', 'campaign=../x', 'cursor=not-a-cursor&charity=x', 'unknown=1']) {
      const res = await p.call('GET', `/api/v1/donations/disclosures?${q}`);
      expect(res.status, q).toBeGreaterThanOrEqual(400);
      expect(res.status, q).toBeLessThan(500);
    }
  });
});
