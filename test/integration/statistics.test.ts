import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { runStatistics } from '../../shared/statistics/snapshot.ts';
import { STAFFING_BOUNDARY_READING } from '../../shared/rules/staffing.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit, type Staff } from './workflow-support.ts';
import { activeThroughApi, idem } from './payments-support.ts';
import { seedStatisticsDemo } from '../../infra/local/demo-statistics.ts';
import { dateShanghai } from '../../shared/clock.ts';

/**
 * The county dashboard's statistics (二十)(二十三) and the staffing check with real counts (二十二), over a
 * small city built through the API: in 谯城区 two 低保 households enrolled on 2 March, one rejected late
 * and one in time in April, one application not yet accepted, the March payment run, the Q2 re-check
 * tasks with one done; in 涡阳县 one application. The daily `statistics` job writes one snapshot per
 * county; the GET reads it. Every figure is checked exactly.
 */
let p: TestPlatform;
let s3: LocalS3;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const WEST = { county: '341602', township: '341602001' };
const NORTH = { county: '341621', township: '341621001' };

/** The same people at every clock step (tokens are short-lived against the gateway's clock). */
async function staffAt(iso: string): Promise<Staff> {
  clock.set(iso);
  const t = (role: Parameters<TestPlatform['tokenFor']>[0], scope: Record<string, string>) => p.tokenFor(role, scope);
  const [caseworker, approver, check, county] = await Promise.all([
    t('caseworker', { township: WEST.township, sub: 'st-cw', establishment: 'established' }),
    t('approver', { township: WEST.township, sub: 'st-ap', establishment: 'established' }),
    t('check', { county: WEST.county, sub: 'st-check' }),
    t('county', { county: WEST.county, sub: 'st-county' }),
  ]);
  return { caseworker, approver, check, county } as Staff;
}

const dibao = (seq: string, area = WEST) => {
  const id = idNumber('19700101', seq, area.county);
  return {
    type: 'dibao',
    applicant: { name: '张三', idNumber: id, phone: '13800001234' },
    area: { ...area, residence: 'rural', hukou: 'local' },
    household: {
      members: [
        { name: '张三', idNumber: id, relation: 'self', monthlyIncomeFen: 30000 },
        { name: '李四', idNumber: idNumber('19720202', seq, area.county), relation: 'spouse', monthlyIncomeFen: 0 },
      ],
      assets: { financialFen: 0, vehicles: 0, properties: 1 },
    },
    consent: { economicCheck: true },
  };
};

/** 受理, the check report and the visit, and the caseworker's proposal: ready for the approver. */
async function acceptAndPropose(s: Staff, ref: string) {
  await must(p, s.caseworker, ref, 'accept');
  await must(p, s.check, ref, 'recordCheck', checkReport(false));
  await must(p, s.caseworker, ref, 'recordVisit', visit(false));
  await must(p, s.caseworker, ref, 'propose');
}

const stats = (county: string, token: string) => p.call('GET', `/api/v1/statistics?county=${county}`, { token });

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  forgetParameters();
  let s = await staffAt('2026-03-02T09:00:00+08:00');
  await activeThroughApi(p, s, WEST, 'dibao', '401', '2026-03-20');
  await activeThroughApi(p, s, WEST, 'dibao', '402', '2026-03-20');
  const late = await apply(p, dibao('403'));
  await acceptAndPropose(s, late);
  await apply(p, dibao('405'));
  await apply(p, dibao('406', NORTH));

  s = await staffAt('2026-03-10T09:00:00+08:00');
  const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: WEST.county, month: '2026-03' }, token: s.county, headers: idem() });
  expect(run.status, run.text).toBe(202);
  await p.queues.drain();

  s = await staffAt('2026-04-01T09:00:00+08:00');
  const inTime = await apply(p, dibao('404'));
  await acceptAndPropose(s, inTime);
  await p.runJob('dibao-q2-review', '2026-04-01');

  s = await staffAt('2026-04-10T09:00:00+08:00');
  for (const ref of [late, inTime]) await must(p, s.approver, ref, 'reject', { reasons: ['家庭人均收入高于当地低保标准'] });
  const tasks = await p.call('GET', '/api/v1/tasks', { token: s.caseworker });
  expect(tasks.body.items).toHaveLength(2);
  const done = await p.call('POST', `/api/v1/tasks/${tasks.body.items[0].id}/outcome`, { token: s.caseworker, body: { outcome: 'continue', findings: '家庭收入和人口无变化' } });
  expect(done.status, done.text).toBe(200);
}, 240_000);

afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

const zeroMonth = (month: string) => ({ month, decided: 0, withinDeadline: 0, shareBp: null });

