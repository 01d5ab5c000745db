import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { act, apply, checkReport, must, staffOf, visit, type Staff } from './workflow-support.ts';

/** Concurrency, objections, deadlines across 国庆, 督办, 近亲属备案, returns, withdrawals and rejections. */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-09-25T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

let seq = 100;
const freshId = () => idNumber('19660606', String(seq++));

async function inPublicity(): Promise<string> {
  const ref = await apply(p, dibaoApplication(freshId()));
  await must(p, s.caseworker, ref, 'accept');
  await must(p, s.check, ref, 'recordCheck', checkReport(false, '2026-09-25'));
  await must(p, s.caseworker, ref, 'recordVisit', visit(false, '2026-09-25'));
  await must(p, s.caseworker, ref, 'propose');
  await must(p, s.caseworker, ref, 'publicize');
  return ref;
}

describe('a concurrent double accept', () => {
  it('lets exactly one win; the other gets a 409 that says the case changed', async () => {
    for (let i = 0; i < 3; i++) {
      const ref = await apply(p, dibaoApplication(freshId()));
      const [a, b] = await Promise.all([act(p, s.caseworker, ref, 'accept'), act(p, s.colleague, ref, 'accept')]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(['case-changed', 'invalid-state']).toContain(loser.body.code);
      const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
      expect(view.body.version).toBe(2);
      expect(view.body.audit.map((e: { action: string }) => e.action)).toEqual(['apply', 'accept']);
    }
  });
});

describe('a deadline across the 2026 中秋 and 国庆 holidays', () => {
  it('counts 20 official working days from 2026-09-25 by the calendar, with the 调休 Saturday', async () => {
    const ref = await apply(p, dibaoApplication(freshId()));
    const accepted = await must(p, s.caseworker, ref, 'accept');
    const calendar = await p.call('GET', '/api/v1/calendar/working-days?from=2026-09-25&add=20');
    expect(accepted.dueDate).toBe(calendar.body.date);
    // 09-28…09-30, then 10-08, 10-09, 10-10 (调休), … → 10-29; counting Monday–Friday would give 10-23.
    expect(accepted.dueDate).toBe('2026-10-29');
    expect(accepted.dueDateProvisional).toBe(false);
    const lookup = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(lookup.body.dueDate).toBe('2026-10-29');
  });

  it('flags the case at risk with 3 working days left, then overdue, and the referral at risk, then overdue, for the county', async () => {
    const area = { county: '341602', township: '341602101' };
    const local = await staffOf(p, area);
    const ref = await apply(p, dibaoApplication(freshId(), { area: { ...area, residence: 'rural', hukou: 'local' } }));
    await must(p, local.caseworker, ref, 'accept');
    const edu = await apply(p, { ...dibaoApplication(freshId(), { area: { ...area, residence: 'rural', hukou: 'local' } }), type: 'education' });
    await must(p, local.caseworker, edu, 'accept');
    const routed = await must(p, local.caseworker, edu, 'route');
    expect(routed.referral.dueDate).toBe('2026-10-15');

    const first = await p.runJob('deadline-watch', '2026-10-26');
    expect(first).toMatchObject({ atRisk: expect.any(Number), referralsOverdue: expect.any(Number) });
    const list = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-10-26', { token: local.county });
    expect(list.status).toBe(200);
    const guJing = list.body.counts.find((c: { township: string }) => c.township === '341602101');
    expect(guJing).toMatchObject({ name: '古井镇', atRisk: 2, overdue: 0, referralsOverdue: 1 });
    expect(list.body.items.find((i: { reference: string; kind: string }) => i.reference === ref && i.kind === 'application')).toMatchObject({
      flag: 'atRisk',
      dueDate: '2026-10-29',
      applicant: '张*',
    });
    expect(list.text).not.toContain('张三');
    await p.runJob('deadline-watch', '2026-10-26');
    const again = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-10-26', { token: local.county });
    expect(again.body.items).toHaveLength(list.body.items.length);

    await p.runJob('deadline-watch', '2026-10-30');
    const later = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-10-30', { token: local.county });
    expect(later.body.counts.find((c: { township: string }) => c.township === '341602101')).toMatchObject({ overdue: 2, atRisk: 0 });
    const otherCounty = await p.call('GET', '/api/v1/supervision?county=341621&date=2026-10-30', { token: local.county });
    expect(otherCounty.status).toBe(403);

    // The referral, due Thursday 15 October, is at risk from Monday the 12th (3 working days left) and in time on the day.
    await p.runJob('deadline-watch', '2026-10-12');
    const early = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-10-12', { token: local.county });
    expect(early.body.items.find((i: { kind: string; reference: string }) => i.kind === 'referral' && i.reference === edu)).toMatchObject({ flag: 'atRisk', dueDate: '2026-10-15' });
    expect(early.body.counts.find((c: { township: string }) => c.township === '341602101')).toMatchObject({ referralsAtRisk: 1, referralsOverdue: 0 });
    await p.runJob('deadline-watch', '2026-10-09');
    const tooEarly = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-10-09', { token: local.county });
    expect(tooEarly.body.items.find((i: { kind: string; reference: string }) => i.kind === 'referral' && i.reference === edu)).toBeUndefined();
  });
});

describe('objections during 公示', () => {
  it('a dismissed objection returns the case to publicity; publicity-close waits for it', async () => {
    const ref = await inPublicity();
    const objected = await act(p, undefined, ref, 'object', { reason: '该户家中有经营性车辆，收入情况不实' });
    expect(objected.status).toBe(200);
    expect(objected.body.status).toBe('objected');
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.body.current.find((e: { reference: string }) => e.reference === ref)).toMatchObject({ status: 'objected' });
    expect(await p.runJob('publicity-close', '2026-10-20')).toMatchObject({ moved: expect.any(Number) });
    expect((await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker })).body.status).toBe('objected');
    const dismissed = await must(p, s.caseworker, ref, 'triageObjection', { decision: 'dismiss', reason: '经核实车辆已于2025年转让' });
    expect(dismissed.status).toBe('publicity');
    await p.runJob('publicity-close', '2026-10-20');
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.status).toBe('readyForDecision');
    expect(view.body.objections[0]).toMatchObject({ status: 'dismissed', reason: '该户家中有经营性车辆，收入情况不实' });
  });

  it('an upheld objection sends the case back to checking and off the roster', async () => {
    const ref = await inPublicity();
    await must(p, undefined, ref, 'object', { reason: '申请人子女在外地务工，收入较高', contactPhone: '13912345678' });
    const sent = await must(p, s.caseworker, ref, 'triageObjection', { decision: 'sendBack', reason: '需重新核实赡养人收入' });
    expect(sent.status).toBe('checking');
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.body.current.some((e: { reference: string }) => e.reference === ref)).toBe(false);
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.text).not.toContain('13912345678');
    await must(p, s.caseworker, ref, 'recordVisit', visit(false, '2026-09-28'));
    await must(p, s.caseworker, ref, 'propose');
  });

  it('refuses an objection outside 公示 and limits objections per caller', async () => {
    const ref = await apply(p, dibaoApplication(freshId()));
    clock.set('2026-09-25T10:30:00+08:00');
    const early = await act(p, undefined, ref, 'object', { reason: '我认为不符合条件的理由' });
    expect(early.status).toBe(409);
    let last = early;
    for (let i = 0; i < 5; i++) last = await act(p, undefined, ref, 'object', { reason: '我认为不符合条件的理由' });
    expect(last.status).toBe(429);
    clock.set('2026-09-25T09:00:00+08:00');
  });
});

