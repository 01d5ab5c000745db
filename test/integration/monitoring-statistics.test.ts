import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, must, HOME, OTHER_COUNTY, OTHER_TOWNSHIP } from './workflow-support.ts';
import { headerOf } from '../../shared/monitoring/formats.ts';
import { tally } from '../../shared/monitoring/statistics.ts';

/**
 * 政策找人 statistics per township and month (issue 21) through the real gateway and queue against DynamoDB
 * Local: three alerts (one visited on time and assisted, one visited late and not in need, one never visited)
 * and four 12345 tickets (on time, late, overdue and open, one in the month before), counted by the month
 * raised or received; the county reach of the route; the range checks.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const idem = () => ({ 'idempotency-key': randomUUID() });
const ids = { a: idNumber('19500101', '711'), b: idNumber('19510202', '722'), c: idNumber('19520303', '733') };
const tokens = async () => ({
  cw: await p.tokenFor('caseworker', { sub: 'stat-cw', township: HOME.township }),
  cw2: await p.tokenFor('caseworker', { sub: 'stat-cw2', township: OTHER_TOWNSHIP.township }),
  county: await p.tokenFor('county', { sub: 'stat-county', county: HOME.county }),
  otherCounty: await p.tokenFor('county', { sub: 'stat-county2', county: OTHER_COUNTY.county }),
  auditor: await p.tokenFor('auditor', { sub: 'stat-auditor' }),
  medical: await p.tokenFor('department', { sub: 'stat-yb', county: HOME.county, department: '市医保局' }),
});
let t: Awaited<ReturnType<typeof tokens>>;
const at = async (date: string) => {
  clock.set(`${date}T09:00:00+08:00`);
  t = await tokens();
};
const alertIds: Record<string, string> = {};

async function enrolled(key: keyof typeof ids, township: string, name: string) {
  const ref = await apply(p, {
    type: 'dibao',
    applicant: { name, idNumber: ids[key], phone: '13800005678' },
    area: { county: HOME.county, township, residence: 'urban', hukou: 'local' },
    household: { members: [{ name, idNumber: ids[key], relation: 'self', monthlyIncomeFen: 50_000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
    consent: { economicCheck: true },
  });
  const token = township === HOME.township ? t.cw : t.cw2;
  const householdId = (await must(p, token, ref, 'accept')).registry.householdId as string;
  const r = await p.call('POST', `/api/v1/households/${householdId}/register`, {
    token,
    headers: idem(),
    body: { action: 'enter', class: 'marginal', reason: '独居老人，收入低', since: '2026-03-01', entry: { by: 'assessment' } },
  });
  expect(r.status, r.text).toBe(200);
  return householdId;
}

const ticket = async (number: string, township: string, receivedOn: string) => {
  const r = await p.call('POST', '/api/v1/tickets', { token: t.county, headers: idem(), body: { number, kind: 'request', summary: '来电求助，请核实', receivedOn, township } });
  expect(r.status, r.text).toBe(201);
  return r.body.dueDate as string;
};
const answer = async (number: string, answeredOn: string, token = t.cw) => {
  const r = await p.call('POST', `/api/v1/tickets/${number}/answer`, { token, headers: idem(), body: { answer: '已入户核实并答复', answeredOn } });
  expect(r.status, r.text).toBe(200);
  return r.body.onTime as boolean;
};
const outcome = async (household: string, body: Record<string, unknown>) => {
  const r = await p.call('POST', `/api/v1/monitoring/alerts/${alertIds[household]}/outcome`, { token: t.cw, headers: idem(), body });
  expect(r.status, r.text).toBe(200);
};

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2026-02-27');
  await ticket('STAT-FEB-1', HOME.township, '2026-02-27');
  expect(await answer('STAT-FEB-1', '2026-02-27')).toBe(true);
  await at('2026-03-02');
  const hh = { a: await enrolled('a', HOME.township, '甲老人'), b: await enrolled('b', HOME.township, '乙老人'), c: await enrolled('c', OTHER_TOWNSHIP.township, '丙老人') };
  const feed = await p.call('POST', '/api/v1/monitoring/feeds', {
    token: t.medical,
    headers: idem(),
    body: { source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议', csv: [headerOf('medical'), ...Object.values(ids).map((id) => `${id},2026-02,30000`)].join('\r\n') },
  });
  expect(feed.status, feed.text).toBe(202);
  await p.queues.drain();
  for (const [k, householdId] of Object.entries(hh)) {
    const township = k === 'c' ? OTHER_TOWNSHIP.township : HOME.township;
    const list = await p.call('GET', `/api/v1/monitoring/alerts?township=${township}`, { token: t.county });
    alertIds[k] = list.body.items.find((a: { householdId: string }) => a.householdId === householdId).id;
  }
  await ticket('STAT-MAR-1', HOME.township, '2026-03-02');
  await ticket('STAT-MAR-2', HOME.township, '2026-03-02');
  await ticket('STAT-MAR-3', OTHER_TOWNSHIP.township, '2026-03-02');
  await at('2026-03-04');
  expect(await answer('STAT-MAR-1', '2026-03-04')).toBe(true);
  await outcome('a', { outcome: 'assisted', visitedOn: '2026-03-04', findings: '入户核实：住院费用属实，已协助申请' });
  // Weeks later: one alert visited late, one ticket answered late, the other township's never.
  await at('2026-03-25');
  await outcome('b', { outcome: 'notInNeed', visitedOn: '2026-03-25', findings: '入户核实', reasons: ['子女已承担医疗费用'] });
  expect(await answer('STAT-MAR-2', '2026-03-25')).toBe(false);
}, 180_000);
afterAll(async () => p?.stop());

describe('政策找人 statistics per township and month', () => {
  it('counts alerts raised, visited on time, assisted, not in need, and tickets received and answered on time', async () => {
    const r = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}&from=2026-02&to=2026-03`, { token: t.county });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ county: HOME.county, from: '2026-02', to: '2026-03', months: ['2026-02', '2026-03'] });
    const row = (township: string, month: string) => r.body.rows.find((x: { township: string; month: string }) => x.township === township && x.month === month);
    expect(row(HOME.township, '2026-02')).toMatchObject({
      alerts: { raised: 0 },
      tickets: { received: 1, answeredOnTime: 1, answeredLate: 0, openOverdue: 0 },
    });
    expect(row(HOME.township, '2026-03')).toMatchObject({
      alerts: { raised: 2, visitedOnTime: 1, visitedLate: 1, openOverdue: 0, assisted: 1, notInNeed: 1 },
      tickets: { received: 2, answeredOnTime: 1, answeredLate: 1, openOverdue: 0 },
    });
    expect(row(OTHER_TOWNSHIP.township, '2026-03')).toMatchObject({
      alerts: { raised: 1, visitedOnTime: 0, visitedLate: 0, openOverdue: 1, assisted: 0 },
      tickets: { received: 1, answeredOnTime: 0, openOverdue: 1 },
    });
    expect(r.body.townships.find((x: { township: string }) => x.township === HOME.township)).toMatchObject({ alerts: { raised: 2 }, tickets: { received: 3, answeredOnTime: 2 } });
    // Only March: February's ticket is not counted.
    const march = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}&from=2026-03&to=2026-03`, { token: t.auditor });
    expect(march.status, march.text).toBe(200);
    expect(march.body.rows.map((x: { month: string }) => x.month)).toEqual(['2026-03', '2026-03']);
  });

  it('is county reach, and names the field of a bad range', async () => {
    const other = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}`, { token: t.otherCounty });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('out-of-scope');
    const cw = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}`, { token: t.cw });
    expect(cw.status).toBe(403);
    const order = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}&from=2026-04&to=2026-03`, { token: t.county });
    expect(order.status).toBe(400);
    expect(order.body.errors[0].field).toBe('from');
    const long = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}&from=2025-01&to=2026-03`, { token: t.county });
    expect(long.status).toBe(400);
    const month = await p.call('GET', `/api/v1/monitoring/statistics?county=${HOME.county}&from=2026-13`, { token: t.county });
    expect(month.status).toBe(400);
    expect(month.body.errors[0].field).toBe('from');
  });

  it('the tally is pure: the due date itself is on time, an open item is overdue only after it', () => {
    const rows = tally(
      [
        { township: HOME.township, raisedOn: '2026-03-02', dueDate: '2026-03-16', status: 'closed', outcome: { outcome: 'referred', visitedOn: '2026-03-16' } },
        { township: HOME.township, raisedOn: '2026-03-02', dueDate: '2026-03-16', status: 'open' },
      ],
      [{ township: HOME.township, receivedOn: '2026-03-02', dueDate: '2026-03-09', status: 'open' }],
      ['2026-03'],
      '2026-03-16',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        alerts: { raised: 2, visitedOnTime: 1, visitedLate: 0, openOverdue: 0, assisted: 0, notInNeed: 0, referred: 1, unreachable: 0 },
        tickets: { received: 1, answeredOnTime: 0, answeredLate: 0, openOverdue: 1 },
      }),
    ]);
  });
});
