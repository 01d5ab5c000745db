import { CITY_CODE } from '../reference/areas.ts';
import { requirePlace } from '../access/scope.ts';
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { queryAll, queryPages } from '../store/query.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { sendMessages } from '../queue.ts';
import { AppError, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { isoShanghai } from '../clock.ts';
import { COUNTIES } from '../reference/areas.ts';
import { loadPublished } from '../policy/store.ts';
import { publishedUpTo } from '../payments/params.ts';
import { confirmedPriceLinks } from '../payments/declarations.ts';
import type { MonthContext } from '../payments/amounts.ts';
import { paysMonth, rosterEntries, rosterPk } from '../cases/roster.ts';
import { timeToHandOver } from '../jobs/handover.ts';
import type { PriceIndices } from '../rules/price-linkage.ts';
import { writeCsv } from '../csv.ts';
import {
  addEffect,
  candidates,
  caseEffect,
  cliffCurve,
  costReport,
  emptySummary,
  HOUSEHOLD_TYPES,
  householdIncomeYuan,
  householdTypeOf,
  mergeSummary,
  parameterPair,
  simulatedMonth,
  violations,
  withReach,
  BAND_FEN,
  type Change,
  type ParameterPair,
  type Summary,
} from './compute.ts';

/**
 * A simulation run (shared/simulation/README.md), built like the payment run (shared/payments): a producer
 * pages through each county's roster with a checkpoint, sends batches of ≤ 100 references to
 * `simulation-batches`, and a consumer computes each batch, writes its part (summary and cases, under the
 * batch's own key) and then counts it with an update conditional on the batch not being counted — so a
 * redelivery counts nothing twice and a resume sends only what is missing. It writes only `SIM#<id>` items: never a case, the roster or the ledger.
 */
export const PAGE_SIZE = 500;
export const BATCH_SIZE = 100;
const QUEUE = 'simulation-batches' as const;

export interface SimulationRequest {
  changes: Change[];
  asOf: string;
  county?: string;
  township?: string;
  /** A price linkage to assume in the month (its subsidy is part of total support); otherwise a confirmed one, if any. */
  priceIndices?: PriceIndices;
  note?: string;
}

export interface SimulationItem {
  id: string;
  status: 'running' | 'finished';
  request: SimulationRequest;
  month: string;
  /** Publication head when it started: the comparison is with exactly these values ("today's"). */
  paramsVersion: number;
  price: PriceIndices | null;
  counties: string[];
  countyIndex: number;
  cursor: Record<string, unknown> | null;
  page: number;
  producerDone: boolean;
  total: number;
  done: number;
  counted?: Set<number>;
  createdAt: string;
  createdBy: string;
  finishedAt?: string;
}

const simKey = (id: string) => ({ pk: `SIM#${id}`, sk: 'META' });
const listKey = (createdAt: string, id: string) => ({ pk: 'SIMLIST', sk: `${createdAt}#${id}` });
const partKey = (id: string, n: number) => ({ pk: `SIM#${id}`, sk: `PART#${String(n).padStart(8, '0')}` });
const batchKey = (id: string, n: number) => ({ pk: `SIM#${id}`, sk: `BATCH#${String(n).padStart(8, '0')}` });
const attributes = (date: string, correlationId: string) => ({ job: 'simulation-batch', date, correlationId });

export interface SimBatch {
  type: 'batch';
  id: string;
  n: number;
  county: string;
  ids: string[];
}

export async function getSimulation(id: string): Promise<SimulationItem | undefined> {
  return (await db().send(new GetCommand({ TableName: tableName(), Key: simKey(id), ConsistentRead: true }))).Item as SimulationItem | undefined;
}

/** The simulation, if the actor may see it: the admin every one, a county supervisor those of their county. */
export async function requireSimulation(id: string, actor: Actor): Promise<SimulationItem> {
  const s = /^[a-z0-9-]{8,40}$/.test(id) ? await getSimulation(id) : undefined;
  if (!s) throw notFound('no-such-simulation', `没有模拟测算 ${id.slice(0, 40)}。`);
  requirePlace(actor, s.request.county ?? CITY_CODE);
  return s;
}

/**
 * Starts a simulation: refused as publishing would refuse the changes (422 `measure-violated`, naming the
 * measure), otherwise recorded and handed to the queue (202).
 */
export async function startSimulation(request: SimulationRequest, actor: Actor, now: Date, correlationId: string): Promise<SimulationItem> {
  const item = await recordSimulation(request, actor, now);
  await sendMessages(QUEUE, [{ body: { type: 'produce', id: item.id }, attributes: attributes(item.createdAt.slice(0, 10), correlationId) }]);
  return item;
}

/** The checks and the record, without the first message: the `simulation-resume` job (or a start) sends it. */
export async function recordSimulation(request: SimulationRequest, actor: Pick<Actor, 'role' | 'sub' | 'county'>, now: Date): Promise<SimulationItem> {
  if (actor.role === 'county') {
    // The request's county, if any, was checked by the pipeline (the route's scope); none means their own.
    request = { ...request, county: actor.county! };
  }
  if (request.township && (!request.county || !request.township.startsWith(request.county))) {
    throw new AppError(400, 'validation-failed', '填写的内容有误', '乡镇（街道）应属于所选县区', [{ field: 'township', code: 'scope', message: '乡镇（街道）应属于所选县区' }]);
  }
  const at = isoShanghai(now);
  const id = randomUUID();
  const { values, version } = await loadPublished();
  const proposed = candidates(request.changes, request.asOf, id);
  const found = violations(proposed, values, at.slice(0, 10));
  if (found.length) {
    const first = found[0]!;
    throw new AppError(
      422,
      'measure-violated',
      '与措施的规定不符',
      `${first.measure} ${first.message}`,
      found.map((v) => ({ field: v.field, code: v.code, message: `${v.measure} ${v.message}` })),
    );
  }
  const month = simulatedMonth(request.asOf);
  const price = request.priceIndices ?? (await confirmedPriceLinks(month, month))[0]?.indices ?? null;
  const item: SimulationItem = {
    id,
    status: 'running',
    request,
    month,
    paramsVersion: version,
    price,
    counties: request.county ? [request.county] : COUNTIES.map((c) => c.code),
    countyIndex: 0,
    cursor: null,
    page: 0,
    producerDone: false,
    total: 0,
    done: 0,
    createdAt: at,
    createdBy: actor.sub,
  };
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...simKey(id), ...item, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: tableName(),
            Item: { ...listKey(at, id), id, county: request.county ?? null, asOf: request.asOf, month, changes: request.changes, createdBy: actor.sub, schemaVersion: SCHEMA_VERSION },
          },
        },
      ],
    }),
  );
  return item;
}

