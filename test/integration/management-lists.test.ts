import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit, HOME, OTHER_COUNTY, OTHER_TOWNSHIP } from './workflow-support.ts';

/**
 * The read routes the workbench's dynamic-management screens need (issue 10 over issue 6's API): one
 * task, the county's task counts per township (open / 即将到期 / 已超期 / done), a county's tasks for
 * one township, the county's uploaded data-match lists, and the draw record with each case's findings
 * (an audited read). Scope: a caseworker reaches their township, a county its county.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const t: Record<string, string> = {};

async function mint() {
  const tok = (role: Parameters<TestPlatform['tokenFor']>[0], sub: string, scope: Record<string, string>) => p.tokenFor(role, { sub, ...scope });
  Object.assign(t, {
    caseworker: await tok('caseworker', 'ml-cw', { township: HOME.township }),
    approver: await tok('approver', 'ml-ap', { township: HOME.township }),
    otherCaseworker: await tok('caseworker', 'ml-cw2', { township: OTHER_TOWNSHIP.township }),
    otherApprover: await tok('approver', 'ml-ap2', { township: OTHER_TOWNSHIP.township }),
    check: await tok('check', 'ml-check', { county: HOME.county }),
    county: await tok('county', 'ml-county', { county: HOME.county }),
    otherCounty: await tok('county', 'ml-county2', { county: OTHER_COUNTY.county }),
    inspector: await tok('inspector', 'ml-inspector', { county: HOME.county }),
    auditor: await tok('auditor', 'ml-auditor', {}),
  });
}
const at = async (date: string) => {
  clock.set(`${date}T09:00:00+08:00`);
  await mint();
};

const ids = { home: idNumber('19720304', '611'), other: idNumber('19690811', '623') };
const refs: Record<string, string> = {};

const dibao = (id: string, name: string, where: { county: string; township: string }) => ({
  type: 'dibao',
  applicant: { name, idNumber: id, phone: '13800005678' },
  area: { ...where, residence: 'urban', hukou: 'local' },
  household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 10000 }], assets: { financialFen: 0, vehicles: 0, properties: 1 } },
  consent: { economicCheck: true },
});

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await mint();
  for (const [k, body, cw] of [
    ['home', dibao(ids.home, '孙桂兰', HOME), 'caseworker'],
    ['other', dibao(ids.other, '钱德明', OTHER_TOWNSHIP), 'otherCaseworker'],
  ] as const) {
    const ref = await apply(p, body);
    await must(p, t[cw], ref, 'accept');
    await must(p, t.check, ref, 'recordCheck', checkReport(false));
    await must(p, t[cw], ref, 'recordVisit', visit(false));
    await must(p, t[cw], ref, 'propose');
    await must(p, t[cw], ref, 'publicize');
    refs[k] = ref;
  }
  await p.runJob('publicity-close', '2026-03-09');
  await at('2026-03-09');
  await must(p, t.approver, refs.home!, 'approve');
  await must(p, t.otherApprover, refs.other!, 'approve');
  await p.runJob('dibao-q4-review', '2026-10-01');
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const homeTask = () => `dibao-q4-review.2026-Q4.${refs.home}`;

describe('tasks: one task, a township of the county, counts per township', () => {
  it('one task for its township and county; others are refused; an unknown id is a 404', async () => {
    await at('2026-12-29');
    const mine = await p.call('GET', `/api/v1/tasks/${homeTask()}`, { token: t.caseworker });
    expect(mine.status, mine.text).toBe(200);
    // Due 31 December, two working days ahead: 即将到期, not yet 已超期.
    expect(mine.body).toMatchObject({ id: homeTask(), reference: refs.home, dueDate: '2026-12-31', status: 'open', overdue: false, atRisk: true, applicant: '孙*兰' });
    expect(mine.text).not.toContain(ids.home);
    expect((await p.call('GET', `/api/v1/tasks/${homeTask()}`, { token: t.otherCaseworker })).status).toBe(403);
    expect((await p.call('GET', `/api/v1/tasks/${homeTask()}`, { token: t.otherCounty })).status).toBe(403);
    expect((await p.call('GET', `/api/v1/tasks/${homeTask()}`, { token: t.county })).status).toBe(200);
    const unknown = await p.call('GET', '/api/v1/tasks/dibao-q4-review.2026-Q4.QC-260101-0001-K', { token: t.caseworker });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('no-such-task');
  });

  it('a county lists one township’s tasks, never another county’s; a bad code names the field', async () => {
    const one = await p.call('GET', `/api/v1/tasks?township=${OTHER_TOWNSHIP.township}`, { token: t.county });
    expect(one.status, one.text).toBe(200);
    expect(one.body.items.map((i: { reference: string }) => i.reference)).toEqual([refs.other]);
    expect((await p.call('GET', `/api/v1/tasks?township=${OTHER_COUNTY.township}`, { token: t.county })).status).toBe(403);
    const bad = await p.call('GET', '/api/v1/tasks?township=12', { token: t.county });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('township');
  });

  it('counts per township: open, 即将到期, 已超期 (the deadline-watch rule) and done', async () => {
    const done = await p.call('POST', `/api/v1/tasks/${homeTask()}/outcome`, { token: t.caseworker, body: { outcome: 'continue', findings: '家庭情况无变化，继续享受' } });
    expect(done.status, done.text).toBe(200);
    await at('2027-01-04');
    const summary = await p.call('GET', '/api/v1/tasks/summary', { token: t.county });
    expect(summary.status, summary.text).toBe(200);
    const row = (code: string) => summary.body.townships.find((x: { township: string }) => x.township === code);
    expect(row(HOME.township)).toMatchObject({ open: 0, atRisk: 0, overdue: 0, done: 1 });
    expect(row(OTHER_TOWNSHIP.township)).toMatchObject({ open: 1, atRisk: 0, overdue: 1, done: 0 });
    expect(summary.body.totals).toEqual({ open: 1, atRisk: 0, overdue: 1, done: 1 });
    expect(summary.body.townships.length).toBe(6);
    const listed = await p.call('GET', '/api/v1/tasks', { token: t.otherCaseworker });
    expect(listed.body.items[0]).toMatchObject({ overdue: true, atRisk: false });
    expect((await p.call('GET', '/api/v1/tasks/summary', { token: t.caseworker })).status).toBe(403);
  });
});

describe('data-match lists and the draw record', () => {
  it('a county sees its own uploaded lists, newest first, without ID numbers', async () => {
    for (const [asOf, key] of [
      ['2026-09-30', 'ml-list-0001'],
      ['2026-10-31', 'ml-list-0002'],
    ] as const) {
      const up = await p.call('POST', '/api/v1/data-match/lists', {
        token: t.county,
        headers: { 'idempotency-key': key },
        body: { kind: 'deaths', asOf, source: '谯城区殡仪馆火化名单', csv: `idNumber,date,detail\n${ids.home},2026-09-20,亳州市殡仪馆火化\n` },
      });
      expect(up.status, up.text).toBe(201);
    }
    const lists = await p.call('GET', '/api/v1/data-match/lists', { token: t.county });
    expect(lists.status, lists.text).toBe(200);
    expect(lists.body.items.map((l: { asOf: string }) => l.asOf)).toEqual(['2026-10-31', '2026-09-30']);
    expect(lists.body.items[0]).toMatchObject({ kind: 'deaths', kindLabel: '死亡和火化人员名单', lines: 1, source: '谯城区殡仪馆火化名单', uploadedBy: 'ml-county' });
    expect(lists.text).not.toContain(ids.home);
    expect((await p.call('GET', '/api/v1/data-match/lists', { token: t.otherCounty })).body.items).toEqual([]);
    expect((await p.call('GET', '/api/v1/data-match/lists', { token: t.caseworker })).status).toBe(403);
  });

  it('the draw record carries each drawn case’s findings, and reading it is audited', async () => {
    expect((await p.call('POST', '/api/v1/inspectors', { token: t.county, body: { sub: 'ml-inspector' } })).status).toBe(201);
    await p.runJob('random-inspection', '2027-01-04');
    const mine = await p.call('GET', '/api/v1/inspections/assigned', { token: t.inspector });
    expect(mine.body.items.length).toBe(2);
    const first = mine.body.items[0];
    expect(
      (await p.call('POST', `/api/v1/inspections/${first.id}/findings`, { token: t.inspector, body: { result: 'irregular', findings: '入户调查记录缺少签字', issues: ['records'] } })).status,
    ).toBe(200);

    const record = await p.call('GET', '/api/v1/inspection-draws/341602.2027-01', { token: t.county });
    expect(record.status, record.text).toBe(200);
    const inspected = record.body.inspections.find((i: { id: string }) => i.id === first.id);
    expect(inspected).toMatchObject({ reference: first.reference, inspector: 'ml-inspector', status: 'done', result: 'irregular', issues: ['records'], findings: '入户调查记录缺少签字' });
    expect(record.body.inspections.find((i: { id: string }) => i.id !== first.id)).toMatchObject({ status: 'open' });
    expect(record.body.inspections.some((i: { result?: string }) => 'findings' in i && !i.result)).toBe(false);
    expect((await p.call('GET', '/api/v1/inspection-draws/341602.2027-01', { token: t.otherCounty })).status).toBe(403);

    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent('inspection-reads#341602.2027-01')}`, { token: t.auditor });
    expect(chain.status, chain.text).toBe(200);
    expect(chain.body).toMatchObject({ ok: true, length: 1 });
  });
});
