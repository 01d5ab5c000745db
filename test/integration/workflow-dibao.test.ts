import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { act, apply, appraisal, checkReport, must, staffOf, visit, type Staff } from './workflow-support.ts';
import { APPRAISAL_SKIPPED_NOTE } from '../../shared/cases/verification.ts';

/** 低保 (五)(二十) from application to an active case on 长期公示, with and without a democratic appraisal. */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

async function toPublicity(ref: string, doubt: boolean) {
  await must(p, s.caseworker, ref, 'accept');
  const checked = await must(p, s.check, ref, 'recordCheck', checkReport(doubt));
  expect(checked).toMatchObject({ status: 'checking', doubt });
  await must(p, s.caseworker, ref, 'recordVisit', visit(false));
  if (doubt) {
    const early = await act(p, s.caseworker, ref, 'propose');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not-ready-to-propose');
    await must(p, s.caseworker, ref, 'recordAppraisal', appraisal());
  } else {
    const refused = await act(p, s.caseworker, ref, 'recordAppraisal', appraisal());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('appraisal-not-needed');
    expect(refused.body.detail).toContain('不需要民主评议');
  }
  const proposed = await must(p, s.caseworker, ref, 'propose');
  expect(proposed.proposal.eligible).toBe(true);
  expect(proposed.proposal.monthlyAmountFen).toBeGreaterThan(0);
  return proposed;
}

