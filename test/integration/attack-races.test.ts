import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { donate, moneyDonation, projectUse, use, verifiedCharity } from './charity.helpers.ts';

/**
 * Races on creating routes: parallel retries with one Idempotency-Key replay the first answer (the key is
 * claimed as in progress before the work), and transaction conflicts are retried inside the server.
 */
let p: TestPlatform;
let county: string;
const clock = new TestClock('2026-03-02T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  county = await p.tokenFor('county', { county: '341602' });
});
afterAll(async () => {
  await p.stop();
});

const parallel = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

describe('parallel retries with one Idempotency-Key', () => {
  it('POST /api/v1/payment-runs: 20 retries get the first answer, none a 409', async () => {
    const key = randomUUID();
    const results = await parallel(20, () => p.call('POST', '/api/v1/payment-runs', { token: county, body: { county: '341602', month: '2026-02' }, headers: { 'idempotency-key': key } }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    const ids = new Set(results.map((r) => r.body.runId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    // A different key for the same month is the real conflict it always was.
    const other = await p.call('POST', '/api/v1/payment-runs', { token: county, body: { county: '341602', month: '2026-02' }, headers: { 'idempotency-key': randomUUID() } });
    expect(other.status).toBe(409);
  });

  it('POST /api/v1/social-workers: 20 retries get the first answer, one worker registered', async () => {
    const key = randomUUID();
    const body = { name: '周明', certificateNumber: 'SW-RACE-1', level: 'assistant', township: '341602001', communityWorker: true, from: '2026-01' };
    const results = await parallel(20, () => p.call('POST', '/api/v1/social-workers', { token: county, body, headers: { 'idempotency-key': key } }));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    const payroll = await p.call('GET', '/api/v1/social-workers/payroll?county=341602&month=2026-02', { token: county });
    expect(payroll.body.lines.filter((l: { certificateNumber: string }) => l.certificateNumber === 'SW-RACE-1')).toHaveLength(1);
  });

  it('a refused first attempt releases its key, so the corrected retry is not blocked', async () => {
    const key = randomUUID();
    const body = { name: '吴芳', certificateNumber: 'SW-RACE-2', level: 'assistant', township: '341621001', communityWorker: true, from: '2026-01' };
    const refused = await p.call('POST', '/api/v1/social-workers', { token: county, body, headers: { 'idempotency-key': key } });
    expect(refused.status).toBe(403);
    const again = await p.call('POST', '/api/v1/social-workers', { token: county, body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(403);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('transaction conflicts', () => {
  it('20 parallel uses of one donation: every one answered 201 (no 503), the balance exact', async () => {
    const admin = await p.tokenFor('admin');
    const d = await verifiedCharity(p, admin);
    expect((await donate(p, d, moneyDonation({}, 2_000_000))).status).toBe(201);
    const results = await parallel(20, () => use(p, d, projectUse(10_000)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const view = await p.call('GET', `/api/v1/charities/${d.id}`, { token: d.token });
    const used = view.body.balances.reduce((sum: number, b: { usedFen: number }) => sum + b.usedFen, 0);
    expect(used).toBe(200_000);
  }, 60_000);
});
