import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';
import { creditCodeCheckChar } from '../../shared/identifiers/credit-code.ts';
import { drawPanel } from '../../shared/procurement/draw.ts';
import { checkPackage, checkRelease } from '../../shared/procurement/ocds/validate.ts';
import { PROCUREMENT_PREFIXES } from '../../shared/procurement/keys.ts';
import { readChain } from '../../shared/audit/chain.ts';

/** Measure (十八) end to end, over HTTP against DynamoDB Local. */
let p: TestPlatform;
const clock = new TestClock('2026-06-01T09:00:00+08:00');
const tokens: Record<string, string> = {};
const QC = '341602';
const GY = '341621';

export const creditCode = (n: number): string => {
  const first17 = `52${QC}00000${String(n).padStart(4, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};

const call = (method: string, path: string, who?: string, body?: unknown, idem = false) =>
  p.call(method, path, { ...(who ? { token: tokens[who] } : {}), ...(body !== undefined ? { body } : {}), ...(idem ? { headers: { 'idempotency-key': randomUUID() } } : {}) });

const CRITERIA = [
  { id: 'price', name: '价格', kind: 'price', weight: 30 },
  { id: 'plan', name: '服务方案', kind: 'technical', weight: 40 },
  { id: 'team', name: '团队与经验', kind: 'technical', weight: 30 },
];

/** Tenders are published 30 days before the usual deadline: 公开招标 needs at least 20 (periods.ts). */
const PUBLISHED = '2026-05-11T09:00:00+08:00';

const tenderBody = (over: Record<string, unknown> = {}) => ({
  year: 2026,
  serviceId: 'visit',
  title: '2026年特困分散供养人员探访照料服务',
  description: '为分散供养特困人员提供每月探访、生活照料和精神慰藉服务。',
  method: 'open',
  valueCapFen: 30_000_000,
  deadline: '2026-06-10T09:30:00+08:00',
  criteria: CRITERIA,
  documents: [],
  ...over,
});

const bidBody = (priceFen: number, plan = '每月入户探访一次，建立服务档案，紧急情况24小时响应。') => ({
  priceFen,
  technicalProposal: plan,
  documents: [{ key: `bids/${randomUUID()}.pdf`, title: '投标文件' }],
});

async function setUpCounty(county: string, officer: string, totalFen: number) {
  expect(
    (
      await call('POST', '/api/v1/service-lists', officer, {
        county,
        year: 2026,
        services: [{ id: 'visit', name: '探访照料', description: '入户探访和生活照料', unit: '人·月', serves: '分散供养特困人员' }],
      })
    ).status,
  ).toBe(200);
  const b = await call('POST', '/api/v1/budgets', officer, {
    county,
    year: 2026,
    funds: { centralFen: totalFen / 2, provincialFen: totalFen / 4, municipalFen: totalFen / 8, countyFen: totalFen / 8 },
  });
  expect(b.status).toBe(200);
  return b.body;
}

/** Publishes, bids (c-1…c-3), opens, draws and scores: returns the tender id, ready for the award. */
async function tenderReadyForAward(officer: string, prices: [number, number, number], over: Record<string, unknown> = {}) {
  await at(PUBLISHED);
  const t = await call('POST', '/api/v1/tenders', officer, tenderBody(over), true);
  expect(t.status).toBe(201);
  for (const [i, price] of prices.entries()) expect((await call('POST', `/api/v1/tenders/${t.body.id}/bids`, `c-${i + 1}`, bidBody(price), true)).status).toBe(201);
  await at('2026-06-10T09:31:00+08:00');
  expect((await call('POST', `/api/v1/tenders/${t.body.id}/opening`, officer)).status).toBe(200);
  const panel = await call('POST', `/api/v1/tenders/${t.body.id}/panel`, officer, { size: 3 });
  expect(panel.status).toBe(200);
  for (const ev of panel.body.drawn as string[]) {
    for (const [i] of prices.entries()) {
      const s = await call('POST', `/api/v1/tenders/${t.body.id}/scores`, ev, { organisation: `c-${i + 1}`, points: { plan: 30 + i * 3, team: 20 } });
      expect(s.status).toBe(200);
    }
  }
  return t.body.id as string;
}

const PEOPLE = [
  ['cty-a', 'county', { county: QC }],
  ['cty-b', 'county', { county: QC }],
  ['cty-gy', 'county', { county: GY }],
  ['admin', 'admin', {}],
  ['auditor', 'auditor', {}],
  ['c-1', 'contractor', { organisation: 'c-1' }],
  ['c-2', 'contractor', { organisation: 'c-2' }],
  ['c-3', 'contractor', { organisation: 'c-3' }],
  ['c-4', 'contractor', { organisation: 'c-4' }],
  ...[1, 2, 3, 4, 5, 6].map((n) => [`exp-${n}`, 'evaluator', {}] as const),
] as const;

/** Moves the clock; tokens are short-lived, so everyone signs in again at the new time. */
async function at(iso: string) {
  clock.set(iso);
  await Promise.all(PEOPLE.map(async ([name, role, scope]) => (tokens[name] = await p.tokenFor(role, { sub: name, ...scope }))));
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  await at('2026-06-01T09:00:00+08:00');
  await setUpCounty(QC, 'cty-a', 5_000_000_000);
  for (const n of [1, 2, 3, 4]) {
    const r = await call('POST', '/api/v1/contractors', `c-${n}`, { name: `亳州市第${n}社会工作服务中心`, creditCode: creditCode(n), contact: '王主任' }, true);
    expect(r.status).toBe(201);
  }
  for (const n of [1, 2, 3]) expect((await call('POST', `/api/v1/contractors/c-${n}/verification`, 'admin', { decision: 'verified', note: '材料齐全' })).status).toBe(200);
  for (const n of [1, 2, 3, 4, 5, 6]) {
    expect((await call('POST', '/api/v1/experts', 'admin', { sub: `exp-${n}`, name: `专家${n}`, speciality: '社会工作', conflicts: n === 6 ? ['c-1'] : [] })).status).toBe(200);
  }
});
afterAll(async () => {
  await p?.stop();
});

describe('allocation (十八)', () => {
  it('computes 1 % of the four levels with its trace, and refuses another county', async () => {
    const b = await call('GET', `/api/v1/budgets?county=${QC}&year=2026`);
    expect(b.body).toMatchObject({ totalFundsFen: 5_000_000_000, allocationFen: 50_000_000, committedFen: 0, remainingFen: 50_000_000 });
    expect(b.body.trace[0].measure).toBe('(十八)');
    const other = await call('POST', '/api/v1/budgets', 'cty-gy', { county: QC, year: 2026, funds: { centralFen: 1, provincialFen: 1, municipalFen: 1, countyFen: 1 } });
    expect(other.status).toBe(403);
  });
});

describe('a tender from announcement to contract', () => {
  let id = '';
  it('publishes, refuses the unverified contractor, and seals bids with receipts; only the last bid counts', async () => {
    await at(PUBLISHED);
    const t = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody(), true);
    expect(t.status).toBe(201);
    id = t.body.id;
    expect(t.body.ocid).toBe(`ocds-bozhou-${id}`);
    expect((await call('GET', '/api/v1/tenders')).body.items.some((x: { id: string }) => x.id === id)).toBe(true);

    const before = await countItems(PROCUREMENT_PREFIXES);
    const unverified = await call('POST', `/api/v1/tenders/${id}/bids`, 'c-4', bidBody(20_000_000), true);
    expect(unverified.status).toBe(403);
    expect(unverified.body.code).toBe('contractor-not-verified');
    expect(await countItems(PROCUREMENT_PREFIXES)).toBe(before);

    const first = await call('POST', `/api/v1/tenders/${id}/bids`, 'c-1', bidBody(29_000_000), true);
    expect(first.status).toBe(201);
    expect(first.body.receipt.sha256).toMatch(/^[0-9a-f]{64}$/);
    const second = await call('POST', `/api/v1/tenders/${id}/bids`, 'c-1', bidBody(25_000_000), true);
    expect(second.body.receipt.replaces).toBe(first.body.receipt.sha256);
    expect((await call('POST', `/api/v1/tenders/${id}/bids`, 'c-2', bidBody(27_000_000), true)).status).toBe(201);
    expect((await call('POST', `/api/v1/tenders/${id}/bids`, 'c-3', bidBody(28_000_000), true)).status).toBe(201);

    const amended = await call('POST', `/api/v1/tenders/${id}/amendments`, 'cty-a', { rationale: '补充服务区域说明', description: '为谯城区分散供养特困人员提供每月探访、生活照料和精神慰藉服务。' });
    expect(amended.status).toBe(200);
    expect(amended.body.amendments).toHaveLength(1);
  });

  it('lets nobody read or open bids before the deadline, and alarms on the attempt', async () => {
    const mine = await call('GET', `/api/v1/tenders/${id}/bids/mine`, 'c-2');
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe('sealed');
    expect(JSON.stringify(mine.body)).not.toContain('c-1');
    expect((await call('GET', `/api/v1/tenders/${id}/evaluation`, 'cty-a')).status).toBe(409);
    expect((await call('GET', `/api/v1/tenders/${id}/evaluation`, 'c-1')).status).toBe(403);
    const early = await call('POST', `/api/v1/tenders/${id}/opening`, 'cty-a');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('before-deadline');
    const chain = await readChain(`tender#${id}`);
    expect(chain.some((e) => e.action === 'bid-decrypt-refused')).toBe(true);
    expect((await call('POST', `/api/v1/tenders/${id}/opening`, 'cty-gy')).status).toBe(403);
  });

  it('refuses a bid after the deadline and opens after it', async () => {
    await at('2026-06-10T09:31:00+08:00');
    const late = await call('POST', `/api/v1/tenders/${id}/bids`, 'c-2', bidBody(1_000_000), true);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('tender-closed');
    const opened = await call('POST', `/api/v1/tenders/${id}/opening`, 'cty-a');
    expect(opened.status).toBe(200);
    expect(opened.body.opening.bids.find((b: { creditCode: string }) => b.creditCode === creditCode(1)).priceFen).toBe(25_000_000);
  });

  it('draws evaluators reproducibly from the seed, excluding the declared conflict', async () => {
    const seed = 'ab'.repeat(16);
    const panel = await call('POST', `/api/v1/tenders/${id}/panel`, 'cty-a', { size: 3, seed });
    expect(panel.status).toBe(200);
    expect(panel.body.excluded.map((e: { sub: string }) => e.sub)).toEqual(['exp-6']);
    expect(panel.body.eligible).not.toContain('exp-6');
    expect(panel.body.drawn).toEqual(drawPanel(panel.body.eligible, seed, 3));
    expect((await call('POST', `/api/v1/tenders/${id}/panel`, 'cty-a', { size: 3 })).status).toBe(409);

    const drawn: string[] = panel.body.drawn;
    const outsider = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'].find((e) => !drawn.includes(e))!;
    expect((await call('POST', `/api/v1/tenders/${id}/scores`, outsider, { organisation: 'c-1', points: { plan: 30, team: 20 } })).status).toBe(403);
    expect((await call('GET', `/api/v1/tenders/${id}/evaluation`, outsider)).status).toBe(403);
    const over = await call('POST', `/api/v1/tenders/${id}/scores`, drawn[0], { organisation: 'c-1', points: { plan: 41, team: 20 } });
    expect(over.status).toBe(400);
    // c-2 has the best technical marks, c-1 the lowest price.
    const marks: Record<string, { plan: number; team: number }> = { 'c-1': { plan: 25, team: 18 }, 'c-2': { plan: 38, team: 28 }, 'c-3': { plan: 30, team: 20 } };
    for (const ev of drawn) for (const [org, points] of Object.entries(marks)) expect((await call('POST', `/api/v1/tenders/${id}/scores`, ev, { organisation: org, points })).status).toBe(200);
  });

  it('ranks by total score and awards the first; a second award is refused', async () => {
    const ev = await call('GET', `/api/v1/tenders/${id}/evaluation`, 'auditor');
    expect(ev.status).toBe(200);
    // price: c-1 30.00, c-2 25e6/27e6×30 = 27.78, c-3 26.79; technical: 43, 66, 50.
    expect(ev.body.ranking.map((r: { organisation: string; total: number }) => [r.organisation, r.total])).toEqual([
      ['c-2', 9378],
      ['c-3', 7679],
      ['c-1', 7300],
    ]);
    const refused = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-3' }, true);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('legalReason');
    const awarded = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-2' }, true);
    expect(awarded.status).toBe(201);
    expect(awarded.body.challengeUntil).toBe('2026-06-22');
    const again = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-2' }, true);
    expect(again.status).toBe(409);
    const budget = await call('GET', `/api/v1/budgets?county=${QC}&year=2026`);
    expect(budget.body.committedFen).toBe(27_000_000);
  });

  it('shows an unsuccessful bidder its own score and rank only', async () => {
    const mine = await call('GET', `/api/v1/tenders/${id}/bids/mine`, 'c-3');
    expect(mine.body.result).toMatchObject({ awarded: false, rank: 2, of: 3, total: 7679 });
    expect(JSON.stringify(mine.body)).not.toMatch(/9378|7300/);
    const pub = await call('GET', `/api/v1/tenders/${id}`);
    expect(pub.body.result.supplier).toBe('亳州市第2社会工作服务中心');
    expect(JSON.stringify(pub.body)).not.toMatch(/9378|7679|technicalProposal/);
  });

  it('signs only after the 质疑 period, with every 质疑 answered and none upheld', async () => {
    const q = await call('POST', `/api/v1/tenders/${id}/challenges`, 'c-1', { grounds: '中标人的团队经验评分过高，请复核评分。' }, true);
    expect(q.status).toBe(201);
    const contract = {
      startDate: '2026-07-01',
      endDate: '2027-06-30',
      milestones: [
        { id: 'm1', title: '上半年服务', dueDate: '2026-12-31', amountFen: 13_500_000 },
        { id: 'm2', title: '下半年服务', dueDate: '2027-06-30', amountFen: 13_500_000 },
      ],
    };
    const early = await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true);
    expect(early.body.code).toBe('challenge-period-open');
    await at('2026-06-23T09:00:00+08:00');
    expect((await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true)).body.code).toBe('challenge-unanswered');
    expect((await call('POST', `/api/v1/tenders/${id}/challenges`, 'c-3', { grounds: '逾期提出的质疑，应当被拒绝受理。' }, true)).body.code).toBe('challenge-period-closed');
    expect((await call('POST', `/api/v1/tenders/${id}/challenges/${q.body.id}/answer`, 'cty-a', { outcome: 'dismissed', reply: '经复核评分无误，质疑不成立。' })).status).toBe(200);
    const signed = await call('POST', `/api/v1/tenders/${id}/contract`, 'cty-a', contract, true);
    expect(signed.status).toBe(201);

    const cid = signed.body.id;
    expect((await call('POST', `/api/v1/contracts/${cid}/payments`, 'cty-a', { milestoneId: 'm1', amountFen: 13_500_000 }, true)).body.code).toBe('milestone-not-accepted');
    expect((await call('POST', `/api/v1/contracts/${cid}/evaluations`, 'cty-a', { milestoneId: 'm1', rating: 'good', findings: '按计划完成探访。' })).status).toBe(200);
    expect((await call('POST', `/api/v1/contracts/${cid}/payments`, 'cty-a', { milestoneId: 'm1', amountFen: 13_500_000 }, true)).status).toBe(201);
    expect((await call('POST', `/api/v1/contracts/${cid}/payments`, 'cty-a', { milestoneId: 'm1', amountFen: 1 }, true)).body.code).toBe('over-milestone');
    const poor = await call('POST', `/api/v1/contracts/${cid}/evaluations`, 'cty-a', { milestoneId: 'm2', rating: 'poor', findings: '探访记录缺失。' });
    expect(poor.body.flagged).toBe(true);
    const pub = await call('GET', `/api/v1/contracts/${cid}`);
    expect(pub.body).toMatchObject({ flagged: true, paidFen: 13_500_000 });
    expect((await call('GET', `/api/v1/budgets?county=${QC}&year=2026`)).body.paidFen).toBe(13_500_000);
  });

  it('publishes every event as a valid OCDS 1.1.5 release, and compiles the record', async () => {
    const pkg = await call('GET', '/api/v1/ocds/releases');
    expect(pkg.status).toBe(200);
    const verdict = checkPackage(pkg.body);
    expect(verdict.errors).toEqual([]);
    const mine = pkg.body.releases.filter((r: { ocid: string }) => r.ocid === `ocds-bozhou-${id}`);
    expect(mine.map((r: { tag: string[] }) => r.tag[0])).toEqual(['planning', 'tender', 'tenderAmendment', 'tenderUpdate', 'award', 'contract', 'implementation', 'implementation', 'implementation']);
    const opened = mine.find((r: { tag: string[] }) => r.tag[0] === 'tenderUpdate');
    expect(opened.bids.statistics.find((s: { measure: string }) => s.measure === 'validBids').value).toBe(3);
    const record = await call('GET', `/api/v1/ocds/records/ocds-bozhou-${id}`);
    const compiled = record.body.records[0].compiledRelease;
    expect(checkRelease(compiled).errors).toEqual([]);
    expect(compiled.awards[0].status).toBe('active');
    expect(compiled.contracts[0].implementation.transactions).toHaveLength(1);
    expect(compiled.tender.amendments).toHaveLength(1);
  });
});

