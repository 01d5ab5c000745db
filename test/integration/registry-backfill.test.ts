import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, tableName } from '../../shared/store/client.ts';
import { registryKeys } from '../../shared/registry/store.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';
import { HOME, staffOf } from './workflow-support.ts';
import { activeThroughApi, loadCaseItem } from './payments-support.ts';

/**
 * The migration to the registry (schemaVersion 1 → 2): a kept DATA_DIR of the shape before the registry —
 * cases without households or persons, no holdings — becomes the new shape through `registry-check`,
 * without losing a case, a ledger entry or an audit link. Data that already broke the rules (one person in
 * two 低保 households) is migrated and flagged, never dropped. Running the job again changes nothing.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterAll(async () => {
  await p.stop();
});

/** The case as the code before the registry wrote it: no household, no persons, no holdings, version 1. */
async function asBeforeTheRegistry(reference: string): Promise<CaseItem> {
  const c = await loadCaseItem(reference);
  const { householdId, enrolment, ...rest } = c;
  const { persons, ...oldEnrolment } = enrolment!;
  const old = { ...rest, enrolment: oldEnrolment, schemaVersion: 1, household: { ...c.household, members: c.household.members.map(({ person: _p, ...m }) => m) } };
  await db().send(new PutCommand({ TableName: tableName(), Item: old }));
  for (const person of persons ?? []) await db().send(new DeleteCommand({ TableName: tableName(), Key: registryKeys.holding(person.person, 'basicLiving') }));
  await db().send(new DeleteCommand({ TableName: tableName(), Key: registryKeys.household(householdId!) }));
  return old as CaseItem;
}

describe('registry-check on a DATA_DIR from before the registry', () => {
  it('links every case, takes the slots, flags what the old data got wrong, and loses nothing', async () => {
    const s = await staffOf(p);
    const first = await activeThroughApi(p, s, HOME, 'dibao', '901', '2026-03-20');
    const firstCase = await asBeforeTheRegistry(first);
    // The old bug: the same spouse enrolled again in a second 低保 household — written as the old code would have.
    const second = await activeThroughApi(p, s, HOME, 'dibao', '902', '2026-03-20');
    const secondOld = await asBeforeTheRegistry(second);
    const sharedSpouse = firstCase.household.members[1]!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...secondOld, household: { ...secondOld.household, members: [secondOld.household.members[0]!, sharedSpouse] } } }));

    const countyToken = await p.tokenFor('county', { county: HOME.county });
    const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: HOME.county, month: '2026-03' }, token: countyToken, headers: { 'idempotency-key': randomUUID() } });
    expect(run.status, run.text).toBe(202);
    await p.queues.drain();
    const before = { cases: await countItems(['APP#']), ledger: await countItems(['PAY#CASE#']) };

    const report = (await p.runJob('registry-check', '2026-04-09')) as { counties: Record<string, { migrated: number; conflicts: number }> };
    expect(report.counties[HOME.county]).toMatchObject({ migrated: 2, conflicts: 1 });
    expect({ cases: await countItems(['APP#']), ledger: await countItems(['PAY#CASE#']) }).toEqual(before);

    const migrated = await loadCaseItem(first);
    expect(migrated).toMatchObject({ schemaVersion: 2, status: 'active', version: firstCase.version + 1 });
    expect(migrated.householdId).toBeTruthy();
    expect(migrated.enrolment?.persons?.map((x) => x.name)).toEqual(['张三', '李四']);
    // Whichever of the two came second in the county's index could not take the shared spouse's slot: flagged, not lost.
    const both = [(await loadCaseItem(first)) as CaseItem & { registryConflicts?: unknown[] }, (await loadCaseItem(second)) as CaseItem & { registryConflicts?: unknown[] }];
    expect(both.map((c) => c.schemaVersion)).toEqual([2, 2]);
    const flagged = both.find((c) => c.registryConflicts?.length);
    const holder = both.find((c) => !c.registryConflicts);
    expect(flagged && holder).toBeTruthy();

    const auditor = await p.tokenFor('auditor');
    for (const reference of [first, second]) {
      const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`case#${reference}`)}`, { token: auditor });
      expect(chain.body, reference).toMatchObject({ ok: true });
    }
    // The chain of assistance now knows the spouse's first household: a third 低保 case for them is refused at approval.
    const view = (await p.call('GET', `/api/v1/cases/${flagged!.reference}`, { token: s.caseworker })).body;
    expect(view.registry.members[1].conflicts[0]).toMatchObject({ reference: holder!.reference });

    const again = (await p.runJob('registry-check', '2026-05-09')) as { counties: Record<string, { migrated: number }> };
    expect(again.counties[HOME.county]).toMatchObject({ migrated: 0 });
    expect((await loadCaseItem(first)).version).toBe(migrated.version);
    // The next month's run pays both households as before.
    clock.set('2026-04-02T09:00:00+08:00');
    const april = await p.call('POST', '/api/v1/payment-runs', {
      body: { county: HOME.county, month: '2026-04' },
      token: await p.tokenFor('county', { county: HOME.county }),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(april.status, april.text).toBe(202);
    await p.queues.drain();
    const r = (await p.call('GET', `/api/v1/payment-runs/${april.body.runId}/reconciliation`, { token: await p.tokenFor('auditor') })).body;
    for (const reference of [first, second]) expect(r.explanation.lines.some((l: { paymentId: string }) => l.paymentId.startsWith(reference))).toBe(true);
  });
});
