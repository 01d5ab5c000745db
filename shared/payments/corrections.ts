import { conflict, invalidField, notFound } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { parsePaymentId } from './keys.ts';
import type { LedgerEntry } from './ledger.ts';
import type { RunItem } from './runs.ts';
import { ledger } from './store.ts';

/**
 * Corrections are new entries, never edits (docs/architecture.md § Consistency): a reversal is `<kind>.reversal` for the same case
 * and period with the opposite amount, written with the audit event in one transaction. A payment can be
 * reversed once; one the bank reported as failed paid nothing and needs no reversal.
 */
export async function reversePayment(run: RunItem, paymentId: string, reason: string, actor: Actor, now: Date) {
  const id = parsePaymentId(paymentId);
  if (!id) throw invalidField('paymentId', 'format', '付款编号格式不正确');
  const { entry, result } = (await ledger.withResults([id]))[0]!;
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
  const outcome = await ledger.reverse(reversal, {
    aggregate: `payment-run#${run.runId}`,
    actor: { sub: actor.sub, role: actor.role },
    action: 'reverse',
    at,
    after: { paymentId: reversal.paymentId, follows: entry.paymentId, amountFen: reversal.amountFen, reason },
  });
  if (outcome === 'already-reversed') throw conflict('already-reversed', `付款 ${paymentId} 已经冲正。`);
  if (outcome === 'busy') throw conflict('run-busy', '发放批次刚有其他操作，请稍后重试。');
  return { paymentId: reversal.paymentId, follows: entry.paymentId, amountFen: reversal.amountFen, period: entry.period, reason };
}
