import { requirePlace } from '../access/scope.ts';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { limiter, type Limiter } from '../jobs/limiter.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import { atRiskCutoff, dueFlags } from '../calendar/due.ts';
import { dateShanghai } from '../clock.ts';
import { parametersOn } from '../policy/store.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import { joinId, managementKeys, splitId } from './keys.ts';
import type { TransactItem } from '../audit/chain.ts';
import { isoShanghai } from '../clock.ts';
import { noticeText } from '../notices/messages.ts';
import { noticeWrite } from '../notices/outbox.ts';

/**
 * Tasks of dynamic management (五)(六)(二十三): re-checks, visits, data-match and inspection follow-ups.
 *
 * Where they show: tasks have their OWN township partition on gsi1 (`TASKS#<township>`, sorted by
 * status and due date) and are served by `GET /api/v1/tasks`, not mixed into the application inbox
 * (`TWP#<township>`): the inbox lists cases, and a task is about a case, so keeping them apart leaves
 * the inbox's item shape alone. The county sees them on gsi3 (`CTY#<county>`, `TASK#<status>#<due>#<id>`)
 * beside applications and referrals, which is where deadline-watch looks for overdue ones.
 *
 * A task's id is deterministic (`<kind>.<period>.<reference>`) and it is created with a conditional put,
 * so a job run twice for a date, or a redelivered SQS batch, creates nothing twice.
 */
export const TASK_KINDS = {
  'dibao-q2-review': { label: 'C类低保家庭第二季度复核', measure: '(五)' },
  'dibao-q4-review': { label: '低保家庭第四季度复核', measure: '(五)' },
  'tekun-q4-review': { label: '特困人员第四季度复核', measure: '(六)' },
  'tekun-visit': { label: '分散供养特困人员探访与生活自理能力复评', measure: '(六)' },
  'data-match': { label: '数据比对疑点复核', measure: '(二十三)' },
  inspection: { label: '双随机抽查发现问题的复核', measure: '(二十三)' },
  /** A case the monthly run could not pay as it stands (no longer eligible, e.g. a 特困 minor turned 18): the caseworker decides. */
  'payment-exception': { label: '发放异常核查（按规则不再符合条件或无法计算）', measure: '(五)(六)' },
  /** A stranded person returned home by the 救助管理机构: the home township follows up (shared/management/stranded.ts). */
  'stranded-followup': { label: '流浪乞讨返乡人员后续帮扶', measure: '(十四)' },
  /** A 备用金 draw the monthly reconciliation could not match to the ledger (shared/payments/township-reserve.ts). */
  'reserve-difference': { label: '乡镇备用金对账差异核查', measure: '(十三)(二十三)' },
} as const;
export type TaskKind = keyof typeof TASK_KINDS;

/** What a job sends over SQS to create one task: ids and masked labels only, never personal data. */
export interface TaskDescriptor {
  kind: TaskKind;
  period: string;
  reference: string;
  type: AssistanceType;
  county: string;
  township: string;
  dueDate: string;
  /** Masked name (张*三), as on 长期公示. */
  applicant: string;
  createdOn: string;
  createdBy: string;
  /** Data match / inspection: what was found, without the ID number. */
  evidence?: Record<string, unknown>;
}

export interface TaskItem extends TaskDescriptor {
  pk: string;
  sk: string;
  id: string;
  status: 'open' | 'done';
  outcome?: { outcome: string; findings: string; at: string; by: string; reasons?: string[] };
}

export const taskId = (d: Pick<TaskDescriptor, 'kind' | 'period' | 'reference'>) => joinId(d.kind, d.period, d.reference);

function indexKeys(t: Pick<TaskItem, 'id' | 'status' | 'dueDate' | 'township' | 'county'>) {
  return {
    gsi1pk: `TASKS#${t.township}`,
    gsi1sk: `${t.status}#${t.dueDate}#${t.id}`,
    gsi3pk: `CTY#${t.county}`,
    gsi3sk: `TASK#${t.status}#${t.dueDate}#${t.id}`,
  };
}

export function taskItem(d: TaskDescriptor): TaskItem & Record<string, unknown> {
  const id = taskId(d);
  return {
    ...managementKeys.task(d.kind, d.period, d.reference),
    ...d,
    id,
    status: 'open',
    ...indexKeys({ id, status: 'open', dueDate: d.dueDate, township: d.township, county: d.county }),
    schemaVersion: SCHEMA_VERSION,
  };
}

/** The closed task, for the outcome's transaction (conditional on it still being open). */
export function closedTask(t: TaskItem, outcome: NonNullable<TaskItem['outcome']>): Record<string, unknown> {
  return { ...t, status: 'done', outcome, ...indexKeys({ ...t, status: 'done' }) };
}

