import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems, idNumber } from '../support/people.ts';
import { apply, checkReport, must, visit, HOME, type Staff } from './workflow-support.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { emergencyFor } from '../../shared/management/emergencies.ts';
import { priceLinkageFor } from '../../shared/management/price-linkage.ts';
import { drawInspection, drawInspector } from '../../shared/management/inspections.ts';
import { rosterKey, unpackRoster } from '../../shared/cases/roster.ts';

/**
 * Dynamic management (五)(六)(十)(十一)(十五)(二十三): a small city through a whole year — enrolments in
 * March, the Q2 review in April, visits in July, the Q4 reviews in October, a data match against a death
 * record, 渐退 to graduated exit, a random inspection, an emergency, price linkage, reserves and anchors.
 * Everything through the API and the dev job route, as staff and the scheduler would.
 */
let p: TestPlatform;
let s: Staff;
let s3: LocalS3;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
/** Tokens are short-lived against the gateway's clock: moving the clock mints them again, for the same people. */
async function mint(): Promise<void> {
  const t = (role: Parameters<TestPlatform['tokenFor']>[0], sub: string, scope: Record<string, string> = {}) => p.tokenFor(role, { sub, ...scope });
  const twp = { township: HOME.township };
  const cty = { county: HOME.county };
  s = {
    caseworker: await t('caseworker', 'mg-caseworker', twp),
    colleague: await t('caseworker', 'mg-colleague', twp),
    approver: await t('approver', 'mg-approver', twp),
    check: await t('check', 'mg-check', cty),
    county: await t('county', 'mg-county', cty),
    assistant: await t('assistant', 'mg-assistant', twp),
    education: await t('department', 'mg-education', { department: '市教育局' }),
    medicalInsurance: await t('department', 'mg-medical', { department: '市医保局' }),
    admin: await t('admin', 'mg-admin'),
    auditor: await t('auditor', 'mg-auditor'),
  };
}
const at = async (date: string) => {
  clock.set(`${date}T09:00:00+08:00`);
  await mint();
};

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s3 = await startS3();
  await mint();
});
afterAll(async () => {
  await s3?.stop();
  await p?.stop();
});

const area = { ...HOME, residence: 'urban', hukou: 'local' };
/** Two working adults on low pay: 低保 class C (no severe, no labour-incapable member). */
const dibaoC = (a: string, b: string) => ({
  type: 'dibao',
  applicant: { name: '王建国', idNumber: a, phone: '13800001234' },
  area,
  household: {
    members: [
      { name: '王建国', idNumber: a, relation: 'self', monthlyIncomeFen: 30000 },
      { name: '李秀英', idNumber: b, relation: 'spouse', monthlyIncomeFen: 20000 },
    ],
    assets: { financialFen: 100000, vehicles: 0, properties: 1 },
  },
  consent: { economicCheck: true },
});
/** The spouse seriously ill: class A. */
const dibaoA = (a: string, b: string) => {
  const body = dibaoC(a, b);
  body.household.members[1] = { ...body.household.members[1]!, illness: 'serious' } as (typeof body.household.members)[number];
  return body;
};
const tekun = (id: string, name: string) => ({
  type: 'tekun',
  applicant: { name, idNumber: id, phone: '13900002222' },
  area: { ...HOME, residence: 'rural', hukou: 'local' },
  household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
  consent: { economicCheck: true },
});

/** Application → 公示 (as of the clock); the caller closes publicity and approves. */
async function toPublicity(body: unknown, propose: Record<string, unknown> = {}) {
  const ref = await apply(p, body);
  await must(p, s.caseworker, ref, 'accept');
  await must(p, s.check, ref, 'recordCheck', checkReport(false));
  await must(p, s.caseworker, ref, 'recordVisit', visit(false));
  const proposed = await must(p, s.caseworker, ref, 'propose', propose);
  const shown = await must(p, s.caseworker, ref, 'publicize');
  return { ref, proposal: proposed.proposal, publicity: shown.publicity };
}

