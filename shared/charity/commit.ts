import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db } from '../store/client.ts';
import { auditItems, type AuditInput, type TransactItem } from '../audit/chain.ts';
import { AppError } from '../http/problem.ts';
import { replayAfterRace, type Idempotency, type StoredAnswer } from '../http/idempotency.ts';

/**
 * One charity write = one transaction: the idempotency record, the domain items (with their
 * conditions) and the audit event on the charity's chain (DESIGN §3 Consistency, Audit).
 *
 * The chain head of a charity is shared by all its writes, so two concurrent donations can collide on
 * it. That collision says nothing about the business rules, so the transaction is rebuilt (re-reading
 * the head) and retried; only a failed condition on a DOMAIN item is reported to the caller, through
 * `explain`. This is what makes the balance condition, not the audit head, decide which of two
 * concurrent uses wins.
 */
export interface CommitOptions {
  idempotency?: Idempotency | undefined;
  answer: StoredAnswer;
  now: Date;
  items: TransactItem[];
  audit: AuditInput;
  /** Called with the index (into `items`) of the first domain item whose condition failed; throws a problem. */
  explain?: (index: number) => Promise<never> | never;
}

const ATTEMPTS = 6;

export async function commit(o: CommitOptions): Promise<StoredAnswer> {
  const offset = o.idempotency ? 1 : 0;
  for (let attempt = 1; ; attempt++) {
    const transactItems: TransactItem[] = [
      ...(o.idempotency ? [o.idempotency.item(o.answer, Math.floor(o.now.getTime() / 1000))] : []),
      ...o.items,
      ...(await auditItems(o.audit)),
    ];
    try {
      await db().send(new TransactWriteCommand({ TransactItems: transactItems }));
      return o.answer;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (o.idempotency && reasons[0]?.Code === 'ConditionalCheckFailed') return replayAfterRace(o.idempotency);
      const failed = reasons.findIndex((r, i) => i >= offset && i < offset + o.items.length && r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) {
        if (o.explain) await o.explain(failed - offset);
        throw new AppError(409, 'conflict', '与当前状态冲突', '记录已被他人修改，请刷新后重试。');
      }
      // Only the audit head or a transient conflict: rebuild and try again, with a little jitter.
      if (attempt >= ATTEMPTS) throw new AppError(503, 'write-conflict', '请稍后再试', '系统繁忙，本次提交未保存，请重新提交。');
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
