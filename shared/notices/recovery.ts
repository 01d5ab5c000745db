import { createHash, timingSafeEqual } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { keyedHash } from '../crypto/pii.ts';
import { tooMany } from '../errors.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { ASSISTANCE_TYPES } from '../rules/calculate.ts';
import { limitPerMinute } from '../cases/rate-limit.ts';
import type { CaseItem } from '../cases/case.ts';
import type { TransactItem } from '../audit/chain.ts';
import { recoveryText } from './messages.ts';
import { dispatchNotices, noticeWrite } from './outbox.ts';

/**
 * 找回申请编号 (issue 23): the applicant's ID number and the phone on file → each of their applications'
 * 申请编号 is sent by SMS to that phone, never shown. The answer is the same whether or not anything
 * matched, so it reveals nothing about who applied. Limited like the look-up (shared/cases/lookup.ts):
 * per caller and minute, and per caller AND ID number — after 5 non-matching tries that caller is locked
 * out of that ID number for 30 minutes (a lock nobody else can aim at the owner). At most one recovery
 * SMS per application per day (the outbox key is the date), so nobody can flood a person's phone.
 */
export const RECOVERY_LIMITS = { perMinutePerCaller: 10, failuresBeforeLock: 5, lockMinutes: 30, maxCases: 20 };

export const RECOVERY_ANSWER = '如果身份证号码和手机号码与申请时登记的一致，申请编号已用短信发到这个手机，请留意查收。没有收到的，请到乡镇（街道）社会救助窗口或拨打 12345 询问。';

const callerKey = (caller: string) => createHash('sha256').update(`recovery-caller\n${caller}`).digest('base64url').slice(0, 22);
const guardKey = (idHash: string, caller: string) => ({ pk: `GUARD#RECOVER#${idHash}`, sk: `CALLER#${callerKey(caller)}` });

const sameHash = (a: string, b: string) => a.length > 0 && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Every case whose applicant is this person: the open ones by their uniqueness items, the others through the registry. */
async function casesOf(idHash: string): Promise<CaseItem[]> {
  const [open, linked] = await Promise.all([
    db().send(
      new BatchGetCommand({
        RequestItems: { [tableName()]: { Keys: ASSISTANCE_TYPES.map((t) => keys.openApplication(idHash, t)), ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': 'reference' } } },
      }),
    ),
    db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':p': `PERSON#${idHash}`, ':c': 'CASE#' },
        ProjectionExpression: '#r',
        ExpressionAttributeNames: { '#r': 'reference' },
        Limit: RECOVERY_LIMITS.maxCases,
      }),
    ),
  ]);
  const references = new Set([...(open.Responses?.[tableName()] ?? []), ...(linked.Items ?? [])].map((i) => String(i.reference)));
  if (!references.size) return [];
  const out = await db().send(new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [...references].slice(0, RECOVERY_LIMITS.maxCases).map(keys.application) } } }));
  return ((out.Responses?.[tableName()] ?? []) as CaseItem[]).filter((c) => c.applicant.id?.hash === idHash);
}

export async function recoverReferences(idNumber: string, phone: string, caller: string, now: Date): Promise<{ message: string }> {
  await limitPerMinute('recovery', callerKey(caller), now, RECOVERY_LIMITS.perMinutePerCaller, '找回申请编号过于频繁，请一分钟后再试。');
  const [idHash, phoneHash] = await Promise.all([keyedHash('id', idNumber).then((h) => h.hash), keyedHash('phone', phone.replace(/\s+/g, '')).then((h) => h.hash)]);
  const guard = (await db().send(new GetCommand({ TableName: tableName(), Key: guardKey(idHash, caller), ConsistentRead: true }))).Item as { lockedUntil?: number; expiresAt?: number } | undefined;
  if ((guard?.lockedUntil ?? 0) > now.getTime()) {
    throw tooMany('recovery-locked', `这个身份证号码的找回次数过多，已暂停 ${RECOVERY_LIMITS.lockMinutes} 分钟。请稍后再试，或到乡镇（街道）社会救助窗口、拨打 12345 询问。`);
  }
  const matched = (await casesOf(idHash)).filter((c) => sameHash(c.applicant.phoneHash, phoneHash));
  if (!matched.length) {
    // A guard past its window starts again from one (TTL may not have removed it yet).
    await recordFailure(idHash, caller, now, (guard?.expiresAt ?? 0) * 1000 <= now.getTime());
    return { message: RECOVERY_ANSWER };
  }
  const at = isoShanghai(now);
  const writes: TransactItem[] = [];
  for (const c of matched) {
    const write = noticeWrite(c.reference, `recovery#${dateShanghai(now)}`, 'referenceRecovery', recoveryText(c), at);
    try {
      await db().send(new PutCommand(write.Put as ConstructorParameters<typeof PutCommand>[0]));
      writes.push(write);
    } catch (error) {
      // Sent today already: once a day is enough, and the answer stays the same.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  await dispatchNotices(writes);
  return { message: RECOVERY_ANSWER };
}

async function recordFailure(idHash: string, caller: string, now: Date, fresh: boolean): Promise<void> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: guardKey(idHash, caller),
      UpdateExpression: fresh ? 'SET failures = :one, expiresAt = :ttl REMOVE lockedUntil' : 'ADD failures :one',
      ExpressionAttributeValues: { ':one': 1, ...(fresh ? { ':ttl': Math.floor(now.getTime() / 1000) + RECOVERY_LIMITS.lockMinutes * 60 } : {}) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  if ((out.Attributes?.failures as number) >= RECOVERY_LIMITS.failuresBeforeLock) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: guardKey(idHash, caller),
        UpdateExpression: 'SET lockedUntil = :until, failures = :zero, expiresAt = :ttl',
        ExpressionAttributeValues: { ':until': now.getTime() + RECOVERY_LIMITS.lockMinutes * 60_000, ':zero': 0, ':ttl': Math.floor(now.getTime() / 1000) + RECOVERY_LIMITS.lockMinutes * 60 },
      }),
    );
  }
}
