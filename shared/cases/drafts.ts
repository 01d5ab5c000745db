import { randomInt, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keyedHash, open, seal, type Sealed } from '../crypto/pii.ts';
import { AppError, invalidField } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { limitPerMinute } from './rate-limit.ts';

/**
 * Saved drafts (issue 23): a long application saved half-way and resumed later with a code. The answers hold
 * ID numbers, so they are sealed whole; the code alone opens nothing — resuming needs the code AND the
 * applicant's ID number given when saving, and a wrong pair gets the same answer as an unknown code. Drafts
 * expire after 30 days (TTL). The code reads well over the phone (the 申请编号's alphabet, grouped by four).
 */
export const DRAFT_LIMITS = { days: 30, maxBytes: 32 * 1024, savesPerMinute: 10, resumesPerMinute: 10 };

const ALPHABET = '23456789ABCDEFGHJKLMNPQRTUWXY';
const newCode = () => Array.from({ length: 12 }, (_, i) => (i > 0 && i % 4 === 0 ? '-' : '') + ALPHABET[randomInt(ALPHABET.length)]).join('');
const normalize = (code: string) => code.replace(/[\s-]+/g, '').toUpperCase();
const draftKey = (code: string) => ({ pk: `DRAFT#${normalize(code)}`, sk: 'DRAFT' });

interface DraftItem {
  pk: string;
  sk: string;
  idHash: string;
  answers: Sealed;
  savedAt: string;
  expiresAt: number;
  schemaVersion: number;
}

export async function saveDraft(idNumber: string, answers: Record<string, unknown>, caller: string, now: Date): Promise<{ code: string; expiresOn: string; days: number }> {
  await limitPerMinute('draft-save', caller, now, DRAFT_LIMITS.savesPerMinute, '保存过于频繁，请一分钟后再试。');
  const text = JSON.stringify(answers);
  if (Buffer.byteLength(text) > DRAFT_LIMITS.maxBytes) throw invalidField('answers', 'too-large', `填写的内容太多（超过 ${DRAFT_LIMITS.maxBytes / 1024} KB），无法保存；请直接提交，或到窗口办理`);
  const [hash, sealed] = await Promise.all([keyedHash('id', idNumber), seal(text)]);
  const expiresAt = Math.floor(now.getTime() / 1000) + DRAFT_LIMITS.days * 86400;
  for (;;) {
    const code = newCode();
    const item: DraftItem = { ...draftKey(code), idHash: hash.hash, answers: sealed, savedAt: isoShanghai(now), expiresAt, schemaVersion: SCHEMA_VERSION };
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { code, expiresOn: isoShanghai(new Date(expiresAt * 1000)).slice(0, 10), days: DRAFT_LIMITS.days };
    } catch (error) {
      // A code already taken (1 in 29^12): draw another.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

const notFound = () => new AppError(404, 'draft-not-found', '没有找到', '没有找到与这个保存码和身份证号码都相符的草稿，或草稿已超过 30 天。请核对后再试。');

export async function resumeDraft(code: string, idNumber: string, caller: string, now: Date): Promise<{ answers: unknown; savedAt: string }> {
  await limitPerMinute('draft-resume', caller, now, DRAFT_LIMITS.resumesPerMinute, '尝试次数过多，请一分钟后再试。');
  const [out, given] = await Promise.all([db().send(new GetCommand({ TableName: tableName(), Key: draftKey(code), ConsistentRead: true })), keyedHash('id', idNumber)]);
  const d = out.Item as DraftItem | undefined;
  if (!d || d.expiresAt * 1000 <= now.getTime()) throw notFound();
  const same = d.idHash.length === given.hash.length && timingSafeEqual(Buffer.from(d.idHash), Buffer.from(given.hash));
  if (!same) throw notFound();
  return { answers: JSON.parse(await open(d.answers)), savedAt: d.savedAt };
}
