import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import { countItems } from '../support/people.ts';
import { recordSimulation } from '../../shared/simulation/runs.ts';
import { queryAll } from '../../shared/store/query.ts';
import { staffOf } from './workflow-support.ts';
import { activeThroughApi, cloneCase, EAST, idem, loadCaseItem, writeItems } from './payments-support.ts';

/**
 * Policy simulation (shared/simulation) through the gateway against DynamoDB Local: unchanged parameters
 * change nothing; a 低保 rise simulated case by case is exactly what the payment run pays after it is
 * published; the cliffs of 分类施保 and 单人户 are found at the right income; a change that breaks 1.3 × is refused.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const WEST = { county: '341602', township: '341602001' };
const cases: CaseItem[] = [];
let admin: string;
let first: string;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  forgetParameters();
  const east = await staffOf(p, EAST);
  admin = await p.tokenFor('admin');
  const dibao = await loadCaseItem(await activeThroughApi(p, east, EAST, 'dibao', '501', '2026-03-20'));
  const tekun = await loadCaseItem(await activeThroughApi(p, east, EAST, 'tekun', '502', '2026-03-20', { careLevel: 'half', supportMode: 'dispersed' }));
  admin = await p.tokenFor('admin');
  const incomes = [0, 20000, 60000, 100000, 130000, 139000];
  for (let i = 0; i < 24; i++) cases.push(cloneCase(dibao, { seq: 6000 + i, ...WEST, incomeFen: incomes[i % incomes.length]! }));
  // Three households with a child (分类施保 B类), their incomes 1,300, 1,390 and 1,000 yuan.
  for (const [i, income] of [130000, 139000, 100000].entries()) {
    const c = cloneCase(dibao, { seq: 6100 + i, ...WEST, incomeFen: income });
    c.household.members[1] = { name: '小明', birthDate: '2018-05-01', relation: 'child', monthlyIncomeFen: 0 };
    cases.push(c);
  }
  for (let i = 0; i < 6; i++)
    cases.push(cloneCase(tekun, { seq: 6200 + i, ...WEST, tekun: i % 2 ? { careLevel: 'full', supportMode: 'centralized' } : { careLevel: 'half', supportMode: 'dispersed' } }));
  await writeItems(cases);
}, 180_000);
afterAll(async () => {
  await p?.stop();
});

async function simulate(body: Record<string, unknown>, token = admin) {
  const res = await p.call('POST', '/api/v1/simulations', { body, token, headers: idem() });
  if (res.status !== 202) return res;
  await p.queues.drain();
  return p.call('GET', `/api/v1/simulations/${res.body.id}`, { token });
}
const casesOf = async (id: string) =>
  (await p.call('GET', `/api/v1/simulations/${id}/cases`, { token: admin })).body.cases as { reference: string; beforeFen: number | null; afterFen: number | null; differenceFen: number }[];

describe('policy simulation over 谯城区', () => {
  it("today's parameters unchanged: zero difference for every case, and nothing written to cases or the ledger", async () => {
    const ledgerBefore = await countItems(['PAY#', 'APP#', 'ROSTER#']);
    const res = await simulate({ changes: [], asOf: '2026-04-01', county: WEST.county });
    expect(res.status, res.text).toBe(200);
    first = res.body.id;
    expect(res.body).toMatchObject({ status: 'finished', month: '2026-04', progress: { done: cases.length, total: cases.length } });
    const list = await casesOf(res.body.id);
    expect(list).toHaveLength(cases.length);
    for (const c of list) {
      expect(c.afterFen, c.reference).toBe(c.beforeFen);
      expect(c.beforeFen).toBeGreaterThan(0);
    }
    expect(res.body.result.households.unchanged.households).toBe(cases.length);
    expect(res.body.result.city.monthlyDifferenceFen).toBe(0);
    expect(await countItems(['PAY#', 'APP#', 'ROSTER#'])).toBe(ledgerBefore);
  });

  it('resumes from its checkpoint, and a redelivered batch counts nothing twice', async () => {
    // Recorded without its first message (as a crash right after the record would leave it): resume sends it.
    const s = await recordSimulation(
      { changes: [{ id: 'tekun.careSubsidy', value: { full: 130000, half: 70000, self: 0 } }], asOf: '2026-04-01', county: WEST.county },
      { role: 'admin', sub: 'test-admin' },
      new Date('2026-03-02T09:00:00+08:00'),
    );
    expect((await p.call('GET', `/api/v1/simulations/${s.id}`, { token: admin })).body).toMatchObject({ status: 'running', progress: { done: 0, total: 0 } });
    const resumed = await p.call('POST', `/api/v1/simulations/${s.id}/resume`, { token: admin, headers: idem() });
    expect(resumed.status, resumed.text).toBe(202);
    await p.queues.drain();
    const done = await p.call('GET', `/api/v1/simulations/${s.id}`, { token: admin });
    expect(done.body).toMatchObject({ status: 'finished', progress: { done: cases.length, total: cases.length } });
    // Care subsidies rose for the six 特困 persons only.
    expect(done.body.result.households.gain.households).toBe(6);
    const batches = await queryAll<{ type: string; id: string; n: number; county: string; ids: string[] }>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': `SIM#${s.id}`, ':b': 'BATCH#' },
    });
    await p.queues.send(
      'simulation-batches',
      batches.map(({ type, id, n, county, ids }) => ({ body: { type, id, n, county, ids }, attributes: { job: 'simulation-batch', date: '2026-03-02', correlationId: 'redelivery' } })),
    );
    await p.queues.drain();
    const again = await p.call('GET', `/api/v1/simulations/${s.id}`, { token: admin });
    expect(again.body.progress).toEqual(done.body.progress);
    expect(again.body.result).toEqual(done.body.result);
  });

  it('refuses a 低保 rise that would put 特困 below 1.3 ×, naming (六), as publishing does', async () => {
    const res = await simulate({ changes: [{ id: 'dibao.standard.rural', value: 75000 }], asOf: '2026-04-01', county: WEST.county });
    expect(res.status, res.text).toBe(422);
    expect(res.body.code).toBe('measure-violated');
    expect(res.body.detail).toContain('(六)');
    const published = await p.call('POST', '/api/v1/standards', { body: { id: 'dibao.standard.rural', value: 75000, effectiveFrom: '2026-04-01', source: '测试文件' }, token: admin });
    expect(published.status).toBe(422);
    expect(published.body.detail).toBe(res.body.detail);
  });

  it('a county supervisor simulates their own county only', async () => {
    const north = await p.tokenFor('county', { county: '341621' });
    const res = await p.call('POST', '/api/v1/simulations', { body: { changes: [], asOf: '2026-04-01', county: WEST.county }, token: north, headers: idem() });
    expect(res.status).toBe(403);
  });

  it('finds the cliffs of 分类施保 (B类 at 1,399 yuan) and 单人户 (A类 at 2,099 yuan), with the households within reach', async () => {
    const res = await simulate({ changes: [], asOf: '2026-04-01', county: WEST.county });
    const curves = res.body.result.cliffs.before as { type: string; cliffs: { incomeYuan: number; dropFen: number; households: number }[] }[];
    const of = (type: string) => curves.find((c) => c.type === type)!.cliffs;
    // Rural 2 persons with a child: top-up 1 yuan + 10 % uplift (70 yuan) at 1,399; nothing at 1,400 (per capita = standard).
    expect(of('rural-2-B')).toEqual([{ incomeYuan: 1399, supportBeforeFen: 7100, supportAfterFen: 0, dropFen: 7100, households: 2 }]);
    // With a severely disabled member: enrolled alone (单人户) above the standard, until per capita reaches the margin (1.5 ×).
    expect(of('rural-2-A').map((c) => [c.incomeYuan, c.dropFen])).toEqual([[2099, 84000]]);
    // Plain 低保 falls one yuan per yuan: no cliff.
    expect(of('rural-2-C')).toEqual([]);
  });

  it('a 低保 rise, simulated case by case, is exactly what the payment run pays after it is published', async () => {
    const changes = [
      { id: 'tekun.standard.rural', value: 97500 },
      { id: 'dibao.standard.rural', value: 75000 },
    ];
    const sim = await simulate({ changes, asOf: '2026-04-01', county: WEST.county });
    expect(sim.status, sim.text).toBe(200);
    const simulated = await casesOf(sim.body.id);
    expect(sim.body.result.households.gain.households).toBe(cases.length);
    const csv = await p.call('GET', `/api/v1/simulations/${sim.body.id}/csv`, { token: admin });
    expect(csv.body.csv).toContain('支出合计');

    for (const c of changes) {
      const res = await p.call('POST', '/api/v1/standards', { body: { ...c, effectiveFrom: '2026-04-01', source: '测试文件', simulation: sim.body.id }, token: admin });
      expect(res.status, res.text).toBe(201);
      expect(res.body.simulation).toBe(sim.body.id);
    }
    clock.set('2026-04-02T09:00:00+08:00');
    const county = await p.tokenFor('county', { county: WEST.county });
    const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: WEST.county, month: '2026-04' }, token: county, headers: idem() });
    expect(run.status, run.text).toBe(202);
    await p.queues.drain();
    const r = (await p.call('GET', `/api/v1/payment-runs/${run.body.runId}/reconciliation`, { token: county })).body;
    const paid = (ref: string) => r.explanation.lines.filter((l: { paymentId: string }) => l.paymentId.startsWith(ref)).reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0);
    expect(simulated).toHaveLength(cases.length);
    for (const c of simulated) expect(paid(c.reference), c.reference).toBe(c.afterFen);
    expect(simulated.some((c) => c.differenceFen > 0)).toBe(true);

    // Residents see the city-level effect of the simulation the published values followed — no household in it.
    const pub = await p.call('GET', `/api/v1/standards/simulations/${sim.body.id}`);
    expect(pub.status, pub.text).toBe(200);
    expect(pub.body.published.map((v: { id: string }) => v.id).sort()).toEqual(['dibao.standard.rural', 'tekun.standard.rural']);
    expect(pub.body.households.gain).toBe(cases.length);
    expect(pub.text).not.toContain(cases[0]!.reference);
    expect(pub.text).not.toContain('张三');
    // The standards in force name the simulation each value followed, so the 救助标准 page can show its effect.
    const inForce = await p.call('GET', '/api/v1/standards?date=2026-04-01');
    expect(inForce.body.parameters.find((x: { id: string }) => x.id === 'tekun.standard.rural').simulation).toBe(sim.body.id);
    // A simulation nobody published after stays internal.
    expect((await p.call('GET', `/api/v1/standards/simulations/${first}`)).status).toBe(404);
  });
});
