import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, HOME, must, staffOf, visit, type Staff } from './workflow-support.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { registerKeys, registerWrites, type RegisteredCase, type RegisterEntry } from '../../shared/registry/register.ts';
import { keys } from '../../shared/store/keys.ts';
import { db, tableName } from '../../shared/store/client.ts';

/**
 * The low-income register follows the 低保 and 特困 cases by itself (issue 21): the approval enters the
 * household (source `application`, with the reference and the approval date) in the approval's own
 * transaction; a household that changes (a member moves in) is followed, so the next feed matches the new
 * member; suspension keeps the entry and termination leaves it with its reasons; a second case about the same
 * household enters the same entry again — one entry, never two — and a change with nothing new writes nothing;
 * a case enrolled before all this is entered by `registry-check`, once.
 */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const idem = () => ({ 'idempotency-key': randomUUID() });
async function at(iso: string) {
  clock.set(iso);
  s = await staffOf(p);
}
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2026-03-02T09:00:00+08:00');
}, 120_000);
afterAll(async () => p?.stop());

type Member = { name: string; idNumber: string; relation: string; monthlyIncomeFen: number };
const application = (members: Member[]) => ({
  type: 'dibao',
  applicant: { name: members[0]!.name, idNumber: members[0]!.idNumber, phone: '13900001111' },
  area: { ...HOME, residence: 'urban', hukou: 'local' },
  household: { members, assets: { financialFen: 0, vehicles: 0, properties: 1 } },
  consent: { economicCheck: true },
});
async function enrolled(body: unknown) {
  const today = clock.now().toISOString().slice(0, 10);
  const reference = await apply(p, body);
  await must(p, s.caseworker, reference, 'accept');
  await must(p, s.check, reference, 'recordCheck', checkReport(false, today));
  await must(p, s.caseworker, reference, 'recordVisit', visit(false, today));
  await must(p, s.caseworker, reference, 'propose');
  await must(p, s.caseworker, reference, 'publicize');
  await p.runJob('publicity-close', '2026-12-31');
  const approved = await must(p, s.approver, reference, 'approve');
  expect(approved.status).toBe('active');
  return reference;
}
const caseOf = async (reference: string) => (await p.call('GET', `/api/v1/cases/${reference}`, { token: s.caseworker })).body;
const lowIncome = async (householdId: string) => (await p.call('GET', `/api/v1/households/${householdId}`, { token: s.caseworker })).body.lowIncome;
const entryItem = async (householdId: string) =>
  (await db().send(new GetCommand({ TableName: tableName(), Key: registerKeys.entry(HOME.county, householdId, 'dibao'), ConsistentRead: true }))).Item as RegisterEntry;
const event = async (householdId: string, body: unknown) => {
  const r = await p.call('POST', `/api/v1/households/${householdId}/events`, { token: s.caseworker, headers: idem(), body });
  expect(r.status, r.text).toBe(201);
  return r.body;
};

const A = idNumber('19660606', '871');
const B = idNumber('19680808', '872');
const C = idNumber('19900909', '873');

