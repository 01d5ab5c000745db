import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import { payKeys, paymentIdOf } from './keys.ts';
import type { Category, Line, PayeeRole } from './amounts.ts';
import { beforeLedgerWrite } from './faults.ts';

/**
 * The assistance ledger: append-only. An entry's key is its payment id (case + period + kind) and it is
 * written with a conditional put, so a re-run, a redelivered message or a resumed run can never pay the
 * same thing twice. Nothing is edited afterwards: a correction is a new reversing entry, a bank outcome
 * a separate result item. Social-worker allowances (十七) never come here.
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

/** The stored item of an entry. Its keys come last: an entry built from a stored one (a reversal) must not keep that item's keys. */
export function entryItem(e: LedgerEntry) {
  return {
    ...e,
    ...payKeys.entry(e.reference, e.period, e.kind),
    parameterVersions: compactVersions(e.parameterVersions),
    gsi4pk: payKeys.runIndex(e.runId),
    gsi4sk: e.paymentId,
    schemaVersion: SCHEMA_VERSION,
  };
}

export function newEntry(line: Line, at: { runId: string; county: string; township: string; reference: string; createdAt: string }, channel: Channel = 'bank', origin: Origin = 'run'): LedgerEntry {
  return { itemType: 'entry', paymentId: paymentIdOf(at.reference, line.period, line.kind), ...line, ...at, channel, origin };
}

/** A Put for a transaction (the approve hook, retries): only if this payment does not exist yet. */
export const entryPut = (e: LedgerEntry): TransactItem => ({ Put: { TableName: tableName(), Item: entryItem(e), ConditionExpression: 'attribute_not_exists(pk)' } });

export type WriteOutcome = 'written' | 'already-this-run' | 'already-elsewhere';

/** The conditional put. An existing entry is reported with the run that wrote it, so counts stay exact on retry. */
export async function writeEntry(e: LedgerEntry): Promise<WriteOutcome> {
  beforeLedgerWrite();
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: entryItem(e), ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    return 'written';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const old = (error as { Item?: Record<string, { S?: string } | string> }).Item;
    const field = (name: string) => (old?.[name] && typeof old[name] === 'object' ? (old[name] as { S?: string }).S : old?.[name]);
    return field('runId') === e.runId && field('origin') === e.origin ? 'already-this-run' : 'already-elsewhere';
  }
}

/** Every entry of one case for one period (consistent), for 补发: what the ledger already paid. */
export async function entriesOf(reference: string, period: string): Promise<LedgerEntry[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':p': `ENTRY#${period}#` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as LedgerEntry[];
}

export const CATEGORY_LABELS: Record<Category, string> = { dibao: '最低生活保障', tekun: '特困人员救助供养', linshi: '临时救助' };
