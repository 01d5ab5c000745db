import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { registryKeys } from '../../shared/registry/store.ts';
import { idem } from './payments-support.ts';

/**
 * 流浪乞讨人员救助 (十四), the whole journey through the gateway: intake without an ID number (a provisional person
 * in the registry), board and care within the care period (extended with a reason), 寻亲 step by step, identity
 * found → 返乡 with a follow-up task for the home township, which records it; and for someone never identified:
 * 落户安置 after the stay, then 特困 where the rules (六) find them eligible. Each step checks its role and state.
 */
let p: TestPlatform;
const clock = new TestClock('2027-01-04T09:00:00+08:00');
const STATION = '救助管理机构（民政部门）';
const FOUND = { county: '341602', township: '341602001' };
const HOME = { county: '341622', township: '341622001' };
const token: Record<string, string> = {};

async function at(iso: string) {
  clock.set(iso);
  token.station = await p.tokenFor('department', { department: STATION, sub: 'station-1' });
  token.education = await p.tokenFor('department', { department: '市教育局', sub: 'edu-1' });
  token.caseworker = await p.tokenFor('caseworker', { township: FOUND.township, sub: 'cw-found' });
  token.home = await p.tokenFor('caseworker', { township: HOME.township, sub: 'cw-home' });
}
const step = (id: string, name: string, body: unknown, t = token.station) => p.call('POST', `/api/v1/stranded-cases/${id}/${name}`, { token: t!, body });
const intake = (body: Record<string, unknown> = {}) =>
  p.call('POST', '/api/v1/stranded-cases', {
    token: token.station!,
    headers: idem(),
    body: { foundAt: { ...FOUND, on: '2027-01-03', place: '火车站广场' }, description: '男性，约60岁，衣着单薄，不能说清来处', ...body },
  });

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2027-01-04T09:00:00+08:00');
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

