import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { payKeys } from '../../shared/payments/keys.ts';
import { act, apply, fundReserve, HOME, must, needFor, OTHER_COUNTY, staffOf, type Staff } from './workflow-support.ts';

/**
 * The township's 临时救助备用金 (十三): funded by the county within its limit, drawn by every 急难型 advance in
 * the approval's own transaction, never below zero — also when 20 advances race for it — drawn by a one-off the
 * township approves within its authority when it covers it, and reconciled monthly against the ledger by a job. Example figures: advance 1,000 元; reserve limit 100,000 元.
 */
let p: TestPlatform;
let s: Staff;
let otherCounty: string;
const clock = new TestClock('2026-03-10T09:00:00+08:00');
const path = `/api/v1/township-reserves/${HOME.township}`;
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
  otherCounty = await p.tokenFor('county', { county: OTHER_COUNTY.county });
});
afterAll(async () => {
  await p.stop();
});

async function urgentProposed(seq: number, area = HOME, caseworker = s.caseworker): Promise<string> {
  const id = idNumber('19800101', String(100 + seq));
  const ref = await apply(p, {
    type: 'linshi',
    applicant: { name: `急难${seq}`, idNumber: id, phone: '13900004444' },
    area: { ...area, residence: 'rural', hukou: 'local' },
    household: { members: [{ name: `急难${seq}`, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    hardship: { kind: 'emergency', description: `突发火灾第${seq}户`, amountFen: 300000 },
  });
  await must(p, caseworker, ref, 'accept');
  await must(p, caseworker, ref, 'assessNeed', needFor({ kind: 'emergency', amountFen: 300000 }, '2026-03-10'));
  await must(p, caseworker, ref, 'propose');
  return ref;
}

describe('备用金 (十三)', () => {
  it('refuses an advance before the county has funded the reserve, and writes nothing', async () => {
    const ref = await urgentProposed(0);
    const res = await act(p, s.approver, ref, 'approve', { plan: { kind: 'advance' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('reserve-insufficient');
    expect(res.body.detail).toContain('备用金');
    expect((await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker })).body.status).toBe('proposed');
    // A one-off approval does not draw on the reserve.
    expect((await must(p, s.approver, ref, 'approve', { plan: { kind: 'oneOff' } })).status).toBe('approved');
  });

  it('is funded only by its own county, and never above the limit', async () => {
    const caseworker = await p.call('POST', `${path}/funding`, { token: s.caseworker, body: { amountFen: 100000 }, headers: { 'idempotency-key': randomUUID() } });
    expect(caseworker.status, caseworker.text).toBe(403);
    const away = await p.call('POST', `${path}/funding`, { token: otherCounty, body: { amountFen: 100000 }, headers: { 'idempotency-key': randomUUID() } });
    expect(away.status).toBe(403);
    const tooMuch = await p.call('POST', `${path}/funding`, { token: s.county, body: { amountFen: 10_000_001 }, headers: { 'idempotency-key': randomUUID() } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('reserve-above-limit');
    await fundReserve(p, s.county, HOME.township, 9_600_000);
    const over = await p.call('POST', `${path}/funding`, { token: s.county, body: { amountFen: 500_000 }, headers: { 'idempotency-key': randomUUID() } });
    expect(over.status).toBe(422);
    const view = await p.call('GET', path, { token: s.caseworker });
    expect(view.body).toMatchObject({ balanceFen: 9_600_000, limitFen: 10_000_000 });
  });

  it('20 concurrent advances never take it below zero: exactly as many as the balance covers are paid', async () => {
    // A township of its own, funded with 5,000 元: five advances of 1,000 元 fit, the other fifteen do not.
    const township = '341602002';
    const other = await staffOf(p, { county: HOME.county, township });
    await fundReserve(p, s.county, township, 500_000);
    const refs: string[] = [];
    for (let i = 1; i <= 20; i++) {
      const id = idNumber('19810101', String(200 + i));
      const ref = await apply(p, {
        type: 'linshi',
        applicant: { name: `并发${i}`, idNumber: id, phone: '13900005555' },
        area: { county: HOME.county, township, residence: 'rural', hukou: 'local' },
        household: { members: [{ name: `并发${i}`, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
        hardship: { kind: 'emergency', description: `突发困难第${i}户`, amountFen: 300000 },
      });
      await must(p, other.caseworker, ref, 'accept');
      await must(p, other.caseworker, ref, 'assessNeed', needFor({ kind: 'emergency', amountFen: 300000 }, '2026-03-10'));
      await must(p, other.caseworker, ref, 'propose');
      refs.push(ref);
    }
    const answers = await Promise.all(refs.map((ref) => act(p, other.approver, ref, 'approve', { plan: { kind: 'advance' } })));
    const paid = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    expect(paid).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(refused.every((a) => a.body.code === 'reserve-insufficient')).toBe(true);
    const view = await p.call('GET', `/api/v1/township-reserves/${township}?month=2026-03`, { token: s.county });
    expect(view.status, view.text).toBe(200);
    expect(view.body).toMatchObject({ balanceFen: 0, fundedFen: 500_000, drawnFen: 500_000 });
    expect(view.body.balanceFen).toBeGreaterThanOrEqual(0);
    // Reconciled against the ledger: every draw has its advance entry, paid through the reserve channel.
    expect(view.body.reconciliation).toMatchObject({ month: '2026-03', draws: 5, matched: 5, drawnFen: 500_000, reconciled: true, differences: [] });
    expect(
      view.body.movements
        .filter((m: { kind: string }) => m.kind === 'draw')
        .map((m: { reference: string }) => m.reference)
        .sort(),
    ).toEqual(paid.map((a) => a.body.reference).sort());
    // Another township's caseworker cannot read it.
    expect((await p.call('GET', `/api/v1/township-reserves/${township}`, { token: s.caseworker })).status).toBe(403);
  });

  it('pays a township one-off from the reserve when it covers it, else through the county run, and reconciles the month once', async () => {
    const area = { county: HOME.county, township: '341602101' };
    const other = await staffOf(p, area);
    const path = `/api/v1/township-reserves/${area.township}`;
    const first = await urgentProposed(40, area, other.caseworker);
    const second = await urgentProposed(41, area, other.caseworker);
    const amount = (await p.call('GET', `/api/v1/cases/${first}`, { token: other.caseworker })).body.proposal.oneOffAmountFen as number;
    expect(amount).toBeGreaterThan(0);
    await fundReserve(p, s.county, area.township, amount);

    const paid = await must(p, other.approver, first, 'approve', { plan: { kind: 'oneOff' } });
    expect(paid.plan).toMatchObject({ kind: 'oneOff', totalFen: amount, paidFrom: 'reserve' });
    // The reserve is empty now: the second is paid by the county's monthly run, and the plan says why.
    const viaRun = await must(p, other.approver, second, 'approve', { plan: { kind: 'oneOff' } });
    expect(viaRun.plan).toMatchObject({ kind: 'oneOff', paidFrom: 'run' });
    expect(viaRun.plan.paidFromNote).toContain('备用金余额');
    const view = (await p.call('GET', `${path}?month=2026-03`, { token: other.caseworker })).body;
    expect(view).toMatchObject({ balanceFen: 0, drawnFen: amount });
    expect(view.movements.filter((m: { kind: string }) => m.kind === 'draw')).toEqual([expect.objectContaining({ reference: first, entryKind: 'linshi.oneOff', amountFen: amount })]);
    expect(view.reconciliation).toMatchObject({ draws: 1, matched: 1, reconciled: true });

    // The job reconciles March on 1 April, once; a second run writes nothing new.
    expect(await p.runJob('reserve-reconciliation', '2026-04-01')).toMatchObject({ month: '2026-03', differences: 0, tasks: 0 });
    expect(await p.runJob('reserve-reconciliation', '2026-04-01')).toMatchObject({ month: '2026-03', differences: 0, tasks: 0 });
    const after = (await p.call('GET', path, { token: s.county })).body;
    expect(after.monthly).toEqual([expect.objectContaining({ month: '2026-03', reconciled: true, draws: 1, differences: 0 })]);

    // A draw whose ledger entry is gone (a fault) is a difference: one task for the township, however often the job runs.
    await db().send(new DeleteCommand({ TableName: tableName(), Key: payKeys.entry(first, '2026-03', 'linshi.oneOff') }));
    expect(await p.runJob('reserve-reconciliation', '2026-04-02')).toMatchObject({ differences: 1, tasks: 1 });
    expect(await p.runJob('reserve-reconciliation', '2026-04-02')).toMatchObject({ differences: 1, tasks: 0 });
    const tasks = (await p.call('GET', `/api/v1/tasks?township=${area.township}`, { token: s.county })).body.items as { kind: string; reference: string }[];
    expect(tasks.filter((t) => t.kind === 'reserve-difference')).toEqual([expect.objectContaining({ reference: first })]);
    expect((await p.call('GET', path, { token: s.county })).body.monthly).toEqual([expect.objectContaining({ month: '2026-03', reconciled: false, differences: 1 })]);
  });
});
