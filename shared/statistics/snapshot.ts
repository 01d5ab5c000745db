import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { sendMessages } from '../queue.ts';
import { isoShanghai } from '../clock.ts';
import { COUNTIES, findCounty } from '../reference/areas.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import { STATUS_LABELS, type CaseStatus } from '../cases/states.ts';
import { TASK_KINDS } from '../management/tasks.ts';
import { managementKeys } from '../management/keys.ts';
import { HANDOVER_MS } from '../jobs/handover.ts';
import { forEachRunPage } from '../payments/run-items.ts';
import { CATEGORY_LABELS } from '../payments/ledger.ts';
import { payKeys, runIdOf } from '../payments/keys.ts';
import { addMonth, monthOf, monthRange } from '../payments/months.ts';
import type { AssistanceType } from '../rules/calculate.ts';

/**
 * County statistics for the dashboard (二十)(二十三), kept cheap: a county may hold ~25,000 cases and a
 * request has 30 s, so no request ever pages through cases. The daily `statistics` job (schedule table,
 * supervision function) does, once per county, and writes one snapshot item the GET reads.
 *
 * Paging: the county's cases on gsi3 (`CTY#<county>`, `APP#…`), then its tasks (`TASK#…`), a page at a
 * time with a small projection. After every page the running totals and the page's LastEvaluatedKey are
 * written to the run's checkpoint (`JOB#statistics` / `<date>#<county>`, the management jobs' key shape),
 * conditional on the page number, so a duplicate worker stops instead of counting twice. With less than
 * HANDOVER_MS of Lambda time left the job sends itself a `statistics-continue` message on `job-batches`
 * and stops; the next invocation resumes from the checkpoint. Running the job again for a date starts over
 * and writes the same snapshot again: nothing is counted twice, nothing is created twice.
 *
 * What is counted:
 * - caseload: every case of the county by type and status;
 * - timeliness (二十): per month of the decision, the applications decided (approved or rejected after
 *   受理) and those decided by their due date — the date 20 official working days after 受理
 *   (`approval.workingDays` on the official calendar), recorded on the case when it was accepted;
 * - payments: per month, the ledger entries of that month's payment run by category (五)(六)(十三), summed
 *   once and kept (`STATS#<county>` / `PAY#<month>`); a month is summed again while it is the current or
 *   last month, while its run has not finished, or when the run's audit chain moved (a reversal);
 * - re-checks (五)(六)(二十三): tasks by the quarter they were created in, and how many are done.
 */
export const JOB = 'statistics';
export const PAGE_SIZE = 1000;
export const MONTHS = 12;
export const QUARTERS = 4;
const PHASES = ['cases', 'tasks', 'done'] as const;
type Phase = (typeof PHASES)[number];

export const statsKeys = {
  /** The latest snapshot of a county: what the GET reads. */
  latest: (county: string) => ({ pk: `STATS#${county}`, sk: 'LATEST' }),
  /** The snapshot as written on a date (kept, so earlier figures can be compared). */
  onDate: (county: string, date: string) => ({ pk: `STATS#${county}`, sk: `AT#${date}` }),
  /** One month's payments by category, summed from the ledger. */
  payments: (county: string, month: string) => ({ pk: `STATS#${county}`, sk: `PAY#${month}` }),
} as const;

interface Tally {
  caseload: Record<string, Record<string, number>>;
  decided: Record<string, { decided: number; withinDeadline: number }>;
  tasks: Record<string, { created: number; completed: number; overdue: number }>;
  scanned: number;
}
const emptyTally = (): Tally => ({ caseload: {}, decided: {}, tasks: {}, scanned: 0 });

interface Checkpoint {
  status: 'running' | 'done';
  phase: Phase;
  page: number;
  lastKey?: Record<string, unknown> | null;
  tally: Tally;
}

export interface StatisticsContext {
  date: string;
  now: Date;
  correlationId: string;
  remainingMs(): number;
}

