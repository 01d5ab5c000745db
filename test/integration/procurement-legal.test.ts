import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { checkRelease } from '../../shared/procurement/ocds/validate.ts';
import { PROCUREMENT_PREFIXES } from '../../shared/procurement/keys.ts';
import { readChain } from '../../shared/audit/chain.ts';

/**
 * Measure (十八) under the procurement rules, over HTTP against DynamoDB Local: the legal minimum periods
 * (shared/procurement/periods.ts) and the re-award after an upheld 质疑 (shared/procurement/award.ts).
 */
let p: TestPlatform;
const clock = new TestClock('2026-06-01T09:00:00+08:00');
const tokens: Record<string, string> = {};
const QC = '341602';
const ALLOCATION = 50_000_000;

const creditCode = (n: number): string => {
  const first17 = `52${QC}00000${String(n).padStart(4, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};
const call = (method: string, path: string, who?: string, body?: unknown, idem = false) =>
  p.call(method, path, { ...(who ? { token: tokens[who] } : {}), ...(body !== undefined ? { body } : {}), ...(idem ? { headers: { 'idempotency-key': randomUUID() } } : {}) });

const PEOPLE = [
  ['cty-a', 'county', { county: QC }],
  ['cty-b', 'county', { county: QC }],
  ['admin', 'admin', {}],
  ['c-1', 'contractor', { organisation: 'c-1' }],
  ['c-2', 'contractor', { organisation: 'c-2' }],
  ['c-3', 'contractor', { organisation: 'c-3' }],
  ...[1, 2, 3].map((n) => [`exp-${n}`, 'evaluator', {}] as const),
] as const;

async function at(iso: string) {
  clock.set(iso);
  await Promise.all(PEOPLE.map(async ([name, role, scope]) => (tokens[name] = await p.tokenFor(role, { sub: name, ...scope }))));
}

const tender = (method: string, deadline: string, over: Record<string, unknown> = {}) => ({
  year: 2026,
  serviceId: 'visit',
  title: '2026年特困分散供养人员探访照料服务',
  description: '为分散供养特困人员提供每月探访、生活照料和精神慰藉服务。',
  method,
  valueCapFen: 30_000_000,
  deadline,
  criteria: [
    { id: 'price', name: '价格', kind: 'price', weight: 30 },
    { id: 'plan', name: '服务方案', kind: 'technical', weight: 70 },
  ],
  documents: [],
  ...over,
});
/** A substantive change (the project description); uploaded documents are tested in procurement-documents.test.ts. */
const LATE_CHANGE = '为谯城区分散供养特困人员提供每月两次探访和生活照料服务。';
const publish = (method: string, deadline: string, over: Record<string, unknown> = {}) => call('POST', '/api/v1/tenders', 'cty-a', tender(method, deadline, over), true);
const budget = async () => (await call('GET', `/api/v1/budgets?county=${QC}&year=2026`)).body;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2026-05-04T09:00:00+08:00');
  await call('POST', '/api/v1/service-lists', 'cty-a', {
    county: QC,
    year: 2026,
    services: [{ id: 'visit', name: '探访照料', description: '入户探访和生活照料', unit: '人·月', serves: '分散供养特困人员' }],
  });
  await call('POST', '/api/v1/budgets', 'cty-a', { county: QC, year: 2026, funds: { centralFen: 5_000_000_000, provincialFen: 0, municipalFen: 0, countyFen: 0 } });
  for (const n of [1, 2, 3]) {
    expect((await call('POST', '/api/v1/contractors', `c-${n}`, { name: `亳州市第${n}社会工作服务中心`, creditCode: creditCode(n), contact: '王主任' }, true)).status).toBe(201);
    expect((await call('POST', `/api/v1/contractors/c-${n}/verification`, 'admin', { decision: 'verified', note: '材料齐全' })).status).toBe(200);
    expect((await call('POST', '/api/v1/experts', 'admin', { sub: `exp-${n}`, name: `专家${n}`, speciality: '社会工作', conflicts: [] })).status).toBe(200);
  }
});
afterAll(async () => {
  await p?.stop();
});

describe('legal minimum periods from the issue of the documents to the deadline', () => {
  // 2026-06-01 is a Monday; the Dragon Boat Festival holiday is 06-19.
  it.each([
    ['open', '20 days (政府采购法第三十五条)', '2026-06-20T09:30:00+08:00', '2026-06-21T09:30:00+08:00', '2026-06-21'],
    ['consultation', '10 days (财库〔2014〕214号)', '2026-06-10T09:30:00+08:00', '2026-06-11T09:30:00+08:00', '2026-06-11'],
    ['negotiation', '3 working days (74号令第二十九条)', '2026-06-03T17:00:00+08:00', '2026-06-04T09:30:00+08:00', '2026-06-04'],
    ['singleSource', '公示 5 working days (74号令第三十八条)', '2026-06-05T17:00:00+08:00', '2026-06-08T09:30:00+08:00', '2026-06-08'],
  ])('%s: at least %s; one day short is refused, naming the deadline and writing nothing', async (method, _what, short, enough, earliest) => {
    await at('2026-06-01T09:00:00+08:00');
    const before = await countItems(PROCUREMENT_PREFIXES);
    const refused = await publish(method, short);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'deadline', code: 'period-too-short' });
    expect(refused.body.errors[0].message).toContain(earliest);
    expect(await countItems(PROCUREMENT_PREFIXES)).toBe(before);
    expect((await publish(method, enough)).status).toBe(201);
  });

  it('counts working days on the official calendar (the Dragon Boat Festival is not one)', async () => {
    await at('2026-06-17T09:00:00+08:00');
    const refused = await publish('negotiation', '2026-06-22T09:30:00+08:00');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toContain('2026-06-23');
    expect((await publish('negotiation', '2026-06-23T09:30:00+08:00')).status).toBe(201);
  });
});

describe('amendments that change substantive content late must move the deadline', () => {
  it('公开招标: 15 days before the deadline (87号令第二十七条)', async () => {
    await at('2026-06-01T09:00:00+08:00');
    const t = await publish('open', '2026-06-21T09:30:00+08:00');
    const id = t.body.id as string;
    await at('2026-06-05T09:00:00+08:00');
    // 16 days ahead: a substantive change needs no new deadline.
    expect((await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', { rationale: '补充服务区域', description: '为谯城区分散供养特困人员提供每月探访和生活照料服务。' })).status).toBe(200);

    await at('2026-06-10T09:00:00+08:00');
    const before = await countItems(PROCUREMENT_PREFIXES);
    const late = await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', { rationale: '更正服务内容', description: LATE_CHANGE });
    expect(late.status).toBe(400);
    expect(late.body.errors[0]).toMatchObject({ field: 'deadline', code: 'period-too-short' });
    expect(late.body.errors[0].message).toContain('2026-06-25');
    const notFarEnough = await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', {
      rationale: '更正服务内容',
      description: LATE_CHANGE,
      deadline: '2026-06-24T09:30:00+08:00',
    });
    expect(notFarEnough.body.errors[0].field).toBe('deadline');
    expect(await countItems(PROCUREMENT_PREFIXES)).toBe(before);

    const moved = await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', {
      rationale: '更正服务内容并顺延截止时间',
      description: LATE_CHANGE,
      deadline: '2026-06-25T09:30:00+08:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.deadline).toBe('2026-06-25T09:30:00+08:00');
    expect(moved.body.amendments).toHaveLength(2);
  });

  it('moving only the deadline is not substantive, but may not cut the period from issue', async () => {
    await at('2026-06-01T09:00:00+08:00');
    const id = (await publish('open', '2026-06-25T09:30:00+08:00')).body.id as string;
    await at('2026-06-12T09:00:00+08:00');
    const early = await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', { rationale: '提前截止', deadline: '2026-06-20T09:30:00+08:00' });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('deadline');
    expect((await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', { rationale: '提前截止', deadline: '2026-06-22T09:30:00+08:00' })).status).toBe(200);
  });

  it('竞争性磋商 5 days and 竞争性谈判 3 working days', async () => {
    await at('2026-06-01T09:00:00+08:00');
    const c = (await publish('consultation', '2026-06-11T09:30:00+08:00')).body.id as string;
    const n = (await publish('negotiation', '2026-06-04T09:30:00+08:00')).body.id as string;
    await at('2026-06-02T09:00:00+08:00');
    const neg = await call('POST', `/api/v1/tenders/${n}/amendments`, 'cty-a', { rationale: '调整服务要求', description: '调整后的服务要求：每月探访两次。' });
    expect(neg.status).toBe(400);
    expect(neg.body.errors[0].message).toContain('2026-06-05');
    expect(
      (await call('POST', `/api/v1/tenders/${n}/amendments`, 'cty-a', { rationale: '调整服务要求', description: '调整后的服务要求：每月探访两次。', deadline: '2026-06-05T09:30:00+08:00' })).status,
    ).toBe(200);
    await at('2026-06-08T09:00:00+08:00');
    const con = await call('POST', `/api/v1/tenders/${c}/amendments`, 'cty-a', { rationale: '调整服务要求', description: '调整后的服务要求：每月探访两次。' });
    expect(con.status).toBe(400);
    expect(con.body.errors[0].message).toContain('2026-06-13');
    expect(
      (await call('POST', `/api/v1/tenders/${c}/amendments`, 'cty-a', { rationale: '调整服务要求', description: '调整后的服务要求：每月探访两次。', deadline: '2026-06-13T09:30:00+08:00' })).status,
    ).toBe(200);
  });
});

/** Published 05-11, three bids, opened 06-10, scored so that c-1 > c-2 > c-3; awarded to c-1. */
async function awardedTender(): Promise<string> {
  await at('2026-05-11T09:00:00+08:00');
  const published = await publish('open', '2026-06-10T09:30:00+08:00', { valueCapFen: 25_000_000 });
  expect(published.status).toBe(201);
  const id = published.body.id as string;
  const prices = [20_000_000, 21_000_000, 22_000_000];
  for (const [i, price] of prices.entries()) {
    expect(
      (await call('POST', `/api/v1/tenders/${id}/bids`, `c-${i + 1}`, { priceFen: price, technicalProposal: '每月入户探访一次，建立服务档案，紧急情况24小时响应。', documents: [] }, true)).status,
    ).toBe(201);
  }
  await at('2026-06-10T09:31:00+08:00');
  expect((await call('POST', `/api/v1/tenders/${id}/opening`, 'cty-a')).status).toBe(200);
  const panel = await call('POST', `/api/v1/tenders/${id}/panel`, 'cty-a', { size: 3 });
  for (const ev of panel.body.drawn as string[])
    for (const [org, plan] of [
      ['c-1', 60],
      ['c-2', 55],
      ['c-3', 50],
    ] as const)
      expect((await call('POST', `/api/v1/tenders/${id}/scores`, ev, { organisation: org, points: { plan } })).status).toBe(200);
  expect((await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-1' }, true)).status).toBe(201);
  return id;
}

describe('a 质疑 upheld as affecting the result', () => {
  let id = '';
  it('cancels the award with the answer: recorded, audited, announced, and its commitment released', async () => {
    const committedBefore = (await budget()).committedFen as number;
    id = await awardedTender();
    expect((await budget()).committedFen).toBe(committedBefore + 20_000_000);
    await at('2026-06-12T09:00:00+08:00');
    const q = await call('POST', `/api/v1/tenders/${id}/challenges`, 'c-2', { grounds: '中标人的服务方案不满足招标文件的实质性要求。' }, true);
    expect(q.status).toBe(201);
    const undecided = await call('POST', `/api/v1/tenders/${id}/challenges/${q.body.id}/answer`, 'cty-a', { outcome: 'upheld', reply: '经复核，质疑成立。' });
    expect(undecided.status).toBe(400);
    expect(undecided.body.errors[0].field).toBe('affectsResult');

    const answered = await call('POST', `/api/v1/tenders/${id}/challenges/${q.body.id}/answer`, 'cty-a', {
      outcome: 'upheld',
      reply: '经复核，中标人服务方案不满足实质性要求，质疑成立。',
      affectsResult: true,
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'upheld', affectsResult: true });

    const pub = (await call('GET', `/api/v1/tenders/${id}`)).body;
    expect(pub.status).toBe('opened');
    expect(pub.result).toBeNull();
    expect(pub.cancelledResults).toEqual([expect.objectContaining({ supplier: '亳州市第1社会工作服务中心', priceFen: 20_000_000, reason: expect.stringContaining('质疑成立') })]);
    expect((await budget()).committedFen).toBe(committedBefore);
    expect((await budget()).remainingFen).toBe(ALLOCATION - committedBefore);
    expect((await readChain(`tender#${id}`)).map((e) => e.action)).toContain('cancel-award');

    const record = (await call('GET', `/api/v1/ocds/records/ocds-bozhou-${id}`)).body.records[0];
    const cancellation = record.releases.find((r: { tag: string[] }) => r.tag[0] === 'awardCancellation');
    expect(checkRelease(cancellation).errors).toEqual([]);
    expect(cancellation.awards).toEqual([expect.objectContaining({ id: `${id}-A1`, status: 'cancelled' })]);

    const contract = await call(
      'POST',
      `/api/v1/tenders/${id}/contract`,
      'cty-a',
      { startDate: '2026-07-01', endDate: '2026-12-31', milestones: [{ id: 'm1', title: '全年服务', dueDate: '2026-12-31', amountFen: 20_000_000 }] },
      true,
    );
    expect(contract.body.code).toBe('not-awarded');
    expect((await call('POST', `/api/v1/tenders/${id}/scores`, 'exp-1', { organisation: 'c-2', points: { plan: 70 } })).body.code).toMatch(/evaluation-closed|not-on-panel/);
  });

  it('re-awards only to the next candidate in the ranking, with a new result and a new 质疑 period', async () => {
    await at('2026-06-15T09:00:00+08:00');
    const same = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-1' }, true);
    expect(same.status).toBe(400);
    expect(same.body.errors[0]).toMatchObject({ field: 'organisation', code: 'award-cancelled' });
    const skip = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-3' }, true);
    expect(skip.body.errors[0].field).toBe('legalReason');

    const again = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-2' }, true);
    expect(again.status).toBe(201);
    const until = again.body.challengeUntil as string;
    const expected = (await call('GET', '/api/v1/calendar/working-days?from=2026-06-15&add=7')).body.date;
    expect(until).toBe(expected);
    expect((await budget()).committedFen).toBeGreaterThanOrEqual(21_000_000);
    const pub = (await call('GET', `/api/v1/tenders/${id}`)).body;
    expect(pub.result).toMatchObject({ supplier: '亳州市第2社会工作服务中心', rank: 2, reawarded: true, challengeUntil: until });
    expect((await readChain(`tender#${id}`)).map((e) => e.action)).toContain('award-again');

    // The old 质疑 does not block the new result; a new one in the new period must be answered first.
    const q = await call('POST', `/api/v1/tenders/${id}/challenges`, 'c-1', { grounds: '对另行确定的成交结果提出质疑，请复核。' }, true);
    expect(q.status).toBe(201);
    const contract = { startDate: '2026-07-01', endDate: '2026-12-31', milestones: [{ id: 'm1', title: '全年服务', dueDate: '2026-12-31', amountFen: 21_000_000 }] };
    expect((await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true)).body.code).toBe('challenge-period-open');
    await at(`${until}T18:00:00+08:00`);
    expect((await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true)).body.code).toBe('challenge-period-open');
    const dayAfter = (await call('GET', `/api/v1/calendar/working-days?from=${until}&add=1`)).body.date;
    await at(`${dayAfter}T09:00:00+08:00`);
    expect((await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true)).body.code).toBe('challenge-unanswered');
    expect((await call('POST', `/api/v1/tenders/${id}/challenges/${q.body.id}/answer`, 'cty-a', { outcome: 'dismissed', reply: '经复核，另行确定的结果符合评审排名，质疑不成立。' })).status).toBe(200);
    const signed = await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true);
    expect(signed.status).toBe(201);

    const record = (await call('GET', `/api/v1/ocds/records/ocds-bozhou-${id}`)).body.records[0];
    expect(checkRelease(record.compiledRelease).errors).toEqual([]);
    expect(record.compiledRelease.awards.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [`${id}-A1`, 'cancelled'],
      [`${id}-A2`, 'active'],
    ]);
    expect(record.compiledRelease.contracts[0].awardID).toBe(`${id}-A2`);
  });

  it('or lets the county terminate; a 质疑 upheld as not affecting the result leaves the award standing', async () => {
    const committedBefore = (await budget()).committedFen as number;
    const t = await awardedTender();
    await at('2026-06-12T09:00:00+08:00');
    const minor = await call('POST', `/api/v1/tenders/${t}/challenges`, 'c-3', { grounds: '结果公告遗漏了评审专家名单，请补充公告。' }, true);
    expect(
      (await call('POST', `/api/v1/tenders/${t}/challenges/${minor.body.id}/answer`, 'cty-a', { outcome: 'upheld', reply: '质疑成立，已补充公告专家名单，不影响中标结果。', affectsResult: false }))
        .status,
    ).toBe(200);
    expect((await call('GET', `/api/v1/tenders/${t}`)).body.status).toBe('awarded');

    const major = await call('POST', `/api/v1/tenders/${t}/challenges`, 'c-2', { grounds: '中标人提供的业绩证明材料不实，请核查。' }, true);
    expect((await call('POST', `/api/v1/tenders/${t}/challenges/${major.body.id}/answer`, 'cty-a', { outcome: 'upheld', reply: '经核查业绩材料不实，质疑成立。', affectsResult: true })).status).toBe(
      200,
    );
    expect((await budget()).committedFen).toBe(committedBefore);
    const ended = await call('POST', `/api/v1/tenders/${t}/termination`, 'cty-a', { reason: '原中标结果撤销后，决定重新组织采购。' });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('terminated');
    expect((await call('POST', `/api/v1/tenders/${t}/award`, 'cty-a', { organisation: 'c-2' }, true)).status).toBe(409);
    expect((await budget()).committedFen).toBe(committedBefore);
  });
});
