import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal numbers (ID, phone, bank account) are sealed in the item with envelope encryption and
 * indexed by a keyed hash (docs/architecture.md § Personal data).
 * - On AWS: data keys from KMS (`PII_KMS_KEY_ID`), cached for a few minutes; hashes by a KMS HMAC key
 *   (`PII_HMAC_KEY_ID`), whose id is stored beside each hash as its key version.
 * - Locally: a master key from `PII_LOCAL_KEY` (base64, 32 bytes) wraps the data keys and derives the HMAC key.
 */
export interface Sealed {
  v: 1;
  /** Which master key wrapped the data key. */
  kid: string;
  edk: string;
  iv: string;
  ct: string;
  tag: string;
}

export interface KeyedHash {
  hash: string;
  keyVersion: string;
}

interface DataKey {
  plaintext: Buffer;
  encrypted: string;
  kid: string;
}

interface KeyProvider {
  newDataKey(): Promise<DataKey>;
  unwrap(edk: string, kid: string): Promise<Buffer>;
  mac(message: string): Promise<KeyedHash>;
}

const DATA_KEY_TTL_MS = 5 * 60_000;

function aesGcm(key: Buffer, plaintext: Buffer): { iv: Buffer; ct: Buffer; tag: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

function aesGcmOpen(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

function localProvider(masterB64: string): KeyProvider {
  const master = Buffer.from(masterB64, 'base64');
  if (master.length !== 32) throw new Error('PII_LOCAL_KEY must be 32 bytes, base64');
  const wrapKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-wrap', 32));
  const macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'pii-mac', 32));
  return {
    async newDataKey() {
      const plaintext = randomBytes(32);
      const { iv, ct, tag } = aesGcm(wrapKey, plaintext);
      return { plaintext, encrypted: Buffer.concat([iv, tag, ct]).toString('base64'), kid: 'local' };
    },
    async unwrap(edk) {
      const raw = Buffer.from(edk, 'base64');
      return aesGcmOpen(wrapKey, raw.subarray(0, 12), raw.subarray(28), raw.subarray(12, 28));
    },
    async mac(message) {
      return { hash: createHmac('sha256', macKey).update(message).digest('base64url'), keyVersion: 'local-1' };
    },
  };
}

function kmsProvider(keyId: string, macKeyId: string): KeyProvider {
  const client = new KMSClient({});
  const unwrapped = new Map<string, Buffer>();
  return {
    async newDataKey() {
      const out = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
      return { plaintext: Buffer.from(out.Plaintext!), encrypted: Buffer.from(out.CiphertextBlob!).toString('base64'), kid: out.KeyId ?? keyId };
    },
    async unwrap(edk, kid) {
      const hit = unwrapped.get(edk);
      if (hit) return hit;
      const out = await client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(edk, 'base64'), KeyId: kid }));
      const key = Buffer.from(out.Plaintext!);
      unwrapped.set(edk, key);
      return key;
    },
    async mac(message) {
      const out = await client.send(new GenerateMacCommand({ KeyId: macKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }));
      return { hash: Buffer.from(out.Mac!).toString('base64url'), keyVersion: out.KeyId ?? macKeyId };
    },
  };
}

let provider: { key: string; value: KeyProvider } | undefined;
let dataKey: { key: DataKey; until: number } | undefined;

function keys(): KeyProvider {
  const kmsKey = process.env.PII_KMS_KEY_ID;
  const marker = kmsKey ? `kms:${kmsKey}` : `local:${process.env.PII_LOCAL_KEY ?? ''}`;
  if (provider?.key === marker) return provider.value;
  let value: KeyProvider;
  if (kmsKey) value = kmsProvider(kmsKey, process.env.PII_HMAC_KEY_ID ?? '');
  else if (process.env.PII_LOCAL_KEY) value = localProvider(process.env.PII_LOCAL_KEY);
  else throw new Error('Neither PII_KMS_KEY_ID nor PII_LOCAL_KEY is set');
  provider = { key: marker, value };
  dataKey = undefined;
  return value;
}

export async function seal(plaintext: string): Promise<Sealed> {
  const now = Date.now();
  if (!dataKey || dataKey.until < now) dataKey = { key: await keys().newDataKey(), until: now + DATA_KEY_TTL_MS };
  const { iv, ct, tag } = aesGcm(dataKey.key.plaintext, Buffer.from(plaintext, 'utf8'));
  return { v: 1, kid: dataKey.key.kid, edk: dataKey.key.encrypted, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: tag.toString('base64') };
}

export async function open(sealed: Sealed): Promise<string> {
  const key = await keys().unwrap(sealed.edk, sealed.kid);
  return aesGcmOpen(key, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.ct, 'base64'), Buffer.from(sealed.tag, 'base64')).toString('utf8');
}

/** A keyed hash for look-ups; `kind` separates the namespaces so an ID hash never equals a phone hash. */
export async function keyedHash(kind: 'id' | 'phone' | 'account', value: string): Promise<KeyedHash> {
  return keys().mac(`${kind}:${value.trim().toUpperCase()}`);
}

/**
 * A secret for another purpose (e.g. signing list cursors), the same in every instance of every function:
 * the HMAC key's MAC of the purpose, so on AWS the key material never leaves KMS and no second secret
 * has to be deployed. The `derived-key:` namespace never meets `keyedHash`'s `id:`/`phone:`/`account:`.
 */
export async function derivedKey(purpose: string): Promise<Buffer> {
  return Buffer.from((await keys().mac(`derived-key:${purpose}`)).hash, 'base64url');
}

/** Which key `derivedKey` would use now, or undefined when no key is configured. */
export const keyMarker = (): string | undefined => process.env.PII_KMS_KEY_ID ?? process.env.PII_LOCAL_KEY;

/** A fresh local master key, for `npm start` and tests. */
export const newLocalKey = (): string => randomBytes(32).toString('base64');
