import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import type { TransactItem } from '../audit/chain.ts';
import { charityKeys } from './keys.ts';

/**
 * Checks against misuse (十六: 防范诈捐、骗捐). Each check raises a flag for the admin to review; flags
 * are published in the charity's credit record (`GET /api/v1/charities/{id}/credit`). A flag's detail
 * is written by the platform and never carries a donor's or beneficiary's personal data.
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
  flagId: string;
  flag: FlagKind;
  label: string;
  detail: string;
  /** What it is about (a donation, campaign or use id), for the admin's review. */
  subject?: string;
  raisedAt: string;
  status: 'open' | 'resolved';
  schemaVersion: number;
}

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
    flagId,
    flag: f.flag,
    label: FLAG_KINDS[f.flag],
    detail: f.detail,
    ...(f.subject ? { subject: f.subject } : {}),
    raisedAt: isoShanghai(now),
    status: 'open',
    schemaVersion: SCHEMA_VERSION,
  };
}

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