describe('近亲属备案', () => {
  it('flags a relative of staff at acceptance and refuses approval until the county has reviewed', async () => {
    const relative = freshId();
    const reg = await p.call('POST', '/api/v1/relatives', { token: s.admin, body: { idNumber: relative, relatedTo: '王主任', post: 'staff', relation: '配偶' } });
    expect(reg.status).toBe(201);
    const ref = await apply(p, dibaoApplication(relative));
    const accepted = await must(p, s.caseworker, ref, 'accept');
    expect(accepted.relativeFlag).toBe(true);
    const notNeeded = await act(p, s.county, await apply(p, dibaoApplication(freshId())), 'countyReview', { cleared: true, opinion: '复核通过' });
    expect(notNeeded.status).toBe(409);
    await must(p, s.check, ref, 'recordCheck', checkReport(false, '2026-09-25'));
    await must(p, s.caseworker, ref, 'recordVisit', visit(false, '2026-09-25'));
    await must(p, s.caseworker, ref, 'propose');
    await must(p, s.caseworker, ref, 'publicize');
    await p.runJob('publicity-close', '2026-10-20');
    const refused = await act(p, s.approver, ref, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('county-review-required');
    expect(refused.body.detail).toContain('近亲属');
    await must(p, s.county, ref, 'countyReview', { cleared: true, opinion: '经县级复核，该户情况属实，回避程序已落实' });
    expect((await must(p, s.approver, ref, 'approve')).status).toBe('active');
    const inbox = await p.call('GET', '/api/v1/inbox?status=active', { token: s.caseworker });
    expect(inbox.body.items.find((i: { reference: string }) => i.reference === ref).flags.relative).toBe(true);
  });
});

describe('return, withdraw and reject', () => {
  it('never asks for what the government can look up (二十), and names the field', async () => {
    const ref = await apply(p, dibaoApplication(freshId()));
    const refused = await act(p, s.caseworker, ref, 'return', { items: [{ item: '近三个月医疗票据' }, { item: '户口本复印件' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'items.1.item', code: 'government-can-look-up' });
    expect(refused.body.detail).toContain('公安机关');
    const returned = await must(p, s.caseworker, ref, 'return', { items: [{ item: '近三个月医疗票据', note: '住院发票原件' }] });
    expect(returned.status).toBe('returned');
    expect((await must(p, s.caseworker, ref, 'accept')).status).toBe('accepted');
  });

  it('a withdrawal closes the case and lets the person apply again', async () => {
    const id = freshId();
    const ref = await apply(p, dibaoApplication(id));
    const dup = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(id), headers: { 'idempotency-key': randomUUID() } });
    expect(dup.status).toBe(409);
    await must(p, s.caseworker, ref, 'withdraw', { reason: '申请人外出务工，自愿撤回' });
    expect(await apply(p, dibaoApplication(id))).not.toBe(ref);
  });

  it('a rejection gives reasons and the rights to 行政复议 (60 days) and 行政诉讼 (6 months) in the lookup', async () => {
    const id = freshId();
    const ref = await apply(p, dibaoApplication(id));
    await must(p, s.caseworker, ref, 'accept');
    await must(p, s.check, ref, 'recordCheck', checkReport(false, '2026-09-25'));
    await must(p, s.caseworker, ref, 'recordVisit', visit(false, '2026-09-25'));
    await must(p, s.caseworker, ref, 'propose');
    const noReason = await act(p, s.approver, ref, 'reject', { reasons: [] });
    expect(noReason.status).toBe(400);
    const rejected = await must(p, s.approver, ref, 'reject', { reasons: ['家庭人均收入高于当地低保标准'] });
    expect(rejected.status).toBe('rejected');
    const lookup = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: ref, idNumber: id } });
    expect(lookup.body.decision.reasons).toEqual(['家庭人均收入高于当地低保标准']);
    expect(lookup.body.decision.notice).toContain('60日内');
    expect(lookup.body.decision.notice).toContain('6个月内');
    expect(lookup.body.decision.notice).toContain('行政复议');
    expect(lookup.body.decision.notice).toContain('行政诉讼');
    expect(lookup.text).not.toContain(id);
    expect(await apply(p, dibaoApplication(id))).not.toBe(ref);
  });
});
