import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { act, apply, checkReport, HOME, must, needFor, staffOf, visit, type Staff } from './workflow-support.ts';
import { account } from './payments-support.ts';

/**
 * The registry (一户一条救助链): rules of the measures that hold for a person across all their cases and
 * over time — one 低保 household at a time, 低保 and 特困 not together, nothing paid after the month of
 * death, 丧葬补助 once, 临时救助 limits across applications, 单人户 read per person, and ways out of
 * 暂停. Everything through the gateway against DynamoDB Local, with households that change.
 */
let p: TestPlatform;
let s: Staff;
let countyToken: string;
let auditor: string;
const clock = new TestClock('2026-03-02T09:00:00+08:00');

async function at(iso: string) {
  clock.set(iso);
  s = await staffOf(p);
  countyToken = await p.tokenFor('county', { county: HOME.county });
  auditor = await p.tokenFor('auditor');
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2026-03-02T09:00:00+08:00');
});
afterAll(async () => {
  await p.stop();
});

const idem = () => ({ 'idempotency-key': randomUUID() });
const area = { ...HOME, residence: 'urban', hukou: 'local' };
type Member = { name: string; idNumber: string; relation: string; monthlyIncomeFen: number; illness?: 'serious'; disability?: unknown; employed?: boolean };
const household = (members: Member[]) => ({ members, assets: { financialFen: 0, vehicles: 0, properties: 1 } });
const application = (type: string, members: Member[], extra: Record<string, unknown> = {}) => ({
  type,
  applicant: { name: members[0]!.name, idNumber: members[0]!.idNumber, phone: '13900001111' },
  area,
  household: household(members),
  consent: { economicCheck: true },
  ...extra,
});

/** Through 受理, 核对, 入户, 审核意见, 公示 and publicity-close: ready for the approver. Returns the reference and the 受理 answer. */
async function readyForDecision(body: unknown, propose: Record<string, unknown> = {}) {
  const reference = await apply(p, body);
  const accepted = await must(p, s.caseworker, reference, 'accept');
  await must(p, s.check, reference, 'recordCheck', checkReport(false, clock.now().toISOString().slice(0, 10)));
  await must(p, s.caseworker, reference, 'recordVisit', visit(false, clock.now().toISOString().slice(0, 10)));
  const proposed = await must(p, s.caseworker, reference, 'propose', propose);
  expect(proposed.proposal.eligible, JSON.stringify(proposed.proposal.trace)).toBe(true);
  await must(p, s.caseworker, reference, 'publicize');
  await p.runJob('publicity-close', '2026-12-31');
  return { reference, accepted };
}

async function enrolled(body: unknown, propose: Record<string, unknown> = {}) {
  const { reference } = await readyForDecision(body, propose);
  const approved = await must(p, s.approver, reference, 'approve');
  expect(approved.status).toBe('active');
  return reference;
}

const statusOf = async (id: string, date: string) => (await p.call('POST', '/api/v1/status-queries', { token: s.medicalInsurance, body: { idNumber: id, date, purpose: '医疗救助资助参保' } })).body;

const caseOf = async (reference: string) => (await p.call('GET', `/api/v1/cases/${reference}`, { token: s.caseworker })).body;

async function runMonth(month: string) {
  const start = await p.call('POST', '/api/v1/payment-runs', { body: { county: HOME.county, month }, token: countyToken, headers: idem() });
  expect(start.status, start.text).toBe(202);
  await p.queues.drain();
  const r = await p.call('GET', `/api/v1/payment-runs/${start.body.runId}/reconciliation`, { token: auditor });
  expect(r.status, r.text).toBe(200);
  return r.body as { explanation: { lines: { paymentId: string; kind: string; amountFen: number }[] }; exceptions: { reference: string; code: string }[] };
}
const paidTo = (run: Awaited<ReturnType<typeof runMonth>>, reference: string) => run.explanation.lines.filter((l) => l.paymentId.startsWith(reference));

const event = (householdId: string, body: unknown, token = s.caseworker) => p.call('POST', `/api/v1/households/${householdId}/events`, { body, token, headers: idem() });

