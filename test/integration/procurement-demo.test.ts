import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { seedProcurementDemo } from '../../infra/local/demo-procurement.ts';
import { checkPackage } from '../../shared/procurement/ocds/validate.ts';

/** The demo city's procurement part runs through the API and leaves valid open data behind. */
let p: TestPlatform;
const clock = new TestClock(new Date().toISOString());
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterAll(async () => {
  await p?.stop();
});

it('seeds an awarded tender with bids and a contract in progress', async () => {
  // The test clock does not tick: follow real time while bids are open, as the demo waits for the deadline.
  const ticking = setInterval(() => clock.set(new Date().toISOString()), 100);
  let travelled = false;
  const { tenderId, contractId } = await seedProcurementDemo(p, {
    travel: (iso) => {
      clearInterval(ticking);
      travelled = iso !== null;
      clock.set(iso ?? new Date().toISOString());
    },
  }).finally(() => clearInterval(ticking));
  expect(travelled).toBe(false);
  const tender = await p.call('GET', `/api/v1/tenders/${tenderId}`);
  expect(tender.body.status).toBe('contracted');
  expect(tender.body.opening.bids).toHaveLength(3);
  const contract = await p.call('GET', `/api/v1/contracts/${contractId}`);
  expect(contract.body.paidFen).toBeGreaterThan(0);
  expect(checkPackage((await p.call('GET', '/api/v1/ocds/releases')).body).ok).toBe(true);
}, 60_000);
