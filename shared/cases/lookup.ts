import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { timingSafeEqual } from 'node:crypto';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { keyedHash } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { maskName } from '../identifiers/mask.ts';
import { AppError, tooMany } from '../http/problem.ts';
import { findTownship } from '../reference/areas.ts';
import { STATUS_LABELS } from './states.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { normalizeReference, isValidReference } from './reference-number.ts';
import type { ApplicationItem } from './application.ts';
import type { CaseItem } from './case.ts';

function decisionOf(c: CaseItem): Pick<LookupAnswer, 'decision'> {
  const d = c.decision;
  if (!d) return {};
  if (d.outcome === 'approved') return { decision: { outcome: d.outcome } };
  return { decision: { outcome: d.outcome, ...(d.reasons ? { reasons: d.reasons } : {}), ...(d.notice ? { notice: d.notice.text, rights: d.notice.rights } : {}) } };
}

/**
 * 查询进度 with 申请编号 + ID number, no account (docs/architecture.md § Identity and scope). A wrong number and an unknown
 * reference get the same answer; the look-up is rate-limited per caller and locked per reference after
 * repeated failures, whether or not the reference exists, so the lock itself reveals nothing.
 */
export const LOOKUP_LIMITS = {
  // A 12345 call centre or a township window may share one address: generous per caller, strict per reference.
  perMinutePerCaller: Number(process.env.LOOKUP_RATE_PER_MINUTE ?? 60),
  failuresBeforeLock: 5,
  lockMinutes: 30,
};

const notFound = () =>
  new AppError(404, 'lookup-not-found', '没有查到', '没有找到申请编号和身份证号都相符的申请。请核对后再试；如有疑问请拨打 12345。');

/** Counts this look-up against the caller's minute; returns the count so far. */
async function countHit(caller: string, now: Date): Promise<number> {
  const minute = now.toISOString().slice(0, 16);
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.lookupRate(caller, minute),
      UpdateExpression: 'ADD hits :one SET expiresAt = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + 120 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return out.Attributes?.hits as number;
}

async function lockedUntil(reference: string): Promise<number> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.lookupGuard(reference), ConsistentRead: true }));
  return (out.Item?.lockedUntil as number | undefined) ?? 0;
}

async function recordFailure(reference: string, now: Date): Promise<void> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.lookupGuard(reference),
      UpdateExpression: 'ADD failures :one SET expiresAt = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + LOOKUP_LIMITS.lockMinutes * 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if ((out.Attributes?.failures as number) >= LOOKUP_LIMITS.failuresBeforeLock) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.lookupGuard(reference),
        UpdateExpression: 'SET lockedUntil = :until, failures = :zero',
        ExpressionAttributeValues: { ':until': now.getTime() + LOOKUP_LIMITS.lockMinutes * 60_000, ':zero': 0 },
      }),
    );
  }
}

export interface LookupAnswer {
  reference: string;
  type: string;
  typeLabel: string;
  applicant: string;
  township: string;
  status: string;
  statusLabel: string;
  submittedAt: string;
  acceptedAt?: string;
  dueDate?: string;
  dueDateProvisional?: boolean;
  timeline: { status: string; label: string; at: string; note?: string }[];
  /** Once rejected: the reasons and the rights to 行政复议 and 行政诉讼 (二十). */
  decision?: { outcome: string; reasons?: string[]; notice?: string; rights?: { administrativeReviewDays: number; litigationMonths: number; reviewBody: string } };
}

export async function lookupApplication(referenceInput: string, idNumber: string, caller: string, now: Date): Promise<LookupAnswer> {
  const reference = normalizeReference(referenceInput);
  const id = validateResidentId(idNumber);
  // One round trip instead of four: the counter, the lock, the application and the keyed hash are fetched
  // together, and the answer still checks them in that order, so nothing is revealed past a limit or a lock.
  const [hits, locked, item, given] = await Promise.all([
    countHit(caller, now),
    lockedUntil(reference),
    isValidReference(reference)
      ? db().send(new GetCommand({ TableName: tableName(), Key: keys.application(reference), ConsistentRead: true })).then((out) => out.Item as ApplicationItem | undefined)
      : undefined,
    id.ok ? keyedHash('id', id.idNumber).then((h) => h.hash) : '',
  ]);
  if (hits > LOOKUP_LIMITS.perMinutePerCaller) throw tooMany('lookup-rate-limited', '查询过于频繁，请一分钟后再试。');
  if (locked > now.getTime()) throw tooMany('lookup-locked', `这个申请编号的查询错误次数过多，已暂停查询 ${LOOKUP_LIMITS.lockMinutes} 分钟。请稍后再试，或拨打 12345。`);
  const stored = item?.applicant.id?.hash ?? '';
  const match = given.length > 0 && given.length === stored.length && timingSafeEqual(Buffer.from(given), Buffer.from(stored));
  if (!item || !match) {
    await recordFailure(reference, now);
    throw notFound();
  }
  return {
    reference: item.reference,
    type: item.type,
    typeLabel: TYPE_PROFILES[item.type].label,
    applicant: maskName(item.applicant.name),
    township: findTownship(item.area.township)?.name ?? item.area.township,
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    submittedAt: item.submittedAt,
    ...(item.acceptedAt ? { acceptedAt: item.acceptedAt } : {}),
    ...(item.dueDate ? { dueDate: item.dueDate, dueDateProvisional: item.dueProvisional ?? false } : {}),
    timeline: item.history.map((h) => ({ status: h.status, label: STATUS_LABELS[h.status], at: h.at, ...(h.note ? { note: h.note } : {}) })),
    ...decisionOf(item as CaseItem),
  };
}
