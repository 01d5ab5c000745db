import { requirePlace } from '../access/scope.ts';
import { conflict, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { loadPublished } from '../policy/store.ts';
import { isoShanghai } from '../clock.ts';
import { findCounty } from '../reference/areas.ts';
import type { PriceIndices } from '../rules/price-linkage.ts';
import { sendMessages } from '../queue.ts';
import { runIdOf } from './keys.ts';
import { addMonth, firstDay, monthOf, monthRange } from './months.ts';
import { versionNumber } from './params.ts';
import { confirmedPriceLinks } from './declarations.ts';
import { runs } from './store.ts';

/**
 * A payment run: one county, one month, created with a conditional put so there is only ever one
 * (docs/architecture.md § Consistency). It records what the run will use — the parameter publication version, the
 * months owed 补发, confirmed price-linkage months — and its progress: the producer's checkpoint
 * (phase + LastEvaluatedKey), `total` cases sent and `done` cases written.
 */
export type Phase = 'active' | 'approved' | 'due' | 'retry' | 'done';
export const PHASES: Phase[] = ['active', 'approved', 'due', 'retry', 'done'];

export interface RunItem {
  runId: string;
  county: string;
  month: string;
  status: 'running' | 'finished';
  date: string;
  startedAt: string;
  startedBy: string;
  /** Publication head at the start: every batch computes with the values up to it. */
  paramsVersion: number;
  /** The last finished run's version: values published since then with a past effective date are owed. */
  sinceVersion: number | null;
  backPayMonths: string[];
  priceMonths: { month: string; indices: PriceIndices }[];
  phase: Phase;
  cursor?: Record<string, unknown> | null;
  page: number;
  producerDone: boolean;
  total: number;
  done: number;
  entries: number;
  amountFen: number;
  exceptions: number;
  /** Batches already added to the counters (their numbers): a redelivered batch is never counted twice. */
  counted?: Set<number>;
  finishedAt?: string;
  file?: PaymentFileMeta | null;
}

export interface PaymentFileMeta {
  key: string;
  name: string;
  lines: number;
  totalFen: number;
  sha256: string;
  noAccount: number;
  generatedAt: string;
}

/** How far back 补发 reaches (platform limit; older differences go through a county correction). */
export const BACK_PAY_MAX_MONTHS = 24;
/** Price-linkage months still paid when confirmed late (the 发改委 confirms after the CPI is out). */
export const PRICE_LINK_MONTHS_BACK = 3;
export const JOB_ACTOR = { sub: 'job:monthly-payments', role: 'system' };

export const getRun = (runId: string): Promise<RunItem | undefined> => runs.get(runId);

/**
 * What a batch computes with — month, parameter version, 补发 and price-linkage months — is fixed when the
 * run starts, so each container reads a run once, not once per batch. Whether the run still takes batches
 * is decided by the counting update's condition (`countBatch`).
 */
const settings = new Map<string, RunItem>();
export async function runSettings(runId: string): Promise<RunItem | undefined> {
  const key = `${process.env.TABLE_NAME}|${runId}`;
  const hit = settings.get(key);
  if (hit?.status === 'running') return hit;
  const run = await getRun(runId);
  if (settings.size > 50) settings.clear();
  if (run) settings.set(key, run);
  return run;
}

/**
 * Adds one batch to the run's counters and marks it counted, in one conditional update of the run item:
 * a second delivery of the batch (or a batch after the run finished) changes nothing and returns undefined.
 * Returns the run as it now is, so the caller knows whether it wrote the last batch.
 */
export const countBatch = (runId: string, batch: { n: number; ids: string[] }, add: { entries: number; amountFen: number; exceptions: number }): Promise<RunItem | undefined> =>
  runs.countBatch(runId, batch, add);

export async function requireRun(runId: string, actor: Actor | null): Promise<RunItem> {
  const run = await getRun(runId);
  if (!run) throw notFound('no-such-run', `没有发放批次 ${runId.slice(0, 40)}。`);
  if (actor) requirePlace(actor, run.county);
  return run;
}

/** Months owed 补发: each value published since the last run with an effective date before this month. */
export function backPayMonths(values: { version?: string; effectiveFrom: string }[], sinceVersion: number | null, month: string): string[] {
  if (sinceVersion === null) return [];
  const earliest = addMonth(month, -BACK_PAY_MAX_MONTHS);
  const months = new Set<string>();
  for (const v of values) {
    if (versionNumber(v.version) <= sinceVersion || v.effectiveFrom >= firstDay(month)) continue;
    const from = [earliest, monthOf(v.effectiveFrom)].sort()[1]!; // the later of two YYYY-MM
    for (const m of monthRange(from, addMonth(month, -1))) months.add(m);
  }
  return [...months].sort();
}

export interface StartOptions {
  county: string;
  month: string;
  now: Date;
  actor: { sub: string; role: string };
  correlationId: string;
}

/** Creates the run (conditional) and hands the paging to the queue. A second start is a 409 naming the run. */
export async function startRun(o: StartOptions): Promise<RunItem> {
  const runId = runIdOf(o.county, o.month);
  const [{ values, version }, prev, priceMonths] = await Promise.all([loadPublished(), runs.previous(o.county, o.month), confirmedPriceLinks(addMonth(o.month, -PRICE_LINK_MONTHS_BACK), o.month)]);
  const sinceVersion = prev ? prev.paramsVersion : null;
  const at = isoShanghai(o.now);
  const run: RunItem = {
    runId,
    county: o.county,
    month: o.month,
    status: 'running',
    date: at.slice(0, 10),
    startedAt: at,
    startedBy: o.actor.sub,
    paramsVersion: version,
    sinceVersion,
    backPayMonths: backPayMonths(values, sinceVersion, o.month),
    priceMonths,
    phase: 'active',
    cursor: null,
    page: 0,
    producerDone: false,
    total: 0,
    done: 0,
    entries: 0,
    amountFen: 0,
    exceptions: 0,
    file: null,
  };
  const created = await runs.create(run, { aggregate: `payment-run#${runId}`, actor: o.actor, action: 'start', at, after: { runId, paramsVersion: version, backPayMonths: run.backPayMonths } });
  if (!created) throw await runExists(runId);
  await sendMessages('payment-batches', [produceMessage(run, o.correlationId)]);
  return run;
}

async function runExists(runId: string) {
  const existing = await getRun(runId);
  const name = `${findCounty(runId.slice(0, 6))?.name ?? runId.slice(0, 6)}${runId.slice(7)}`;
  const state = existing?.status === 'finished' ? `已于 ${existing.finishedAt} 完成` : `正在进行（已完成 ${existing?.done ?? 0}/${existing?.total ?? 0} 户）`;
  return conflict('payment-run-exists', `${name}的发放批次 ${runId} ${state}，同一县区同一月份只能有一个发放批次。`, { runId, runStatus: existing?.status ?? 'running' });
}

export const messageAttributes = (run: Pick<RunItem, 'date'>, correlationId: string) => ({ job: 'payment-batch', date: run.date, correlationId });
export const produceMessage = (run: RunItem, correlationId: string) => ({ body: { type: 'produce', runId: run.runId }, attributes: messageAttributes(run, correlationId) });

/** The checkpointed producer's state advances only from the page it read (a duplicate producer stops). */
export async function listRuns(county: string) {
  return (await runs.list(county, 60)).map(runView);
}

export function runView(r: RunItem) {
  return {
    runId: r.runId,
    county: r.county,
    countyName: findCounty(r.county)?.name ?? r.county,
    month: r.month,
    status: r.status,
    startedAt: r.startedAt,
    ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
    progress: { done: r.done, total: r.total, producerDone: r.producerDone, phase: r.phase },
    entries: r.entries,
    amountFen: r.amountFen,
    exceptions: r.exceptions,
    parameters: { version: r.paramsVersion, backPayMonths: r.backPayMonths, priceMonths: r.priceMonths.map((p) => p.month) },
    file: r.file ? { name: r.file.name, lines: r.file.lines, totalFen: r.file.totalFen, sha256: r.file.sha256, noAccount: r.file.noAccount, generatedAt: r.file.generatedAt } : null,
  };
}

/** Finishes the run once the producer is done and every case sent is written; only one caller wins. */
export async function finishIfComplete(runId: string, now: Date, correlationId: string): Promise<boolean> {
  const run = await getRun(runId);
  if (run?.status !== 'running' || !run.producerDone || run.done < run.total) return false;
  const at = isoShanghai(now);
  const finished = await runs.finish(runId, at, {
    aggregate: `payment-run#${runId}`,
    actor: JOB_ACTOR,
    action: 'finish',
    at,
    after: { done: run.done, entries: run.entries, amountFen: run.amountFen },
  });
  if (!finished) return false;
  await sendMessages('payment-batches', [{ body: { type: 'file', runId }, attributes: messageAttributes(run, correlationId) }]);
  return true;
}

/** Records the payment file on the run (once). */
export const recordFile = (runId: string, file: PaymentFileMeta | null): Promise<void> => runs.recordFile(runId, file);