describe('流浪乞讨人员救助 (十四)', () => {
  const returning = idNumber('19660606', '701', HOME.county);
  let a: string;
  let b: string;

  it('takes in a person without an ID number as a provisional person; only the station may', async () => {
    expect((await p.call('POST', '/api/v1/stranded-cases', { token: token.caseworker!, headers: idem(), body: {} })).status).toBe(403);
    const other = await p.call('POST', '/api/v1/stranded-cases', { token: token.education!, headers: idem(), body: { foundAt: { ...FOUND, on: '2027-01-03', place: '车站' }, description: '情况' } });
    expect(other.status, other.text).toBe(403);
    const res = await intake();
    expect(res.status, res.text).toBe(201);
    a = res.body.id;
    expect(res.body).toMatchObject({
      status: 'inCare',
      name: '无名氏',
      provisionalPerson: true,
      identified: false,
      deadlines: { careUntil: '2027-01-13', tracingNoticeBy: '2027-01-05', settlementFrom: '2027-04-04' },
    });
    const profile = (await db().send(new GetCommand({ TableName: tableName(), Key: registryKeys.person(`prov-${a}-0`), ConsistentRead: true }))).Item;
    expect(profile).toMatchObject({ provisional: true, name: '无名氏' });
    b = (await intake({ description: '女性，约75岁，言语不清' })).body.id;
    // The station's queue: both open, the 寻亲公告 due, names masked.
    const queue = await p.call('GET', '/api/v1/stranded-cases', { token: token.station! });
    expect(queue.status, queue.text).toBe(200);
    expect(queue.body.items.filter((i: { id: string }) => i.id === a || i.id === b)).toHaveLength(2);
    expect(queue.body.items.find((i: { id: string }) => i.id === a)).toMatchObject({
      name: '无*氏',
      careUntil: '2027-01-13',
      careOverdue: false,
      tracingNoticeDue: '2027-01-05',
      tracingNoticeOverdue: false,
    });
  });

  it('board and care within the care period, then only with an extension and its reason', async () => {
    expect((await step(a, 'care', { services: ['board', 'lodging', 'medical'], note: '安排食宿，测量血压' })).status).toBe(200);
    await at('2027-01-20T09:00:00+08:00');
    const over = await step(a, 'care', { services: ['board'], note: '继续食宿' });
    expect(over.status, over.text).toBe(409);
    expect(over.body.code).toBe('care-period-over');
    expect((await step(a, 'care', { services: ['board'], note: '继续食宿', extendTo: '2027-01-31' })).status).toBe(400);
    const extended = await step(a, 'care', { services: ['board', 'care'], note: '继续食宿', extendTo: '2027-01-31', reason: '寻亲线索待公安核实' });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body.deadlines.careUntil).toBe('2027-01-31');
  });

  it('寻亲 step by step; the identity found, 返乡 with a follow-up task the home township records', async () => {
    const early = await step(a, 'returnHome', { escort: '工作人员护送' });
    expect(early.status).toBe(409);
    expect(early.body.allowed).toEqual(['identified']);
    expect((await step(a, 'trace', { method: 'interview', outcome: 'notFound', note: '甄别询问，自述姓王' })).status).toBe(200);
    const notice = await step(a, 'trace', { method: 'notice', outcome: 'pending', note: '全国救助寻亲网站发布寻亲公告' });
    expect(notice.body.tracing[1]).toMatchObject({ n: 2, method: 'notice', late: true }); // due 2027-01-05, published 01-20
    expect((await step(a, 'trace', { method: 'police', outcome: 'found', note: '公安机关人像比对查明身份' })).status).toBe(200);
    const identified = await step(a, 'identify', { idNumber: returning, home: HOME, name: '王大力' });
    expect(identified.status, identified.text).toBe(200);
    expect(identified.body).toMatchObject({ status: 'identified', identified: true, provisionalPerson: false, home: HOME });
    expect(identified.text).not.toContain(returning);
    const prov = (await db().send(new GetCommand({ TableName: tableName(), Key: registryKeys.person(`prov-${a}-0`), ConsistentRead: true }))).Item;
    expect(prov?.mergedInto).toBe(identified.body.person);

    const back = await step(a, 'returnHome', { escort: '工作人员护送乘火车至蒙城县' });
    expect(back.status, back.text).toBe(200);
    expect(back.body.status).toBe('returned');
    const tasks = await p.call('GET', '/api/v1/tasks?status=open', { token: token.home! });
    const task = tasks.body.items.find((t: { kind: string; reference: string }) => t.kind === 'stranded-followup' && t.reference === a);
    expect(task).toMatchObject({ kindLabel: '流浪乞讨返乡人员后续帮扶', township: HOME.township, dueDate: back.body.deadlines.followUpBy });
    const done = await p.call('POST', `/api/v1/tasks/${task.id}/outcome`, { token: token.home!, body: { outcome: 'continue', findings: '已入户回访，协助申请临时救助' } });
    expect(done.status, done.text).toBe(200);
    expect(done.body.task.status).toBe('done');
    expect((await p.call('GET', `/api/v1/stranded-cases/${a}`, { token: token.station! })).text).not.toContain(returning);
    // Returned: off the station's queue of open cases.
    const queue = await p.call('GET', '/api/v1/stranded-cases', { token: token.station! });
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(a);
    expect(queue.body.items.find((i: { id: string }) => i.id === b)).toMatchObject({ careOverdue: true, tracingNoticeOverdue: true });
  });

  it('someone with an ID number and a home township is identified at intake and can go home at once', async () => {
    const id = idNumber('19900909', '703', HOME.county);
    const res = await intake({ name: '赵小青', idNumber: id, home: HOME, description: '务工不着，钱物被盗，临时遇困' });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'identified', identified: true, provisionalPerson: false });
    expect(res.text).not.toContain(id);
    const back = await step(res.body.id, 'returnHome', { escort: '购买返乡车票' });
    expect(back.status, back.text).toBe(200);
    // Without the home township the ID number alone does not make the case identified.
    const noHome = await intake({ idNumber: idNumber('19910101', '704', HOME.county), description: '只记得身份证号码' });
    expect(noHome.body.status).toBe('inCare');
  });

  it('never identified: 落户安置 only after the stay and a full 寻亲, then 特困 where the person qualifies (六)', async () => {
    const tooEarly = await step(b, 'settle', { township: FOUND.township, note: '安置' });
    expect(tooEarly.status).toBe(409);
    await at('2027-04-06T09:00:00+08:00');
    const incomplete = await step(b, 'settle', { township: FOUND.township, note: '安置' });
    expect(incomplete.body.code).toBe('tracing-incomplete');
    await step(b, 'trace', { method: 'notice', outcome: 'notFound', note: '寻亲公告期满无人认领' });
    await step(b, 'trace', { method: 'police', outcome: 'notFound', note: 'DNA比对无结果' });
    const settledId = idNumber('19520202', '702', FOUND.county);
    const settled = await step(b, 'settle', { township: FOUND.township, idNumber: settledId, note: '落户至谯城区，集中供养' });
    expect(settled.status, settled.text).toBe(200);
    expect(settled.body.status).toBe('settled');
    const moved = await step(b, 'transferTekun', { residence: 'urban', phone: '05585551234' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.status).toBe('transferred');
    const app = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(moved.body.tekun.reference), ConsistentRead: true }))).Item;
    expect(app).toMatchObject({ type: 'tekun', status: 'submitted', area: { township: FOUND.township } });
  });
});
