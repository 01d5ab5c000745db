import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { keyedHash } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { maskName } from '../identifiers/mask.ts';
import { AppError, tooMany } from '../errors.ts';
import { findTownship } from '../reference/areas.ts';
import { OPEN_STATES, STATUS_LABELS } from './states.ts';
import { approvalNotice } from './notice.ts';
import { formatYuan } from '../money.ts';
import { getPayees, type PayeeItem } from '../payments/payees.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { normalizeReference, isValidReference } from './reference-number.ts';
import type { ApplicationItem } from './application.ts';
import type { CaseItem } from './case.ts';

const monthText = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

/** What an approval granted, as the person should read it: amount, first month, the card's last four digits. */
function paymentOf(c: CaseItem, payees: PayeeItem | undefined): LookupAnswer['payment'] {
  if (c.decision?.outcome !== 'approved') return undefined;
  const account = payees?.accounts.person ?? Object.values(payees?.accounts ?? {})[0];
  const card = account ? { bank: account.bank, accountLast4: account.last4 } : {};
  if (c.enrolment) return { monthlyAmountFen: c.enrolment.monthlyAmountFen, firstMonth: c.enrolment.startMonth, ...card };
  if (c.plan) return { oneOffAmountFen: c.plan.totalFen, ...card };
  return undefined;
}

function decisionOf(c: CaseItem, payment: LookupAnswer['payment']): Pick<LookupAnswer, 'decision'> {
  const d = c.decision;
  if (!d) return {};
  if (d.outcome === 'approved') {
    const granted =
      payment?.monthlyAmountFen !== undefined
        ? `每月 ${formatYuan(payment.monthlyAmountFen)}，自${monthText(payment.firstMonth ?? '')}起发放`
        : payment?.oneOffAmountFen !== undefined
          ? `救助金额 ${formatYuan(payment.oneOffAmountFen)}`
          : '按规定给予救助';
    const notice = approvalNotice(c, granted, d.at.slice(0, 10));
    return { decision: { outcome: d.outcome, title: notice.title, notice: notice.text, rights: notice.rights } };
  }
  return { decision: { outcome: d.outcome, ...(d.reasons ? { reasons: d.reasons } : {}), ...(d.notice ? { title: d.notice.title, notice: d.notice.text, rights: d.notice.rights } : {}) } };
}

/** One line per step: a status recorded twice in a row (two visitors, a re-check) is one step, at its first time. */
function timelineOf(history: ApplicationItem['history']): LookupAnswer['timeline'] {
  const out: LookupAnswer['timeline'] = [];
  for (const h of history) {
    if (out.at(-1)?.status === h.status) continue;
    out.push({ status: h.status, label: STATUS_LABELS[h.status], at: h.at, ...(h.note ? { note: h.note } : {}) });
  }
  return out;
}

/**
 * 查询进度 with 申请编号 + ID number, no account (docs/architecture.md § Identity and scope). A wrong number and an unknown reference get the same
 * answer, whether or not the reference exists, so neither the answer nor a lock reveals anything.
 *
 * The lock must be one nobody can aim: references are public on the 公示 roster, so failures that lock
 * a reference for everyone would let any stranger lock the owner out. Failures are therefore counted
 * per caller AND reference — after 5 that caller is locked out of that reference for 30 minutes.
 * Many callers failing on one reference (a distributed guess) trip a global ceiling per reference,
 * which slows every caller to one attempt per reference a minute instead of locking anyone out: the
 * owner, trying once, still gets in; a guesser is held to a crawl.
 */
export const LOOKUP_LIMITS = {
  // A 12345 call centre or a township window may share one address: generous per caller, strict per reference.
  perMinutePerCaller: Number(process.env.LOOKUP_RATE_PER_MINUTE ?? 60),
  failuresBeforeLock: 5,
  lockMinutes: 30,
  /** Failures on one reference, from all callers, within a window, before every caller is slowed. */
  globalFailureCeiling: 20,
  /** While slowed: one attempt per caller and reference in this many seconds. */
  slowedSeconds: 60,
};

const notFound = () => new AppError(404, 'lookup-not-found', '没有查到', '没有找到申请编号和身份证号都相符的申请。请核对后再试；如有疑问请拨打 12345。');

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

interface Guard {
  failures?: number;
  lockedUntil?: number;
  lastAt?: number;
  /** Epoch seconds (TTL); a guard past it counts as none, whether or not TTL has deleted it yet. */
  expiresAt?: number;
}

async function readGuard(key: Record<string, string>, now: Date): Promise<Guard> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const g = out.Item as Guard | undefined;
  return g && (g.expiresAt ?? 0) * 1000 > now.getTime() ? g : {};
}

/** The caller as a short keyed digest: addresses are not stored in the clear. */
const callerKey = (caller: string) => createHash('sha256').update(`lookup-caller\n${caller}`).digest('base64url').slice(0, 22);

