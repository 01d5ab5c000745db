import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { rosterItem, rosterKey, ROSTER_FIELDS, unpackRoster } from '../../shared/cases/roster.ts';
import { payKeys } from '../../shared/payments/keys.ts';
import { staffOf } from './workflow-support.ts';
import { activeThroughApi, idem, loadCaseItem } from './payments-support.ts';

/**
 * 发放名册 (shared/cases/roster.ts): the workflow writes a case's roster entry in the same transaction as
 * the case; the `payment-roster` job restores what is missing or differs and removes what outlived its
 * case, never twice; the monthly run pays exactly the roster.
 */
const AREA = { county: '341622', township: '341622001' };
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const refs: string[] = [];

const entry = async (reference: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: rosterKey(AREA.county, reference), ConsistentRead: true }))).Item;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  forgetParameters();
  const s = await staffOf(p, AREA);
  for (const seq of ['601', '602', '603', '604']) refs.push(await activeThroughApi(p, s, AREA, 'dibao', seq, '2026-03-20'));
}, 180_000);
afterAll(async () => {
  await p?.stop();
});

describe('the roster of enrolled households', () => {
  it('holds each active case as approved: its version and the facts the monthly amount needs, no ID numbers', async () => {
    for (const reference of refs) {
      const c = await loadCaseItem(reference);
      const e = await entry(reference);
      expect(e).toEqual(rosterItem(c));
      expect(Object.keys(e!).sort()).toEqual(['entry', 'itemType', 'pk', 'reference', 'schemaVersion', 'sk']);
      const packed = unpackRoster(e!);
      expect(Object.keys(packed).sort()).toEqual([...ROSTER_FIELDS].sort());
      expect(packed).toMatchObject({ reference, type: c.type, status: 'active', area: c.area, enrolment: c.enrolment });
      // The case keeps its members' sealed ID numbers; the roster needs none.
      expect(c.household.members.every((m) => m.id?.sealed)).toBe(true);
      expect(packed.household.members.some((m: object) => 'id' in m)).toBe(false);
      expect(e!.entry).not.toContain('sealed');
    }
  });

  it('is checked against the cases: missing, stale and unpacked entries restored, orphans removed, and a second check changes nothing', async () => {
    const [missing, behind, kept, unpacked] = refs as [string, string, string, string];
    await db().send(new DeleteCommand({ TableName: tableName(), Key: rosterKey(AREA.county, missing) }));
    const stale = { ...unpackRoster((await entry(behind))!), enrolment: { ...(await loadCaseItem(behind)).enrolment!, class: 'A' } };
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: rosterKey(AREA.county, behind),
        UpdateExpression: 'SET #e = :e',
        ExpressionAttributeNames: { '#e': 'entry' },
        ExpressionAttributeValues: { ':e': JSON.stringify(stale) },
      }),
    );
    // As an older version wrote entries: the facts as attributes of their own, no packed `entry`.
    const { entry: _packed, ...keysOnly } = (await entry(unpacked))!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...keysOnly, ...unpackRoster((await entry(unpacked))!), version: 7 } }));
    const orphan = 'MC-260302-9999-X';
    await db().send(
      new PutCommand({ TableName: tableName(), Item: { ...rosterKey(AREA.county, orphan), reference: orphan, entry: JSON.stringify({ reference: orphan, type: 'dibao', status: 'active' }) } }),
    );

    const first = (await p.runJob('payment-roster', '2026-03-09')) as { counties: Record<string, { active: number; restored: number; removed: number }> };
    expect(first.counties[AREA.county]).toEqual({ active: 4, restored: 3, removed: 1 });
    expect(await entry(missing)).toEqual(rosterItem(await loadCaseItem(missing)));
    expect(await entry(behind)).toEqual(rosterItem(await loadCaseItem(behind)));
    expect(await entry(unpacked)).toEqual(rosterItem(await loadCaseItem(unpacked)));
    expect(await entry(orphan)).toBeUndefined();
    expect(await entry(kept)).toEqual(rosterItem(await loadCaseItem(kept)));

    const second = (await p.runJob('payment-roster', '2026-03-09')) as typeof first;
    expect(second.counties[AREA.county]).toEqual({ active: 4, restored: 0, removed: 0 });
  });

  it('is what the monthly run pays: every case on it, once', async () => {
    const token = await p.tokenFor('county', { county: AREA.county });
    const res = await p.call('POST', '/api/v1/payment-runs', { body: { county: AREA.county, month: '2026-03' }, token, headers: idem() });
    expect(res.status, res.text).toBe(202);
    await p.queues.drain();
    const run = (await p.call('GET', `/api/v1/payment-runs/${res.body.runId}`, { token })).body;
    expect(run).toMatchObject({ status: 'finished', progress: { done: 4, total: 4 }, entries: 4 });
    for (const reference of refs) {
      const paid = await db().send(new GetCommand({ TableName: tableName(), Key: payKeys.entry(reference, '2026-03', 'basic'), ConsistentRead: true }));
      expect(paid.Item?.runId).toBe(res.body.runId);
    }
  });
});
