import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { seedDemo } from '../../infra/local/demo.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { dateShanghai } from '../../shared/clock.ts';

/** `npm start -- --demo`: one finished payment run per county, with a reconciliation that balances. */
let p: TestPlatform;
let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform();
});
afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

describe('the demo city pays its first month', () => {
  it('has a finished run and a balanced reconciliation in every county', { timeout: 300_000 }, async () => {
    await seedDemo(p);
    const auditor = await p.tokenFor('auditor');
    const month = dateShanghai(new Date()).slice(0, 7);
    for (const c of COUNTIES) {
      const r = await p.call('GET', `/api/v1/payment-runs/${c.code}-${month}/reconciliation`, { token: auditor });
      expect(r.status, r.text).toBe(200);
      expect(r.body.status).toBe('finished');
      expect(r.body.expectedFen).toBeGreaterThan(0);
      expect(Object.values(r.body.checks).every(Boolean)).toBe(true);
      // The run page's count is the run's own lines; 应发 adds the advance paid at approval, shown as its own part (issue 24).
      const run = (await p.call('GET', `/api/v1/payment-runs/${c.code}-${month}`, { token: auditor })).body;
      expect({ count: r.body.composition.run.count, amountFen: r.body.composition.run.amountFen }).toEqual({ count: run.entries, amountFen: run.amountFen });
      const parts = Object.values(r.body.composition.parts) as { count: number; amountFen: number }[];
      expect(parts.reduce((a, x) => a + x.amountFen, 0)).toBe(r.body.expectedFen);
      expect(r.body.expectedFen - run.amountFen).toBe(r.body.composition.parts.advance?.amountFen ?? 0);
      if (run.file) expect(run.file.lines + r.body.file.noAccount.count).toBe(r.body.file.bank.count);
    }
  });
});
