import { GetCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import { open } from '../crypto/pii.ts';
import { logger } from '../log.ts';
import { sendMessages } from '../queue.ts';
import type { CaseItem } from '../cases/case.ts';
import { smsPort } from './port.ts';
import type { NoticeKind } from './messages.ts';

/**
 * The SMS outbox (shared/notices/README.md; docs/architecture.md § Consistency). A notice is an item
 * written in the SAME transaction as the change it tells about, under a key derived from that change
 * (`NOTICE#<reference>` / `<event>`, put only if absent), so a change that commits has exactly one notice
 * and one that does not has none. After the commit its key goes to the `notices` queue; the consumer
 * claims the entry (pending → sending, conditionally) before it calls the provider and marks it sent after,
 * so a duplicated or retried message never sends it twice. The outbox holds no phone number: the consumer
 * reads the one on file from the case when it sends. The daily `notice-sweep` queues what is still pending.
 */
export type NoticeStatus = 'pending' | 'sending' | 'sent' | 'unknown' | 'failed';

export interface NoticeItem {
  pk: string;
  sk: string;
  kind: 'notice';
  notice: NoticeKind;
  reference: string;
  text: string;
  status: NoticeStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  providerId?: string;
  lastError?: string;
  gsi4pk?: string;
  gsi4sk?: string;
  schemaVersion: number;
}

const PENDING = 'OUTBOX#pending';
/** Attempts (claims) after which the sweep stops queuing a notice and leaves it as failed. */
export const MAX_ATTEMPTS = 15;

export const noticeId = (n: Pick<NoticeItem, 'pk' | 'sk'>): string => `${n.pk}|${n.sk}`;

/** The outbox entry for one event, as a transaction item: written once, whatever retries the change goes through. */
export function noticeWrite(reference: string, event: string, notice: NoticeKind, text: string, at: string): TransactItem {
  const key = keys.notice(reference, event);
  const item: NoticeItem = {
    ...key,
    kind: 'notice',
    notice,
    reference,
    text,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    gsi4pk: PENDING,
    gsi4sk: `${at}#${key.pk}#${key.sk}`,
    schemaVersion: SCHEMA_VERSION,
  };
  return { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

const isNotice = (t: TransactItem): boolean => (t.Put?.Item as { kind?: string } | undefined)?.kind === 'notice';

/**
 * After a transaction committed: queue its notices. Best effort — the change is already done, and a notice
 * whose message is lost here is queued by the daily sweep; sending it twice is harmless (the claim decides).
 */
export async function dispatchNotices(items: readonly TransactItem[], correlationId = 'notice'): Promise<void> {
  const notices = items.filter(isNotice).map((t) => ({ pk: String(t.Put!.Item!.pk), sk: String(t.Put!.Item!.sk) }));
  if (!notices.length) return;
  try {
    await sendMessages(
      'notices',
      notices.map((body) => ({ body, attributes: { job: 'notice-deliver', correlationId } })),
    );
  } catch (error) {
    logger.warn('notices not queued; the daily sweep will', { count: notices.length, error: error as Error });
  }
}

async function mark(key: { pk: string; sk: string }, from: NoticeStatus, set: string, values: Record<string, unknown>, remove = ''): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${set}${remove ? ` REMOVE ${remove}` : ''}`,
        ConditionExpression: '#s = :from',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':from': from, ...values },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Delivers one outbox entry at most once. A provider failure puts it back to pending and throws, so the queue retries it. */
export async function deliverNotice(key: { pk: string; sk: string }, now: Date): Promise<'sent' | 'skipped'> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const n = out.Item as NoticeItem | undefined;
  if (n?.status !== 'pending') return 'skipped';
  const claimed = await mark(key, 'pending', '#s = :sending, attempts = attempts + :one, claimedAt = :now', { ':sending': 'sending', ':one': 1, ':now': now.toISOString() });
  if (!claimed) return 'skipped';
  const c = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(n.reference), ConsistentRead: true }))).Item as CaseItem | undefined;
  if (!c?.applicant.phone) {
    await mark(key, 'sending', '#s = :failed, lastError = :e', { ':failed': 'failed', ':e': 'no phone on file' }, 'gsi4pk, gsi4sk');
    return 'skipped';
  }
  try {
    const sent = await smsPort().send({ id: noticeId(n), to: await open(c.applicant.phone), text: n.text });
    await mark(key, 'sending', '#s = :sent, sentAt = :now, providerId = :p', { ':sent': 'sent', ':now': now.toISOString(), ':p': sent.providerId }, 'gsi4pk, gsi4sk');
    return 'sent';
  } catch (error) {
    // The provider said no (or did not answer): back to pending, so the queue's retry may claim it again.
    await mark(key, 'sending', '#s = :pending, lastError = :e', { ':pending': 'pending', ':e': String((error as Error).message).slice(0, 200) });
    throw error;
  }
}

/**
 * Daily: queues the notices still pending (the re-check notices the night's review jobs wrote, a message lost,
 * or one dead-lettered after the queue's retries; one queued twice is harmless, the claim decides),
 * marks a claim that never finished as `unknown` (the provider may have sent it: never resent, at most once),
 * and gives up on one tried MAX_ATTEMPTS times (`failed`, for staff to follow up).
 */
export async function sweepNotices(now: Date, correlationId: string): Promise<Record<string, number>> {
  const counts = { queued: 0, unknown: 0, failed: 0 };
  const before = new Date(now.getTime() - 10 * 60_000).toISOString();
  let start: Record<string, unknown> | undefined;
  const queue: { pk: string; sk: string }[] = [];
  do {
    const page = await db().send(
      new QueryCommand({ TableName: tableName(), IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :p', ExpressionAttributeValues: { ':p': PENDING }, ExclusiveStartKey: start }),
    );
    for (const n of (page.Items ?? []) as (NoticeItem & { claimedAt?: string })[]) {
      const key = { pk: n.pk, sk: n.sk };
      if (n.status === 'sending' && (n.claimedAt ?? '') < before) {
        if (await mark(key, 'sending', '#s = :u', { ':u': 'unknown' }, 'gsi4pk, gsi4sk')) counts.unknown++;
      } else if (n.status === 'pending' && n.attempts >= MAX_ATTEMPTS) {
        if (await mark(key, 'pending', '#s = :f', { ':f': 'failed' }, 'gsi4pk, gsi4sk')) counts.failed++;
      } else if (n.status === 'pending') queue.push(key);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  if (queue.length)
    await sendMessages(
      'notices',
      queue.map((body) => ({ body, attributes: { job: 'notice-deliver', correlationId } })),
    );
  counts.queued = queue.length;
  return counts;
}

/** Every outbox entry, or one case's (local only: the dev outbox reads the whole table). */
export async function listNotices(reference?: string): Promise<NoticeItem[]> {
  const found: NoticeItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = reference
      ? await db().send(
          new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `NOTICE#${reference}` }, ExclusiveStartKey: start, ConsistentRead: true }),
        )
      : await db().send(
          new ScanCommand({ TableName: tableName(), FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'NOTICE#' }, ExclusiveStartKey: start, ConsistentRead: true }),
        );
    found.push(...((page.Items ?? []) as NoticeItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.sk.localeCompare(b.sk));
}
