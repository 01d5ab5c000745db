import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems, idNumber } from '../support/people.ts';
import { apply, HOME, must, OTHER_COUNTY, OTHER_TOWNSHIP, staffOf, type Staff } from './workflow-support.ts';

/** Scope on writes and views: a grid worker files only into its own township; a department sees its referral, not the household. */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

const report = (area: { county: string; township: string }, seq: string) => {
  const adult = idNumber('19600101', seq, area.county);
  return {
    type: 'dibao',
    applicant: { name: '吴老汉', idNumber: adult, phone: '13700003333' },
    area: { ...area, residence: 'rural', hukou: 'local' },
    household: { members: [{ name: '吴老汉', idNumber: adult, relation: 'self', monthlyIncomeFen: 20000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
  };
};

describe('POST /api/v1/reports', () => {
  it('refuses an assistant of another county or township with 403 and writes nothing', async () => {
    const woyang = await p.tokenFor('assistant', { township: OTHER_COUNTY.township });
    const neighbour = await p.tokenFor('assistant', { township: OTHER_TOWNSHIP.township });
    const before = await countItems();
    for (const [token, seq] of [
      [woyang, '461'],
      [neighbour, '463'],
    ] as const) {
      const res = await p.call('POST', '/api/v1/reports', { token, body: report(HOME, seq), headers: { 'idempotency-key': randomUUID() } });
      expect(res.status, res.text).toBe(403);
      expect(res.body.code).toBe('out-of-scope');
      expect(res.body.detail).toMatch(/本乡镇/);
    }
    expect(await countItems()).toBe(before);
    const own = await p.call('POST', '/api/v1/reports', { token: s.assistant, body: report(HOME, '465'), headers: { 'idempotency-key': randomUUID() } });
    expect(own.status, own.text).toBe(201);
  });
});

describe('GET /api/v1/cases/{reference} as a department', () => {
  it('shows the status and its own referral, never the household', async () => {
    const id = idNumber('20100909', '471');
    const ref = await apply(p, {
      type: 'education',
      applicant: { name: '孙悦', idNumber: id, phone: '13900001111' },
      area: { ...HOME, residence: 'urban', hukou: 'local' },
      household: { members: [{ name: '孙悦', idNumber: id, relation: 'self', monthlyIncomeFen: 12345 }], assets: { financialFen: 67890, vehicles: 0, properties: 1 } },
    });
    await must(p, s.caseworker, ref, 'accept');
    await must(p, s.caseworker, ref, 'route', { note: '义务教育阶段家庭经济困难学生' });

    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.education });
    expect(view.status, view.text).toBe(200);
    expect(view.body).toMatchObject({ view: 'department', reference: ref, status: 'accepted', applicant: { name: '孙*' }, allowedActions: ['respond'] });
    expect(view.body.referrals).toHaveLength(1);
    expect(view.body.referrals[0]).toMatchObject({ department: '市教育局', status: 'open' });
    for (const k of ['household', 'history', 'audit', 'check', 'visit', 'consent', 'objections', 'proposal']) expect(view.body, k).not.toHaveProperty(k);
    expect(view.text).not.toContain('孙悦');
    expect(view.text).not.toContain('12345');
    expect(view.text).not.toContain('67890');
    expect(view.text).not.toContain(id.slice(-4));

    const other = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.medicalInsurance });
    expect(other.status).toBe(403);
    // The caseworker still sees the whole case.
    const full = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(full.body.household.members[0].name).toBe('孙悦');
  });
});

describe('every county-scoped creating route', () => {
  it('refuses a body for another county with 403 and writes nothing', async () => {
    const county = await p.tokenFor('county', { county: HOME.county });
    const other = OTHER_COUNTY.county;
    const bodies: [string, unknown][] = [
      ['/api/v1/service-lists', { county: other, year: 2026, services: [{ id: 'visit', name: '探访照料', description: '入户探访和生活照料', unit: '人·月', serves: '分散供养特困人员' }] }],
      ['/api/v1/budgets', { county: other, year: 2026, funds: { centralFen: 100, provincialFen: 0, municipalFen: 0, countyFen: 0 } }],
      ['/api/v1/payment-runs', { county: other, month: '2026-02' }],
      ['/api/v1/reserves', { area: other, valueFen: 30_000_000, asOf: '2026-03-02' }],
      ['/api/v1/social-workers', { name: '周明', certificateNumber: 'SW-SCOPE-1', level: 'assistant', township: OTHER_COUNTY.township, communityWorker: true, from: '2026-01' }],
    ];
    const before = await countItems();
    for (const [path, body] of bodies) {
      const res = await p.call('POST', path, { token: county, body, headers: { 'idempotency-key': randomUUID() } });
      expect(res.status, `${path}: ${res.text}`).toBe(403);
    }
    expect(await countItems()).toBe(before);
  });
});
