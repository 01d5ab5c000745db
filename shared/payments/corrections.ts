import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db } from '../store/client.ts';
import { getMany } from '../store/batch-get.ts';
import { auditItems } from '../audit/chain.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { payKeys, parsePaymentId } from './keys.ts';
import { entryPut, type LedgerEntry } from './ledger.ts';
import type { ResultItem } from './results.ts';
import type { RunItem } from './runs.ts';

/**
 * Corrections are new entries, never edits (docs/architecture.md § Consistency): a reversal is `<kind>.reversal` for the same case
 * and period with the opposite amount, written with the audit event in one transaction. A payment can be
 * reversed once; one the bank reported as failed paid nothing and needs no reversal.
 */
export async function reversePayment(run: RunItem, paymentId: string, reason: string, actor: Actor, now: Date) {
  const id = parsePaymentId(paymentId);
  if (!id) throw invalidField('paymentId', 'format', '付款编号格式不正确');
  const items = await getMany<Record<string, unknown>>([payKeys.entry(id.reference, id.period, id.kind), payKeys.result(id.reference, id.period, id.kind)]);
  const entry = items.find((i) => i.itemType === 'entry') as LedgerEntry | undefined;
  const result = items.find((i) => i.itemType === 'result') as ResultItem | undefined;
  if (!entry || entry.runId !== run.runId) throw notFound('no-such-payment', `发放批次 ${run.runId} 中没有付款 ${paymentId}。`);
  if (entry.channel === 'correction') throw conflict('not-reversible', '冲正记录本身不能再冲正。');
  if (result?.status === 'failed') throw conflict('not-paid', '银行回盘为支付失败的款项并未付出，无需冲正。');
  const at = isoShanghai(now);
  const reversal: LedgerEntry = {
    ...entry,
    paymentId: `${entry.paymentId}.reversal`,
    kind: `${entry.kind}.reversal`,
    amountFen: -entry.amountFen,
    channel: 'correction',
    origin: 'correction',
    follows: entry.paymentId,
    reason,
    createdAt: at,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          entryPut(reversal),
          ...(await auditItems({
            aggregate: `payment-run#${run.runId}`,
            actor: { sub: actor.sub, role: actor.role },
            action: 'reverse',
            at,
            after: { paymentId: reversal.paymentId, follows: entry.paymentId, amountFen: reversal.amountFen, reason },
          })),
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') throw conflict('already-reversed', `付款 ${paymentId} 已经冲正。`);
    throw conflict('run-busy', '发放批次刚有其他操作，请稍后重试。');
  }
  return { paymentId: reversal.paymentId, follows: entry.paymentId, amountFen: reversal.amountFen, period: entry.period, reason };
}