/** The producer: one roster page at a time, county after county, checkpointed with the batches it writes. */
export async function produce(id: string, remainingMs: () => number, correlationId: string): Promise<void> {
  for (let pages = 1; ; pages++) {
    const s = await getSimulation(id);
    if (s?.status !== 'running' || s.producerDone) return;
    const county = s.counties[s.countyIndex]!;
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': rosterPk(county) },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        ConsistentRead: true,
        Limit: PAGE_SIZE,
        ...(s.cursor ? { ExclusiveStartKey: s.cursor } : {}),
      }),
    );
    const ids = (page.Items ?? []).map((i) => String(i.reference));
    const more = Boolean(page.LastEvaluatedKey);
    const countyIndex = more ? s.countyIndex : s.countyIndex + 1;
    const done = countyIndex >= s.counties.length;
    const batches: SimBatch[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push({ type: 'batch', id, n: s.page * 100 + batches.length, county, ids: ids.slice(i, i + BATCH_SIZE) });
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...batches.map((b) => ({ Put: { TableName: tableName(), Item: { ...batchKey(id, b.n), ...b }, ConditionExpression: 'attribute_not_exists(pk)' } })),
            {
              Update: {
                TableName: tableName(),
                Key: simKey(id),
                UpdateExpression: 'SET countyIndex = :ci, #c = :cursor, page = page + :one, producerDone = :done ADD #total :n',
                ConditionExpression: 'page = :page AND #s = :running',
                ExpressionAttributeNames: { '#c': 'cursor', '#total': 'total', '#s': 'status' },
                ExpressionAttributeValues: { ':ci': countyIndex, ':cursor': page.LastEvaluatedKey ?? null, ':one': 1, ':done': done, ':n': ids.length, ':page': s.page, ':running': 'running' },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) return; // another producer moved on
      throw error;
    }
    const date = s.createdAt.slice(0, 10);
    if (batches.length)
      await sendMessages(
        QUEUE,
        batches.map((b) => ({ body: b, attributes: attributes(date, correlationId) })),
      );
    if (done) return void (await finishIfComplete(id));
    if (timeToHandOver(pages, remainingMs)) return void (await sendMessages(QUEUE, [{ body: { type: 'produce', id }, attributes: attributes(date, correlationId) }]));
  }
}

