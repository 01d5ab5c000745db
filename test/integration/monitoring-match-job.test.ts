import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, must, HOME } from './workflow-support.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { feedListKeys } from '../../shared/monitoring/feeds.ts';
import { monitoringKeys } from '../../shared/monitoring/keys.ts';
import { SCHEDULES, toCronerPattern, toEventBridgeCron } from '../../shared/definitions/schedules.ts';
import { db, tableName } from '../../shared/store/client.ts';

/**
 * The daily `monitoring-match` catch-up (issue 21) is in the one schedule table, and it is idempotent: a
 * feed whose match was cut short after its alerts were raised (its item still `received`) is matched again
 * by the job, raising nothing twice; running the job again, or for the same date, does nothing more.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const idem = () => ({ 'idempotency-key': randomUUID() });
const ID = idNumber('19550505', '911');

beforeAll(async () => {
  p = await startTestPlatform({ clock });
}, 120_000);
afterAll(async () => p?.stop());

describe('the monitoring-match schedule', () => {
  it('runs daily in Beijing time, on the monitoring function, before deadline-watch', () => {
    const def = SCHEDULES['monitoring-match'];
    expect(def).toMatchObject({ fn: 'monitoring', job: 'monitoring-match', spec: { minute: 20, hour: 1 } });
    expect(toEventBridgeCron(def.spec)).toBe('cron(20 1 * * ? *)');
    expect(toCronerPattern(def.spec)).toBe('20 1 * * *');
    const watch = SCHEDULES['deadline-watch'].spec;
    expect(def.spec.hour * 60 + def.spec.minute).toBeLessThan(watch.hour * 60 + watch.minute);
  });

  it('matches a feed left `received` once, and raises nothing twice', async () => {
    const cw = await p.tokenFor('caseworker', { sub: 'job-cw', township: HOME.township });
    const ref = await apply(p, {
      type: 'dibao',
      applicant: { name: '冯秀英', idNumber: ID, phone: '13800001234' },
      area: { ...HOME, residence: 'urban', hukou: 'local' },
      household: { members: [{ name: '冯秀英', idNumber: ID, relation: 'self', monthlyIncomeFen: 50_000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
      consent: { economicCheck: true },
    });
    const householdId = (await must(p, cw, ref, 'accept')).registry.householdId as string;
    const entered = await p.call('POST', `/api/v1/households/${householdId}/register`, {
      token: cw,
      headers: idem(),
      body: { action: 'enter', class: 'marginal', reason: '独居老人', since: '2026-03-01', entry: { by: 'assessment' } },
    });
    expect(entered.status, entered.text).toBe(200);
    const medical = await p.tokenFor('department', { sub: 'job-yb', county: HOME.county, department: '市医保局' });
    const up = await p.call('POST', '/api/v1/monitoring/feeds', {
      token: medical,
      headers: idem(),
      body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议', csv: `${headerOf('medical')}\r\n${ID},2026-02,30000` },
    });
    expect(up.status, up.text).toBe(202);
    await p.queues.drain();
    const feedId = up.body.id as string;
    const alerts = async () =>
      (await p.call('GET', `/api/v1/monitoring/alerts?township=${HOME.township}`, { token: cw })).body.items.filter((a: { householdId: string }) => a.householdId === householdId);
    expect(await alerts()).toHaveLength(1);

    // A crash after the alerts were written, before the feed was marked: it is `received` again.
    const item = (await db().send(new GetCommand({ TableName: tableName(), Key: monitoringKeys.feed(feedId) }))).Item!;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: monitoringKeys.feed(feedId),
        UpdateExpression: 'SET #s = :r, gsi4sk = :k REMOVE #res',
        ExpressionAttributeNames: { '#s': 'status', '#res': 'result' },
        ExpressionAttributeValues: { ':r': 'received', ':k': feedListKeys('received', item.uploadedAt, feedId).gsi4sk },
      }),
    );

    const first = (await p.runJob('monitoring-match', '2026-03-03')) as { feeds: number; raised: number };
    expect(first).toMatchObject({ feeds: 1, raised: 0 });
    const feed = await p.call('GET', `/api/v1/monitoring/feeds/${feedId}`, { token: medical });
    expect(feed.body).toMatchObject({ status: 'matched', result: { matched: 1, raised: 0, existing: 1 } });
    expect(await alerts()).toHaveLength(1);

    // Again, and again for the same date: nothing left to match, nothing raised.
    expect(await p.runJob('monitoring-match', '2026-03-03')).toMatchObject({ feeds: 0, raised: 0 });
    expect(await p.runJob('monitoring-match', '2026-03-04')).toMatchObject({ feeds: 0, raised: 0 });
    expect(await alerts()).toHaveLength(1);
  });
});