describe('deviation, 质疑 upheld and the last of the allocation', () => {
  it('needs a legal reason and a second county officer to award out of ranking', async () => {
    const id = await tenderReadyForAward('cty-a', [20_000_000, 21_000_000, 22_000_000], { valueCapFen: 22_500_000 });
    const proposed = await call('POST', `/api/v1/tenders/${id}/award`, 'cty-a', { organisation: 'c-1', legalReason: '排名第一的供应商资格经核查存在虚假材料（政府采购法第七十七条）。' }, true);
    const ranking = (await call('GET', `/api/v1/tenders/${id}/evaluation`, 'cty-a')).body.ranking;
    expect(ranking[0].organisation).toBe('c-3');
    expect(proposed.status).toBe(202);
    expect((await call('POST', `/api/v1/tenders/${id}/award/sign-off`, 'cty-a')).status).toBe(403);
    const signed = await call('POST', `/api/v1/tenders/${id}/award/sign-off`, 'cty-b');
    expect(signed.status).toBe(201);
    const pub = await call('GET', `/api/v1/tenders/${id}`);
    expect(pub.body.result.deviation.legalReason).toContain('虚假材料');

    const q = await call('POST', `/api/v1/tenders/${id}/challenges`, 'c-3', { grounds: '排名第一却未中标，请说明理由并复核。' }, true);
    expect((await call('POST', `/api/v1/tenders/${id}/challenges/${q.body.id}/answer`, 'cty-a', { outcome: 'upheld', reply: '经复核，质疑成立。', affectsResult: true })).status).toBe(200);
    await at('2026-07-01T09:00:00+08:00');
    // The upheld 质疑 cancelled the result (procurement-legal.test.ts follows re-award and termination).
    const blocked = await call(
      'POST',
      `/api/v1/tenders/${id}/contract`,
      'cty-a',
      { startDate: '2026-07-01', endDate: '2026-12-31', milestones: [{ id: 'm1', title: '全年服务', dueDate: '2026-12-31', amountFen: 20_000_000 }] },
      true,
    );
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('not-awarded');
  });

  it('lets exactly one of two concurrent awards take the last of the allocation', async () => {
    // 涡阳县: allocation 40,000,000 fen; two tenders whose winners ask 25,000,000 each.
    await setUpCounty(GY, 'cty-gy', 4_000_000_000);
    const a = await tenderReadyForAward('cty-gy', [25_000_000, 26_000_000, 27_000_000]);
    const b = await tenderReadyForAward('cty-gy', [25_000_000, 26_000_000, 27_000_000]);
    const before = await countItems(['OCDS#']);
    const results = await Promise.all([a, b].map((id) => call('POST', `/api/v1/tenders/${id}/award`, 'cty-gy', { organisation: 'c-3' }, true)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('over-allocation');
    expect(await countItems(['OCDS#'])).toBe(before + 1);
    const budget = await call('GET', `/api/v1/budgets?county=${GY}&year=2026`);
    expect(budget.body).toMatchObject({ allocationFen: 40_000_000, committedFen: 27_000_000, remainingFen: 13_000_000 });
  });
});

describe('bad input and the schedule', () => {
  it('answers generated bad bodies with 4xx and writes nothing', async () => {
    await at('2026-06-01T09:00:00+08:00');
    const before = await countItems(PROCUREMENT_PREFIXES);
    const routes: [string, string, string][] = [
      ['POST', '/api/v1/tenders', 'cty-a'],
      ['POST', '/api/v1/budgets', 'cty-a'],
      ['POST', '/api/v1/contractors', 'c-4'],
      ['POST', '/api/v1/tenders/341602-2026-001/bids', 'c-1'],
      ['POST', '/api/v1/tenders/341602-2026-001/award', 'cty-a'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.anything(), async ([method, path, who], body) => {
        const res = await p.call(method, path, { token: tokens[who], body, headers: { 'idempotency-key': randomUUID() } });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    expect(await countItems(PROCUREMENT_PREFIXES)).toBe(before);
  });

  it('refuses criteria whose weights do not sum to 100 or whose price weight is outside 10–30', async () => {
    const bad = await call(
      'POST',
      '/api/v1/tenders',
      'cty-a',
      tenderBody({
        criteria: [
          { id: 'price', name: '价格', kind: 'price', weight: 50 },
          { id: 'plan', name: '方案', kind: 'technical', weight: 50 },
        ],
      }),
      true,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('criteria');
  });

  it('records the closing of bidding as of a date, and running it twice closes nothing twice', async () => {
    await at(PUBLISHED);
    const t = await call('POST', '/api/v1/tenders', 'cty-a', tenderBody({ valueCapFen: 1_000_000, deadline: '2026-06-05T09:30:00+08:00' }), true);
    expect((await p.runJob('tender-deadlines', '2026-06-04')) as { closed: number }).toMatchObject({ closed: 0 });
    const first = (await p.runJob('tender-deadlines', '2026-06-05')) as { closed: number };
    expect(first.closed).toBeGreaterThanOrEqual(1);
    expect(((await p.runJob('tender-deadlines', '2026-06-05')) as { closed: number }).closed).toBe(0);
    expect((await call('GET', `/api/v1/tenders/${t.body.id}`)).status).toBe(200);
  });
});