/** What a batch computes with is fixed at the start; one container builds it once. */
const pairs = new Map<string, Promise<{ pair: ParameterPair; ctx: MonthContext }>>();
function pairOf(s: SimulationItem): Promise<{ pair: ParameterPair; ctx: MonthContext }> {
  const key = `${process.env.TABLE_NAME}|${s.id}`;
  let hit = pairs.get(key);
  if (!hit) {
    hit = publishedUpTo(s.paramsVersion).then((published) => ({
      pair: parameterPair(s.month, published, candidates(s.request.changes, s.request.asOf, s.id)),
      ctx: { hashTrace: false, ...(s.price ? { price: s.price } : {}) },
    }));
    hit.catch(() => pairs.delete(key));
    if (pairs.size > 50) pairs.clear();
    pairs.set(key, hit);
  }
  return hit;
}
const settings = new Map<string, SimulationItem>();
async function settingsOf(id: string): Promise<SimulationItem | undefined> {
  const key = `${process.env.TABLE_NAME}|${id}`;
  const hit = settings.get(key);
  if (hit) return hit;
  const s = await getSimulation(id);
  if (s) {
    if (settings.size > 50) settings.clear();
    settings.set(key, s);
  }
  return s;
}

/** One batch: each case's amount before and after with the payment run's code; summary + cases + count in one transaction. */
export async function processBatch(msg: SimBatch): Promise<void> {
  const s = await settingsOf(msg.id);
  if (!s) return;
  const { pair, ctx } = await pairOf(s);
  const minorAgeLimit = pair.base.value('tekun.minorAgeLimit');
  const summary = emptySummary();
  const cases: [string, string, string, number, number | null, number | null][] = [];
  for (const c of await rosterEntries(msg.county, msg.ids)) {
    if (!paysMonth(c, s.month)) continue;
    if (s.request.township && c.area.township !== s.request.township) continue;
    const e = caseEffect(c, pair, ctx);
    addEffect(summary, e);
    cases.push([e.reference, e.township, e.type, e.persons, e.beforeFen, e.afterFen]);
    const t = householdTypeOf(c, `${pair.month}-01`, minorAgeLimit);
    if (t) {
      const incomes = (summary.incomes[t] ??= {});
      const y = String(householdIncomeYuan(c));
      incomes[y] = (incomes[y] ?? 0) + 1;
    }
  }
  // The part first, then the count: the part is the batch's deterministic answer under its own key, so a
  // redelivery after a crash between the two writes it again and counts it once.
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...partKey(msg.id, msg.n), county: msg.county, summary: JSON.stringify(summary), cases: JSON.stringify(cases) } }));
  let counted: { done: number; total: number; producerDone: boolean } | undefined;
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: simKey(msg.id),
        // producerDone and total are set to themselves so that UPDATED_NEW returns them with done.
        UpdateExpression: 'ADD done :n, counted :batch SET producerDone = producerDone, #total = #total',
        ConditionExpression: '#s = :running AND NOT contains(counted, :n0)',
        ExpressionAttributeNames: { '#s': 'status', '#total': 'total' },
        ExpressionAttributeValues: { ':n': msg.ids.length, ':batch': new Set([msg.n]), ':n0': msg.n, ':running': 'running' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    counted = out.Attributes as typeof counted;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return; // counted already (a redelivery), or finished
    throw error;
  }
  if (counted?.producerDone && counted.done >= counted.total) await finishIfComplete(msg.id);
}