describe('spouses: one chain of assistance for A and B', () => {
  const A = idNumber('19700101', '701');
  const B = idNumber('19720202', '702');
  const a = { name: '张建国', idNumber: A, relation: 'self', monthlyIncomeFen: 30000 };
  const b = { name: '李秀英', idNumber: B, relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' as const };
  let first: string;

  it('enrols A with household [A, B]; 受理 of B’s own application shows what both already receive', async () => {
    first = await enrolled(application('dibao', [a, b]));
    const { reference, accepted } = await readyForDecision(
      application('dibao', [
        { ...b, relation: 'self' },
        { ...a, relation: 'spouse' },
      ]),
    );
    expect(accepted.registry.householdId).toBe((await caseOf(first)).householdId);
    for (const m of accepted.registry.members) {
      expect(m.receiving.map((r: { reference: string }) => r.reference)).toContain(first);
      expect(m.conflicts[0]).toMatchObject({ reference: first, type: 'dibao' });
      expect(m.conflicts[0].explanation).toContain('迁出');
    }
    // The approver cannot enrol B's household a second time: the answer names the first case.
    const refused = await act(p, s.approver, reference, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'benefit-conflict', conflictingReference: first, conflictingType: 'dibao' });
    expect(refused.body.detail).toContain('一个低保家庭');
    expect((await caseOf(reference)).status).toBe('readyForDecision');
  });

  it('refuses 特困 for B alone while B is on A’s 低保, and the status query answers 低保 once', async () => {
    const { reference } = await readyForDecision(application('tekun', [{ ...b, relation: 'self' }]), { careLevel: 'self', supportMode: 'dispersed' });
    const refused = await act(p, s.approver, reference, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'benefit-conflict', conflictingReference: first });
    expect(refused.body.detail).toContain('不能同时享受');
    const status = await statusOf(B, '2026-03-15');
    expect(status.assistance).toEqual([{ type: 'dibao', typeLabel: '最低生活保障（低保）', from: '2026-03-02', to: null }]);
  });

  it('lets exactly one of two approvers racing for conflicting cases win', async () => {
    const X = idNumber('19610101', '711');
    const Y = idNumber('19620101', '712');
    const Z = idNumber('19630101', '713');
    const m = (name: string, id: string, relation: string) => ({ name, idNumber: id, relation, monthlyIncomeFen: 0, illness: 'serious' as const });
    const one = await readyForDecision(application('dibao', [m('王甲', X, 'self'), m('王乙', Y, 'spouse')]));
    const two = await readyForDecision(application('dibao', [m('王丙', Z, 'self'), m('王乙', Y, 'sibling')]));
    const answers = await Promise.all([act(p, s.approver, one.reference, 'approve'), act(p, s.approver, two.reference, 'approve')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = answers.find((r) => r.status === 409)!;
    expect(['benefit-conflict', 'case-changed']).toContain(loser.body.code);
    expect((await statusOf(Y, '2026-03-20')).assistance).toHaveLength(1);
  });
});

describe('a 特困 person dies', () => {
  const T = idNumber('19400505', '721');
  let reference: string;
  let householdId: string;

  it('is paid for the month of death and never after; the funeral subsidy is paid once per person', async () => {
    await at('2026-03-02T09:00:00+08:00');
    reference = await enrolled(application('tekun', [{ name: '周老汉', idNumber: T, relation: 'self', monthlyIncomeFen: 0 }]), { careLevel: 'self', supportMode: 'dispersed' });
    householdId = (await caseOf(reference)).householdId;
    const march = await runMonth('2026-03');
    expect(paidTo(march, reference).length, JSON.stringify(march).slice(0, 1500)).toBeGreaterThan(0);

    // Died 5 April, recorded on 8 April before the April run: April is still paid, May is not.
    await at('2026-04-08T09:00:00+08:00');
    const badDate = await event(householdId, { kind: 'death', date: '2026-04-30', member: 0 });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].field).toBe('date');
    const death = await event(householdId, { kind: 'death', date: '2026-04-05', member: 0, crematedOn: '2026-04-07' });
    expect(death.status, death.text).toBe(201);
    expect(death.body.effects).toEqual([expect.objectContaining({ reference, status: 'ended', after: { monthlyAmountFen: 0 } })]);
    expect(death.body.effects[0].notice.text).toContain('行政复议');
    expect(paidTo(await runMonth('2026-04'), reference).length).toBeGreaterThan(0);
    await at('2026-05-12T09:00:00+08:00');
    expect(paidTo(await runMonth('2026-05'), reference)).toEqual([]);
    await at('2026-06-12T09:00:00+08:00');
    expect(paidTo(await runMonth('2026-06'), reference)).toEqual([]);
    expect((await statusOf(T, '2026-04-04')).assisted).toBe(true);
    expect((await statusOf(T, '2026-04-06')).assisted).toBe(false);

    const early = await p.call('POST', `/api/v1/cases/${reference}/funeral`, { body: { diedOn: '2026-02-20', crematedOn: '2026-02-22', arranger: account(7) }, token: s.caseworker, headers: idem() });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('died-outside-enrolment');
    const funeral = await p.call('POST', `/api/v1/cases/${reference}/funeral`, {
      body: { diedOn: '2026-04-05', crematedOn: '2026-04-07', arranger: account(7) },
      token: s.caseworker,
      headers: idem(),
    });
    expect(funeral.status, funeral.text).toBe(201);
  });

  it('pays the 丧葬补助 once per person, even through a second enrolment of the same person', async () => {
    // A record of the same person re-enrolled under a new case (as when a case was ended and opened again).
    const again = await p.call('POST', `/api/v1/cases/${reference}/funeral`, { body: { diedOn: '2026-04-05', crematedOn: '2026-04-07', arranger: account(7) }, token: s.caseworker, headers: idem() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('funeral-recorded');
  });
});

describe('household changes recompute the enrolment', () => {
  const H = idNumber('19800808', '731');
  const W = idNumber('19820808', '732');
  let reference: string;
  let householdId: string;

  it('a rise in income lowers the amount with a notice; a birth joins the enrolment; a move-in holding 低保 elsewhere is refused', async () => {
    await at('2026-03-02T09:00:00+08:00');
    reference = await enrolled(
      application('dibao', [
        { name: '孙强', idNumber: H, relation: 'self', monthlyIncomeFen: 20000 },
        { name: '钱梅', idNumber: W, relation: 'spouse', monthlyIncomeFen: 0 },
      ]),
    );
    const before = (await caseOf(reference)).enrolment.monthlyAmountFen;
    householdId = (await caseOf(reference)).householdId;
    await at('2026-03-30T09:00:00+08:00');

    const raise = await event(householdId, { kind: 'work', date: '2026-03-20', member: 1, employed: true, monthlyIncomeFen: 30000 });
    expect(raise.status, raise.text).toBe(201);
    const effect = raise.body.effects[0];
    expect(effect.before.monthlyAmountFen).toBe(before);
    expect(effect.after.monthlyAmountFen).toBeLessThan(before);
    expect(effect.notice.title).toContain('调整');
    expect(effect.notice.text).toContain('行政诉讼');
    expect((await caseOf(reference)).enrolment.monthlyAmountFen).toBe(effect.after.monthlyAmountFen);

    const born = await event(householdId, { kind: 'birth', date: '2026-03-25', child: { name: '孙小宝', relation: 'child' } });
    expect(born.status, born.text).toBe(201);
    expect(born.body.effects[0].after.monthlyAmountFen).toBeGreaterThan(effect.after.monthlyAmountFen);
    const view = (await p.call('GET', `/api/v1/households/${householdId}`, { token: s.caseworker })).body;
    expect(view.members.map((m: { name: string }) => m.name)).toEqual(['孙强', '钱梅', '孙小宝']);
    expect(view.members[2].provisional).toBe(true);
    expect(view.cases[0].enrolment.persons).toHaveLength(3);
    expect(view.events.map((e: { kind: string }) => e.kind)).toEqual(['baseline', 'work', 'birth']);
    expect(JSON.stringify(view)).not.toContain(H);

    // Someone already enrolled in another 低保 household cannot simply move in: the answer says what to do.
    const other = idNumber('19850101', '733');
    const otherRef = await enrolled(application('dibao', [{ name: '吴丽', idNumber: other, relation: 'self', monthlyIncomeFen: 0, illness: 'serious' }]));
    const moveIn = await event(householdId, { kind: 'moveIn', date: '2026-03-26', person: { name: '吴丽', idNumber: other, relation: 'other', monthlyIncomeFen: 0 } });
    expect(moveIn.status).toBe(409);
    expect(['member-in-other-household', 'benefit-conflict']).toContain(moveIn.body.code);
    expect(moveIn.body.detail).toContain('迁出');
    expect((await caseOf(otherRef)).status).toBe('active');
  });

  it('answers a replayed event once, and refuses a member that does not exist by name of the field', async () => {
    const key = { 'idempotency-key': randomUUID() };
    const body = { kind: 'income', date: '2026-03-27', member: 0, monthlyIncomeFen: 21000 };
    const first = await p.call('POST', `/api/v1/households/${householdId}/events`, { body, token: s.caseworker, headers: key });
    const second = await p.call('POST', `/api/v1/households/${householdId}/events`, { body, token: s.caseworker, headers: key });
    expect(first.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const view = (await p.call('GET', `/api/v1/households/${householdId}`, { token: s.caseworker })).body;
    expect(view.events.filter((e: { kind: string }) => e.kind === 'income')).toHaveLength(1);
    const ghost = await event(householdId, { kind: 'income', date: '2026-03-27', member: 9, monthlyIncomeFen: 1 });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors[0].field).toBe('member');
    const elsewhere = await event(householdId, { kind: 'income', date: '2026-03-27', member: 0, monthlyIncomeFen: 1 }, await p.tokenFor('caseworker', { township: '341602002' }));
    expect(elsewhere.status).toBe(403);
  });

  it('finds the household by ID number, within the caller’s scope', async () => {
    const found = await p.call('POST', '/api/v1/households/search', { token: s.caseworker, body: { idNumber: H } });
    expect(found.body).toEqual({ householdId });
    const stranger = await p.call('POST', '/api/v1/households/search', { token: s.caseworker, body: { idNumber: idNumber('19900101', '739') } });
    expect(stranger.status).toBe(404);
    const farAway = await p.call('POST', '/api/v1/households/search', { token: await p.tokenFor('caseworker', { township: '341621001' }), body: { idNumber: H } });
    expect(farAway.status).toBe(404); // another county's caseworker learns nothing, not even that the household exists
  });
});

describe('单人户: only the member enrolled alone', () => {
  it('answers status queries for the enrolled member only, and 长期公示 counts one member', async () => {
    await at('2026-03-02T09:00:00+08:00');
    const head = idNumber('19660606', '741');
    const sick = idNumber('19680606', '742');
    const child = idNumber('19990606', '743');
    // Per-capita income above the standard but under the 低保边缘 line; the seriously ill member is enrolled alone.
    const reference = await enrolled(
      application('dibao', [
        { name: '郑大', idNumber: head, relation: 'self', monthlyIncomeFen: 200000 },
        { name: '郑二', idNumber: sick, relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' },
        { name: '郑三', idNumber: child, relation: 'child', monthlyIncomeFen: 100000 },
      ]),
    );
    const c = await caseOf(reference);
    expect(c.enrolment.persons.map((x: { name: string }) => x.name)).toEqual(['郑二']);
    expect((await statusOf(sick, '2026-03-10')).assisted).toBe(true);
    expect((await statusOf(head, '2026-03-10')).assisted).toBe(false);
    expect((await statusOf(child, '2026-03-10')).assisted).toBe(false);
    const roster = (await p.call('GET', '/api/v1/publicity')).body.enrolled.find((e: { reference: string }) => e.reference === reference);
    expect(roster.members).toBe(1);
    expect(roster.name).not.toBe('郑大');
  });
});

describe('临时救助 across applications (十三)', () => {
  const L = idNumber('19770707', '751');
  const bill = { kind: 'expenditure', description: '住院医疗费用自付部分', amountFen: 500000 };
  const linshi = (hardship: unknown) => application('linshi', [{ name: '冯强', idNumber: L, relation: 'self', monthlyIncomeFen: 0 }], { hardship });

  async function proposed(hardship: unknown) {
    const reference = await apply(p, linshi(hardship));
    await must(p, s.caseworker, reference, 'accept');
    await must(p, s.check, reference, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, reference, 'recordVisit', visit(false));
    await must(p, s.caseworker, reference, 'assessNeed', needFor(hardship as { kind: string; amountFen: number }));
    await must(p, s.caseworker, reference, 'propose');
    return reference;
  }

  it('pays the same hospital bill once, and sends a second need past the township limit to the county', async () => {
    await at('2026-03-02T09:00:00+08:00');
    const first = await proposed(bill);
    const approved = await must(p, s.approver, first, 'approve', { plan: { kind: 'oneOff' } });
    expect(approved.status).toBe('approved');
    const same = await proposed({ ...bill, description: '住院医疗费用 自付部分。' });
    const refused = await act(p, s.approver, same, 'approve', { plan: { kind: 'oneOff' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'need-already-assisted', conflictingReference: first });
    await must(p, s.caseworker, same, 'withdraw', { reason: '同一笔费用已获救助' });

    const another = await proposed({ kind: 'expenditure', description: '子女上学学杂费', amountFen: 500000 });
    const limit = await act(p, s.approver, another, 'approve', { plan: { kind: 'oneOff' } });
    expect(limit.status).toBe(409);
    expect(limit.body.code).toBe('county-review-required');
    expect(limit.body.detail).toContain('合计');
    const review = await act(p, countyToken, another, 'countyReview', { cleared: true, opinion: '家庭确有新的困难，同意救助' });
    expect(review.status, review.text).toBe(200);
    expect((await act(p, s.approver, another, 'approve', { plan: { kind: 'oneOff' } })).status).toBe(200);
  });
});

describe('ways out of 暂停发放', () => {
  it('suspends when a change makes the household ineligible, then the caseworker resumes or ends it with a notice', async () => {
    await at('2026-03-02T09:00:00+08:00');
    const id = idNumber('19750909', '761');
    const reference = await enrolled(application('dibao', [{ name: '陈明', idNumber: id, relation: 'self', monthlyIncomeFen: 10000 }]));
    const householdId = (await caseOf(reference)).householdId;
    await at('2026-03-30T09:00:00+08:00');
    const rich = await event(householdId, { kind: 'income', date: '2026-03-20', member: 0, monthlyIncomeFen: 500000 });
    expect(rich.body.effects[0]).toMatchObject({ status: 'suspended' });
    expect(rich.body.effects[0].notice.title).toContain('暂停');
    expect((await act(p, s.caseworker, reference, 'resume', { reasons: ['收入已核实'] })).body.code).toBe('no-longer-eligible');
    await event(householdId, { kind: 'income', date: '2026-03-22', member: 0, monthlyIncomeFen: 10000 });
    const resumed = await must(p, s.caseworker, reference, 'resume', { reasons: ['复核后收入恢复，符合条件'] });
    expect(resumed.status).toBe('active');
    expect(resumed.monthlyAmountFen).toBeGreaterThan(0);
    await event(householdId, { kind: 'income', date: '2026-03-24', member: 0, monthlyIncomeFen: 500000 });
    const ended = await must(p, s.caseworker, reference, 'terminate', { reasons: ['家庭人均收入超过低保标准'] });
    expect(ended.status).toBe('ended');
    expect(ended.notice.text).toContain('行政复议');
    expect((await statusOf(id, '2026-03-29')).assisted).toBe(true);
    expect((await statusOf(id, '2026-03-31')).assisted).toBe(false);
  });
});

describe('price-linked subsidy per enrolled person (单人户)', () => {
  it('pays the subsidy for the member enrolled alone, not for the whole household', async () => {
    await at('2026-03-02T09:00:00+08:00');
    const place = { county: '341622', township: '341622001' };
    const staff = await staffOf(p, place);
    const local = (type: string, members: Member[]) => ({ ...application(type, members), area: { ...place, residence: 'urban', hukou: 'local' } });
    const saved = s;
    s = staff;
    try {
      const single = await enrolled(
        local('dibao', [
          { name: '韩大', idNumber: idNumber('19660101', '771', place.county), relation: 'self', monthlyIncomeFen: 200000 },
          { name: '韩二', idNumber: idNumber('19680101', '772', place.county), relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' },
          { name: '韩三', idNumber: idNumber('19990101', '773', place.county), relation: 'child', monthlyIncomeFen: 100000 },
        ]),
      );
      const pair = await enrolled(
        local('dibao', [
          { name: '邓甲', idNumber: idNumber('19700101', '774', place.county), relation: 'self', monthlyIncomeFen: 20000 },
          { name: '邓乙', idNumber: idNumber('19720101', '775', place.county), relation: 'spouse', monthlyIncomeFen: 0 },
        ]),
      );
      await db().send(
        new PutCommand({
          TableName: tableName(),
          Item: { pk: 'PRICE', sk: 'LINK#2026-03', kind: 'price-linkage', month: '2026-03', status: 'confirmed', cpiYoYBp: 400, foodCpiYoYBp: 200, schemaVersion: 1 },
        }),
      );
      const start = await p.call('POST', '/api/v1/payment-runs', { body: { county: place.county, month: '2026-03' }, token: await p.tokenFor('county', { county: place.county }), headers: idem() });
      expect(start.status, start.text).toBe(202);
      await p.queues.drain();
      const r = (await p.call('GET', `/api/v1/payment-runs/${start.body.runId}/reconciliation`, { token: auditor })).body;
      const subsidy = (ref: string) => r.explanation.lines.find((l: { paymentId: string; kind: string }) => l.paymentId.startsWith(ref) && l.kind === 'priceSubsidy')?.amountFen as number;
      expect(subsidy(pair)).toBeGreaterThan(0);
      expect(subsidy(single) * 2).toBe(subsidy(pair));
    } finally {
      s = saved;
      await db().send(new DeleteCommand({ TableName: tableName(), Key: { pk: 'PRICE', sk: 'LINK#2026-03' } }));
    }
  });
});

describe('补发 recomputes a past month with that month’s facts', () => {
  it('pays the difference for March on the household as it was on 1 March, not as it is now', async () => {
    await at('2026-03-02T09:00:00+08:00');
    const place = { county: '341621', township: '341621001' };
    const staff = await staffOf(p, place);
    const saved = s;
    s = staff;
    try {
      const reference = await enrolled({
        ...application('dibao', [
          { name: '曹父', idNumber: idNumber('19800101', '781', place.county), relation: 'self', monthlyIncomeFen: 20000 },
          { name: '曹母', idNumber: idNumber('19820101', '782', place.county), relation: 'spouse', monthlyIncomeFen: 0 },
        ]),
        area: { ...place, residence: 'urban', hukou: 'local' },
      });
      const run = async (month: string) => {
        const start = await p.call('POST', '/api/v1/payment-runs', { body: { county: place.county, month }, token: await p.tokenFor('county', { county: place.county }), headers: idem() });
        expect(start.status, start.text).toBe(202);
        await p.queues.drain();
        return (await p.call('GET', `/api/v1/payment-runs/${start.body.runId}/reconciliation`, { token: await p.tokenFor('auditor') })).body;
      };
      await run('2026-03');
      // A child is born on 20 March: from April the household has three members.
      clock.set('2026-03-25T09:00:00+08:00');
      const householdId = (await p.call('GET', `/api/v1/cases/${reference}`, { token: await p.tokenFor('caseworker', { township: place.township }) })).body.householdId;
      const born = await p.call('POST', `/api/v1/households/${householdId}/events`, {
        token: await p.tokenFor('caseworker', { township: place.township }),
        body: { kind: 'birth', date: '2026-03-20', child: { name: '曹宝', relation: 'child' } },
        headers: idem(),
      });
      expect(born.status, born.text).toBe(201);
      // In April the city raises the urban standards back to 1 March (特困 first, so it stays ≥ 1.3 × 低保).
      clock.set('2026-04-02T09:00:00+08:00');
      const admin = await p.tokenFor('admin');
      for (const body of [
        { id: 'tekun.standard.urban', value: 117000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
        { id: 'dibao.standard.urban', value: 90000, effectiveFrom: '2026-03-01', source: '亳政〔2026〕示例号' },
      ]) {
        const published = await p.call('POST', '/api/v1/standards', { body, token: admin });
        expect(published.status, published.text).toBe(201);
      }
      const april = await run('2026-04');
      const back = april.explanation.lines.filter((l: { paymentId: string; kind: string }) => l.paymentId.startsWith(`${reference}/2026-03/`) && l.kind.includes('backpay'));
      // March: two members on 1 March, so (90,000 − 80,000) × 2 — not × 3 with the child born later.
      expect(back.reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0)).toBe(20000);
    } finally {
      s = saved;
    }
  });
});