/**
 * The re-checks and visits the household is told about by SMS (shared/notices), in the task's own transaction.
 * They are not queued here: the review jobs run at night over the whole city, and the daily notice-sweep
 * (08:15) sends what is pending — nobody is texted at 2 a.m., and the job's own run is not slowed by them.
 */
const NOTIFIED_KINDS: readonly TaskKind[] = ['dibao-q2-review', 'dibao-q4-review', 'tekun-q4-review', 'tekun-visit'];

/** The task's conditional put, and its notice when the household is told (one per task: the notice's key is the task's id). */
function taskWrites(d: TaskDescriptor): TransactItem[] {
  const put: TransactItem = { Put: { TableName: tableName(), Item: taskItem(d), ConditionExpression: 'attribute_not_exists(pk)' } };
  if (!NOTIFIED_KINDS.includes(d.kind)) return [put];
  return [put, noticeWrite(d.reference, `task#${taskId(d)}`, 'recheckDue', noticeText('recheckDue', d.reference), isoShanghai(new Date()))];
}

/** Creates the task unless it exists. */
export async function createTask(d: TaskDescriptor): Promise<'created' | 'exists'> {
  const writes = taskWrites(d);
  try {
    if (writes.length === 1) await db().send(new PutCommand(writes[0]!.Put as ConstructorParameters<typeof PutCommand>[0]));
    else await db().send(new TransactWriteCommand({ TransactItems: writes }));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'exists';
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'exists';
    throw error;
  }
  return 'created';
}

/**
 * Task transactions in flight per invocation (4 local deliveries × this is the Q4 bench baseline's
 * concurrency). Few on purpose: measured at 100,000 cases, 12 in flight finished sooner than 40, which only
 * queued behind each other; on AWS throughput comes from concurrent invocations, not from one.
 */
export const TASK_WRITE_CONCURRENCY = 3;
/** Tasks per transaction: DynamoDB's limit of 100 items, each task with its notice. */
const TASKS_PER_TRANSACTION = 50;

/**
 * New tasks: each a conditional put, sent together in one transaction per 50 — one request instead of one
 * per task. If any exists already (the job ran for this date before, or a message came twice) the
 * transaction writes nothing and each is then put on its own, so created and existing are counted exactly.
 */
