import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';

/** Generated bad bodies on every payment route that writes: always a 4xx problem, never a 5xx, nothing written. */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p.stop();
});

function badBodies(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -1000, max: -1 }),
    fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
    fc.constant('x'.repeat(3000)),
    fc.constant('a#b'),
    fc.double(),
  );
  const notObject = fc.oneof(fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null));
  const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.anything({ maxDepth: 1 })).map(([k, v]) => ({ ...valid, [`zz_${k}`]: v ?? 1 }));
  const keys = Object.keys(valid);
  const wrongField = fc.tuple(fc.constantFrom(...keys), wrong).map(([k, v]) => ({ ...valid, [k]: v }));
  const missing = fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k)));
  return fc.oneof(notObject, unknownField, wrongField, missing);
}

describe('bad input', () => {
  it('answers generated bad bodies on the payment routes with a 4xx and writes nothing', async () => {
    const county = await p.tokenFor('county', { county: '341602' });
    const caseworker = await p.tokenFor('caseworker', { township: '341602001' });
    const account = { name: '张三', bank: '亳州农村商业银行', accountNumber: '6217000000000001' };
    const ref = 'QC-260105-0001-0';
    const routes: { path: string; token: string; valid: Record<string, unknown> }[] = [
      { path: '/api/v1/payment-runs', token: county, valid: { county: '341602', month: '2026-03' } },
      { path: '/api/v1/payment-runs/341602-2026-03/results', token: county, valid: { csv: '付款编号,金额（元）,状态,原因代码,原因' } },
      { path: '/api/v1/payment-runs/341602-2026-03/reversals', token: county, valid: { paymentId: `${ref}/2026-03/basic`, reason: '重复发放' } },
      { path: `/api/v1/cases/${ref}/payee`, token: caseworker, valid: { role: 'person', ...account } },
      { path: `/api/v1/cases/${ref}/funeral`, token: caseworker, valid: { diedOn: '2026-03-01', crematedOn: '2026-03-03', arranger: account } },
      { path: '/api/v1/social-workers', token: county, valid: { name: '周明', certificateNumber: 'SW-0001', level: 'assistant', township: '341602001', communityWorker: true, from: '2026-01' } },
    ];
    const before = await countItems(['PAY#', 'SOCIALWORKER#', 'AUDIT#payment']);
    for (const [i, r] of routes.entries()) {
      for (const body of fc.sample(badBodies(r.valid), { numRuns: 25, seed: 11 + i })) {
        const res = await p.call('POST', r.path, { token: r.token, body, headers: { 'idempotency-key': randomUUID() } });
        // A body that happens to be valid meets the domain: an unknown run or case is a 404, still nothing written.
        if (res.status < 400 || res.status >= 500) throw new Error(`${r.path} answered ${res.status} to ${JSON.stringify(body).slice(0, 200)}: ${res.text.slice(0, 300)}`);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    expect(await countItems(['PAY#', 'SOCIALWORKER#', 'AUDIT#payment'])).toBe(before);
  });

  it('keeps social-worker allowances off the assistance ledger (十七)', async () => {
    const county = await p.tokenFor('county', { county: '341602' });
    const ok = await p.call('POST', '/api/v1/social-workers', {
      token: county,
      body: { name: '周明', certificateNumber: 'SW-0002', level: 'intermediate', township: '341602001', communityWorker: true, from: '2026-01' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(ok.status, ok.text).toBe(201);
    await p.call('POST', '/api/v1/social-workers', {
      token: county,
      body: { name: '吴芳', certificateNumber: 'SW-0003', level: 'assistant', township: '341602002', communityWorker: true, from: '2026-01', until: '2026-02' },
      headers: { 'idempotency-key': randomUUID() },
    });
    const list = await p.call('GET', '/api/v1/social-workers/payroll?county=341602&month=2026-03', { token: county });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, totalFen: 40000 });
    const feb = await p.call('GET', '/api/v1/social-workers/payroll?county=341602&month=2026-02', { token: county });
    expect(feb.body).toMatchObject({ count: 2, totalFen: 60000 });
    expect(await countItems(['PAY#'])).toBe(0);
    const other = await p.call('GET', '/api/v1/social-workers/payroll?county=341621&month=2026-03', { token: county });
    expect(other.status).toBe(403);
  });
});
