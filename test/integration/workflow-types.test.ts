import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { act, apply, checkReport, consentAll, fundReserve, HOME, must, needFor, staffOf, visit, type Staff } from './workflow-support.ts';

/** 特困 (六), 临时救助 (十三), an 教育 referral (八)(十九), a 医保 status query (七), and grid reports (十九). */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
  await fundReserve(p, s.county, HOME.township, 1_000_000);
});
afterAll(async () => {
  await p.stop();
});

const area = { ...HOME, residence: 'rural', hukou: 'local' };
const single = (type: string, id: string, name: string, extra: Record<string, unknown> = {}) => ({
  type,
  applicant: { name, idNumber: id, phone: '13900002222' },
  area,
  household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
  ...extra,
});

describe('特困: a 17-year-old without support', () => {
  const teen = idNumber('20080601', '421');
  let ref: string;

  it('is enrolled as 分散供养 at 半护理, the care subsidy paid to the carer', async () => {
    ref = await apply(p, single('tekun', teen, '刘小明', { consent: { economicCheck: true } }));
    await must(p, s.caseworker, ref, 'accept');
    await must(p, s.check, ref, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, ref, 'recordVisit', visit(false));
    const proposed = await must(p, s.caseworker, ref, 'propose', { careLevel: 'half', supportMode: 'dispersed' });
    expect(proposed.proposal.eligible).toBe(true);
    expect(JSON.stringify(proposed.proposal.trace)).toContain('(六)');
    await must(p, s.caseworker, ref, 'publicize');
    await p.runJob('publicity-close', '2026-03-10');
    const approved = await must(p, s.approver, ref, 'approve');
    expect(approved.status).toBe('active');
    expect(approved.enrolment).toMatchObject({ class: null, supportMode: 'dispersed', careLevel: 'half', startMonth: '2026-03' });
    expect(approved.enrolment.payments.map((x: { payee: string }) => x.payee)).toEqual(expect.arrayContaining(['person', 'carer']));
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.body.enrolled.find((e: { reference: string }) => e.reference === ref)).toMatchObject({ name: '刘*明', typeLabel: '特困人员救助供养' });
  });

  it('answers a 医保 status query with yes, type and period only — and audits it', async () => {
    const yes = await p.call('POST', '/api/v1/status-queries', { token: s.medicalInsurance, body: { idNumber: teen, date: '2026-03-15', purpose: '城乡居民医保资助参保' } });
    expect(yes.status).toBe(200);
    expect(yes.body).toEqual({ date: '2026-03-15', assisted: true, assistance: [{ type: 'tekun', typeLabel: '特困人员救助供养', from: '2026-03-02', to: null }] });
    const before = await p.call('POST', '/api/v1/status-queries', { token: s.medicalInsurance, body: { idNumber: teen, date: '2026-02-01', purpose: '核对历史参保资助' } });
    expect(before.body.assisted).toBe(false);
    const stranger = await p.call('POST', '/api/v1/status-queries', {
      token: s.medicalInsurance,
      body: { idNumber: idNumber('19800101', '999'), date: '2026-03-15', purpose: '城乡居民医保资助参保' },
    });
    expect(stranger.body).toEqual({ date: '2026-03-15', assisted: false, assistance: [] });
    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent('status-queries#市医保局')}`, { token: s.auditor });
    expect(chain.body).toMatchObject({ ok: true, length: 3 });
    const notDepartment = await p.call('POST', '/api/v1/status-queries', { token: s.caseworker, body: { idNumber: teen, date: '2026-03-15', purpose: 'x查询' } });
    expect(notDepartment.status).toBe(403);
  });
});

describe('临时救助: urgent, advance paid before consent', () => {
  it('pays the advance first, takes the consent afterwards, and frees the person to apply again', async () => {
    const id = idNumber('19800315', '431');
    const urgent = single('linshi', id, '陈大海', { hardship: { kind: 'emergency', description: '房屋失火，生活用品全部烧毁', amountFen: 300000 } });
    const ref = await apply(p, urgent);
    await must(p, s.caseworker, ref, 'accept');
    const noConsent = await act(p, s.check, ref, 'recordCheck', checkReport(false));
    expect(noConsent.status).toBe(409);
    expect(noConsent.body.code).toBe('consent-missing');
    // The check never holds up 急难 help (十三): assess the need on the spot, propose and approve at once.
    await must(p, s.caseworker, ref, 'assessNeed', needFor({ kind: 'emergency', amountFen: 300000 }));
    const proposed = await must(p, s.caseworker, ref, 'propose');
    expect(proposed.proposal.oneOffAmountFen).toBeGreaterThan(0);
    const approved = await must(p, s.approver, ref, 'approve', { plan: { kind: 'advance' } });
    expect(approved.status).toBe('approved');
    expect(approved.plan.kind).toBe('advance');
    expect(approved.plan.advanceFen + approved.plan.balanceFen).toBe(proposed.proposal.oneOffAmountFen);
    expect(approved.plan.documentationDue).toBe('2026-03-16');
    const consented = await must(p, s.caseworker, ref, 'consent', consentAll([0]));
    expect(consented.status).toBe('approved');
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.consent).toMatchObject({ economicCheck: true, adultMembers: 1 });
    // Closed: the uniqueness item went with the approval, so a new hardship can be applied for.
    const again = await p.call('POST', '/api/v1/applications', { body: urgent, headers: { 'idempotency-key': randomUUID() } });
    expect(again.status).toBe(201);
  });

  it('stages an expenditure-type approval in instalments that sum exactly', async () => {
    const id = idNumber('19750707', '433');
    const ref = await apply(p, single('linshi', id, '周芳', { hardship: { kind: 'expenditure', description: '大病自付医疗费用', amountFen: 1000000 }, consent: { economicCheck: true } }));
    await must(p, s.caseworker, ref, 'accept');
    await must(p, s.check, ref, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, ref, 'assessNeed', needFor({ kind: 'expenditure', amountFen: 1000000 }));
    const proposed = await must(p, s.caseworker, ref, 'propose', { degree: 'general', degreeReason: '已获医保大病报销，困难程度一般' });
    const advance = await act(p, s.approver, ref, 'approve', { plan: { kind: 'advance' } });
    expect(advance.status).toBe(409);
    expect(advance.body.code).toBe('advance-not-allowed');
    const approved = await must(p, s.approver, ref, 'approve', { plan: { kind: 'staged', stages: 3 } });
    const amounts = approved.plan.payments.map((x: { amountFen: number }) => x.amountFen);
    expect(amounts).toHaveLength(3);
    expect(amounts.reduce((a: number, b: number) => a + b, 0)).toBe(proposed.proposal.oneOffAmountFen);
  });
});

describe('an 教育 referral closed by the department', () => {
  it('routes to 市教育局, shows in its queue and the county’s, and the answer decides the case', async () => {
    const id = idNumber('20100909', '441');
    const ref = await apply(p, single('education', id, '孙悦'));
    await must(p, s.caseworker, ref, 'accept');
    const routed = await must(p, s.caseworker, ref, 'route', { note: '义务教育阶段家庭经济困难学生' });
    expect(routed.referral).toMatchObject({ department: '市教育局', primary: true, status: 'open', dueDate: '2026-03-16' });
    const twice = await act(p, s.caseworker, ref, 'route');
    expect(twice.status).toBe(409);

    const queue = await p.call('GET', '/api/v1/referrals', { token: s.education });
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { reference: string }) => i.reference === ref);
    expect(item).toMatchObject({ department: '市教育局', status: 'open', applicant: '孙*', overdue: false });
    const county = await p.call('GET', '/api/v1/referrals?status=open', { token: s.county });
    expect(county.body.items.map((i: { id: string }) => i.id)).toContain(item.id);
    const otherDept = await p.call('GET', '/api/v1/referrals', { token: s.medicalInsurance });
    expect(otherDept.body.items.map((i: { id: string }) => i.id)).not.toContain(item.id);

    const wrongDept = await act(p, s.medicalInsurance, ref, 'respond', { referralId: item.id, outcome: 'granted', answer: '已资助' });
    expect(wrongDept.status).toBe(403);
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.education });
    expect(view.status).toBe(200);
    expect(view.body.allowedActions).toEqual(['respond']);
    const answered = await must(p, s.education, ref, 'respond', { referralId: item.id, outcome: 'granted', answer: '已纳入义务教育阶段生活费补助' });
    expect(answered.status).toBe('approved');
    expect(answered.referral).toMatchObject({ status: 'answered', outcome: 'granted' });
    const closed = await p.call('GET', '/api/v1/referrals?status=answered', { token: s.education });
    expect(closed.body.items.map((i: { id: string }) => i.id)).toContain(item.id);
    const again = await act(p, s.education, ref, 'respond', { referralId: item.id, outcome: 'info', answer: '补充说明' });
    expect(again.status).toBe(409);
  });
});

describe('grid reports (主动发现)', () => {
  it('an assistant reports a household; it waits as reported until every adult consents', async () => {
    const adult = idNumber('19600101', '451');
    const child = idNumber('20150101', '453');
    const body = {
      type: 'dibao',
      applicant: { name: '吴老汉', idNumber: adult, phone: '13700003333' },
      area,
      household: {
        members: [
          { name: '吴老汉', idNumber: adult, relation: 'self', monthlyIncomeFen: 20000 },
          { name: '吴小宝', idNumber: child, relation: 'grandchild', monthlyIncomeFen: 0 },
        ],
        assets: { financialFen: 0, vehicles: 0, properties: 1 },
      },
    };
    const refused = await p.call('POST', '/api/v1/reports', { token: s.caseworker, body, headers: { 'idempotency-key': randomUUID() } });
    expect(refused.status).toBe(403);
    const res = await p.call('POST', '/api/v1/reports', { token: s.assistant, body, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('reported');
    const ref = res.body.reference;
    const early = await act(p, s.caseworker, ref, 'accept');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'invalid-state', currentStatus: 'reported' });
    const missing = await act(p, s.assistant, ref, 'consent', consentAll([1]));
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('members');
    const stale = await act(p, s.assistant, ref, 'consent', { ...consentAll([0]), textVersion: 'old-2020' });
    expect(stale.status).toBe(409);
    const consented = await must(p, s.assistant, ref, 'consent', consentAll([0]));
    expect(consented.status).toBe('submitted');
    await must(p, s.caseworker, ref, 'accept');
  });
});