describe('低保 without appraisal', () => {
  const id = idNumber('19700101', '611');
  let ref: string;

  it('accepts, checks, visits and proposes, recording why no appraisal was held', async () => {
    ref = await apply(p, dibaoApplication(id));
    const accepted = await act(p, s.caseworker, ref, 'accept');
    expect(accepted.status).toBe(200);
    // 20 working days after 2026-03-02 (no holiday in between): 2026-03-30.
    expect(accepted.body).toMatchObject({ status: 'accepted', dueDate: '2026-03-30', dueDateProvisional: false });
    await must(p, s.check, ref, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, ref, 'recordVisit', visit(false));
    const refused = await act(p, s.caseworker, ref, 'recordAppraisal', appraisal());
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('appraisal-not-needed');
    const typed = await act(p, s.caseworker, ref, 'propose', { amountFen: 99999 });
    expect(typed.status).toBe(400);
    expect(typed.body.errors[0].field).toBe('amountFen');
    const proposed = await must(p, s.caseworker, ref, 'propose');
    expect(proposed.appraisal).toBe(APPRAISAL_SKIPPED_NOTE);
    expect(proposed.proposal.trace.length).toBeGreaterThan(0);
    for (const step of proposed.proposal.trace) expect(step.measure).toMatch(/^\(/);
  });

  it('puts the proposal on the masked 公示 roster, then publicity-close makes it ready for decision', async () => {
    const shown = await must(p, s.caseworker, ref, 'publicize');
    expect(shown.publicity).toMatchObject({ start: '2026-03-02', end: '2026-03-08', days: 7 });
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.status).toBe(200);
    const entry = roster.body.current.find((e: { reference: string }) => e.reference === ref);
    expect(entry).toMatchObject({ name: '张*', townshipName: '花戏楼街道', typeLabel: '最低生活保障（低保）', periodEnd: '2026-03-08' });
    expect(roster.text).not.toContain(id);
    expect(roster.text).not.toContain('张三');

    // Still running on its last day: nothing moves.
    expect(await p.runJob('publicity-close', '2026-03-08')).toMatchObject({ moved: 0 });
    const first = await p.runJob('publicity-close', '2026-03-09');
    expect(first).toMatchObject({ moved: 1 });
    const again = await p.runJob('publicity-close', '2026-03-09');
    expect(again).toMatchObject({ moved: 0 });
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.approver });
    expect(view.body.status).toBe('readyForDecision');
    expect(view.body.allowedActions).toEqual(expect.arrayContaining(['approve', 'reject']));
  });

  it('enrols the household on approval: class, amount, start month, review date, and 长期公示', async () => {
    const approved = await must(p, s.approver, ref, 'approve');
    expect(approved.status).toBe('active');
    expect(approved.enrolment).toMatchObject({ class: 'A', startMonth: '2026-03', nextReviewDate: '2026-10-01', supportMode: null });
    expect(approved.enrolment.monthlyAmountFen).toBeGreaterThan(0);
    const roster = await p.call('GET', '/api/v1/publicity?county=341602');
    const enrolled = roster.body.enrolled.find((e: { reference: string }) => e.reference === ref);
    expect(enrolled).toMatchObject({ name: '张*', monthlyAmountFen: approved.enrolment.monthlyAmountFen, since: '2026-03' });
    expect(roster.body.current.some((e: { reference: string }) => e.reference === ref)).toBe(false);
    expect(roster.text).not.toContain(id);

    // Tracking, typed as from a slip of paper: lower case, spaces, no dashes.
    const typed = ref.toLowerCase().replace(/-/gu, ' ');
    const before = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: typed, idNumber: id } });
    expect(before.status, before.text).toBe(200);
    // Decided: no expected date any more; the amount, the first month, and the notice with its rights.
    expect(before.body.status).toBe('active');
    expect(before.body.dueDate).toBeUndefined();
    expect(before.body.payment).toEqual({ monthlyAmountFen: approved.enrolment.monthlyAmountFen, firstMonth: '2026-03' });
    expect(before.body.decision).toMatchObject({ outcome: 'approved', title: '最低生活保障（低保）批准通知书', rights: { administrativeReviewDays: 60, litigationMonths: 6 } });
    expect(before.body.decision.notice).toContain('2026年3月起发放');
    expect(before.body.decision.notice).toContain('行政复议');
    expect(before.body.decision.notice).toContain('行政诉讼');
    // Once the account is recorded, its last four digits (and nothing more) show.
    const payee = await p.call('POST', `/api/v1/cases/${ref}/payee`, { token: s.caseworker, body: { role: 'person', name: '张三', bank: '亳州农村商业银行', accountNumber: '6217000000000004321' } });
    expect(payee.status, payee.text).toBeLessThan(300);
    const lookup = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: typed, idNumber: id } });
    expect(lookup.body.payment).toMatchObject({ bank: '亳州农村商业银行', accountLast4: '4321' });
    expect(lookup.text).not.toContain('6217000000000004321');
    expect(lookup.body.timeline.map((t: { status: string }) => t.status)).toEqual(['submitted', 'accepted', 'checking', 'visited', 'proposed', 'publicity', 'readyForDecision', 'active']);
  });

  it('shows the case to staff in scope with masked ID numbers, and audits the read and every change', async () => {
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.county });
    expect(view.status).toBe(200);
    expect(view.text).not.toContain(id);
    expect(view.body.applicant.idNumber).toBe(`341602********${id.slice(-4)}`);
    expect(view.body.applicant.phone).toBe('138****1234');
    expect(view.body.proposal.parameterVersions.length).toBeGreaterThan(0);
    expect(view.body.appraisal).toMatchObject({ held: false, reason: APPRAISAL_SKIPPED_NOTE });
    expect(view.body.audit.map((e: { action: string }) => e.action)).toEqual(['apply', 'accept', 'recordCheck', 'recordVisit', 'propose', 'publicize', 'closePublicity', 'approve']);

    for (const aggregate of [`case#${ref}`, `pii-reads#${ref}`]) {
      const verdict = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(aggregate)}`, { token: s.auditor });
      expect(verdict.status).toBe(200);
      expect(verdict.body).toMatchObject({ ok: true });
      expect(verdict.body.length).toBeGreaterThan(0);
    }
    const other = await staffOf(p, { county: '341621', township: '341621001' });
    const outside = await p.call('GET', `/api/v1/cases/${ref}`, { token: other.caseworker });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('out-of-scope');
  });

  it('lists the township inbox by status and due date, with masked names and a cursor', async () => {
    const second = await apply(p, dibaoApplication(idNumber('19710101', '613')));
    await must(p, s.caseworker, second, 'accept');
    const page1 = await p.call('GET', '/api/v1/inbox?status=all&limit=1', { token: s.caseworker });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.cursor).toBeTruthy();
    const page2 = await p.call('GET', `/api/v1/inbox?status=all&limit=1&cursor=${page1.body.cursor}`, { token: s.caseworker });
    // By default only live work: the township's open cases, not the one already 正在享受救助.
    const live = await p.call('GET', '/api/v1/inbox', { token: s.caseworker });
    expect(live.body.items.every((i: { status: string }) => !['active', 'approved', 'rejected', 'withdrawn'].includes(i.status))).toBe(true);
    expect(live.body.items.map((i: { reference: string }) => i.reference)).toContain(second);
    expect(page2.body.items[0].reference).not.toBe(page1.body.items[0].reference);
    const accepted = await p.call('GET', '/api/v1/inbox?status=accepted', { token: s.caseworker });
    expect(accepted.body.items.map((i: { reference: string }) => i.reference)).toContain(second);
    expect(accepted.text).not.toContain('张三');
    const county = await p.call('GET', '/api/v1/inbox?status=active', { token: s.county });
    expect(county.body.items.map((i: { reference: string }) => i.reference)).toContain(ref);
  });
});

describe('低保 with appraisal', () => {
  it('requires the appraisal once the check raised doubt, and then goes to active', async () => {
    const ref = await apply(p, dibaoApplication(idNumber('19650505', '615')));
    await toPublicity(ref, true);
    await must(p, s.caseworker, ref, 'publicize');
    await p.runJob('publicity-close', '2026-03-20');
    const approved = await must(p, s.approver, ref, 'approve');
    expect(approved.status).toBe('active');
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.appraisal).toMatchObject({ held: true, outcome: 'supports', participants: 7 });
    expect(view.body.check.doubt).toBe(true);
  });

  it('never lets the proposer decide (separation of duties)', async () => {
    const ref = await apply(p, dibaoApplication(idNumber('19650506', '617')));
    await toPublicity(ref, false);
    const caseworkerSub = `cw-both-${Date.now()}`;
    // The same person, holding the approver role later, proposed this case.
    const proposer = await p.tokenFor('caseworker', { township: '341602001', sub: caseworkerSub });
    const other = await apply(p, dibaoApplication(idNumber('19650507', '619')));
    await must(p, proposer, other, 'accept');
    await must(p, s.check, other, 'recordCheck', checkReport(false));
    await must(p, proposer, other, 'recordVisit', visit(false));
    await must(p, proposer, other, 'propose');
    const sameAsApprover = await p.tokenFor('approver', { township: '341602001', sub: caseworkerSub });
    const refused = await act(p, sameAsApprover, other, 'reject', { reasons: ['不符合条件'] });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('separation-of-duties');
    const byAnother = await act(p, s.approver, other, 'approve');
    // 低保 must go through 公示 first.
    expect(byAnother.status).toBe(409);
    expect(byAnother.body.code).toBe('publicity-required');
    void ref;
  });
});