describe('GET /api/v1/statistics', () => {
  it('answers null before the daily job has run, and refuses a county that is not the caller’s', async () => {
    const s = await staffAt('2026-04-10T10:00:00+08:00');
    const before = await stats(WEST.county, s.county);
    expect(before.status, before.text).toBe(200);
    expect(before.body).toEqual({ county: WEST.county, countyName: '谯城区', snapshot: null });

    const north = await p.tokenFor('county', { county: NORTH.county });
    const other = await stats(WEST.county, north);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('out-of-scope');
    const caseworker = await stats(WEST.county, s.caseworker);
    expect(caseworker.status).toBe(403);
    expect(caseworker.body.code).toBe('role-not-allowed');
    const bad = await stats('12', s.county);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('county');
    expect((await p.call('GET', '/api/v1/statistics?county=341602')).status).toBe(401);
  });

  it('the statistics job writes one snapshot per county with exact figures', async () => {
    const report = (await p.runJob('statistics', '2026-04-10')) as { counties: number; handedOver: boolean };
    expect(report).toMatchObject({ counties: 4, handedOver: false });
    const s = await staffAt('2026-04-10T10:00:00+08:00');
    const res = await stats(WEST.county, s.county);
    expect(res.status, res.text).toBe(200);
    const snap = res.body.snapshot;
    expect(snap.date).toBe('2026-04-10');
    expect(snap.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);

    expect(snap.caseload.total).toBe(5);
    expect(snap.caseload.byType).toEqual([{ type: 'dibao', typeLabel: '最低生活保障（低保）', total: 5, byStatus: { active: 2, rejected: 2, submitted: 1 } }]);

    // Accepted 2 March → due 30 March (20 official working days); decided 2 March ×2, 10 April (late);
    // accepted 1 April → due 29 April; decided 10 April (in time).
    expect(snap.timeliness.months).toHaveLength(12);
    expect(snap.timeliness.months[0]).toEqual(zeroMonth('2025-05'));
    expect(snap.timeliness.months.slice(-2)).toEqual([
      { month: '2026-03', decided: 2, withinDeadline: 2, shareBp: 10000 },
      { month: '2026-04', decided: 2, withinDeadline: 1, shareBp: 5000 },
    ]);

    // Two rural 2-person households, income 300 yuan: (700 − 150) × 2 = 1,100 yuan each.
    expect(snap.payments.months).toHaveLength(12);
    expect(snap.payments.months.slice(-2)).toEqual([
      { month: '2026-03', runStatus: 'finished', totalFen: 220000, byCategory: { dibao: 220000, tekun: 0, linshi: 0 } },
      { month: '2026-04', runStatus: null, totalFen: 0, byCategory: { dibao: 0, tekun: 0, linshi: 0 } },
    ]);
    expect(snap.payments.categories.map((c: { key: string }) => c.key)).toEqual(['dibao', 'tekun', 'linshi']);

    expect(snap.rechecks.quarters).toEqual([
      { quarter: '2025-Q3', created: 0, completed: 0, open: 0, overdue: 0, completedBp: null },
      { quarter: '2025-Q4', created: 0, completed: 0, open: 0, overdue: 0, completedBp: null },
      { quarter: '2026-Q1', created: 0, completed: 0, open: 0, overdue: 0, completedBp: null },
      { quarter: '2026-Q2', created: 2, completed: 1, open: 1, overdue: 0, completedBp: 5000 },
    ]);

    // The other county sees only its own application; auditor and admin may read any county.
    const auditor = await p.tokenFor('auditor');
    const north = await stats(NORTH.county, auditor);
    expect(north.body.snapshot.caseload.byType).toEqual([{ type: 'dibao', typeLabel: '最低生活保障（低保）', total: 1, byStatus: { submitted: 1 } }]);
    expect(north.body.snapshot.timeliness.months.every((m: { decided: number }) => m.decided === 0)).toBe(true);
    const admin = await stats(WEST.county, await p.tokenFor('admin'));
    expect(admin.body.snapshot.caseload).toEqual(snap.caseload);
  });

  it('running the job again for the date, or in pieces handed over through the queue, gives the same figures', async () => {
    const s = await staffAt('2026-04-10T10:00:00+08:00');
    const first = (await stats(WEST.county, s.county)).body.snapshot;
    await p.runJob('statistics', '2026-04-10');
    const again = (await stats(WEST.county, s.county)).body.snapshot;
    expect({ ...again, asOf: '' }).toEqual({ ...first, asOf: '' });

    // No time left after every page: each county hands over to a `statistics-continue` message, which
    // resumes from the checkpoint (the local queue runs it with the function's own time budget).
    const report = await runStatistics({ date: '2026-04-11', now: new Date(), correlationId: 'stats-test', remainingMs: () => 0 });
    expect(report.handedOver).toBe(true);
    expect(report.counties).toBe(0);
    await p.queues.drain();
    const pieced = (await stats(WEST.county, s.county)).body.snapshot;
    expect(pieced.date).toBe('2026-04-11');
    expect(pieced.caseload).toEqual(first.caseload);
    expect(pieced.timeliness).toEqual(first.timeliness);
    expect(pieced.rechecks).toEqual(first.rechecks);
    expect(pieced.payments).toEqual(first.payments);
  });
});

