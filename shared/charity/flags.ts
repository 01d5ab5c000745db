import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import type { TransactItem } from '../audit/chain.ts';
import type { Actor } from '../access/actor.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import type { StoredAnswer } from '../store/idempotency.ts';
import { commitAudited } from '../store/commit.ts';
import { scrub } from '../log.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { CHARITY_COLLECTIONS, CHARITY_ID, charityKeys } from './keys.ts';

/**
 * Checks against misuse (十六: 防范诈捐、骗捐). Each check raises a flag for the admin to review; flags
 * are published in the charity's credit record (`GET /api/v1/charities/{id}/credit`). A flag's detail
 * is written by the platform and never carries a donor's or beneficiary's personal data.
 *
 * Review (市民政局): the admin resolves each open flag once, with a note, as
 * - `confirmed`: the misuse happened. The flag stays on the published credit record, counts in it, and
 *   the charity's standing says so for as long as the record is kept;
 * - `dismissed`: the check fired but there was no misuse (e.g. a receipt number that the other charity
 *   had typed wrongly). The flag stays VISIBLE on the published record, marked 已核查不成立 with the
 *   note, so the public sees that it was looked at and why; it no longer counts (neither in `counts`
 *   nor in the standing).
 * The note is published, so it may not carry an ID number or a phone number (refused, naming `note`).
 * Open flags of every charity sit in gsi4 under `CHARITY-FLAGS#open` (oldest first); a resolution moves
 * the flag to `CHARITY-FLAGS#confirmed` or `#dismissed` in the same conditional write.
 */
export const FLAG_KINDS = {
  'undeclared-account': '捐赠记入未登记的银行账户',
  'campaign-outside-period': '在备案期限之外开展募捐',
  'campaign-without-fundraising-status': '不具备公开募捐资格开展公开募捐',
  'restricted-overdraw-attempt': '试图超出定向捐赠余额使用',
  'donor-payback': '向捐赠人返还款物（返现、返利、配捐）',
  'receipt-reused-across-charities': '捐赠票据号与其他慈善组织重复',
  'report-overdue': '逾期未公开募捐或项目实施情况',
} as const;

export type FlagKind = keyof typeof FLAG_KINDS;

export interface FlagItem {
  pk: string;
  sk: string;
  kind: 'charity-flag';
  charityId: string;
  flagId: string;
  flag: FlagKind;
  label: string;
  detail: string;
  /** What it is about (a donation, campaign or use id), for the admin's review. */
  subject?: string;
  raisedAt: string;
  status: FlagStatus;
  resolution?: FlagResolution;
  gsi4pk: string;
  gsi4sk: string;
  schemaVersion: number;
}

export type FlagStatus = 'open' | 'confirmed' | 'dismissed';
export type FlagOutcome = Exclude<FlagStatus, 'open'>;

export interface FlagResolution {
  outcome: FlagOutcome;
  note: string;
  by: string;
  at: string;
}

export const FLAG_STATUS_LABELS: Record<FlagStatus, string> = { open: '待核查', confirmed: '经核查属实', dismissed: '已核查，不成立' };

export interface RaiseFlag {
  charityId: string;
  flag: FlagKind;
  detail: string;
  subject?: string;
  /** A deterministic id makes raising the same flag twice a no-op (jobs re-run for a date). */
  flagId?: string;
}

function flagItem(f: RaiseFlag, now: Date): FlagItem {
  const flagId = f.flagId ?? `${isoShanghai(now).slice(0, 10)}-${randomUUID().slice(0, 8)}`;
  return {
    ...charityKeys.flag(f.charityId, flagId),
    kind: 'charity-flag',
    charityId: f.charityId,
    flagId,
    flag: f.flag,
    label: FLAG_KINDS[f.flag],
    detail: f.detail,
    ...(f.subject ? { subject: f.subject } : {}),
    raisedAt: isoShanghai(now),
    status: 'open',
    gsi4pk: CHARITY_COLLECTIONS.flags('open'),
    gsi4sk: flagOrder(isoShanghai(now), f.charityId, flagId),
    schemaVersion: SCHEMA_VERSION,
  };
}

const flagOrder = (raisedAt: string, charityId: string, flagId: string) => `${raisedAt}#${charityId}#${flagId}`;