async function finishIfComplete(id: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: simKey(id),
        UpdateExpression: 'SET #s = :finished, finishedAt = :at',
        ConditionExpression: '#s = :running AND producerDone = :yes AND done >= #total',
        ExpressionAttributeNames: { '#s': 'status', '#total': 'total' },
        ExpressionAttributeValues: { ':finished': 'finished', ':running': 'running', ':yes': true, ':at': isoShanghai(new Date()) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** After a crash: every batch not yet counted is sent again, and the producer if it had not finished. */
export async function resumeSimulation(s: SimulationItem, correlationId: string): Promise<{ resent: number }> {
  let resent = 0;
  const date = s.createdAt.slice(0, 10);
  for await (const page of queryPages({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)', ExpressionAttributeValues: { ':pk': simKey(s.id).pk, ':b': 'BATCH#' }, ConsistentRead: true })) {
    const batches = ((page.Items ?? []) as SimBatch[]).filter((b) => !s.counted?.has(b.n)).map(({ type, id, n, county, ids }) => ({ type, id, n, county, ids }));
    if (batches.length)
      await sendMessages(
        QUEUE,
        batches.map((b) => ({ body: b, attributes: attributes(date, correlationId) })),
      );
    resent += batches.length;
  }
  if (!s.producerDone) await sendMessages(QUEUE, [{ body: { type: 'produce', id: s.id }, attributes: attributes(date, correlationId) }]);
  else await finishIfComplete(s.id);
  return { resent };
}

// ─────────────────────────────── results ───────────────────────────────

const view = (s: SimulationItem) => ({
  id: s.id,
  status: s.status,
  asOf: s.request.asOf,
  month: s.month,
  scope: { county: s.request.county ?? null, township: s.request.township ?? null },
  changes: s.request.changes,
  note: s.request.note ?? null,
  paramsVersion: s.paramsVersion,
  price: s.price,
  progress: { done: s.done, total: s.total },
  createdAt: s.createdAt,
  createdBy: s.createdBy,
  finishedAt: s.finishedAt ?? null,
});

async function summaryOf(id: string): Promise<Summary> {
  const parts = await queryAll<{ summary: string }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': simKey(id).pk, ':p': 'PART#' },
    ProjectionExpression: 'summary',
    ConsistentRead: true,
  });
  return parts.reduce((acc, p) => mergeSummary(acc, JSON.parse(p.summary) as Summary), emptySummary());
}

/** The simulation and, once finished, its answers: cost per county and type, gainers and losers, the distribution, the cliffs. */
export async function simulationResult(s: SimulationItem) {
  if (s.status !== 'finished') return { ...view(s), result: null };
  const { pair, ctx } = await pairOf(s);
  const summary = await summaryOf(s.id);
  const dropFen = pair.proposed.value('simulation.cliffDrop');
  const reachYuan = Math.floor(pair.proposed.value('simulation.cliffReach') / 100);
  const curves = (params: typeof pair.base) =>
    withReach(
      HOUSEHOLD_TYPES.map((t) => cliffCurve(t, params, s.month, ctx, dropFen)),
      summary.incomes,
      reachYuan,
    );
  const cost = costReport(summary, pair);
  const sum = (k: 'monthlyBeforeFen' | 'monthlyAfterFen') => cost.reduce((a, c) => a + c[k], 0);
  return {
    ...view(s),
    result: {
      cost,
      city: {
        monthlyBeforeFen: sum('monthlyBeforeFen'),
        monthlyAfterFen: sum('monthlyAfterFen'),
        monthlyDifferenceFen: sum('monthlyAfterFen') - sum('monthlyBeforeFen'),
        yearlyDifferenceFen: (sum('monthlyAfterFen') - sum('monthlyBeforeFen')) * 12,
      },
      households: { gain: summary.gain, lose: summary.lose, unchanged: summary.unchanged, becomeEligible: summary.becomeEligible, loseEligibility: summary.loseEligibility },
      distribution: { bandFen: BAND_FEN, gains: summary.gains, losses: summary.losses },
      cliffs: { dropFen, reachFen: reachYuan * 100, before: curves(pair.base), after: curves(pair.proposed) },
    },
  };
}

/**
 * For residents (the 救助标准 page): the city-level effect of a simulation that a published value followed —
 * totals, counts and the distribution, never a household. A simulation nobody published after stays internal.
 */
export async function publicEffect(id: string) {
  const followed = /^[a-z0-9-]{8,40}$/.test(id) ? (await loadPublished()).values.filter((v) => v.simulation === id) : [];
  const s = followed.length ? await getSimulation(id) : undefined;
  if (s?.status !== 'finished') throw notFound('no-such-simulation', '没有已发布标准所依据的该项模拟测算。');
  const r = (await simulationResult(s)).result!;
  return {
    id: s.id,
    asOf: s.request.asOf,
    month: s.month,
    scope: s.request.county ?? 'city',
    published: followed.map((v) => ({ id: v.id, value: v.value, effectiveFrom: v.effectiveFrom, source: v.source })),
    monthlyBeforeFen: r.city.monthlyBeforeFen,
    monthlyAfterFen: r.city.monthlyAfterFen,
    yearlyDifferenceFen: r.city.yearlyDifferenceFen,
    households: Object.fromEntries(Object.entries(r.households).map(([k, g]) => [k, g.households])),
    distribution: r.distribution,
  };
}

/** Case by case (the references, amounts before and after), one batch after another. */
export async function simulationCases(s: SimulationItem, county: string | undefined) {
  const items = await queryAll<{ county: string; cases: string }>({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': simKey(s.id).pk, ':p': 'PART#' },
    ProjectionExpression: 'county, cases',
    ConsistentRead: true,
  });
  const cases = items
    .filter((i) => !county || i.county === county)
    .flatMap((i) =>
      (JSON.parse(i.cases) as [string, string, string, number, number | null, number | null][]).map(([reference, township, type, persons, beforeFen, afterFen]) => ({
        reference,
        township,
        type,
        persons,
        beforeFen,
        afterFen,
        differenceFen: (afterFen ?? 0) - (beforeFen ?? 0),
      })),
    );
  return { id: s.id, month: s.month, cases };
}

/**
 * The `simulation-resume` job: every simulation still running (a crash, a message in the dead-letter queue,
 * or one recorded without its first message) is resumed from its checkpoint. Running it twice is harmless.
 */
export async function resumeRunning(correlationId: string): Promise<{ resumed: string[] }> {
  const resumed: string[] = [];
  for await (const page of queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SIMLIST' }, ProjectionExpression: 'id', ScanIndexForward: false })) {
    for (const { id } of (page.Items ?? []) as { id: string }[]) {
      const s = await getSimulation(id);
      if (s?.status !== 'running') continue;
      await resumeSimulation(s, correlationId);
      resumed.push(id);
    }
  }
  return { resumed };
}

export async function listSimulations(actor: Actor) {
  const items = await queryAll<Record<string, unknown>>({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'SIMLIST' }, ScanIndexForward: false, Limit: 100 });
  return items
    .filter((i) => actor.role !== 'county' || i.county === actor.county)
    .slice(0, 100)
    .map(({ pk: _p, sk: _s, schemaVersion: _v, ...rest }) => rest);
}