const tasks = async (status = 'open', token = s.caseworker) => {
  const res = await p.call('GET', `/api/v1/tasks?status=${status}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.items as { id: string; kind: string; reference: string; dueDate: string; overdue: boolean; evidence?: Record<string, unknown> }[];
};
const runItem = async (job: string, date: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `JOB#${job}`, sk: date } }))).Item;

const ids = {
  c: [idNumber('19800315', '511'), idNumber('19820420', '522')],
  a: [idNumber('19750101', '531'), idNumber('19760202', '542')],
  t1: idNumber('20090601', '551'),
  t2: idNumber('20100701', '561'),
};
const refs: Record<string, string> = {};

describe('a small city through a year', () => {
  it('enrols two 低保 households (C and A) and two 特困 persons (半护理 and 自理) in March', async () => {
    const c = await toPublicity(dibaoC(ids.c[0]!, ids.c[1]!));
    const a = await toPublicity(dibaoA(ids.a[0]!, ids.a[1]!));
    const t1 = await toPublicity(tekun(ids.t1, '刘小明'), { careLevel: 'half', supportMode: 'dispersed' });
    const t2 = await toPublicity(tekun(ids.t2, '赵小红'), { careLevel: 'self', supportMode: 'dispersed' });
    await p.runJob('publicity-close', '2026-03-09');
    await at('2026-03-09');
    for (const [k, r] of Object.entries({ c: c.ref, a: a.ref, t1: t1.ref, t2: t2.ref })) {
      const approved = await must(p, s.approver, r, 'approve');
      expect(approved.status).toBe('active');
      refs[k] = r;
    }
    const view = await p.call('GET', `/api/v1/cases/${refs.c}`, { token: s.caseworker });
    expect(view.body.enrolment.class).toBe('C');
  });

  it('1 April: a Q2 re-check only for the C-class household, due 30 June; twice creates nothing twice', async () => {
    const first = await p.runJob('dibao-q2-review', '2026-04-01');
    expect(first).toMatchObject({ scanned: 4, selected: 1 });
    const again = await p.runJob('dibao-q2-review', '2026-04-01');
    expect(again).toMatchObject({ scanned: 4, selected: 1 });
    const open = await tasks();
    expect(open.map((t) => [t.kind, t.reference, t.dueDate])).toEqual([['dibao-q2-review', refs.c, '2026-06-30']]);
    expect(await runItem('dibao-q2-review', '2026-04-01')).toMatchObject({ created: 1, existing: 1 });
  });

  it('1 July: a visit only for the 分散供养 person at 半护理; the overdue Q2 task is flagged for 督办', async () => {
    await p.runJob('tekun-visits', '2026-07-01');
    const open = await tasks();
    expect(open.filter((t) => t.kind === 'tekun-visit').map((t) => t.reference)).toEqual([refs.t1]);

    const watch = await p.runJob('deadline-watch', '2026-07-02');
    expect(watch).toMatchObject({ tasksOverdue: 1 });
    const supervision = await p.call('GET', '/api/v1/supervision?county=341602&date=2026-07-02', { token: s.county });
    expect(supervision.body.items.filter((i: { kind: string }) => i.kind === 'task').map((i: { reference: string }) => i.reference)).toEqual([refs.c]);
    expect(supervision.body.counts.find((c: { township: string }) => c.township === HOME.township).tasksOverdue).toBe(1);
    await at('2026-07-02');
    expect((await tasks()).find((t) => t.reference === refs.c)!.overdue).toBe(true);
    const county = await tasks('open', s.county);
    expect(county.length).toBe(2);
  });

  it('completes the Q2 re-check (continue) and the visit with a reassessment that raises the care level (adjust)', async () => {
    const q2 = (await tasks()).find((t) => t.kind === 'dibao-q2-review')!;
    const done = await p.call('POST', `/api/v1/tasks/${q2.id}/outcome`, { token: s.caseworker, body: { outcome: 'continue', findings: '家庭收入和人口无变化' } });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'active', task: { status: 'done' } });
    const twice = await p.call('POST', `/api/v1/tasks/${q2.id}/outcome`, { token: s.caseworker, body: { outcome: 'continue', findings: '家庭收入和人口无变化' } });
    expect(twice.status).toBe(409);

    const visitTask = (await tasks()).find((t) => t.kind === 'tekun-visit')!;
    const noAssessment = await p.call('POST', `/api/v1/tasks/${visitTask.id}/outcome`, { token: s.caseworker, body: { outcome: 'continue', findings: '已入户探访' } });
    expect(noAssessment.status).toBe(400);
    expect(noAssessment.body.errors[0].field).toBe('assessment');
    const before = (await p.call('GET', `/api/v1/cases/${refs.t1}`, { token: s.caseworker })).body.enrolment.monthlyAmountFen;
    const typed = await p.call('POST', `/api/v1/tasks/${visitTask.id}/outcome`, { token: s.caseworker, body: { outcome: 'adjust', findings: '卧床', monthlyAmountFen: 1 } });
    expect(typed.status).toBe(400);
    const adjusted = await p.call('POST', `/api/v1/tasks/${visitTask.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'adjust', findings: '已入户探访，本人近期卧床', assessment: { assessedOn: '2026-07-02', careLevel: 'full', assessor: '县失能评估小组' } },
    });
    expect(adjusted.status, adjusted.text).toBe(200);
    expect(adjusted.body.enrolment.careLevel).toBe('full');
    expect(adjusted.body.enrolment.monthlyAmountFen).toBeGreaterThan(before);
    const view = await p.call('GET', `/api/v1/cases/${refs.t1}`, { token: s.caseworker });
    expect(view.body.audit.at(-1).action).toBe('taskOutcome');
    const chain = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`case#${refs.t1}`)}`, { token: s.auditor });
    expect(chain.body.ok).toBe(true);
  });

  it('1 October: Q4 re-checks for every 低保 household and every 特困 person, due 31 December', async () => {
    await p.runJob('dibao-q4-review', '2026-10-01');
    await p.runJob('tekun-q4-review', '2026-10-01');
    await p.runJob('tekun-q4-review', '2026-10-01');
    const q4 = (await tasks()).filter((t) => t.kind.endsWith('q4-review'));
    expect(q4.map((t) => `${t.kind}:${t.reference}`).sort()).toEqual([`dibao-q4-review:${refs.a}`, `dibao-q4-review:${refs.c}`, `tekun-q4-review:${refs.t1}`, `tekun-q4-review:${refs.t2}`].sort());
    expect(new Set(q4.map((t) => t.dueDate))).toEqual(new Set(['2026-12-31']));
  });

  it('a county uploads a death list: malformed lists are refused whole, naming lines; a match becomes a re-check task', async () => {
    const before = await countItems(['DMLIST#', 'TASK#']);
    const bad = await p.call('POST', '/api/v1/data-match/lists', {
      token: s.county,
      headers: { 'idempotency-key': 'dm-bad-000001' },
      body: {
        kind: 'deaths',
        asOf: '2026-09-30',
        source: '谯城区殡仪馆火化名单',
        csv: `idNumber,date,detail\n${ids.a[1]},2026-09-20,火化\n341602198001011234,2026-09-21,火化\n${ids.c[0]},2026-13-01,火化`,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['csv:3', 'csv:4']);
    expect(await countItems(['DMLIST#', 'TASK#'])).toBe(before);

    const ok = await p.call('POST', '/api/v1/data-match/lists', {
      token: s.county,
      headers: { 'idempotency-key': 'dm-good-000001' },
      body: {
        kind: 'deaths',
        asOf: '2026-09-30',
        source: '谯城区殡仪馆火化名单（2026年9月）',
        csv: `idNumber,date,detail\n${ids.a[1]},2026-09-20,亳州市殡仪馆火化\n${idNumber('19500101', '571')},2026-09-22,亳州市殡仪馆火化\n`,
      },
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.lines).toBe(2);
    expect(JSON.stringify(await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `DMLIST#${ok.body.id}`, sk: 'LIST' } })))).not.toContain(ids.a[1]);

    expect(await p.runJob('data-match', '2026-10-02')).toMatchObject({ lists: 1, entries: 2, matches: 1, created: 1 });
    expect(await p.runJob('data-match', '2026-10-02')).toMatchObject({ created: 0, existing: 1 });
    const match = (await tasks()).find((t) => t.kind === 'data-match')!;
    expect(match.reference).toBe(refs.a);
    expect(match.evidence).toMatchObject({ kind: 'deaths', date: '2026-09-20', detail: '亳州市殡仪馆火化' });
    expect(JSON.stringify(match)).not.toContain(ids.a[1]);
  });

  it('ends the matched case with reasons and the 行政复议/诉讼 notice; the Q4 task of the same case then cannot be completed', async () => {
    await at('2026-10-10');
    const match = (await tasks()).find((t) => t.kind === 'data-match')!;
    const roster = async () => (await db().send(new GetCommand({ TableName: tableName(), Key: rosterKey(HOME.county, refs.a!), ConsistentRead: true }))).Item;
    expect(unpackRoster((await roster())!)).toMatchObject({ reference: refs.a, status: 'active' }); // paid every month until now
    const ended = await p.call('POST', `/api/v1/tasks/${match.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'end', findings: '经核实配偶已于9月去世，家庭人口和收入变化', reasons: ['家庭人均收入已高于当地低保标准'] },
    });
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body.status).toBe('ended');
    expect(await roster()).toBeUndefined(); // off the 发放名册 in the same transaction
    expect(ended.body.notice.text).toContain('行政复议');
    expect(ended.body.notice.text).toContain('终止');
    const q4 = (await tasks()).find((t) => t.reference === refs.a)!;
    const late = await p.call('POST', `/api/v1/tasks/${q4.id}/outcome`, { token: s.caseworker, body: { outcome: 'continue', findings: '无变化' } });
    expect(late.status).toBe(409);
  });

  it('渐退: the caseworker decides it for a member who found work; graduated-exit ends the case when it has run out', async () => {
    const q4 = (await tasks()).find((t) => t.kind === 'dibao-q4-review' && t.reference === refs.c)!;
    const notNeeded = await p.call('POST', `/api/v1/tasks/${q4.id}/outcome`, { token: s.caseworker, body: { outcome: 'taper', findings: '就业', members: [{ index: 0, monthlyIncomeFen: 40000 }] } });
    expect(notNeeded.status).toBe(409);
    expect(notNeeded.body.code).toBe('taper-not-needed');
    const taper = await p.call('POST', `/api/v1/tasks/${q4.id}/outcome`, {
      token: s.caseworker,
      body: { outcome: 'taper', findings: '户主已在园区就业，月工资1800元', members: [{ index: 0, monthlyIncomeFen: 180000 }] },
    });
    expect(taper.status, taper.text).toBe(200);
    expect(taper.body.taper).toMatchObject({ startedOn: '2026-10-10', months: 6, lastDay: '2027-04-09' });
    expect(await p.runJob('graduated-exit', '2027-04-01')).toMatchObject({ ended: 0 });
    expect(await p.runJob('graduated-exit', '2027-05-01')).toMatchObject({ ended: 1 });
    expect(await p.runJob('graduated-exit', '2027-05-01')).toMatchObject({ ended: 0 });
    const view = await p.call('GET', `/api/v1/cases/${refs.c}`, { token: s.caseworker });
    expect(view.body.status).toBe('ended');
    expect(view.body.ending.notice.text).toContain('行政诉讼');
    await at('2026-10-10');
  });
});

describe('双随机一公开 (二十三)', () => {
  let inspectorB: string;
  let caseworkerSub: string;
  let drawId: string;

  it('draws cases and inspectors reproducibly, never someone who handled the case', async () => {
    // A caseworker who also sits on the inspector list (a person can hold both posts).
    const view = await p.call('GET', `/api/v1/cases/${refs.t1}`, { token: s.caseworker });
    caseworkerSub = view.body.audit.find((e: { action: string }) => e.action === 'accept').actor.sub;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `STAFF#${caseworkerSub}`, sk: 'SCOPE' },
        UpdateExpression: 'SET #r = :r, county = :c',
        ExpressionAttributeNames: { '#r': 'roles' },
        ExpressionAttributeValues: { ':r': ['caseworker', 'inspector'], ':c': HOME.county },
      }),
    );
    inspectorB = await p.tokenFor('inspector', { county: HOME.county, sub: 'inspector-b-341602' });
    for (const sub of [caseworkerSub, 'inspector-b-341602']) {
      const reg = await p.call('POST', '/api/v1/inspectors', { token: s.county, body: { sub } });
      expect(reg.status, reg.text).toBe(201);
    }
    const notInspector = await p.call('POST', '/api/v1/inspectors', { token: s.county, body: { sub: 'nobody-here' } });
    expect(notInspector.status).toBe(422);

    const report = (await p.runJob('random-inspection', '2026-11-03')) as { drawn: number };
    expect(report.drawn).toBe(2); // t1 and t2 are the active cases left in 341602; the sample takes all of them
    expect(await p.runJob('random-inspection', '2026-11-03')).toMatchObject({ drawn: 0, existing: 1 });
    drawId = '341602.2026-11';
    const record = await p.call('GET', `/api/v1/inspection-draws/${drawId}`, { token: s.auditor });
    expect(record.status, record.text).toBe(200);
    expect(record.body.replayed).toBe(true);
    expect(drawInspection({ population: record.body.population, inspectors: record.body.inspectors, exclusions: record.body.exclusions, seed: record.body.seed, size: record.body.size })).toEqual(
      record.body.sample,
    );
    for (const d of record.body.sample) {
      expect(record.body.exclusions[d.reference]).toContain(caseworkerSub);
      expect(d.inspector).toBe('inspector-b-341602');
    }
  });

  it('never picks an excluded inspector, for any seed', () => {
    for (let i = 0; i < 500; i++) {
      const pick = drawInspector('QC-260302-0001-K', ['a', 'b', 'c', 'd'], ['b', 'c'], `seed-${i}`);
      expect(['a', 'd']).toContain(pick);
    }
    expect(drawInspector('QC-260302-0001-K', ['a'], ['a'], 'x')).toBeNull();
  });

  it('the inspector records findings; results are published per township with no personal data', async () => {
    const mine = await p.call('GET', '/api/v1/inspections/assigned', { token: inspectorB });
    expect(mine.body.items.length).toBe(2);
    const [first, second] = mine.body.items;
    const other = await p.tokenFor('inspector', { county: HOME.county });
    expect((await p.call('POST', `/api/v1/inspections/${first.id}/findings`, { token: other, body: { result: 'compliant', findings: '材料齐全' } })).status).toBe(403);
    expect((await p.call('POST', `/api/v1/inspections/${first.id}/findings`, { token: inspectorB, body: { result: 'compliant', findings: '材料齐全，待遇与规则计算一致' } })).status).toBe(200);
    const irregular = await p.call('POST', `/api/v1/inspections/${second.id}/findings`, { token: inspectorB, body: { result: 'irregular', findings: '探访记录缺少签字', issues: ['records'] } });
    expect(irregular.status, irregular.text).toBe(200);
    expect((await tasks()).some((t) => t.kind === 'inspection' && t.reference === second.reference)).toBe(true);
    const published = await p.call('GET', '/api/v1/inspections?county=341602');
    expect(published.status).toBe(200);
    const row = published.body.draws[0].townships.find((t: { township: string }) => t.township === HOME.township);
    expect(row).toMatchObject({ drawn: 2, inspected: 2, compliant: 1, irregular: 1, issues: { records: 1 } });
    for (const secret of [ids.t1, ids.t2, '刘小明', '赵小红', refs.t1, refs.t2]) expect(published.text).not.toContain(secret);
  });
});