export interface StatisticsReport {
  counties: number;
  scanned: number;
  handedOver: boolean;
}

const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
function quarterRange(last: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(last.slice(0, 4));
  let q = Number(last.slice(6));
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-Q${q}`);
    q--;
    if (q === 0) {
      q = 4;
      y--;
    }
  }
  return out;
}

function countCase(t: Tally, c: { type: string; status: string; acceptedAt?: string; dueDate?: string; decision?: { at?: string } }): void {
  const byStatus = (t.caseload[c.type] ??= {});
  byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  const decidedOn = c.decision?.at?.slice(0, 10);
  if (!decidedOn || !c.acceptedAt) return;
  const m = (t.decided[monthOf(decidedOn)] ??= { decided: 0, withinDeadline: 0 });
  m.decided++;
  if (c.dueDate && decidedOn <= c.dueDate) m.withinDeadline++;
}

function countTask(t: Tally, task: { status: string; createdOn?: string; dueDate?: string }, date: string): void {
  if (!task.createdOn) return;
  const q = (t.tasks[quarterOf(task.createdOn)] ??= { created: 0, completed: 0, overdue: 0 });
  q.created++;
  if (task.status === 'done') q.completed++;
  else if (task.dueDate && task.dueDate < date) q.overdue++;
}

function pageQuery(county: string, phase: Phase, lastKey: Record<string, unknown> | null | undefined) {
  const cases = phase === 'cases';
  return new QueryCommand({
    TableName: tableName(),
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
    ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': cases ? 'APP#' : 'TASK#' },
    ...(cases
      ? { ProjectionExpression: '#t, #s, acceptedAt, dueDate, #d.#at', ExpressionAttributeNames: { '#t': 'type', '#s': 'status', '#d': 'decision', '#at': 'at' } }
      : { ProjectionExpression: '#s, createdOn, dueDate', ExpressionAttributeNames: { '#s': 'status' } }),
    Limit: PAGE_SIZE,
    ...(lastKey ? { ExclusiveStartKey: lastKey } : {}),
  });
}

async function readCheckpoint(date: string, county: string): Promise<Checkpoint | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.checkpoint(JOB, date, county), ConsistentRead: true }));
  return out.Item as Checkpoint | undefined;
}

/** Moves the checkpoint on from the page it read; false when another worker already did. */
async function advance(date: string, county: string, from: number, next: Omit<Checkpoint, 'page'>): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...managementKeys.checkpoint(JOB, date, county), job: JOB, date, county, ...next, page: from + 1, schemaVersion: SCHEMA_VERSION },
        // A fresh run may replace only a finished one (or none); a resumed run only the page it read.
        ConditionExpression: from === 0 ? 'attribute_not_exists(pk) OR #s = :done' : 'page = :page',
        ...(from === 0 ? { ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':done': 'done' } } : { ExpressionAttributeValues: { ':page': from } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

// ───────────────────────── payments by category ─────────────────────────

interface PaymentMonth {
  month: string;
  runStatus: 'running' | 'finished' | null;
  byCategory: Record<string, number>;
  totalFen: number;
  entries: number;
  auditSeq: number;
  final: boolean;
}

async function auditSeq(aggregate: string): Promise<number> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.auditHead(aggregate), ProjectionExpression: 'seq' }));
  return (out.Item?.seq as number | undefined) ?? 0;
}

async function paymentMonth(county: string, month: string, current: string): Promise<PaymentMonth> {
  const runId = runIdOf(county, month);
  const [stored, run, seq] = await Promise.all([
    db()
      .send(new GetCommand({ TableName: tableName(), Key: statsKeys.payments(county, month) }))
      .then((o) => o.Item as PaymentMonth | undefined),
    db()
      .send(new GetCommand({ TableName: tableName(), Key: payKeys.run(runId), ProjectionExpression: '#s', ExpressionAttributeNames: { '#s': 'status' } }))
      .then((o) => o.Item as { status: 'running' | 'finished' } | undefined),
    auditSeq(`payment-run#${runId}`),
  ]);
  if (stored?.final && stored.auditSeq === seq) return stored;
  const byCategory: Record<string, number> = {};
  let totalFen = 0;
  let entries = 0;
  await forEachRunPage(runId, ({ entries: es }) => {
    for (const e of es) {
      byCategory[e.category] = (byCategory[e.category] ?? 0) + e.amountFen;
      totalFen += e.amountFen;
      entries++;
    }
  });
  // Entries of a month can still arrive while it is current or last month (advances, a late run).
  const final = run?.status === 'finished' && month < addMonth(current, -1);
  const summary: PaymentMonth = { month, runStatus: run?.status ?? null, byCategory, totalFen, entries, auditSeq: seq, final };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...statsKeys.payments(county, month), ...summary, schemaVersion: SCHEMA_VERSION } }));
  return summary;
}

