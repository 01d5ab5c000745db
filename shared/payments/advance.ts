import type { TransactItem } from '../audit/chain.ts';
import { conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import type { CaseItem } from '../cases/case.ts';
import type { LinshiPlan } from '../cases/decision.ts';
import { loadCase } from '../cases/case.ts';
import { requireScope } from '../cases/scope.ts';
import { runIdOf } from './keys.ts';
import { traceHash } from './amounts.ts';
import { newEntry } from './ledger.ts';
import { reserveDrawItems } from './township-reserve.ts';
import { documentation, ledger } from './store.ts';

/**
 * 急难型临时救助 — 小金额先行救助 (十三): the advance is paid at once from the township's reserve (备用金,
 * shared/payments/township-reserve.ts: its balance is drawn in the same transaction, never below zero), so the
 * approve transaction itself appends the ledger entry (`<ref>/<month>/linshi.advance`, channel `reserve`,
 * never in a bank file) and opens the documentation record, due on the plan's date. The balance is paid
 * by the next monthly run once the caseworker has recorded the documentation. If this hook ever did not
 * run, the monthly run writes the same payment id instead — it cannot be paid twice.
 */
export interface DocumentationItem {
  reference: string;
  county: string;
  due: string;
  status: 'pending' | 'done';
  doneOn?: string;
  note?: string;
}

/**
 * A 临时救助 payment made at approval from the township's 备用金 (十三): its ledger entry (channel `reserve`,
 * origin `approval`, never in a bank file) and the draw, in the approve transaction. The monthly run would write
 * the same payment id, so it cannot be paid twice.
 */
export function reservePaymentItems(c: CaseItem, kind: 'linshi.advance' | 'linshi.oneOff', amountFen: number, at: string, by: string): TransactItem[] {
  const month = at.slice(0, 7);
  const entry = newEntry(
    { period: month, kind, baseKind: kind, category: 'linshi', payee: 'person', amountFen, parameterVersions: c.proposal?.parameterVersions ?? [], traceHash: traceHash(c.proposal?.trace ?? []) },
    { runId: runIdOf(c.area.county, month), county: c.area.county, township: c.area.township, reference: c.reference, createdAt: at },
    'reserve',
    'approval',
  );
  // Drawn in the same transaction: refused whole if the balance cannot cover it.
  return [ledger.put(entry), ...reserveDrawItems(c.area.township, c.reference, amountFen, at, by, kind)];
}

export function advancePaymentItems(c: CaseItem, plan: Extract<LinshiPlan, { kind: 'advance' }>, at: string, by: string): TransactItem[] {
  const doc: DocumentationItem = { reference: c.reference, county: c.area.county, due: plan.documentationDue, status: 'pending' };
  return [...reservePaymentItems(c, 'linshi.advance', plan.advanceFen, at, by), documentation.open(doc)];
}

/** The caseworker records that the after-the-fact documentation is complete; the balance becomes due. */
export async function recordDocumentation(referenceInput: string, note: string | undefined, actor: Actor, now: Date) {
  const c = await loadCase(referenceInput);
  requireScope(actor, c, 'write');
  const doc = await documentation.get(c.reference);
  if (!doc) throw conflict('no-advance', '此案件没有先行救助，无需补充材料。');
  if (doc.status === 'done') throw conflict('documentation-done', `补充材料已于 ${doc.doneOn} 登记。`);
  const at = isoShanghai(now);
  await documentation.markDone(doc, at.slice(0, 10), note ?? '');
  return { reference: c.reference, status: 'done', doneOn: at.slice(0, 10), due: doc.due, late: at.slice(0, 10) > doc.due };
}