/** A flag written in the same transaction as the record that raised it. */
export const flagPut = (f: RaiseFlag, now: Date): TransactItem => ({
  Put: { TableName: tableName(), Item: flagItem(f, now), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** A flag on its own: for attempts that were refused (their transaction wrote nothing) and for jobs. */
export async function raiseFlag(f: RaiseFlag, now: Date): Promise<boolean> {
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: flagItem(f, now), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function listFlags(charityId: string): Promise<FlagItem[]> {
  const out: FlagItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':f': 'FLAG#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((page.Items ?? []) as FlagItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Flags count against a charity while open or confirmed; a dismissed one is shown but does not count. */
export const countsAgainst = (f: Pick<FlagItem, 'status'>): boolean => f.status !== 'dismissed';

/** What anyone may see of a flag (the credit record): no reviewer id, the platform's detail, the note. */
export function publicFlag(f: FlagItem) {
  return {
    flagId: f.flagId,
    flag: f.flag,
    label: f.label,
    detail: f.detail,
    raisedAt: f.raisedAt,
    status: f.status,
    statusLabel: FLAG_STATUS_LABELS[f.status] ?? f.status,
    ...(f.resolution ? { resolution: { outcome: f.resolution.outcome, note: f.resolution.note, at: f.resolution.at } } : {}),
  };
}

/** Open (or resolved) flags across every charity, for the admin's review: oldest first, paged. */
export async function flagQueue(o: { status: FlagStatus; cursor?: string | undefined; limit?: number; names: (charityId: string) => Promise<string | undefined> }) {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :c',
      ExpressionAttributeValues: { ':c': CHARITY_COLLECTIONS.flags(o.status) },
      ScanIndexForward: o.status === 'open',
      Limit: o.limit ?? 50,
      ExclusiveStartKey: decodeCursor(o.cursor),
    }),
  );
  const names = new Map<string, string>();
  const items = [];
  for (const f of (page.Items ?? []) as FlagItem[]) {
    if (!names.has(f.charityId)) names.set(f.charityId, (await o.names(f.charityId)) ?? f.charityId);
    items.push({ charityId: f.charityId, charityName: names.get(f.charityId)!, ...publicFlag(f), ...(f.subject ? { subject: f.subject } : {}) });
  }
  return { items, cursor: encodeCursor(page.LastEvaluatedKey) };
}

/**
 * Text the admin writes that is then published (a flag's note, a revocation's reason) may not carry
 * anything shaped like an ID, phone or bank-card number: the log scrubber's patterns decide.
 */
export function requirePublishable(field: string, text: string): void {
  if (scrub(text) !== text) throw invalidField(field, 'personal-data', '这段说明会公开，请不要写身份证号码、手机号码或银行卡号');
}

/** 市民政局 resolves an open flag, once (a second resolution is a 409), on the charity's audit chain. */
export async function resolveFlag(o: { actor: Actor; charityId: string; flagId: string; outcome: FlagOutcome; note: string; now: Date }): Promise<StoredAnswer> {
  requirePublishable('note', o.note);
  const key = CHARITY_ID.test(o.charityId) && /^[A-Za-z0-9_-]{1,200}$/u.test(o.flagId) ? charityKeys.flag(o.charityId, o.flagId) : undefined;
  const found = key ? ((await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as FlagItem | undefined) : undefined;
  if (!key || !found) throw notFound('flag-not-found', '没有找到这个慈善组织的这条核查线索。');
  if (found.status !== 'open') throw alreadyResolved(found.status);
  const at = isoShanghai(o.now);
  const resolution: FlagResolution = { outcome: o.outcome, note: o.note, by: o.actor.sub, at };
  return commitAudited({
    retryOnAuditHead: true,
    answer: { status: 200, body: { charityId: o.charityId, flagId: o.flagId, status: o.outcome, statusLabel: FLAG_STATUS_LABELS[o.outcome], resolution: { outcome: o.outcome, note: o.note, at } } },
    now: o.now,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET #s = :s, resolution = :r, gsi4pk = :g',
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': o.outcome, ':r': resolution, ':g': CHARITY_COLLECTIONS.flags(o.outcome), ':open': 'open' },
        },
      },
    ],
    audit: {
      aggregate: `charity#${o.charityId}`,
      actor: o.actor,
      action: 'resolve-flag',
      at,
      before: { flagId: o.flagId, flag: found.flag, status: 'open' },
      after: { flagId: o.flagId, flag: found.flag, status: o.outcome, note: o.note },
    },
    explain: () => {
      throw alreadyResolved('resolved');
    },
  });
}

const alreadyResolved = (status: string) => conflict('flag-already-resolved', `这条核查线索已经处理过（${FLAG_STATUS_LABELS[status as FlagStatus] ?? '已处理'}），不能再次处理。`, { status });
