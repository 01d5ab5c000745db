import { rosterEntries, type RosterEntry } from '../cases/roster.ts';
import { householdAt } from '../registry/store.ts';
import { isoShanghai } from '../clock.ts';
import { logger } from '../log.ts';
import { limiter, type Limiter } from '../jobs/limiter.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { firstDay } from './months.ts';
import { paramsAt } from './params.ts';
import { declarationsFor, type EmergencyMonth } from './declarations.ts';
import type { LedgerEntry } from './ledger.ts';
import { batches, casesOf, documentation, funerals, ledger, payees as storedPayees, retries } from './store.ts';
import { countBatch, finishIfComplete, runSettings, type RunItem } from './runs.ts';
import type { BatchMessage } from './producer.ts';
import { createTasks } from '../management/tasks.ts';
import { owedMonths, paidSoFar, payable, planActive, planApproved, planDue, planRetry, readValue, type ActiveFacts, type PaidSoFar, type Plan, type Read } from './plan.ts';

/**
 * The consumer: one message = one batch of ≤ 100 cases (or failed payments) of one run. It reads what the
 * batch needs — the cases' roster entries (shared/cases/roster.ts) with one consistent range query (an entry
 * gone means the case is no longer active), the run's parameters and emergencies, and for 补发 the ledger
 * so far — then plans the batch with the pure functions of plan.ts and writes the plan: ledger entries
 * with conditional puts, then one conditional update of the run's counters that also records the batch as
 * counted, so a redelivered message writes nothing twice and counts nothing twice. Per-case problems (no
 * longer eligible, no account after a failure) become exceptions routed to the caseworker, kept on the
 * batch item, never a failed batch.
 */

/**
 * Ledger writes in flight per invocation (4 local deliveries × this is the bench baseline's concurrency).
 * Few, as for the review's tasks (shared/management/tasks.ts): more requests in flight only queue inside
 * DynamoDB Local; on AWS the run scales by concurrent invocations.
 */
export const WRITE_CONCURRENCY = 3;

/** One per invocation, shared by its messages. */
export const newWriteLimiter = (): Limiter => limiter(WRITE_CONCURRENCY);

const settle = <T>(p: Promise<T>): Promise<Read<T>> =>
  p.then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );

/** Reads each key once, in parallel, keeping failures for the plan to meet (a case's failure is its exception, not the batch's). */
async function readAll<T>(keys: Iterable<string>, read: (key: string) => Promise<T>): Promise<Map<string, Read<T>>> {
  const unique = [...new Set(keys)];
  return new Map(await Promise.all(unique.map(async (k) => [k, await settle(read(k))] as const)));
}

async function paidByMonth(reference: string): Promise<PaidSoFar> {
  return paidSoFar(await ledger.entriesOf(reference));
}

/** Everything `planActive` looks up for these cases, read before it runs. */
async function activeFacts(run: RunItem, cases: RosterEntry[]): Promise<ActiveFacts> {
  const declarations = declarationsFor(run.runId);
  const owed = new Map(cases.map((c) => [c.reference, owedMonths(run, c)] as const));
  const backPaying = cases.filter((c) => owed.get(c.reference)!.length);
  const months = [run.month, ...run.priceMonths.map((p) => p.month).filter((m) => m < run.month), ...run.backPayMonths];
  const townships = [...new Set(cases.map((c) => c.area.township))];
  const [params, emergencies, paid] = await Promise.all([
    readAll(months, (m) => paramsAt(firstDay(m), run.paramsVersion)),
    readAll(
      townships.flatMap((t) => [run.month, ...run.backPayMonths].map((m) => `${t}|${m}`)),
      (k) => declarations.emergencyMonth(k.split('|')[0]!, k.split('|')[1]!),
    ),
    readAll(
      backPaying.map((c) => c.reference),
      (r) => paidByMonth(r),
    ),
  ]);
  // The household as it was on the first day of each month the ledger paid (registry), for 补发 on the facts of then.
  const byRef = new Map(cases.map((c) => [c.reference, c]));
  const asked = backPaying.flatMap((c) => {
    const so = paid.get(c.reference);
    if (!c.householdId || !so || 'error' in so) return [];
    return owed
      .get(c.reference)!
      .filter((m) => so.value.byMonth.has(m))
      .map((m) => `${c.reference}|${m}`);
  });
  const households = await readAll(asked, (k) => {
    const [reference, month] = k.split('|') as [string, string];
    return householdAt(byRef.get(reference)!.householdId!, firstDay(month)).then((f) => f?.facts);
  });
  return {
    params: (m): ParameterSet => readValue(params.get(m), `parameters of ${m}`),
    emergency: (t, m): EmergencyMonth | undefined => readValue(emergencies.get(`${t}|${m}`), `emergencies of ${t} in ${m}`),
    paid: (r) => readValue(paid.get(r), `ledger of ${r}`),
    householdOn: (r, m) => {
      const read = households.get(`${r}|${m}`);
      return read ? readValue(read, `household of ${r} in ${m}`) : undefined;
    },
  };
}

