import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { timingSafeEqual } from 'node:crypto';
import { db, tableName } from '../store/client.ts';
import { keyedHash } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { AppError, tooMany } from '../errors.ts';
import { limitPerMinute } from '../cases/rate-limit.ts';
import { charityKeys } from './keys.ts';
import { normalizeReceipt, type DonationItem } from './donations.ts';
import { loadCharity } from './registry.ts';
import { publicDonation, publicUse } from './disclosure.ts';
import type { UseItem } from './uses.ts';

/**
 * 捐赠人查询: receipt number + the donor's ID number → their donation and the uses of the pool it went
 * into (money is fungible within a purpose, so "its uses" are that purpose's uses at that charity).
 * Rate-limited per caller and locked per receipt after repeated failures, exactly like the application
 * look-up (docs/architecture.md § Identity and scope); a wrong ID number and an unknown receipt get the same answer.
 */
export const DONOR_LOOKUP_LIMITS = { perMinutePerCaller: Number(process.env.LOOKUP_RATE_PER_MINUTE ?? 60), failuresBeforeLock: 5, lockMinutes: 30 };

const notFound = () => new AppError(404, 'lookup-not-found', '没有查到', '没有找到票据号和身份证号都相符的捐赠。请核对后再试，或向受赠的慈善组织咨询。');

async function guard(receipt: string, now: Date): Promise<void> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.lookupGuard(receipt), ConsistentRead: true }));
  const until = out.Item?.lockedUntil as number | undefined;
  if (until && until > now.getTime()) throw tooMany('lookup-locked', `这个票据号的查询错误次数过多，已暂停查询 ${DONOR_LOOKUP_LIMITS.lockMinutes} 分钟。`);
}

async function recordFailure(receipt: string, now: Date): Promise<void> {
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: charityKeys.lookupGuard(receipt),
      UpdateExpression: 'ADD failures :one SET expiresAt = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + DONOR_LOOKUP_LIMITS.lockMinutes * 60 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if ((out.Attributes?.failures as number) >= DONOR_LOOKUP_LIMITS.failuresBeforeLock) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: charityKeys.lookupGuard(receipt),
        UpdateExpression: 'SET lockedUntil = :until, failures = :zero',
        ExpressionAttributeValues: { ':until': now.getTime() + DONOR_LOOKUP_LIMITS.lockMinutes * 60_000, ':zero': 0 },
      }),
    );
  }
}

const sameHash = (a: string, b: string) => a.length > 0 && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

async function usesOfPool(d: DonationItem): Promise<UseItem[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
      FilterExpression: 'purpose = :p AND form = :f AND #s <> :rejected',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pk': charityKeys.profile(d.charityId).pk, ':u': 'USE#', ':p': d.purpose, ':f': d.form, ':rejected': 'rejected' },
      ScanIndexForward: false,
      Limit: 200,
    }),
  );
  return (page.Items ?? []) as UseItem[];
}

export async function lookupDonation(receiptInput: string, idNumber: string, caller: string, now: Date) {
  await limitPerMinute('donation-lookup', caller, now, DONOR_LOOKUP_LIMITS.perMinutePerCaller, '查询过于频繁，请一分钟后再试。');
  const receipt = normalizeReceipt(receiptInput);
  await guard(receipt, now);
  const id = validateResidentId(idNumber);
  const given = id.ok ? (await keyedHash('id', id.idNumber)).hash : '';
  const receipts = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': charityKeys.receiptPk(receipt) }, ConsistentRead: true }),
  );
  const found = [];
  for (const r of receipts.Items ?? []) {
    const d = (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.donation(r.charityId as string, r.donationId as string), ConsistentRead: true }))).Item as
      | DonationItem
      | undefined;
    if (d?.donor.type !== 'person' || !sameHash(given, d.donor.id.hash)) continue;
    const charity = await loadCharity(d.charityId);
    found.push({
      charity: charity?.name ?? '',
      receiptNumber: d.receiptNumber,
      ...publicDonation(d),
      donor: d.donor.name,
      usesOfPurpose: (await usesOfPool(d)).map(publicUse),
    });
  }
  if (found.length === 0) {
    await recordFailure(receipt, now);
    throw notFound();
  }
  return { donations: found };
}