describe('emergency mode (十五)', () => {
  it('an admin declares an emergency: the next calculation in the area is raised, with a shortened 公示; not after its end', async () => {
    const declared = await p.call('POST', '/api/v1/emergencies', {
      token: s.admin,
      headers: { 'idempotency-key': 'emergency-2026-11-001' },
      body: {
        area: '341602',
        title: '谯城区洪涝灾害',
        startDate: '2026-11-01',
        endDate: '2026-11-30',
        raise: { standards: ['dibao', 'tekun'], multiplierBp: 12000 },
        livingSubsidy: true,
        simplifiedProcedure: { publicityDays: 3 },
        source: '谯政〔2026〕88号',
      },
    });
    expect(declared.status, declared.text).toBe(201);
    expect(declared.body.id).toBe('341602.2026-11-01');
    const overlap = await p.call('POST', '/api/v1/emergencies', {
      token: s.admin,
      headers: { 'idempotency-key': 'emergency-2026-11-002' },
      body: { area: '341602', title: '又一次', startDate: '2026-11-15', livingSubsidy: false, source: '谯政〔2026〕89号' },
    });
    expect(overlap.status).toBe(409);

    await at('2026-11-10');
    const during = await toPublicity(dibaoC(idNumber('19850101', '611'), idNumber('19860101', '622')));
    // (80000 × 1.2 − 25000) × 2 instead of (80000 − 25000) × 2
    expect(during.proposal.monthlyAmountFen).toBe(142000);
    expect(JSON.stringify(during.proposal.trace)).toContain('谯城区洪涝灾害');
    expect(during.publicity.days).toBe(3);
    expect(await emergencyFor(HOME.township, '2026-11')).toMatchObject({ livingSubsidy: true, raise: { multiplierBp: 12000 }, daysCovered: 30 });

    await at('2026-12-05');
    const after = await toPublicity(dibaoC(idNumber('19870101', '631'), idNumber('19880101', '642')));
    expect(after.proposal.monthlyAmountFen).toBe(110000);
    expect(after.publicity.days).toBe(7);
    expect(await emergencyFor(HOME.township, '2026-12')).toBeUndefined();
  });

  it('a city-wide declaration is revoked early: it stops after the revocation day', async () => {
    const city = await p.call('POST', '/api/v1/emergencies', {
      token: s.admin,
      headers: { 'idempotency-key': 'emergency-city-0001' },
      body: { area: '341600', title: '寒潮', startDate: '2026-12-20', livingSubsidy: true, source: '亳政〔2026〕12号' },
    });
    expect(city.status, city.text).toBe(201);
    const revoked = await p.call('POST', `/api/v1/emergencies/${city.body.id}/revocation`, { token: s.admin, body: { lastDay: '2026-12-31', reason: '寒潮结束', source: '亳政〔2027〕1号' } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.endDate).toBe('2026-12-31');
    expect(await emergencyFor('341621001', '2026-12')).toMatchObject({ title: '寒潮', daysCovered: 12 });
    expect(await emergencyFor('341621001', '2027-01')).toBeUndefined();
    const listed = await p.call('GET', '/api/v1/emergencies');
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual(['341600.2026-12-20', '341602.2026-11-01']);
  });
});

describe('price linkage (五)(十五), reserves (十一), audit anchors', () => {
  it('proposes the price-linked subsidy when the trigger is met; the admin confirms; the payment run can read it', async () => {
    expect((await p.call('POST', '/api/v1/price-index', { token: s.admin, body: { month: '2026-11', cpiYoYBp: 360, foodCpiYoYBp: 420, source: '国家统计局2026年11月CPI' } })).status).toBe(201);
    expect((await p.call('POST', '/api/v1/price-index', { token: s.admin, body: { month: '2026-11', cpiYoYBp: 100, foodCpiYoYBp: 100, source: '重复' } })).status).toBe(409);
    expect(await p.runJob('price-linkage-check', '2026-12-16')).toMatchObject({ month: '2026-11', triggered: true, proposed: true });
    expect(await p.runJob('price-linkage-check', '2026-12-16')).toMatchObject({ proposed: false });
    expect(await priceLinkageFor('2026-11')).toBeUndefined();
    const alerts = await p.call('GET', '/api/v1/alerts', { token: s.admin });
    expect(alerts.body.items.some((a: { kind: string }) => a.kind === 'price-linkage')).toBe(true);
    const confirmed = await p.call('POST', '/api/v1/price-linkage/2026-11/confirmation', { token: s.admin, body: { decision: 'confirm', source: '亳发改价格〔2026〕30号' } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(await priceLinkageFor('2026-11')).toMatchObject({ status: 'confirmed', indices: { cpiYoYBp: 360, foodCpiYoYBp: 420 } });
    expect((await p.call('POST', '/api/v1/price-linkage/2026-11/confirmation', { token: s.admin, body: { decision: 'decline', source: 'x文件' } })).status).toBe(409);
  });

  it('alerts a county whose relief reserve is under 200,000 yuan, and the ones never recorded', async () => {
    const rec = await p.call('POST', '/api/v1/reserves', { token: s.county, body: { area: '341602', valueFen: 15_000_000, asOf: '2026-12-20' } });
    expect(rec.status, rec.text).toBe(201);
    expect(rec.body).toMatchObject({ ok: false, shortfallFen: 5_000_000 });
    expect((await p.call('POST', '/api/v1/reserves', { token: s.county, body: { area: '341621', valueFen: 30_000_000, asOf: '2026-12-20' } })).status).toBe(403);
    expect((await p.call('POST', '/api/v1/reserves', { token: s.admin, body: { area: '341600', valueFen: 30_000_000, asOf: '2026-12-20' } })).status).toBe(201);
    expect(await p.runJob('reserve-check', '2027-01-01')).toMatchObject({ checked: 5, short: 1, missing: 3 });
    const alerts = await p.call('GET', '/api/v1/alerts', { token: s.county });
    expect(alerts.body.items.filter((a: { kind: string }) => a.kind === 'reserve').map((a: { shortfallFen: number }) => a.shortfallFen)).toEqual([5_000_000]);
  });

  it('anchors every chain head to the audit-anchors bucket, once a day, and catches a rewritten head', async () => {
    const first = (await p.runJob('audit-anchor', '2027-01-02')) as { written: boolean; chains: number; verified: { broken: unknown[] } };
    expect(first.written).toBe(true);
    expect(first.chains).toBeGreaterThan(10);
    expect(first.verified.broken).toEqual([]);
    expect(await p.runJob('audit-anchor', '2027-01-02')).toMatchObject({ written: false });
    const head = { pk: `AUDIT#case#${refs.t2}`, sk: 'HEAD' };
    const item = (await db().send(new GetCommand({ TableName: tableName(), Key: head }))).Item!;
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...item, hash: 'f'.repeat(64) } }));
    const next = (await p.runJob('audit-anchor', '2027-01-03')) as { verified: { broken: { aggregate: string }[] } };
    expect(next.verified.broken.map((b) => b.aggregate)).toEqual([`case#${refs.t2}`]);
    await db().send(new PutCommand({ TableName: tableName(), Item: item }));
  });
});

