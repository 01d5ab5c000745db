import { sendMessages } from '../queue.ts';
import { timeToHandOver } from '../jobs/handover.ts';
import { addMonth } from './months.ts';
import { finishIfComplete, getRun, messageAttributes, produceMessage, PHASES, type Phase, type RunItem } from './runs.ts';
import { batches as storedBatches, runs, work } from './store.ts';

/**
 * The producer (docs/architecture.md § Performance budgets): pages through the county's work — its roster (shared/cases/
 * roster.ts), then the gsi3 index — one page at a time, and for each page writes — in one transaction — the batch items it is about to send and
 * the run's new checkpoint (phase + LastEvaluatedKey, `total` += cases). Then it sends the batches to
 * `payment-batches`. A crash before the transaction re-reads the same page; a crash after it leaves
 * batches the run has not counted, which `resumeRun` sends again. It hands over to a new message as
 * shared/jobs/handover.ts says.
 *
 * Phases, in order: active 低保/特困 cases (the roster); approved 临时救助 plans (stages due); funeral claims (六);
 * failed payments waiting for a retry.
 */
export const PAGE_SIZE = 500;
/** Cases per message: one read of their roster range (or a BatchGet of ≤ 100 keys) and one counting update each. */
export const BATCH_SIZE = 100;

/** Staged plans run at most 12 months (contract), so older approvals owe nothing more. */
const approvedSince = (run: RunItem): string => addMonth(run.month, -13);

export interface BatchMessage {
  type: 'batch';
  runId: string;
  n: number;
  phase: Phase;
  ids: string[];
}

export async function produce(runId: string, remainingMs: () => number, correlationId: string, now: Date): Promise<void> {
  for (let pages = 1; ; pages++) {
    const run = await getRun(runId);
    if (run?.status !== 'running' || run.producerDone) return;
    const page = await work.page(run.county, run.phase, { cursor: run.cursor, limit: PAGE_SIZE, approvedSince: approvedSince(run) });
    const ids = page.ids;
    const more = Boolean(page.lastKey);
    const phase = more ? run.phase : PHASES[PHASES.indexOf(run.phase) + 1]!;
    const batches: BatchMessage[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push({ type: 'batch', runId, n: run.page * 100 + batches.length, phase: run.phase, ids: ids.slice(i, i + BATCH_SIZE) });
    // Another producer moved the checkpoint on: it sends these batches, not this one.
    if (!(await runs.checkpoint(runId, run.page, batches, { phase, cursor: page.lastKey ?? null, cases: ids.length }))) return;
    if (batches.length)
      await sendMessages(
        'payment-batches',
        batches.map((b) => ({ body: b, attributes: messageAttributes(run, correlationId) })),
      );
    if (phase === 'done') {
      await finishIfComplete(runId, now, correlationId);
      return;
    }
    if (timeToHandOver(pages, remainingMs)) {
      await sendMessages('payment-batches', [produceMessage(run, correlationId)]);
      return;
    }
  }
}

/**
 * Resume after a crash: send again every batch the run has not counted (the ledger's conditional puts make
 * a second delivery harmless), and the producer if it had not finished paging.
 */
export async function resumeRun(run: RunItem, correlationId: string, now: Date): Promise<{ resent: number }> {
  let resent = 0;
  for await (const page of storedBatches.pages(run.runId)) {
    const batches = page.filter((b) => !run.counted?.has(b.n));
    if (batches.length)
      await sendMessages(
        'payment-batches',
        batches.map((b) => ({ body: b, attributes: messageAttributes(run, correlationId) })),
      );
    resent += batches.length;
  }
  if (!run.producerDone) await sendMessages('payment-batches', [produceMessage(run, correlationId)]);
  else await finishIfComplete(run.runId, now, correlationId);
  return { resent };
}
