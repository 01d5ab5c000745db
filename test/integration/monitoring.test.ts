import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, must, HOME, OTHER_COUNTY, OTHER_TOWNSHIP } from './workflow-support.ts';
import { FEED_FORMATS, headerOf } from '../../shared/monitoring/formats.ts';
import { FEED_SOURCE_IDS } from '../../shared/contract/monitoring.ts';
import { addWorkingDays } from '../../shared/calendar/working-days.ts';

/**
 * 政策找人 (issue 21) through the real gateway and queue against DynamoDB Local: the low-income register,
 * each department feed accepted and refused line by line, a 医保 feed raising one explained alert (and
 * none again), the visit outcome with a pre-filled application that still needs consent, and an
 * unvisited alert in 督办 and 今日工作.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const t: Record<string, string> = {};
const idem = () => ({ 'idempotency-key': randomUUID() });

async function mint() {
  Object.assign(t, {
    caseworker: await p.tokenFor('caseworker', { sub: 'mon-cw', township: HOME.township }),
    otherCaseworker: await p.tokenFor('caseworker', { sub: 'mon-cw2', township: OTHER_TOWNSHIP.township }),
    county: await p.tokenFor('county', { sub: 'mon-county', county: HOME.county }),
    medical: await p.tokenFor('department', { sub: 'mon-yibao', county: HOME.county, department: '谯城区医疗保障局' }),
    otherMedical: await p.tokenFor('department', { sub: 'mon-yibao2', county: OTHER_COUNTY.county, department: '涡阳县医疗保障局' }),
  });
}
const at = async (date: string) => {
  clock.set(`${date}T09:00:00+08:00`);
  await mint();
};

const ids = { poor: idNumber('19600304', '611'), spouse: idNumber('19620105', '622'), richer: idNumber('19690811', '633'), stranger: idNumber('19800101', '644') };
const dibao = (members: { name: string; id: string; income: number; relation?: string }[]) => ({
  type: 'dibao',
  applicant: { name: members[0]!.name, idNumber: members[0]!.id, phone: '13800005678' },
  area: { ...HOME, residence: 'urban', hukou: 'local' },
  household: {
    members: members.map((m, i) => ({ name: m.name, idNumber: m.id, relation: m.relation ?? (i === 0 ? 'self' : 'spouse'), monthlyIncomeFen: m.income })),
    assets: { financialFen: 0, vehicles: 0, properties: 1 },
  },
  consent: { economicCheck: true },
});
const hh: Record<string, string> = {};

const register = (householdId: string, body: unknown, token = t.caseworker) => p.call('POST', `/api/v1/households/${householdId}/register`, { body, token, headers: idem() });
const feed = (body: unknown, token = t.medical) => p.call('POST', '/api/v1/monitoring/feeds', { body, token, headers: idem() });
const csv = (source: (typeof FEED_SOURCE_IDS)[number], rows: string[][]) => [headerOf(source), ...rows.map((r) => r.join(','))].join('\r\n');

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await mint();
  for (const [k, body] of [
    [
      'poor',
      dibao([
        { name: '孙桂兰', id: ids.poor, income: 60000 },
        { name: '李守成', id: ids.spouse, income: 40000 },
      ]),
    ],
    ['richer', dibao([{ name: '钱德明', id: ids.richer, income: 300000 }])],
  ] as const) {
    const ref = await apply(p, body);
    const accepted = await must(p, t.caseworker, ref, 'accept');
    hh[k] = accepted.registry.householdId;
  }
});
afterAll(async () => p?.stop());

describe('the low-income register', () => {
  it('enters a 低保边缘 household with the figures behind it, refuses one over the line, records leaving with its reason', async () => {
    const entered = await register(hh.poor!, { action: 'enter', class: 'marginal', reason: '入户评估：夫妻二人均年老体弱', since: '2026-03-01', entry: { by: 'assessment' } });
    expect(entered.status, entered.text).toBe(200);
    expect(entered.body).toMatchObject({ class: 'marginal', classLabel: '低保边缘家庭', status: 'active', since: '2026-03-01', entry: { by: 'assessment', label: '经乡镇（街道）评估' } });
    // 500 元 a head, under 1.5 × the example 800 元 standard.
    expect(entered.body.reason).toContain('家庭月人均收入 500.00 元，低于低保边缘线 1,200.00 元');

    const again = await register(hh.poor!, { action: 'enter', class: 'marginal', reason: '重复登记', since: '2026-03-02', entry: { by: 'assessment' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already-registered');

    const over = await register(hh.richer!, { action: 'enter', class: 'marginal', reason: '评估', since: '2026-03-01', entry: { by: 'assessment' } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('not-marginal');
    expect(over.body.detail).toContain('3,000.00 元');

    const rigid = await register(hh.richer!, {
      action: 'enter',
      class: 'rigidSpending',
      reason: '子女重病，医疗支出大',
      since: '2026-02-15',
      entry: { by: 'application', reference: 'QC-341602-20260302-0002' },
    });
    expect(rigid.status, rigid.text).toBe(200);
    const early = await register(hh.richer!, { action: 'leave', class: 'rigidSpending', reason: '病愈', on: '2026-02-01' });
    expect(early.status).toBe(409);
    const left = await register(hh.richer!, { action: 'leave', class: 'rigidSpending', reason: '子女病愈，支出恢复正常', on: '2026-03-02' });
    expect(left.status, left.text).toBe(200);
    expect(left.body).toMatchObject({ status: 'left', left: { on: '2026-03-02', reason: '子女病愈，支出恢复正常', by: 'mon-cw' } });
    // The 户档案 shows both, with why and since when.
    const file = await p.call('GET', `/api/v1/households/${hh.richer}`, { token: t.caseworker });
    expect(file.body.lowIncome).toMatchObject([{ class: 'rigidSpending', status: 'left', since: '2026-02-15', entry: { by: 'application', label: '经申请认定' } }]);
    // Entry from an alert needs an alert of this household; by application, its reference.
    const noAlert = await register(hh.richer!, {
      action: 'enter',
      class: 'county',
      label: '支出型困难家庭',
      reason: '预警核实',
      since: '2026-03-02',
      entry: { by: 'alert', alertId: 'medical-self-pay.H-X.202602' },
    });
    expect(noAlert.status).toBe(400);
    expect(noAlert.body.errors[0].field).toBe('entry.alertId');
    const noRef = await register(hh.richer!, { action: 'enter', class: 'marginal', reason: '申请', since: '2026-03-02', entry: { by: 'application' } });
    expect(noRef.body.errors[0].field).toBe('entry.reference');

    // Another township's caseworker cannot reach the household; a bad class is named.
    expect((await register(hh.poor!, { action: 'leave', class: 'marginal', reason: '退出理由', on: '2026-03-02' }, t.otherCaseworker)).status).toBe(403);
    const bad = await register(hh.poor!, { action: 'enter', class: 'rich', reason: '理由', since: '2026-03-01', entry: { by: 'assessment' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('class');
  });
});

describe('department feeds', () => {
  const good: Record<(typeof FEED_SOURCE_IDS)[number], string[]> = {
    medical: [ids.stranger, '2026-02', '500'],
    disability: [ids.stranger, '2026-02-10', 'physical', '3'],
    employment: [ids.stranger, '2026-02-11', 'unemployed'],
    education: [ids.stranger, '2026-02-12', 'hardship'],
    police: [ids.stranger, '2026-02-13', 'moveOut'],
    housing: [ids.stranger, '2026-02-14', 'C'],
    disaster: [ids.stranger, '2026-02-15', '100'],
  };

  it.each(FEED_SOURCE_IDS)('accepts a %s feed in its published format and records source, basis and uploader', async (source) => {
    const res = await feed({ source, asOf: '2026-02-28', document: '谯城区数据共享协议〔2026〕1号', csv: csv(source, [good[source]]) });
    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ source, lines: 1, status: 'received', sourceLabel: FEED_FORMATS[source].label });
    await p.queues.drain();
    const view = await p.call('GET', `/api/v1/monitoring/feeds/${res.body.id}`, { token: t.medical });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'matched', uploadedBy: 'mon-yibao', department: '谯城区医疗保障局', legalBasis: FEED_FORMATS[source].legalBasis, result: { matched: 0, raised: 0 } });
    expect(view.text).not.toContain(ids.stranger);
    // Another county's department gets the same 404 as no feed.
    expect((await p.call('GET', `/api/v1/monitoring/feeds/${res.body.id}`, { token: t.otherMedical })).status).toBe(404);
  });

  it('refuses a feed whole, naming each bad line and column', async () => {
    const wrongId = `${ids.stranger.slice(0, 17)}${ids.stranger.endsWith('0') ? '1' : '0'}`;
    const res = await feed({
      source: 'disability',
      asOf: '2026-02-28',
      document: '共享协议',
      csv: csv('disability', [
        [ids.poor, '2026-02-10', 'physical', '1'],
        [wrongId, '2026-02-30', 'arm', '5'],
        [ids.spouse, '2026-02-10', 'visual'],
      ]),
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('feed-refused');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(['csv:3.idNumber', 'csv:3.certifiedOn', 'csv:3.category', 'csv:3.grade', 'csv:4']);
    expect(res.body.errors[4].message).toContain('第4行：应有4列');
    expect(res.text).not.toContain(wrongId);

    const header = await feed({ source: 'medical', asOf: '2026-02-28', document: '共享协议', csv: 'id,month,amount\r\n' });
    expect(header.status).toBe(400);
    expect(header.body.errors[0].field).toBe('csv:1');
    const quote = await feed({ source: 'medical', asOf: '2026-02-28', document: '共享协议', csv: `${headerOf('medical')}\r\n${ids.poor},2026-02,"38400\r\n` });
    expect(quote.status).toBe(400);
    expect(quote.body.errors.at(-1).field).toBe('csv:2');
    // Nothing was kept: no alert for the good line of the refused disability feed.
    await p.queues.drain();
    const alerts = await p.call('GET', '/api/v1/monitoring/alerts', { token: t.caseworker });
    expect(alerts.body.items).toEqual([]);
  });
});

describe('from a 医保 feed to help', () => {
  let alertId: string;
  const medicalCsv = csv('medical', [
    [ids.spouse, '2026-02', '38400'],
    [ids.stranger, '2026-02', '99000'],
    [ids.richer, '2026-02', '90000'],
  ]);

  it('raises one explained alert for the household over the threshold, and none again for the same facts', async () => {
    const res = await feed({ source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议〔2026〕3号', csv: medicalCsv });
    expect(res.status, res.text).toBe(202);
    await p.queues.drain();
    const view = await p.call('GET', `/api/v1/monitoring/feeds/${res.body.id}`, { token: t.county });
    // The spouse is on the register (the household is); the stranger is not; the richer household left it.
    expect(view.body.result).toMatchObject({ matched: 1, raised: 1, existing: 0 });

    const list = await p.call('GET', '/api/v1/monitoring/alerts', { token: t.caseworker });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const a = list.body.items[0];
    alertId = a.id;
    expect(a).toMatchObject({ rule: 'medical-self-pay', householdId: hh.poor, township: HOME.township, raisedOn: '2026-03-02', status: 'open', overdue: false });
    expect(a.dueDate).toBe(addWorkingDays('2026-03-02', 10));
    // The figures: 38,400 元 paid against a yearly income of 12,000 元 (1,000 元 a month).
    expect(a.explanation).toBe('截至2026-02，近12个月个人自付医疗费用 38,400.00 元，占家庭年收入 12,000.00 元的 320%，超过预警线（自付 10,000.00 元 以上且占家庭年收入 40% 以上）。');
    expect(list.text).not.toContain(ids.spouse);

    // The same content again is the same feed; another file with the same facts raises nothing new.
    const same = await feed({ source: 'medical', asOf: '2026-02-28', document: '医保数据共享协议〔2026〕3号', csv: medicalCsv });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: res.body.id, duplicate: true });
    const reordered = await feed({
      source: 'medical',
      asOf: '2026-03-01',
      document: '医保数据共享协议〔2026〕3号（补传）',
      csv: csv('medical', [
        [ids.poor, '2026-02', '38400'],
        [ids.spouse, '2026-02', '38400'],
      ]),
    });
    expect(reordered.status).toBe(202);
    await p.queues.drain();
    const second = await p.call('GET', `/api/v1/monitoring/feeds/${reordered.body.id}`, { token: t.county });
    expect(second.body.result).toMatchObject({ matched: 2, raised: 0, existing: 1 });
    expect((await p.call('GET', '/api/v1/monitoring/alerts', { token: t.caseworker })).body.items).toHaveLength(1);
  });

  it('says what the household may qualify for, by the rules on what the registry holds', async () => {
    const one = await p.call('GET', `/api/v1/monitoring/alerts/${alertId}`, { token: t.caseworker });
    expect(one.status, one.text).toBe(200);
    expect(one.body.qualifies.map((q: { type: string }) => q.type)).toEqual(['linshi', 'dibao', 'medical']);
    const linshi = one.body.qualifies[0];
    expect(linshi.eligible).toBe(true);
    expect(linshi.oneOffAmountFen).toBeGreaterThan(0);
    expect(one.body.parameters.map((x: { id: string; example: boolean }) => [x.id, x.example])).toEqual([
      ['monitoring.visitWorkingDays', true],
      ['monitoring.medical.selfPayMinFen', true],
      ['monitoring.medical.incomeShareBp', true],
    ]);
    expect(one.body.register).toMatchObject([{ class: 'marginal', status: 'active' }]);
    expect((await p.call('GET', `/api/v1/monitoring/alerts/${alertId}`, { token: t.otherCaseworker })).status).toBe(403);
  });

  it('an alert not visited by its due date is in 督办 and 今日工作', async () => {
    const overdueOn = addWorkingDays(addWorkingDays('2026-03-02', 10), 1);
    await at(overdueOn);
    await p.runJob('deadline-watch', overdueOn);
    const watch = await p.call('GET', `/api/v1/supervision?county=${HOME.county}&date=${overdueOn}`, { token: t.county });
    expect(watch.status, watch.text).toBe(200);
    expect(watch.body.items.filter((i: { kind: string }) => i.kind === 'alert')).toMatchObject([{ id: alertId, flag: 'overdue', stepLabel: '入户走访核实' }]);
    expect(watch.body.counts.find((c: { township: string }) => c.township === HOME.township)).toMatchObject({ alertsOverdue: 1 });
    const today = await p.call('GET', '/api/v1/today', { token: t.caseworker });
    expect(today.status, today.text).toBe(200);
    expect(today.body.alerts).toMatchObject([{ id: alertId, flag: 'overdue' }]);
    expect(today.body.alertCounts).toMatchObject({ open: 1, overdue: 1 });
  });

  it('the visit outcome closes it and starts an application pre-filled from the registry that still needs consent', async () => {
    const path = `/api/v1/monitoring/alerts/${alertId}/outcome`;
    const noReason = await p.call('POST', path, { token: t.caseworker, headers: idem(), body: { outcome: 'notInNeed', visitedOn: '2026-03-10', findings: '入户核实' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reasons');
    const done = await p.call('POST', path, {
      token: t.caseworker,
      headers: idem(),
      body: { outcome: 'assisted', visitedOn: '2026-03-10', findings: '入户核实：李守成住院治疗，自付费用属实', apply: { type: 'linshi', phone: '13900001111' } },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'closed', outcome: { outcome: 'assisted' }, application: { status: 'reported', needs: 'consent' } });
    const reference = done.body.application.reference as string;

    const c = await p.call('GET', `/api/v1/cases/${reference}`, { token: t.caseworker });
    expect(c.status, c.text).toBe(200);
    expect(c.body.status).toBe('reported');
    expect(c.body.type).toBe('linshi');
    expect(c.text).toContain('孙桂兰');
    expect(c.text).toContain('李守成');
    expect(c.body.hardship).toMatchObject({ kind: 'expenditure', amountFen: 3840000 });

    const again = await p.call('POST', path, { token: t.caseworker, headers: idem(), body: { outcome: 'unreachable', visitedOn: '2026-03-11', findings: '再次走访', reasons: ['无人'] } });
    expect(again.status).toBe(409);
    const closed = await p.call('GET', '/api/v1/monitoring/alerts?status=closed', { token: t.caseworker });
    expect(closed.body.items).toMatchObject([{ id: alertId, status: 'closed', application: { reference, type: 'linshi' } }]);
    expect((await p.call('GET', '/api/v1/monitoring/alerts', { token: t.caseworker })).body.items).toEqual([]);
    // The visit confirmed the medical costs: the household enters the register as 刚性支出困难 from the alert.
    await mint();
    const entered = await register(hh.poor!, { action: 'enter', class: 'rigidSpending', reason: '走访核实：医疗自付费用超出承受能力', since: '2026-03-10', entry: { by: 'alert', alertId } });
    expect(entered.status, entered.text).toBe(200);
    expect(entered.body.entry).toMatchObject({ by: 'alert', alertId, label: '由预警核实后纳入' });
  });
});

describe('property: matching through the queue', () => {
  it('raises nothing twice and nothing for a person not in the feed', async () => {
    const pool = [ids.poor, ids.spouse, ids.richer, ids.stranger, idNumber('19750505', '655'), idNumber('19900909', '666')];
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ who: fc.integer({ min: 0, max: pool.length - 1 }), lossYuan: fc.integer({ min: 0, max: 20_000 }), date: fc.constantFrom('2026-03-03', '2026-03-04', '2026-03-05') }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (rows) => {
          day++;
          const before = new Set(((await p.call('GET', '/api/v1/monitoring/alerts', { token: t.county })).body.items as { id: string }[]).map((a) => a.id));
          const lines = rows.map((r) => [pool[r.who]!, r.date, String(r.lossYuan)]);
          const first = await feed({ source: 'disaster', asOf: '2026-03-05', document: `应急数据 第${day}批`, csv: csv('disaster', lines) });
          expect([200, 202]).toContain(first.status);
          await p.queues.drain();
          const after = ((await p.call('GET', '/api/v1/monitoring/alerts', { token: t.county })).body.items as { id: string; householdId: string; rule: string }[]).filter((a) => !before.has(a.id));
          // Only the poor household is on the register (the richer one left it): no alert names another.
          const onRegister = rows.some((r) => (r.who === 0 || r.who === 1) && r.lossYuan >= 5000);
          for (const a of after) expect(a).toMatchObject({ householdId: hh.poor, rule: 'disaster-loss' });
          if (!onRegister) expect(after).toEqual([]);
          const second = await feed({
            source: 'disaster',
            asOf: '2026-03-06',
            document: `应急数据 第${day}批（重传）`,
            csv: csv('disaster', [...lines].reverse().concat([[ids.stranger, '2026-03-03', '1']])),
          });
          expect(second.status).toBe(202);
          await p.queues.drain();
          expect((await p.call('GET', `/api/v1/monitoring/feeds/${second.body.id}`, { token: t.county })).body.result.raised).toBe(0);
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('12345 tickets', () => {
  const ticket = (number: string, receivedOn: string, extra: Record<string, unknown> = {}) => ({
    number,
    kind: 'report',
    summary: '群众来电反映：村里一位独居老人生活困难，无人照料',
    receivedOn,
    township: HOME.township,
    ...extra,
  });

  it('goes from registration to answer by its due date; an overdue one is flagged in 督办; anyone can look up its status by number', async () => {
    await at('2026-03-23');
    const one = await p.call('POST', '/api/v1/tickets', { token: t.county, headers: idem(), body: ticket('GD20260323001', '2026-03-23', { department: '市医保局' }) });
    expect(one.status, one.text).toBe(201);
    expect(one.body).toMatchObject({ number: 'GD20260323001', status: 'open', dueDate: addWorkingDays('2026-03-23', 5) });
    expect(one.body.routedTo).toContain('市医保局');
    const dup = await p.call('POST', '/api/v1/tickets', { token: t.county, headers: idem(), body: ticket('GD20260323001', '2026-03-23') });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate-ticket');
    const outside = await p.call('POST', '/api/v1/tickets', {
      token: await p.tokenFor('county', { sub: 'mon-c2', county: OTHER_COUNTY.county }),
      headers: idem(),
      body: ticket('GD20260323009', '2026-03-23'),
    });
    expect(outside.status).toBe(403);
    const late = await p.call('POST', '/api/v1/tickets', { token: t.county, headers: idem(), body: ticket('GD20260316002', '2026-03-16', { kind: 'complaint' }) });
    expect(late.status, late.text).toBe(201);

    const look = await p.call('POST', '/api/v1/tickets/lookup', { body: { number: 'GD20260323001' } });
    expect(look.status, look.text).toBe(200);
    expect(look.body).toMatchObject({ status: 'open', statusLabel: '承办中', receivedOn: '2026-03-23' });
    expect(look.text).not.toContain('独居老人');
    expect((await p.call('POST', '/api/v1/tickets/lookup', { body: { number: 'GD00000000' } })).status).toBe(404);

    const deptToken = () => p.tokenFor('department', { sub: 'mon-dept', county: HOME.county, department: '市医保局' });
    const dept = await deptToken();
    expect((await p.call('GET', '/api/v1/tickets', { token: dept })).body.items.map((i: { number: string }) => i.number)).toEqual(['GD20260323001']);
    const mine = await p.call('GET', '/api/v1/tickets', { token: t.caseworker });
    expect(mine.body.items.map((i: { number: string }) => i.number)).toEqual(['GD20260316002', 'GD20260323001']);
    // Received 2026-03-16, due five working days later: overdue on the 24th.
    await at('2026-03-24');
    const county = await p.call('GET', '/api/v1/tickets', { token: t.county });
    expect(county.body.counts).toMatchObject({ total: 2, overdue: 1 });
    expect(county.body.items[0]).toMatchObject({ number: 'GD20260316002', overdue: true });
    await p.runJob('deadline-watch', '2026-03-24');
    const watch = await p.call('GET', `/api/v1/supervision?county=${HOME.county}&date=2026-03-24`, { token: t.county });
    expect(watch.body.items.filter((i: { kind: string }) => i.kind === 'ticket')).toMatchObject([{ number: 'GD20260316002', flag: 'overdue' }]);

    const path = '/api/v1/tickets/GD20260323001/answer';
    const body = { answer: '已入户核实，协助申请特困人员救助供养，并安排邻居照看', answeredOn: '2026-03-24' };
    expect((await p.call('POST', path, { token: t.otherCaseworker, headers: idem(), body })).status).toBe(403);
    const answered = await p.call('POST', path, { token: t.caseworker, headers: idem(), body });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', onTime: true, answer: { answeredOn: '2026-03-24' } });
    expect((await p.call('POST', path, { token: await deptToken(), headers: idem(), body })).status).toBe(409);
    expect((await p.call('POST', '/api/v1/tickets/lookup', { body: { number: 'GD20260323001' } })).body).toMatchObject({ status: 'answered', answeredOn: '2026-03-24' });
    expect((await p.call('GET', '/api/v1/tickets?status=answered', { token: t.county })).body.items).toHaveLength(1);
  });
});
