import { TransactWriteCommand, UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import { paysMonth, rosterEntries, type RosterEntry } from '../cases/roster.ts';
import { householdAt } from '../registry/store.ts';
import { asOf } from '../registry/link.ts';
import { isoShanghai } from '../clock.ts';
import { logger } from '../log.ts';
import type { CaseItem } from '../cases/case.ts';
import { limiter, type Limiter } from '../jobs/limiter.ts';
import { payKeys } from './keys.ts';
import { addMonth, firstDay } from './months.ts';
import { paramsAt } from './params.ts';
import { declarationsFor, type Declarations } from './declarations.ts';
import { funeralLine, monthlyLines, traceHash, type Line } from './amounts.ts';
import { entryPut, newEntry, writeEntry, type LedgerEntry } from './ledger.ts';
import { countBatch, finishIfComplete, runSettings, type RunItem } from './runs.ts';
import type { BatchMessage } from './producer.ts';
import { ACCOUNT_REASONS, type RetryMarker } from './results.ts';
import type { PayeeItem } from './payees.ts';
import type { FuneralClaim } from './funeral.ts';
import type { DocumentationItem } from './advance.ts';
import { createTasks, type TaskDescriptor } from '../management/tasks.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { maskName } from '../identifiers/mask.ts';

/**
 * The consumer: one message = one batch of ≤ 100 cases (or failed payments) of one run. It reads their
 * roster entries (shared/cases/roster.ts) with one consistent range query — an entry gone means the case
 * is no longer active — computes what each is owed, writes the ledger entries with
 * conditional puts, then adds to the run's counters with one conditional update that also records the
 * batch as counted — so a redelivered message writes nothing twice and counts nothing twice. Per-case
 * problems (no longer eligible, no account after a failure) become exceptions routed to the caseworker,
 * kept on the batch item, never a failed batch.
 */

/**
 * Ledger writes in flight per invocation (4 local deliveries × this is the bench baseline's concurrency).
 * Few, as for the review's tasks (shared/management/tasks.ts): more requests in flight only queue inside
 * DynamoDB Local; on AWS the run scales by concurrent invocations.
 */
export const WRITE_CONCURRENCY = 3;

export interface Exception {
  reference: string;
  code: 'ineligible' | 'routed-to-caseworker' | 'cannot-calculate';
  reason: string;
  paymentId?: string;
}

/** One per invocation, shared by its messages. */
export const newWriteLimiter = (): Limiter => limiter(WRITE_CONCURRENCY);

interface Work {
  entries: LedgerEntry[];
  exceptions: Exception[];
  /** The exceptions that need the caseworker's decision, as tasks in the township's list (with a due date). */
  tasks: TaskDescriptor[];
  /** Writes that are transactions of their own (a retry deletes its marker). */
  transactional: { entry: LedgerEntry; extra: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> }[];
  afterWrite: (() => Promise<void>)[];
}

const stamp = (run: RunItem, c: Pick<CaseItem, 'reference' | 'area'>, createdAt: string) => ({ runId: run.runId, county: run.county, township: c.area.township, reference: c.reference, createdAt });

/** What the ledger already holds for one case per month and base kind (补发 compares with it). */
async function paidByMonth(reference: string): Promise<{ byMonth: Map<string, Map<string, number>>; reversed: Set<string> }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':e': 'ENTRY#' },
      ConsistentRead: true,
    }),
  );
  const byMonth = new Map<string, Map<string, number>>();
  const reversed = new Set<string>();
  for (const e of (out.Items ?? []) as LedgerEntry[]) {
    if (e.kind.includes('.retry')) continue; // a retry re-issues a failed payment: the original already counts
    // A reversal is the county's decision about that month's payment (corrections.ts): 补发 never pays it again.
    if (e.origin === 'correction') {
      reversed.add(`${e.period}|${e.baseKind}`);
      continue;
    }
    const m = byMonth.get(e.period) ?? new Map<string, number>();
    m.set(e.baseKind, (m.get(e.baseKind) ?? 0) + e.amountFen);
    byMonth.set(e.period, m);
  }
  return { byMonth, reversed };
}

/** Working days the township has to look into a payment exception (platform example; the measures set none). */
export const EXCEPTION_TASK_WORKING_DAYS = 10;

function exceptionTask(run: RunItem, c: RosterEntry, at: string): TaskDescriptor {
  const today = at.slice(0, 10);
  return {
    kind: 'payment-exception',
    period: run.month,
    reference: c.reference,
    type: c.type,
    county: c.area.county,
    township: c.area.township,
    dueDate: addWorkingDaysProvisional(today, EXCEPTION_TASK_WORKING_DAYS).date,
    applicant: maskName(c.household.members[0]?.name ?? ''),
    createdOn: today,
    createdBy: `job:payment-run:${run.runId}`,
  };
}