async function createChunk(chunk: readonly TaskDescriptor[]): Promise<('created' | 'exists')[]> {
  if (chunk.length === 1) return [await createTask(chunk[0]!)];
  const writes = chunk.flatMap(taskWrites);
  try {
    await db().send(new TransactWriteCommand({ TransactItems: writes }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    return Promise.all(chunk.map(createTask));
  }
  return chunk.map(() => 'created');
}

/**
 * Creates many tasks, at most `writes` requests in flight (a limiter shared with the invocation's other
 * messages, so none waits at a barrier), and adds the counts to the job's run item.
 */
export async function createTasks(
  tasks: readonly TaskDescriptor[],
  run?: { job: string; date: string },
  writes: Limiter = limiter(TASK_WRITE_CONCURRENCY),
): Promise<{ created: number; existing: number }> {
  let created = 0;
  let existing = 0;
  // One task per id: a transaction may not touch an item twice, and the second of two equal descriptors
  // (a list naming a person twice) is an existing task, as a second put would find it.
  const ids = new Set<string>();
  const unique: TaskDescriptor[] = [];
  for (const t of tasks) {
    if (ids.has(taskId(t))) existing++;
    else {
      ids.add(taskId(t));
      unique.push(t);
    }
  }
  const chunks: TaskDescriptor[][] = [];
  for (let i = 0; i < unique.length; i += TASKS_PER_TRANSACTION) chunks.push(unique.slice(i, i + TASKS_PER_TRANSACTION));
  await Promise.all(
    chunks.map((chunk) =>
      writes.run(async () => {
        for (const o of await createChunk(chunk)) o === 'created' ? created++ : existing++;
      }),
    ),
  );
  if (run && tasks.length) await countRun(run.job, run.date, { created, existing });
  return { created, existing };
}

/** Adds to a job run's counters (one write per batch, not per task). */
export async function countRun(job: string, date: string, counts: Record<string, number>): Promise<void> {
  const names = Object.keys(counts);
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `JOB#${job}`, sk: date },
      UpdateExpression: `ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#c${i}`, n])),
      ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:c${i}`, counts[n]])),
    }),
  );
}

export async function loadTask(id: string): Promise<TaskItem> {
  const parts = splitId(id, 3);
  const missing = () => notFound('no-such-task', `没有编号为 ${id.slice(0, 80)} 的任务。`);
  if (!parts) throw missing();
  const [kind, period, reference] = parts as [TaskKind, string, string];
  if (!(kind in TASK_KINDS)) throw missing();
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.task(kind, period, reference), ConsistentRead: true }));
  if (!out.Item) throw missing();
  return out.Item as TaskItem;
}

export function requireTaskScope(actor: Actor, t: Pick<TaskItem, 'township' | 'county'>): void {
  requirePlace(actor, t.township);
}

/**
 * The last due date that counts as 即将到期 on `today`: the applications' rule (3 official working days,
 * shared/cases/views.ts) applied to tasks. Overdue is the deadline-watch rule: open and due before today.
 */
/** `cutoff` (atRiskCutoff) is needed for an open task only; a closed one is never flagged. */
export function taskView(t: TaskItem, today: string, cutoff?: string) {
  const open = t.status === 'open';
  if (open && cutoff === undefined) throw new Error(`task ${t.id} is open: its view needs the at-risk cutoff`);
  const { overdue, atRisk } = dueFlags({ dueDate: t.dueDate, open }, today, cutoff ?? today);
  return {
    id: t.id,
    kind: t.kind,
    kindLabel: TASK_KINDS[t.kind].label,
    measure: TASK_KINDS[t.kind].measure,
    period: t.period,
    reference: t.reference,
    type: t.type,
    typeLabel: TYPE_PROFILES[t.type]?.label ?? t.type,
    applicant: t.applicant,
    township: t.township,
    townshipName: findTownship(t.township)?.name ?? t.township,
    dueDate: t.dueDate,
    status: t.status,
    overdue,
    atRisk,
    createdOn: t.createdOn,
    ...(t.evidence ? { evidence: t.evidence } : {}),
    ...(t.outcome ? { outcome: t.outcome } : {}),
  };
}

/**
 * A caseworker's township tasks, or a county's (all its townships, or one with `township`), by status then
 * due date.
 */
export async function listTasks(actor: Actor, query: { status?: 'open' | 'done'; township?: string; cursor?: string; limit?: string }, now: Date) {
  const townshipCode = actor.role === 'caseworker' ? actor.township : query.township;
  const status = query.status ?? 'open';
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: townshipCode ? 'gsi1' : 'gsi3',
      KeyConditionExpression: townshipCode ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
      ExpressionAttributeValues: townshipCode ? { ':pk': `TASKS#${townshipCode}`, ':p': `${status}#` } : { ':pk': `CTY#${actor.county}`, ':p': `TASK#${status}#` },
      Limit: Math.min(Number(query.limit ?? 50) || 50, 100),
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  return { items: ((out.Items ?? []) as TaskItem[]).map((t) => taskView(t, today, cutoff)), cursor: encodeCursor(out.LastEvaluatedKey) };
}

/** One task, for whoever's scope covers it (its township's caseworkers, its county). */
export async function getTask(actor: Actor, id: string, now: Date) {
  const today = dateShanghai(now);
  const [task, params] = await Promise.all([loadTask(id), parametersOn(today)]);
  requireTaskScope(actor, task);
  return taskView(task, today, atRiskCutoff(params, today));
}

async function count(township: string, from: string, to: string): Promise<number> {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': `TASKS#${township}`, ':a': from, ':b': to },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    n += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return n;
}

/**
 * 督办 of tasks (county): per township, the open tasks, those 即将到期 and 已超期 (the deadline-watch
 * rule), and those done — counted on the township partitions (gsi1 `<status>#<due>#<id>`), so nothing
 * but counts leaves the table.
 */
export async function taskCounts(actor: Actor, now: Date) {
  const county = findCounty(actor.county ?? '');
  if (!county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  const townships = await Promise.all(
    county.townships.map(async (t) => {
      const [open, overdue, atRisk, done] = await Promise.all([
        count(t.code, 'open#', 'open#~'),
        count(t.code, 'open#', `open#${today}`),
        count(t.code, `open#${today}`, `open#${cutoff}#~`),
        count(t.code, 'done#', 'done#~'),
      ]);
      return { township: t.code, name: t.name, open, atRisk, overdue, done };
    }),
  );
  const totals = townships.reduce((s, t) => ({ open: s.open + t.open, atRisk: s.atRisk + t.atRisk, overdue: s.overdue + t.overdue, done: s.done + t.done }), {
    open: 0,
    atRisk: 0,
    overdue: 0,
    done: 0,
  });
  return { county: county.code, countyName: county.name, date: today, atRiskUntil: cutoff, townships, totals };
}
