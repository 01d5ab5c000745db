import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { canonicalJson, sha256 } from '../audit/chain.ts';
import { logger } from '../log.ts';

/**
 * Sealed bids (measure 十八; 政府采购法实施条例 / 87号令: bids stay secret until opening).
 * Envelope encryption like shared/crypto/pii.ts, but under a SEPARATE key whose only decrypter is the
 * opening step:
 * - on AWS, `BID_KMS_KEY_ID`: each bid gets a fresh data key from KMS with the encryption context
 *   `{ purpose: 'sealed-bid', tender, bidder }`; the key policy lets the procurement role only seal and
 *   allows Decrypt (with `purpose = sealed-bid`) to the `opening` function's role alone, denying it to
 *   everyone else; CloudTrail records every Decrypt and infra/alarms.ts alarms on any other principal's;
 * - locally, `BID_LOCAL_KEY` (base64, 32 bytes), else a key derived from the local PII master key with
 *   its own HKDF label, so it never equals the PII wrapping key.
 * The tender and bidder are bound into the ciphertext as AAD, so a sealed bid cannot be moved onto
 * another tender or bidder. `openSealedBid` checks the time itself: before the deadline it refuses,
 * and logs the alarm `bidDecryptBeforeDeadline` (the metric filter in infra alarms on it).
 */
export interface SealedBid {
  v: 1;
  kid: string;
  edk: string;
  iv: string;
  ct: string;
  tag: string;
}

export interface BidContents {
  priceFen: number;
  technicalProposal: string;
  documents: { key: string; title: string }[];
}

interface Context {
  tenderId: string;
  organisation: string;
}

const aad = (c: Context) => Buffer.from(`sealed-bid|${c.tenderId}|${c.organisation}`, 'utf8');

function localWrapKey(): Buffer {
  const explicit = process.env.BID_LOCAL_KEY;
  if (explicit) {
    const key = Buffer.from(explicit, 'base64');
    if (key.length !== 32) throw new Error('BID_LOCAL_KEY must be 32 bytes, base64');
    return key;
  }
  const master = process.env.PII_LOCAL_KEY;
  if (!master) throw new Error('Neither BID_KMS_KEY_ID, BID_LOCAL_KEY nor PII_LOCAL_KEY is set');
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'base64'), Buffer.alloc(0), 'sealed-bid-wrap', 32));
}

function gcm(key: Buffer, plaintext: Buffer, extra: Buffer) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(extra);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

function gcmOpen(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, extra: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(extra);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]);
}

/** One KMS client per process for the bid key (BID_KMS_KEY_ID). */
let kms: KMSClient | undefined;
const kmsClient = () => (kms ??= new KMSClient({}));

const kmsContext = (c: Context) => ({ purpose: 'sealed-bid', tender: c.tenderId, bidder: c.organisation });

async function newDataKey(c: Context): Promise<{ plaintext: Buffer; edk: string; kid: string }> {
  const keyId = process.env.BID_KMS_KEY_ID;
  if (keyId) {
    const out = await kmsClient().send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: kmsContext(c) }));
    return { plaintext: Buffer.from(out.Plaintext!), edk: Buffer.from(out.CiphertextBlob!).toString('base64'), kid: out.KeyId ?? keyId };
  }
  const plaintext = randomBytes(32);
  const w = gcm(localWrapKey(), plaintext, aad(c));
  return { plaintext, edk: Buffer.concat([w.iv, w.tag, w.ct]).toString('base64'), kid: 'local-bid-1' };
}

async function unwrap(sealed: SealedBid, c: Context): Promise<Buffer> {
  if (sealed.kid !== 'local-bid-1') {
    const out = await kmsClient().send(new DecryptCommand({ CiphertextBlob: Buffer.from(sealed.edk, 'base64'), KeyId: sealed.kid, EncryptionContext: kmsContext(c) }));
    return Buffer.from(out.Plaintext!);
  }
  const raw = Buffer.from(sealed.edk, 'base64');
  return gcmOpen(localWrapKey(), raw.subarray(0, 12), raw.subarray(28), raw.subarray(12, 28), aad(c));
}

/** The receipt hash: SHA-256 of the canonical JSON of exactly what the bidder submitted. */
export const receiptHash = (contents: BidContents): string => sha256(canonicalJson(contents));

export async function sealBid(contents: BidContents, c: Context): Promise<SealedBid> {
  const key = await newDataKey(c);
  const { iv, ct, tag } = gcm(key.plaintext, Buffer.from(canonicalJson(contents), 'utf8'), aad(c));
  key.plaintext.fill(0);
  return { v: 1, kid: key.kid, edk: key.edk, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: tag.toString('base64') };
}

export class DecryptBeforeDeadline extends Error {}

/** Only the opening step calls this. It refuses before the deadline and raises the alarm. */
export async function openSealedBid(sealed: SealedBid, c: Context & { deadline: string; now: Date; actor: string }): Promise<BidContents> {
  if (c.now.getTime() < Date.parse(c.deadline)) {
    logger.error('sealed bid decrypt attempted before the deadline', {
      bidDecryptBeforeDeadline: 1,
      tenderId: c.tenderId,
      actor: c.actor,
      deadline: c.deadline,
    });
    throw new DecryptBeforeDeadline(`tender ${c.tenderId} closes at ${c.deadline}`);
  }
  const key = await unwrap(sealed, c);
  const plain = gcmOpen(key, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.ct, 'base64'), Buffer.from(sealed.tag, 'base64'), aad(c));
  key.fill(0);
  return JSON.parse(plain.toString('utf8')) as BidContents;
}