async function recordFailure(reference: string, caller: string, callerGuard: Guard, refGuard: Guard, now: Date): Promise<void> {
  const ttl = Math.floor(now.getTime() / 1000) + LOOKUP_LIMITS.lockMinutes * 60;
  const bump = (key: Record<string, string>, fresh: boolean) =>
    db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        // A guard past its window starts again from one (TTL may not have removed it yet).
        UpdateExpression: fresh ? 'SET failures = :one, expiresAt = :ttl, lastAt = :now REMOVE lockedUntil' : 'ADD failures :one SET expiresAt = :ttl, lastAt = :now',
        ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':now': now.getTime() },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
  const callerGuardKey = keys.lookupCallerGuard(reference, callerKey(caller));
  // The per-reference window is fixed from its first failure (expiresAt is not slid by later ones),
  // so a steady trickle of guesses cannot keep a reference slowed for ever without reaching the ceiling.
  const [mine] = await Promise.all([
    bump(callerGuardKey, callerGuard.failures === undefined),
    refGuard.failures === undefined
      ? db().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.lookupGuard(reference),
            UpdateExpression: 'SET failures = :one, expiresAt = :ttl REMOVE lockedUntil',
            ExpressionAttributeValues: { ':one': 1, ':ttl': ttl },
          }),
        )
      : db().send(new UpdateCommand({ TableName: tableName(), Key: keys.lookupGuard(reference), UpdateExpression: 'ADD failures :one', ExpressionAttributeValues: { ':one': 1 } })),
  ]);
  if ((mine.Attributes?.failures as number) >= LOOKUP_LIMITS.failuresBeforeLock) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: callerGuardKey,
        UpdateExpression: 'SET lockedUntil = :until, failures = :zero',
        ExpressionAttributeValues: { ':until': now.getTime() + LOOKUP_LIMITS.lockMinutes * 60_000, ':zero': 0 },
      }),
    );
  }
}

/** While a reference is slowed: claims this caller's one attempt for the interval, or refuses it. */
async function claimSlowedAttempt(reference: string, caller: string, now: Date): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.lookupCallerGuard(reference, callerKey(caller)),
        UpdateExpression: 'SET lastAt = :now, expiresAt = if_not_exists(expiresAt, :ttl)',
        ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :cutoff',
        ExpressionAttributeValues: { ':now': now.getTime(), ':cutoff': now.getTime() - LOOKUP_LIMITS.slowedSeconds * 1000, ':ttl': Math.floor(now.getTime() / 1000) + LOOKUP_LIMITS.lockMinutes * 60 },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw tooMany('lookup-slowed', `这个申请编号近期查询错误较多，每 ${LOOKUP_LIMITS.slowedSeconds} 秒只能查询一次。请稍后再试，或拨打 12345。`);
    }
    throw error;
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
  /** Once decided: the notice (reasons when refused) and the rights to 行政复议 and 行政诉讼 (二十). */
  decision?: { outcome: string; reasons?: string[]; title?: string; notice?: string; rights?: { administrativeReviewDays: number; litigationMonths: number; reviewBody: string } };
  /** Once approved: the amount, the first month paid, and the card it goes to (last four digits only). */
  payment?: { monthlyAmountFen?: number; firstMonth?: string; oneOffAmountFen?: number; bank?: string; accountLast4?: string };
}

export async function lookupApplication(referenceInput: string, idNumber: string, caller: string, now: Date): Promise<LookupAnswer> {
  const reference = normalizeReference(referenceInput);
  const id = validateResidentId(idNumber);
  // One round trip instead of four: the counter, the lock, the application and the keyed hash are fetched
  // together, and the answer still checks them in that order, so nothing is revealed past a limit or a lock.
  const [hits, callerGuard, refGuard, item, given] = await Promise.all([
    countHit(caller, now),
    readGuard(keys.lookupCallerGuard(reference, callerKey(caller)), now),
    readGuard(keys.lookupGuard(reference), now),
    isValidReference(reference)
      ? db()
          .send(new GetCommand({ TableName: tableName(), Key: keys.application(reference), ConsistentRead: true }))
          .then((out) => out.Item as ApplicationItem | undefined)
      : undefined,
    id.ok ? keyedHash('id', id.idNumber).then((h) => h.hash) : '',
  ]);
  if (hits > LOOKUP_LIMITS.perMinutePerCaller) throw tooMany('lookup-rate-limited', '查询过于频繁，请一分钟后再试。');
  if ((callerGuard.lockedUntil ?? 0) > now.getTime()) {
    throw tooMany('lookup-locked', `这个申请编号的查询错误次数过多，已暂停查询 ${LOOKUP_LIMITS.lockMinutes} 分钟。请稍后再试，或拨打 12345。`);
  }
  if ((refGuard.failures ?? 0) >= LOOKUP_LIMITS.globalFailureCeiling) await claimSlowedAttempt(reference, caller, now);
  const stored = item?.applicant.id?.hash ?? '';
  const match = given.length > 0 && given.length === stored.length && timingSafeEqual(Buffer.from(given), Buffer.from(stored));
  if (!item || !match) {
    await recordFailure(reference, caller, callerGuard, refGuard, now);
    throw notFound();
  }
  const decided = (item as CaseItem).decision !== undefined;
  const payment = paymentOf(item as CaseItem, decided ? await getPayees(item.reference) : undefined);
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
    // The expected date matters only while the application is undecided.
    ...(item.dueDate && !decided && OPEN_STATES.includes(item.status) ? { dueDate: item.dueDate, dueDateProvisional: item.dueProvisional ?? false } : {}),
    timeline: timelineOf(item.history),
    ...(payment ? { payment } : {}),
    ...decisionOf(item as CaseItem, payment),
  };
}