async function activeWork(run: RunItem, refs: string[], at: string): Promise<Work> {
  const work: Work = { entries: [], exceptions: [], tasks: [], transactional: [], afterWrite: [] };
  const cases = await rosterEntries(run.county, refs);
  const declarations = declarationsFor(run.runId);
  // The month's parameters and price linkage are the run's, not a case's: a failure to load them fails the batch (retried), not each case.
  const params = await paramsAt(firstDay(run.month), run.paramsVersion);
  const price = run.priceMonths.find((p) => p.month === run.month)?.indices;
  for (const c of cases) {
    if (!paysMonth(c, run.month)) continue;
    try {
      const emergency = await declarations.emergencyMonth(c.area.township, run.month);
      const now = monthlyLines(c, run.month, params, { ...(emergency ? { emergency } : {}), ...(price ? { price } : {}) });
      if ('ineligible' in now) {
        work.exceptions.push({ reference: c.reference, code: 'ineligible', reason: `按规则重新计算不再符合条件，已转经办人员复核：${now.ineligible}` });
        work.tasks.push(exceptionTask(run, c, at));
        continue;
      }
      const lines: Line[] = [...now.lines];
      // Price linkage confirmed late for an earlier month: only its subsidy line, once (deterministic id).
      for (const p of run.priceMonths.filter((x) => x.month < run.month && x.month >= c.enrolment!.startMonth)) {
        const then = monthlyLines(c, p.month, await paramsAt(firstDay(p.month), run.paramsVersion), { price: p.indices });
        lines.push(...then.lines.filter((l) => l.kind === 'priceSubsidy'));
      }
      const owed = run.backPayMonths.filter((m) => m >= c.enrolment!.startMonth);
      if (owed.length) lines.push(...(await backPay(run, c, owed, declarations)));
      for (const l of lines) work.entries.push(newEntry(l, stamp(run, c, at)));
    } catch (error) {
      logger.warn('cannot calculate', { reference: c.reference, error: (error as Error).message });
      work.exceptions.push({ reference: c.reference, code: 'cannot-calculate', reason: `无法按规则计算：${(error as Error).message}` });
      work.tasks.push(exceptionTask(run, c, at));
    }
  }
  return work;
}

/** 补发: the month recomputed with the values now published, minus what the ledger paid for it. */
async function backPay(run: RunItem, c: RosterEntry, months: string[], declarations: Declarations): Promise<Line[]> {
  const { byMonth: paid, reversed } = await paidByMonth(c.reference);
  const lines: Line[] = [];
  for (const m of months) {
    const already = paid.get(m);
    if (!already) continue; // nothing was paid that month (not yet enrolled, suspended): no difference to pay
    const emergency = await declarations.emergencyMonth(c.area.township, m);
    // The month as it was: the household's facts on its first day (registry), not today's.
    const then = c.householdId ? await householdAt(c.householdId, firstDay(m)) : undefined;
    const due = monthlyLines(then ? asOf(c, then.facts) : c, m, await paramsAt(firstDay(m), run.paramsVersion), emergency ? { emergency } : {});
    for (const l of due.lines) {
      if (reversed.has(`${m}|${l.baseKind}`)) continue;
      const diff = l.amountFen - (already.get(l.baseKind) ?? 0);
      if (diff > 0) lines.push({ ...l, kind: `${l.baseKind}.backpay.v${run.paramsVersion}`, amountFen: diff });
    }
  }
  return lines;
}

/** 临时救助 (十三): the stages of approved plans that fall due by this month. */
async function approvedWork(run: RunItem, refs: string[], at: string): Promise<Work> {
  const work: Work = { entries: [], exceptions: [], tasks: [], transactional: [], afterWrite: [] };
  const cases = await getMany<CaseItem>(refs.map((r) => keys.application(r)));
  for (const c of cases) {
    if (c.type !== 'linshi' || c.status !== 'approved' || !c.plan || !c.decision || !c.proposal) continue;
    const decided = c.decision.at.slice(0, 7);
    const base = { category: 'linshi' as const, payee: 'person' as const, parameterVersions: c.proposal.parameterVersions, traceHash: traceHash(c.proposal.trace) };
    const due: Line[] = [];
    const plan = c.plan;
    if (plan.kind === 'oneOff') due.push({ ...base, period: decided, kind: 'linshi.oneOff', baseKind: 'linshi.oneOff', amountFen: plan.totalFen });
    if (plan.kind === 'staged')
      for (const p of plan.payments) due.push({ ...base, period: addMonth(decided, p.n - 1), kind: `linshi.stage${p.n}`, baseKind: `linshi.stage${p.n}`, amountFen: p.amountFen });
    if (plan.kind === 'advance') {
      // Paid from the township's reserve at approval (advance.ts); written here only if that hook did not run.
      due.push({ ...base, period: decided, kind: 'linshi.advance', baseKind: 'linshi.advance', amountFen: plan.advanceFen });
      if (plan.balanceFen > 0) {
        const [doc] = await getMany<DocumentationItem>([payKeys.documentation(c.reference)]);
        if (doc?.status === 'done' && doc.doneOn) due.push({ ...base, period: doc.doneOn.slice(0, 7), kind: 'linshi.balance', baseKind: 'linshi.balance', amountFen: plan.balanceFen });
      }
    }
    for (const l of due.filter((x) => x.period <= run.month && x.amountFen > 0)) work.entries.push(newEntry(l, stamp(run, c, at)));
  }
  return work;
}