const yuan = (fen: number | null) => (fen === null ? '' : (fen / 100).toFixed(2));

/** The result tables as one CSV (shared/csv.ts): cost per county and type, the distribution, the cliffs. */
export async function simulationCsv(s: SimulationItem): Promise<string> {
  const r = (await simulationResult(s)).result;
  if (!r) throw new AppError(409, 'simulation-running', '测算尚未完成', '模拟测算完成后才能下载。');
  const rows: (string | number)[][] = [
    ['表', '县区', '类别', '户数', '人数', '现行月支出（元）', '调整后月支出（元）', '月差额（元）', '年差额（元）', '购买服务额度现行（元）', '购买服务额度调整后（元）'],
  ];
  for (const c of r.cost) {
    for (const t of c.types) rows.push(['支出', c.county, t.type, t.cases, t.persons, yuan(t.beforeFen), yuan(t.afterFen), yuan(t.differenceFen), yuan(t.differenceFen * 12), '', '']);
    rows.push([
      '支出合计',
      c.county,
      '',
      '',
      '',
      yuan(c.monthlyBeforeFen),
      yuan(c.monthlyAfterFen),
      yuan(c.monthlyDifferenceFen),
      yuan(c.monthlyDifferenceFen * 12),
      yuan(c.purchaseAllocationBeforeFen),
      yuan(c.purchaseAllocationAfterFen),
    ]);
  }
  rows.push([''], ['表', '方向', '变化区间（元）', '户数']);
  const bands = (list: number[], dir: string) =>
    list.forEach((n, i) => rows.push(['变化分布', dir, i === list.length - 1 ? `≥${(i * BAND_FEN) / 100}` : `${(i * BAND_FEN) / 100}–${((i + 1) * BAND_FEN) / 100}`, n]));
  bands(r.distribution.gains, '增加');
  bands(r.distribution.losses, '减少');
  rows.push([''], ['表', '家庭类型', '陡坡处家庭月收入（元）', '陡坡前救助合计（元）', '陡坡后救助合计（元）', '减少（元）', '临近陡坡的在保家庭（户）']);
  for (const c of r.cliffs.after) for (const cl of c.cliffs) rows.push(['陡坡', c.label, cl.incomeYuan, yuan(cl.supportBeforeFen), yuan(cl.supportAfterFen), yuan(cl.dropFen), cl.households ?? 0]);
  return writeCsv(rows);
}
