import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db } from './client.ts';
import { auditItems, type AuditInput, type TransactItem } from '../audit/chain.ts';
import { AppError, conflict } from '../errors.ts';
import { replayAfterRace, type Idempotency, type StoredAnswer } from './idempotency.ts';

/**
 * One audited write = one transaction: the idempotency record (if any), the domain items with their
 * conditions, and the event on the aggregate's audit chain (docs/architecture.md § Consistency, § Audit).
 *
 * When only the audit head moved, whether to rebuild and retry depends on what the head means:
 * - `retryOnAuditHead: true` (charities): many independent writes share one chain, so a head collision
 *   says nothing about the business rules; the domain conditions (a balance, a receipt) decide races.
 * - `false` (small aggregates such as an area's emergencies): the head IS what serialises writers, so
 *   the loser gets a 409 and asks again.
 */
export interface CommitOptions {
  idempotency?: Idempotency | undefined;
  answer: StoredAnswer;
  now: Date;
  items: TransactItem[];
  audit: AuditInput;
  /** Given the index (into `items`) of the first domain item whose condition failed: the problem to answer. */
  explain?: (index: number) => Error | Promise<Error> | Promise<never> | never;
  retryOnAuditHead: boolean;
}

/**
 * A transaction conflict is the server's to retry, not the caller's: writers that share one audit chain
 * (every use of one charity's donations) serialise on its head, so under a burst the last of them may
 * need as many attempts as there are writers. Retries back off exponentially with full jitter and stop
 * only after a time budget well inside the HTTP API's 30 s.
 */
const RETRY_BUDGET_MS = 12_000;
const backoff = (attempt: number) => Math.random() * Math.min(200, 10 * 2 ** attempt);

export async function commitAudited(o: CommitOptions): Promise<StoredAnswer> {
  const offset = o.idempotency ? 1 : 0;
  const giveUpAt = Date.now() + RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const transactItems: TransactItem[] = [...(o.idempotency ? [o.idempotency.item(o.answer, Math.floor(o.now.getTime() / 1000))] : []), ...o.items, ...(await auditItems(o.audit))];
      await db().send(new TransactWriteCommand({ TransactItems: transactItems }));
      return o.answer;
    } catch (error) {
      // A timed-out call under load is retried too when the idempotency record rides in the transaction:
      // had the first attempt committed, the retry fails on that record and replays the stored answer.
      if (o.idempotency && (error as Error).name === 'TimeoutError' && Date.now() < giveUpAt) {
        await new Promise((r) => setTimeout(r, backoff(attempt)));
        continue;
      }
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (o.idempotency && reasons[0]?.Code === 'ConditionalCheckFailed') return replayAfterRace(o.idempotency);
      const failed = reasons.findIndex((r, i) => i >= offset && i < offset + o.items.length && r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        const explained = await o.explain?.(failed - offset);
        if (explained instanceof Error) throw explained;
        throw conflict('changed-meanwhile', '记录刚刚被他人修改，本次提交未保存，请刷新后重试。');
      }
      if (!o.retryOnAuditHead) throw conflict('changed-meanwhile', '记录刚刚被他人修改，本次提交未保存，请刷新后重试。');
      if (Date.now() > giveUpAt) throw new AppError(503, 'write-conflict', '请稍后再试', '系统繁忙，本次提交未保存，请重新提交。');
      await new Promise((r) => setTimeout(r, backoff(attempt)));
    }
  }
}