describe('bad input', () => {
  const bodies: unknown[] = [
    null,
    [],
    'x',
    42,
    {},
    { unknown: 1 },
    { outcome: 'end' },
    { area: '999999' },
    { month: '2026-13' },
    { csv: 5 },
    { kind: 'deaths', asOf: 'x', source: 'y', csv: 'z' },
    { valueFen: -1 },
  ];
  it('answers generated bad bodies with 4xx and writes nothing', async () => {
    const routes: [string, string, string | undefined][] = [
      ['POST', `/api/v1/tasks/dibao-q4-review.2026-Q4.${refs.t2}/outcome`, s.caseworker],
      ['POST', '/api/v1/tasks/not-a-task/outcome', s.caseworker],
      ['POST', '/api/v1/data-match/lists', s.county],
      ['POST', '/api/v1/inspectors', s.county],
      ['POST', '/api/v1/inspections/341602.2026-11.X/findings', undefined],
      ['POST', '/api/v1/emergencies', s.admin],
      ['POST', '/api/v1/emergencies/341602.2026-11-01/revocation', s.admin],
      ['POST', '/api/v1/price-index', s.admin],
      ['POST', '/api/v1/price-linkage/2026-11/confirmation', s.admin],
      ['POST', '/api/v1/reserves', s.county],
    ];
    const prefixes = ['TASK#', 'DMLIST#', 'INSP', 'EMERGENCY#', 'PRICE', 'RESERVE#', 'ALERT#', 'AUDIT#', 'APP#', 'IDEM#'];
    const before = await countItems(prefixes);
    for (const [method, path, token] of routes) {
      for (const body of bodies) {
        const res = await p.call(method, path, { body, ...(token ? { token } : {}), headers: { 'idempotency-key': `bad-${Math.random().toString(36).slice(2, 12)}` } });
        expect(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${JSON.stringify(body)} → ${res.text}`).toBeLessThan(500);
      }
    }
    expect(await countItems(prefixes)).toBe(before);
  });
});
