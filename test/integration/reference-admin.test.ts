import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { seedReference } from '../../infra/local/seed.ts';

/**
 * The admin enters a township's real population and its source (二十二): the AREA item in the table is
 * the reference, the staffing check reads it, and a restart's seeding leaves it alone.
 */
let p: TestPlatform;
let admin: string;
beforeAll(async () => {
  p = await startTestPlatform({ clock: new TestClock('2026-11-28T09:00:00+08:00') });
  admin = await p.tokenFor('admin', { sub: 'admin-ref' });
});
afterAll(async () => {
  await p.stop();
});

const WEIGANG = '/api/v1/areas/341602/townships/341602103';
const SOURCE = '2020年第七次全国人口普查';
const township = async (code: string) => {
  const res = await p.call('GET', '/api/v1/areas');
  expect(res.status).toBe(200);
  const county = res.body.counties.find((c: { code: string }) => c.code === code.slice(0, 6));
  return county.townships.find((t: { code: string }) => t.code === code);
};
const staffingRow = async (code: string) => {
  const res = await p.call('GET', '/api/v1/staffing?county=341602', { token: admin });
  expect(res.status, res.text).toBe(200);
  return res.body.townships.find((t: { township: string }) => t.township === code);
};

describe('POST /api/v1/areas/{county}/townships/{township}', () => {
  it('starts from the sample figure', async () => {
    expect(await township('341602103')).toMatchObject({ name: '魏岗镇', population: 29999, sample: true });
    expect(await staffingRow('341602103')).toMatchObject({ population: 29999, populationSample: true, required: { established: 1, other: 2 } });
  });

  it('refuses a bad body by field and writes nothing', async () => {
    const negative = await p.call('POST', WEIGANG, { token: admin, body: { population: -1, populationSource: SOURCE } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors.map((e: { field: string }) => e.field)).toEqual(['population']);
    const fraction = await p.call('POST', WEIGANG, { token: admin, body: { population: 30000.5, populationSource: SOURCE } });
    expect(fraction.status).toBe(400);
    expect(fraction.body.errors[0].field).toBe('population');
    const noSource = await p.call('POST', WEIGANG, { token: admin, body: { population: 31000, populationSource: '  ' } });
    expect(noSource.status).toBe(400);
    expect(noSource.body.errors.map((e: { field: string }) => e.field)).toEqual(['populationSource']);
    const extra = await p.call('POST', WEIGANG, { token: admin, body: { population: 31000, populationSource: SOURCE, sample: true } });
    expect(extra.status).toBe(400);
    expect(await township('341602103')).toMatchObject({ population: 29999, sample: true });
    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent('area#341602')}`, { token: await p.tokenFor('auditor') });
    expect(chain.body.length).toBe(0);
  });

  it('answers 404 for an unknown county or township, and 403 for anyone but the admin', async () => {
    const county = await p.call('POST', '/api/v1/areas/341699/townships/341699101', { token: admin, body: { population: 1, populationSource: SOURCE } });
    expect(county.status).toBe(404);
    expect(county.body.code).toBe('no-such-county');
    const town = await p.call('POST', '/api/v1/areas/341602/townships/341621101', { token: admin, body: { population: 1, populationSource: SOURCE } });
    expect(town.status).toBe(404);
    expect(town.body.code).toBe('no-such-township');
    for (const role of ['county', 'auditor', 'caseworker'] as const) {
      const res = await p.call('POST', WEIGANG, { token: await p.tokenFor(role, { county: '341602', township: '341602103' }), body: { population: 1, populationSource: SOURCE } });
      expect(res.status, role).toBe(403);
    }
    expect((await p.call('POST', WEIGANG, { body: { population: 1, populationSource: SOURCE } })).status).toBe(401);
  });

  it('stores the figure with its source, audited; GET /areas and the staffing check use it', async () => {
    const res = await p.call('POST', WEIGANG, { token: admin, body: { population: 31000, populationSource: SOURCE } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ code: '341602103', name: '魏岗镇', population: 31000, populationSource: SOURCE, sample: false, updatedBy: 'admin-ref', updatedAt: '2026-11-28T09:00:00+08:00' });

    const shown = await township('341602103');
    expect(shown).toMatchObject({ population: 31000, populationSource: SOURCE, sample: false, updatedAt: '2026-11-28T09:00:00+08:00' });
    expect(shown.updatedBy).toBeUndefined();
    expect(await township('341602102')).toMatchObject({ population: 30000, sample: true });

    // 31,000 people: above the 30,000 boundary, so 2 established + 3 other are required (二十二).
    expect(await staffingRow('341602103')).toMatchObject({ population: 31000, populationSample: false, required: { established: 2, other: 3 } });

    const second = await p.call('POST', WEIGANG, { token: admin, body: { population: 31200, populationSource: `${SOURCE}（修正）`, name: '魏岗镇' } });
    expect(second.status).toBe(200);
    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent('area#341602')}`, { token: await p.tokenFor('auditor') });
    expect(chain.body).toMatchObject({ length: 2, ok: true });
  });

  it("keeps the admin's figure when the reference data is seeded again (a restart)", async () => {
    await seedReference();
    expect(await township('341602103')).toMatchObject({ population: 31200, populationSource: `${SOURCE}（修正）`, sample: false });
    expect(await staffingRow('341602103')).toMatchObject({ population: 31200 });
  });
});