describe('GET /api/v1/staffing (二十二)', () => {
  it('counts the registered township staff and compares them with the population thresholds', async () => {
    clock.set('2026-04-10T11:00:00+08:00');
    const reg = (role: 'caseworker' | 'approver' | 'assistant', township: string, sub: string, establishment?: string) =>
      p.tokenFor(role, { township, sub, ...(establishment ? { establishment } : {}) });
    // 十八里镇: exactly 30,000 people (the boundary) — 2 established + 3 other.
    await Promise.all([
      reg('caseworker', '341602102', 'sb-1', 'established'),
      reg('approver', '341602102', 'sb-2', 'established'),
      reg('caseworker', '341602102', 'sb-3', 'other'),
      reg('caseworker', '341602102', 'sb-4', 'other'),
      reg('caseworker', '341602102', 'sb-5', 'other'),
    ]);
    // 魏岗镇: 29,999 people — 1 established + 1 other is one short; the 协理员 is shown, not counted.
    await Promise.all([reg('caseworker', '341602103', 'wg-1', 'established'), reg('caseworker', '341602103', 'wg-2', 'other'), reg('assistant', '341602103', 'wg-3')]);
    // A person moved away is counted where they are now.
    await reg('caseworker', '341621001', 'sb-5', 'other');
    await reg('caseworker', '341602102', 'sb-6', 'other');

    const county = await p.tokenFor('county', { county: WEST.county });
    const res = await p.call('GET', '/api/v1/staffing?county=341602', { token: county });
    expect(res.status, res.text).toBe(200);
    expect(res.body.boundaryReading).toBe(STAFFING_BOUNDARY_READING);
    expect(res.body.countedRoles).toEqual(['caseworker', 'approver']);
    const row = (code: string) => res.body.townships.find((t: { township: string }) => t.township === code);
    expect(row('341602102')).toMatchObject({
      name: '十八里镇',
      population: 30000,
      required: { established: 2, other: 3 },
      actual: { established: 2, other: 3, notRecorded: 0, assistants: 0 },
      ok: true,
      atBoundary: true,
    });
    expect(row('341602103')).toMatchObject({
      name: '魏岗镇',
      population: 29999,
      required: { established: 1, other: 2 },
      actual: { established: 1, other: 1, notRecorded: 0, assistants: 1 },
      ok: false,
      atBoundary: false,
    });
    expect(row('341602103').trace.at(-1).measure).toBe('(二十二)');
    // 花戏楼街道: the workflow staff of the tests above, registered as established.
    expect(row('341602001')).toMatchObject({ required: { established: 2, other: 3 }, actual: { established: 2, other: 0 }, ok: false });
    expect(res.body.townships).toHaveLength(6);
    expect(res.body.compliant).toBe(1);

    const north = await p.call('GET', '/api/v1/staffing?county=341621', { token: await p.tokenFor('auditor') });
    expect(north.body.townships.find((t: { township: string }) => t.township === '341621001').actual).toMatchObject({ other: 1 });
    const refused = await p.call('GET', '/api/v1/staffing?county=341621', { token: county });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('out-of-scope');
    expect((await p.call('GET', '/api/v1/staffing?county=341602', { token: await p.tokenFor('admin') })).status).toBe(200);
  });

  it('the demo city registers township staff and runs the statistics job through the same API', async () => {
    await seedStatisticsDemo(p);
    const auditor = await p.tokenFor('auditor');
    const north = (await p.call('GET', '/api/v1/staffing?county=341621', { token: auditor })).body;
    const row = (code: string) => north.townships.find((t: { township: string }) => t.township === code);
    expect(row('341621001')).toMatchObject({ actual: { established: 2, other: 4 }, ok: true });
    expect(row('341621002')).toMatchObject({ required: { established: 2, other: 3 }, actual: { established: 1, other: 1 }, ok: false });
    expect(north.compliant).toBe(3);
    expect((await stats(NORTH.county, auditor)).body.snapshot.date).toBe(dateShanghai(new Date()));
  });

  it('refuses an unknown establishment by name', async () => {
    const res = await p.call('POST', '/api/v1/dev/token', { body: { role: 'caseworker', township: '341602001', establishment: 'volunteer' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('establishment');
  });
});