/** 丧葬补助 (六): claims recorded by the caseworker, paid once; the claim then leaves the county's due list. */
async function dueWork(run: RunItem, refs: string[], at: string): Promise<Work> {
  const work: Work = { entries: [], exceptions: [], tasks: [], transactional: [], afterWrite: [] };
  const claims = await getMany<FuneralClaim>(refs.map((r) => payKeys.funeral(r)));
  const cases = new Map((await getMany<CaseItem>(claims.map((cl) => keys.application(cl.reference)))).map((c) => [c.reference, c]));
  for (const claim of claims) {
    const c = cases.get(claim.reference);
    if (!c || claim.month > run.month) continue;
    const l = funeralLine(c, claim.month, await paramsAt(firstDay(claim.month), run.paramsVersion));
    if (!l) continue;
    const entry = newEntry(l, stamp(run, c, at));
    work.entries.push(entry);
    work.afterWrite.push(async () => {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: payKeys.funeral(claim.reference),
          UpdateExpression: 'SET #s = :paid, paymentId = :id REMOVE gsi3pk, gsi3sk',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':paid': 'paid', ':id': entry.paymentId },
        }),
      );
    });
  }
  return work;
}

/** Failed payments: issued again — unless the bank said the account is wrong and nobody has changed it. */
async function retryWork(run: RunItem, paymentIds: string[], at: string): Promise<Work> {
  const work: Work = { entries: [], exceptions: [], tasks: [], transactional: [], afterWrite: [] };
  const markers = await getMany<RetryMarker>(paymentIds.map((id) => payKeys.retry(id)));
  const payees = new Map((await getMany<PayeeItem>([...new Set(markers.map((m) => m.reference))].map((r) => payKeys.payee(r)))).map((p) => [p.reference, p]));
  for (const m of markers) {
    const account = payees.get(m.reference)?.accounts?.[m.payee];
    if (ACCOUNT_REASONS.includes(m.reasonCode) && (!account || account.updatedAt <= m.failedAt)) {
      work.exceptions.push({ reference: m.reference, paymentId: m.paymentId, code: 'routed-to-caseworker', reason: `${m.reason}：请经办人员核实并更新收款账户后再发放` });
      continue;
    }
    const line: Line = {
      period: m.period,
      kind: `${m.baseKind}.retry${m.attempt}`,
      baseKind: m.baseKind,
      category: m.category,
      payee: m.payee,
      amountFen: m.amountFen,
      parameterVersions: m.parameterVersions,
      traceHash: m.traceHash,
    };
    const entry = { ...newEntry(line, { runId: run.runId, county: m.county, township: m.township, reference: m.reference, createdAt: at }), follows: m.paymentId };
    work.transactional.push({ entry, extra: [{ Delete: { TableName: tableName(), Key: payKeys.retry(m.paymentId), ConditionExpression: 'attribute_exists(pk)' } }] });
  }
  return work;
}

async function write(run: RunItem, work: Work, writes: Limiter): Promise<{ entries: number; amountFen: number }> {
  let entries = 0;
  let amountFen = 0;
  const count = (e: LedgerEntry) => {
    entries++;
    amountFen += e.amountFen;
  };
  await Promise.all(
    work.entries.map((e) =>
      writes.run(async () => {
        const outcome = await writeEntry(e);
        if (outcome !== 'already-elsewhere') count(e);
      }),
    ),
  );
  for (const { entry, extra } of work.transactional) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: [entryPut(entry), ...extra] }));
      count(entry);
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [existing] = await getMany<LedgerEntry>([payKeys.entry(entry.reference, entry.period, entry.kind)]);
      if (existing?.runId === run.runId) count(entry);
    }
  }
  for (const after of work.afterWrite) await after();
  return { entries, amountFen };
}

export async function processBatch(msg: BatchMessage, now: Date, correlationId: string, writes: Limiter = newWriteLimiter()): Promise<void> {
  const run = await runSettings(msg.runId);
  if (run?.status !== 'running') return;
  const at = isoShanghai(now);
  const work =
    msg.phase === 'active'
      ? await activeWork(run, msg.ids, at)
      : msg.phase === 'approved'
        ? await approvedWork(run, msg.ids, at)
        : msg.phase === 'due'
          ? await dueWork(run, msg.ids, at)
          : await retryWork(run, msg.ids, at);
  const { entries, amountFen } = await write(run, work, writes);
  // Exceptions before the count, so a crash between the two loses none; the first delivery's list stays.
  if (work.exceptions.length) {
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: payKeys.batch(run.runId, msg.n),
          UpdateExpression: 'SET #x = :x',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#x)',
          ExpressionAttributeNames: { '#x': 'exceptions' },
          ExpressionAttributeValues: { ':x': work.exceptions },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  // Tasks are deterministic (kind, month, case): a redelivered batch finds them and creates none again.
  if (work.tasks.length) await createTasks(work.tasks);
  const counted = await countBatch(run.runId, msg, { entries, amountFen, exceptions: work.exceptions.length });
  if (counted?.producerDone && counted.done >= counted.total) await finishIfComplete(run.runId, now, correlationId);
}
