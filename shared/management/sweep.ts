import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { COUNTIES } from '../reference/areas.ts';
import { sendMessages } from '../queue.ts';
import type { CaseItem } from '../cases/case.ts';
import { managementKeys } from './keys.ts';
import type { TaskDescriptor } from './tasks.ts';
import { timeToHandOver } from '../jobs/handover.ts';

/**
 * City-scale sweeps over active cases (docs/architecture.md § Performance budgets: ~100,000 cases, never the Lambda limit, ≤ 300 MB).
 *
 * The producer pages through each county's active cases on gsi3 (`CTY#<county>`, `APP#active#…`),
 * page by page, never holding more than one page; it turns the cases a job selects into task
 * descriptors and sends them to the `management-batches` queue, 100 to a message, where the consumer
 * creates them with conditional puts. The counties are swept side by side. After every page a county
 * checkpoints the page's LastEvaluatedKey; when shared/jobs/handover.ts says so (a few pages, or the
 * Lambda limit near), it sends a continuation message with that key and stops, so the next invocation
 * carries on where it left off. A run retried by the scheduler
 * resumes from a checkpoint still marked `running`; a run on a date already `done` sweeps again, which
 * creates nothing twice because task ids are deterministic.
 */
export const QUEUE = 'management-batches' as const;
/** Tasks per message: an invocation of 10 messages keeps its writes busy, with one counter update per 100 tasks. */
export const TASKS_PER_MESSAGE = 100;
/**
 * Cases read per page. A page without a Limit ends at 1 MB, and DynamoDB Local reads the rest of the
 * partition to find that point: at 25,000 cases a county, pages took seconds and the sweep grew quadratic.
 */
export const PAGE_SIZE = 500;

export interface SweepContext {
  date: string;
  correlationId: string;
  remainingMs(): number;
}

export interface SweepStart {
  job: string;
  date: string;
  county: string;
  startKey?: Record<string, unknown>;
  /** Which of the county's enrolled cases the key pages: the active ones first, then the suspended ones. */
  phase?: Phase;
}

/** A suspended case is still re-checked and inspected: it is swept after the active ones, in its own range of gsi3. */
const PHASES = ['active', 'suspended'] as const;
type Phase = (typeof PHASES)[number];

export interface SweepReport {
  scanned: number;
  selected: number;
  messages: number;
  handedOver: boolean;
}

type Selector = (c: CaseItem) => TaskDescriptor | null;

const attributes = (job: string, date: string, correlationId: string) => ({ job, date, correlationId });

/** Sends task descriptors in messages of TASKS_PER_MESSAGE; the consumer is the `create-tasks` batch job. */
export async function sendTasks(run: { job: string; date: string; correlationId: string }, tasks: TaskDescriptor[]): Promise<number> {
  const messages = [];
  for (let i = 0; i < tasks.length; i += TASKS_PER_MESSAGE) {
    messages.push({ body: { run: { job: run.job, date: run.date }, tasks: tasks.slice(i, i + TASKS_PER_MESSAGE) }, attributes: attributes('create-tasks', run.date, run.correlationId) });
  }
  if (messages.length) await sendMessages(QUEUE, messages);
  return messages.length;
}

async function checkpoint(job: string, date: string, county: string, fields: Record<string, unknown>): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...managementKeys.checkpoint(job, date, county), job, date, county, ...fields, schemaVersion: SCHEMA_VERSION } }));
}

async function resumeFrom(job: string, date: string, county: string): Promise<{ key?: Record<string, unknown>; phase: Phase }> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: managementKeys.checkpoint(job, date, county), ConsistentRead: true }));
  if (out.Item?.status !== 'running') return { phase: 'active' };
  return { phase: (out.Item.phase as Phase | undefined) ?? 'active', ...(out.Item.lastKey ? { key: out.Item.lastKey as Record<string, unknown> } : {}) };
}

/** One county from `startKey` (or its checkpoint) to the end, or until the time runs short. */
async function sweepCounty(start: SweepStart, select: Selector, ctx: SweepContext, report: SweepReport, types?: readonly string[]): Promise<void> {
  const { job, date, county } = start;
  // A job that picks one type lets the index read drop the others before they cross the wire.
  const typeFilter = types?.length ? { FilterExpression: `#t IN (${types.map((_, i) => `:t${i}`).join(', ')})`, values: Object.fromEntries(types.map((t, i) => [`:t${i}`, t])) } : undefined;
  const resumed = start.startKey ? { key: start.startKey, phase: start.phase ?? 'active' } : await resumeFrom(job, date, county);
  let key = resumed.key;
  let pages = 0;
  for (const phase of PHASES.slice(PHASES.indexOf(resumed.phase))) {
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
          ...(typeFilter ? { FilterExpression: typeFilter.FilterExpression } : {}),
          ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': `APP#${phase}#`, ...typeFilter?.values },
          ProjectionExpression: '#r, #t, #s, #a, enrolment, applicant.#n',
          ExpressionAttributeNames: { '#r': 'reference', '#t': 'type', '#s': 'status', '#a': 'area', '#n': 'name' },
          ExclusiveStartKey: key,
          Limit: PAGE_SIZE,
        }),
      );
      const tasks: TaskDescriptor[] = [];
      report.scanned += page.ScannedCount ?? 0; // every active case examined, the type filter's included
      for (const item of (page.Items ?? []) as CaseItem[]) {
        const task = item.status === phase ? select(item) : null;
        if (task) tasks.push(task);
      }
      report.selected += tasks.length;
      report.messages += await sendTasks({ job, date, correlationId: ctx.correlationId }, tasks);
      key = page.LastEvaluatedKey;
      const last = !key && phase === PHASES.at(-1);
      await checkpoint(job, date, county, last ? { status: 'done' } : key ? { status: 'running', phase, lastKey: key } : { status: 'running', phase: PHASES[PHASES.indexOf(phase) + 1] });
      if (key && timeToHandOver(++pages, ctx.remainingMs)) {
        await sendMessages(QUEUE, [{ body: { job, date, county, startKey: key, phase }, attributes: attributes('sweep-continue', date, ctx.correlationId) }]);
        report.handedOver = true;
        return;
      }
    } while (key);
  }
}

/**
 * The whole city: the four counties are swept side by side, each paging on its own and handing over on
 * its own, so reading never waits for one long county. `from` resumes one county's handed-over sweep.
 */
export async function sweepActiveCases(job: string, select: Selector, ctx: SweepContext, from?: SweepStart, types?: readonly string[]): Promise<SweepReport> {
  const report: SweepReport = { scanned: 0, selected: 0, messages: 0, handedOver: false };
  const starts = from ? [from] : COUNTIES.map((c): SweepStart => ({ job, date: ctx.date, county: c.code }));
  await Promise.all(starts.map((start) => sweepCounty(start, select, ctx, report, types)));
  return report;
}