describe('the register written by the approval itself', () => {
  it('enters on approval, follows the household, leaves on termination, and enters the same entry for a second case', async () => {
    const first = await enrolled(
      application([
        { name: '韩立民', idNumber: A, relation: 'self', monthlyIncomeFen: 20_000 },
        { name: '林秀珍', idNumber: B, relation: 'spouse', monthlyIncomeFen: 10_000 },
      ]),
    );
    const householdId = (await caseOf(first)).householdId as string;
    expect(householdId).toBeTruthy();
    expect(await lowIncome(householdId)).toEqual([
      expect.objectContaining({ class: 'dibao', classLabel: '低保对象', status: 'active', since: '2026-03-02', entry: { by: 'application', reference: first, label: '经申请认定' } }),
    ]);
    const entered = await entryItem(householdId);
    expect(entered).toMatchObject({ cases: [first], members: 2, monthlyIncomeFen: 30_000, version: 1 });
    expect(entered.persons).toHaveLength(2);

    // A change with nothing new for the register writes nothing; a second enrolled case of the household joins the entry.
    const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(first), ConsistentRead: true }))).Item as unknown as RegisteredCase;
    expect(await registerWrites(stored, stored, { by: 'test', at: '2026-03-02T10:00:00+08:00' })).toEqual([]);
    const other = { ...stored, reference: 'QC-OTHER-CASE' };
    const joins = await registerWrites({ ...other, status: 'readyForDecision' }, other, { by: 'test', at: '2026-03-02T10:00:00+08:00' });
    expect(joins[0]?.Put?.Item).toMatchObject({ status: 'active', cases: [first, 'QC-OTHER-CASE'].sort(), version: 2 });
    const leavesOne = await registerWrites(stored, { ...stored, status: 'ended' }, { by: 'test', at: '2026-03-02T10:00:00+08:00' });
    expect(leavesOne[0]?.Put?.Item).toMatchObject({ status: 'left', cases: [] });
    // Two cases of the household changed in one transaction (a household event) share the entry's one write.
    const pending = new Map();
    const both = [
      ...(await registerWrites({ ...other, status: 'readyForDecision' }, other, { by: 'test', at: '2026-03-02T10:00:00+08:00', pending })),
      ...(await registerWrites(
        stored,
        { ...stored, household: { members: [...stored.household.members, { person: 'P-NEW', monthlyIncomeFen: 0 }] } },
        { by: 'test', at: '2026-03-02T10:00:00+08:00', pending },
      )),
    ];
    expect(both).toHaveLength(1);
    expect(both[0]?.Put?.Item).toMatchObject({ status: 'active', cases: [first, 'QC-OTHER-CASE'].sort(), members: 3, version: 2 });
    expect(both[0]?.Put?.ExpressionAttributeValues).toEqual({ ':v': 1 });

    // The household changes: a member moves in. The entry follows, and a 医保 feed about the new member raises an alert.
    await at('2026-03-10T09:00:00+08:00');
    await event(householdId, { kind: 'moveIn', date: '2026-03-10', person: { name: '韩小军', idNumber: C, relation: 'child', monthlyIncomeFen: 0 } });
    const followed = await entryItem(householdId);
    expect(followed).toMatchObject({ status: 'active', members: 3, since: '2026-03-02', cases: [first] });
    expect(followed.persons).toHaveLength(3);
    const medical = await p.tokenFor('department', { sub: 'reg-yb', county: HOME.county, department: '市医保局' });
    const feed = await p.call('POST', '/api/v1/monitoring/feeds', {
      token: medical,
      headers: idem(),
      body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议', csv: `${headerOf('medical')}\r\n${C},2026-02,30000` },
    });
    expect(feed.status, feed.text).toBe(202);
    await p.queues.drain();
    const alerts = (await p.call('GET', `/api/v1/monitoring/alerts?township=${HOME.township}`, { token: s.caseworker })).body.items;
    expect(alerts.filter((a: { householdId: string }) => a.householdId === householdId)).toHaveLength(1);

    // Suspended: still on the register. Terminated: leaves it with the reasons.
    await at('2026-03-30T09:00:00+08:00');
    const rich = await event(householdId, { kind: 'income', date: '2026-03-20', member: 0, monthlyIncomeFen: 500_000 });
    expect(rich.effects[0]).toMatchObject({ status: 'suspended' });
    expect((await lowIncome(householdId))[0]).toMatchObject({ status: 'active' });
    const ended = await must(p, s.caseworker, first, 'terminate', { reasons: ['家庭人均收入超过低保标准'] });
    expect(ended.status).toBe('ended');
    const left = (await lowIncome(householdId))[0];
    expect(left).toMatchObject({ status: 'left', left: { on: '2026-03-30' } });
    expect(left.left.reason).toContain('家庭人均收入超过低保标准');
    expect(left.left.reason).toContain(first);

    // A second case about the same household: the same entry again, active, from the new approval.
    await at('2026-04-01T09:00:00+08:00');
    await event(householdId, { kind: 'income', date: '2026-03-31', member: 0, monthlyIncomeFen: 20_000 });
    const second = await enrolled(
      application([
        { name: '林秀珍', idNumber: B, relation: 'self', monthlyIncomeFen: 10_000 },
        { name: '韩立民', idNumber: A, relation: 'spouse', monthlyIncomeFen: 20_000 },
        { name: '韩小军', idNumber: C, relation: 'child', monthlyIncomeFen: 0 },
      ]),
    );
    expect((await caseOf(second)).householdId).toBe(householdId);
    const again = await lowIncome(householdId);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ status: 'active', since: '2026-04-01', entry: { by: 'application', reference: second } });
    expect(await entryItem(householdId)).toMatchObject({ cases: [second], members: 3 });

    // A case enrolled before the register followed the cases: `registry-check` enters it, once.
    await db().send(new DeleteCommand({ TableName: tableName(), Key: registerKeys.entry(HOME.county, householdId, 'dibao') }));
    expect(await lowIncome(householdId)).toEqual([]);
    const checked = (await p.runJob('registry-check', '2026-04-09')) as { register: Record<string, { entered: number }> };
    expect(checked.register[HOME.county]).toEqual({ entered: 1 });
    expect((await lowIncome(householdId))[0]).toMatchObject({ status: 'active', entry: { by: 'application', reference: second } });
    const again2 = (await p.runJob('registry-check', '2026-04-09')) as { register: Record<string, { entered: number }> };
    expect(again2.register[HOME.county]).toEqual({ entered: 0 });
  }, 240_000);
});
