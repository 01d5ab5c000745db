import { QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { sendMessages } from '../queue.ts';
import { payKeys } from './keys.ts';
import { rosterPk } from '../cases/roster.ts';
import { timeToHandOver } from '../jobs/handover.ts';
import { addMonth } from './months.ts';
import { finishIfComplete, getRun, messageAttributes, produceMessage, PHASES, type Phase, type RunItem } from './runs.ts';

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

function phaseQuery(run: RunItem, phase: Phase): Omit<QueryCommandInput, 'TableName'> {
  const base = { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)' };
  const pk = `CTY#${run.county}`;
  switch (phase) {
    case 'active':
      // The county's roster (shared/cases/roster.ts): small items, read consistently from the table itself.
      return {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': rosterPk(run.county) },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        ConsistentRead: true,
      };
    case 'approved':
      // Staged plans run at most 12 months (contract), so older approvals owe nothing more.
      return {
        ...base,
        FilterExpression: '#t = :linshi AND #d.#at >= :since',
        ExpressionAttributeNames: { '#r': 'reference', '#t': 'type', '#d': 'decision', '#at': 'at' },
        ExpressionAttributeValues: { ':pk': pk, ':p': 'APP#approved#', ':linshi': 'linshi', ':since': addMonth(run.month, -13) },
        ProjectionExpression: '#r',
      };
    case 'due':
      return { ...base, ExpressionAttributeValues: { ':pk': pk, ':p': 'PAYDUE#' }, ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': 'reference' } };
    case 'retry':
      return { ...base, ExpressionAttributeValues: { ':pk': pk, ':p': 'PAYRETRY#' }, ProjectionExpression: 'paymentId' };
    default:
      throw new Error(`no query for phase ${phase}`);
  }
}

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
    const page = await db().send(new QueryCommand({ TableName: tableName(), ...phaseQuery(run, run.phase), Limit: PAGE_SIZE, ...(run.cursor ? { ExclusiveStartKey: run.cursor } : {}) }));
    const ids = (page.Items ?? []).map((i) => String(run.phase === 'retry' ? i.paymentId : i.reference));
    const more = Boolean(page.LastEvaluatedKey);
    const phase = more ? run.phase : PHASES[PHASES.indexOf(run.phase) + 1]!;
    const batches: BatchMessage[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push({ type: 'batch', runId, n: run.page * 100 + batches.length, phase: run.phase, ids: ids.slice(i, i + BATCH_SIZE) });
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            ...batches.map((b) => ({ Put: { TableName: tableName(), Item: { ...payKeys.batch(runId, b.n), ...b, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } })),
            {
              Update: {
                TableName: tableName(),
                Key: payKeys.run(runId),
                UpdateExpression: 'SET phase = :phase, #c = :cursor, page = page + :one, producerDone = :done ADD #total :n',
                ConditionExpression: 'page = :page AND #s = :running',
                ExpressionAttributeNames: { '#c': 'cursor', '#total': 'total', '#s': 'status' },
                ExpressionAttributeValues: {
                  ':phase': phase,
                  ':cursor': page.LastEvaluatedKey ?? null,
                  ':one': 1,
                  ':done': phase === 'done',
                  ':n': ids.length,
                  ':page': run.page,
                  ':running': 'running',
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) return; // another producer moved the checkpoint on
      throw error;
    }
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
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
        ExpressionAttributeValues: { ':pk': payKeys.run(run.runId).pk, ':b': 'BATCH#' },
        ProjectionExpression: '#t, runId, n, phase, ids',
        ExpressionAttributeNames: { '#t': 'type' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    const batches = ((out.Items ?? []) as BatchMessage[]).filter((b) => !run.counted?.has(b.n)); // projected to the message's fields
    if (batches.length)
      await sendMessages(
        'payment-batches',
        batches.map((b) => ({ body: b, attributes: messageAttributes(run, correlationId) })),
      );
    resent += batches.length;
    start = out.LastEvaluatedKey;
  } while (start);
  if (!run.producerDone) await sendMessages('payment-batches', [produceMessage(run, correlationId)]);
  else await finishIfComplete(run.runId, now, correlationId);
  return { resent };
}
