import { paymentIdOf } from './keys.ts';
import type { Category, Line, PayeeRole } from './amounts.ts';

/**
 * The assistance ledger: append-only. An entry's key is its payment id (case + period + kind) and it is
 * written with a conditional put, so a re-run, a redelivered message or a resumed run can never pay the
 * same thing twice. Nothing is edited afterwards: a correction is a new reversing entry, a bank outcome
 * a separate result item. Social-worker allowances (十七) never come here. The item and its conditional
 * writes are in store.ts (`ledger`); this file is the entry's shape, pure.
 */
export type Channel = 'bank' | 'reserve' | 'correction';
export type Origin = 'run' | 'approval' | 'correction';

export interface LedgerEntry extends Omit<Line, 'payee'> {
  itemType: 'entry';
  paymentId: string;
  runId: string;
  county: string;
  township: string;
  reference: string;
  payee: PayeeRole;
  channel: Channel;
  origin: Origin;
  createdAt: string;
  /** For retries and reversals: the payment this one follows. */
  follows?: string;
  reason?: string;
}

/**
 * Parameter versions are stored compactly, `<id>@<version>` (an `!` marks an example value): a 特困 entry
 * reads about fifteen parameters, and a list of maps would make every ledger item several times larger.
 */
export type VersionRef = string;
export const compactVersions = (v: readonly (Line['parameterVersions'][number] | VersionRef)[]): VersionRef[] =>
  v.map((p) => (typeof p === 'string' ? p : `${p.id}@${p.version}${p.example ? '!' : ''}`));

export function newEntry(line: Line, at: { runId: string; county: string; township: string; reference: string; createdAt: string }, channel: Channel = 'bank', origin: Origin = 'run'): LedgerEntry {
  return { itemType: 'entry', paymentId: paymentIdOf(at.reference, line.period, line.kind), ...line, ...at, channel, origin };
}

export const CATEGORY_LABELS: Record<Category, string> = { dibao: '最低生活保障', tekun: '特困人员救助供养', linshi: '临时救助' };