// ───────────────────────── the snapshot ─────────────────────────

function snapshotOf(county: string, date: string, asOf: string, tally: Tally, payments: PaymentMonth[]) {
  const months = monthRange(addMonth(monthOf(date), -(MONTHS - 1)), monthOf(date));
  const quarters = quarterRange(quarterOf(date), QUARTERS);
  const types = Object.keys(tally.caseload).sort((a, b) => Object.keys(TYPE_PROFILES).indexOf(a) - Object.keys(TYPE_PROFILES).indexOf(b));
  const share = (part: number, whole: number) => (whole ? Math.floor((part * 10000 + whole / 2) / whole) : null);
  return {
    county,
    countyName: findCounty(county)?.name ?? county,
    date,
    asOf,
    caseload: {
      total: types.reduce((t, k) => t + Object.values(tally.caseload[k]!).reduce((a, b) => a + b, 0), 0),
      byType: types.map((type) => {
        const byStatus = tally.caseload[type]!;
        return { type, typeLabel: TYPE_PROFILES[type as AssistanceType]?.label ?? type, total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
      }),
      statusLabels: STATUS_LABELS as Record<CaseStatus, string>,
    },
    timeliness: {
      measure: '(二十)',
      basis: '受理之日起20个法定工作日（approval.workingDays，按国务院办公厅公布的节假日安排计算，含调休）内作出决定；以受理时记录的办结期限为准。按决定所在月份统计。',
      months: months.map((month) => {
        const m = tally.decided[month] ?? { decided: 0, withinDeadline: 0 };
        return { month, decided: m.decided, withinDeadline: m.withinDeadline, shareBp: share(m.withinDeadline, m.decided) };
      }),
    },
    payments: {
      measure: '(五)(六)(十三)',
      categories: Object.entries(CATEGORY_LABELS).map(([key, label]) => ({ key, label })),
      months: payments.map((p) => ({
        month: p.month,
        runStatus: p.runStatus,
        totalFen: p.totalFen,
        byCategory: Object.fromEntries(Object.keys(CATEGORY_LABELS).map((k) => [k, p.byCategory[k] ?? 0])),
      })),
    },
    rechecks: {
      measure: '(五)(六)(二十三)',
      kinds: Object.entries(TASK_KINDS).map(([key, v]) => ({ key, label: v.label, measure: v.measure })),
      quarters: quarters.map((quarter) => {
        const q = tally.tasks[quarter] ?? { created: 0, completed: 0, overdue: 0 };
        return { quarter, created: q.created, completed: q.completed, open: q.created - q.completed, overdue: q.overdue, completedBp: share(q.completed, q.created) };
      }),
    },
    scanned: tally.scanned,
  };
}

export type Snapshot = ReturnType<typeof snapshotOf>;

async function finishCounty(county: string, date: string, now: Date, tally: Tally): Promise<void> {
  const months = monthRange(addMonth(monthOf(date), -(MONTHS - 1)), monthOf(date));
  const payments: PaymentMonth[] = [];
  for (const m of months) payments.push(await paymentMonth(county, m, monthOf(date)));
  const snapshot = snapshotOf(county, date, isoShanghai(now), tally, payments);
  const item = { ...snapshot, schemaVersion: SCHEMA_VERSION };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...statsKeys.onDate(county, date), ...item } }));
  // The latest snapshot is never replaced by one for an earlier date (a re-run of an old day).
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...statsKeys.latest(county), ...item },
        ConditionExpression: 'attribute_not_exists(pk) OR #d <= :date',
        ExpressionAttributeNames: { '#d': 'date' },
        ExpressionAttributeValues: { ':date': date },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** One county from its checkpoint (or the start) to the snapshot, or until the time runs short. */