async function planBatch(run: RunItem, msg: BatchMessage, at: string): Promise<Plan> {
  if (msg.phase === 'active') {
    const cases = payable(run, await rosterEntries(run.county, msg.ids));
    return planActive(run, cases, await activeFacts(run, cases), at);
  }
  if (msg.phase === 'approved') {
    const cases = await casesOf(msg.ids);
    const advances = cases.filter((c) => c.plan?.kind === 'advance' && c.plan.balanceFen > 0);
    const docs = await documentation.getMany(advances.map((c) => c.reference));
    return planApproved(run, cases, new Map(docs.map((d) => [d.reference, d])), at);
  }
  if (msg.phase === 'due') {
    const claims = await funerals.getMany(msg.ids);
    const cases = new Map((await casesOf(claims.map((cl) => cl.reference))).map((c) => [c.reference, c]));
    const params = new Map<string, ParameterSet>();
    for (const m of new Set(claims.map((cl) => cl.month))) params.set(m, await paramsAt(firstDay(m), run.paramsVersion));
    return planDue(run, claims, cases, (m) => params.get(m)!, at);
  }
  const markers = await retries.getMany(msg.ids);
  const payees = await storedPayees.getMany([...new Set(markers.map((m) => m.reference))]);
  return planRetry(run, markers, new Map(payees.map((p) => [p.reference, p])), at);
}

async function write(run: RunItem, plan: Plan, writes: Limiter): Promise<{ entries: number; amountFen: number }> {
  let entries = 0;
  let amountFen = 0;
  const count = (e: LedgerEntry) => {
    entries++;
    amountFen += e.amountFen;
  };
  await Promise.all(
    plan.entries.map((e) =>
      writes.run(async () => {
        const outcome = await ledger.write(e);
        if (outcome !== 'already-elsewhere') count(e);
      }),
    ),
  );
  for (const { entry, marker } of plan.retries) {
    if (await retries.pay(entry, marker)) count(entry);
    // Paid already: counted here only if by this run (a redelivered batch).
    else if ((await ledger.get(entry))?.runId === run.runId) count(entry);
  }
  // The claim leaves the county's due list once its entry is in the ledger.
  for (const paid of plan.funeralsPaid) await funerals.markPaid(paid.reference, paid.paymentId);
  return { entries, amountFen };
}

export async function processBatch(msg: BatchMessage, now: Date, correlationId: string, writes: Limiter = newWriteLimiter()): Promise<void> {
  const run = await runSettings(msg.runId);
  if (run?.status !== 'running') return;
  const plan = await planBatch(run, msg, isoShanghai(now));
  for (const x of plan.exceptions) if (x.code === 'cannot-calculate') logger.warn('cannot calculate', { reference: x.reference, error: x.reason });
  const { entries, amountFen } = await write(run, plan, writes);
  // Exceptions before the count, so a crash between the two loses none; the first delivery's list stays.
  if (plan.exceptions.length) await batches.keepExceptions(run.runId, msg.n, plan.exceptions);
  // Tasks are deterministic (kind, month, case): a redelivered batch finds them and creates none again.
  if (plan.tasks.length) await createTasks(plan.tasks);
  const counted = await countBatch(run.runId, msg, { entries, amountFen, exceptions: plan.exceptions.length });
  if (counted?.producerDone && counted.done >= counted.total) await finishIfComplete(run.runId, now, correlationId);
}