async function countCounty(county: string, ctx: StatisticsContext, report: StatisticsReport): Promise<void> {
  const { date } = ctx;
  const saved = await readCheckpoint(date, county);
  let cp: Checkpoint = saved?.status === 'running' ? saved : { status: 'running', phase: 'cases', page: 0, lastKey: null, tally: emptyTally() };
  while (cp.phase !== 'done') {
    const out = await db().send(pageQuery(county, cp.phase, cp.lastKey));
    const tally = cp.tally;
    for (const item of out.Items ?? []) {
      tally.scanned++;
      report.scanned++;
      if (cp.phase === 'cases') countCase(tally, item as Parameters<typeof countCase>[1]);
      else countTask(tally, item as Parameters<typeof countTask>[1], date);
    }
    const lastKey = out.LastEvaluatedKey ?? null;
    const phase: Phase = lastKey ? cp.phase : PHASES[PHASES.indexOf(cp.phase) + 1]!;
    if (!(await advance(date, county, cp.page, { status: 'running', phase, lastKey, tally }))) {
      report.handedOver = true; // another worker holds this county's run
      return;
    }
    cp = { status: 'running', phase, lastKey, tally, page: cp.page + 1 };
    if (phase !== 'done' && ctx.remainingMs() < HANDOVER_MS) {
      await sendMessages('job-batches', [{ body: { county }, attributes: { job: 'statistics-continue', date, correlationId: ctx.correlationId } }]);
      report.handedOver = true;
      return;
    }
  }
  await finishCounty(county, date, ctx.now, cp.tally);
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: managementKeys.checkpoint(JOB, date, county),
        UpdateExpression: 'SET #s = :done',
        ConditionExpression: 'page = :page',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':page': cp.page },
      }),
    )
    .catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  report.counties++;
}

/** The daily job: every county in turn, or from `fromCounty` on (a continuation). */
export async function runStatistics(ctx: StatisticsContext, fromCounty?: string): Promise<StatisticsReport> {
  const report: StatisticsReport = { counties: 0, scanned: 0, handedOver: false };
  const codes = COUNTIES.map((c) => c.code);
  const first = fromCounty ? Math.max(0, codes.indexOf(fromCounty)) : 0;
  for (let i = first; i < codes.length; i++) {
    await countCounty(codes[i]!, ctx, report);
    if (report.handedOver) return report;
    if (i < codes.length - 1 && ctx.remainingMs() < HANDOVER_MS) {
      await sendMessages('job-batches', [{ body: { county: codes[i + 1] }, attributes: { job: 'statistics-continue', date: ctx.date, correlationId: ctx.correlationId } }]);
      report.handedOver = true;
      return report;
    }
  }
  return report;
}

/** What `GET /api/v1/statistics` answers: the latest snapshot, or null before the job first ran. */
export async function readStatistics(county: string) {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: statsKeys.latest(county) }));
  if (!out.Item) return { county, countyName: findCounty(county)?.name ?? county, snapshot: null };
  const { pk: _pk, sk: _sk, schemaVersion: _v, ...snapshot } = out.Item;
  return { county, countyName: findCounty(county)?.name ?? county, snapshot: snapshot as Snapshot };
}
