import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { derivedKey, keyMarker } from '../crypto/pii.ts';
import { badRequest } from '../errors.ts';

/**
 * Opaque, tamper-evident list cursors. A cursor carries DynamoDB's LastEvaluatedKey, but a client must
 * not be able to hand us a key of its own making: DynamoDB answers a crafted ExclusiveStartKey with an
 * error (or, worse, a page of someone else's partition). So the key is signed with an HMAC over the
 * key and the list it came from (route, path and query without the cursor, set by the HTTP pipeline
 * through `withCursorContext`); anything that does not verify is a 400 naming `cursor`.
 *
 * The secret is derived from the personal-data HMAC key (`derivedKey`: KMS on AWS, the local key here), so
 * every instance of every function signs and accepts the same cursors without a secret of its own. The
 * HTTP pipeline awaits `prepareCursorKey()` before a handler runs; with no key configured at all, a
 * per-process random key is used (a cursor then lasts as long as the process).
 */
const context = new AsyncLocalStorage<string>();
let prepared: { marker: string | undefined; key: Buffer } | undefined;

export async function prepareCursorKey(): Promise<void> {
  const marker = keyMarker();
  if (prepared && prepared.marker === marker) return;
  prepared = { marker, key: marker ? await derivedKey('list-cursors-v1') : randomBytes(32) };
}

function key(): Buffer {
  if (!prepared || prepared.marker !== keyMarker()) throw new Error('prepareCursorKey() was not awaited before using a cursor');
  return prepared.key;
}

const MAX_CURSOR_LENGTH = 4096;
const sign = (payload: string, list: string) => createHmac('sha256', key()).update(list).update('\n').update(payload).digest().subarray(0, 16);

/** Runs `fn` with cursors bound to one list (the pipeline calls it per request). */
export function withCursorContext<T>(list: string, fn: () => T): T {
  return context.run(list, fn);
}

export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  if (!lastKey) return null;
  const payload = Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, context.getStore() ?? '').toString('base64url')}`;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  if (cursor.length <= MAX_CURSOR_LENGTH) {
    const dot = cursor.indexOf('.');
    const payload = cursor.slice(0, dot);
    const mac = Buffer.from(cursor.slice(dot + 1), 'base64url');
    const expected = sign(payload, context.getStore() ?? '');
    if (dot > 0 && mac.length === expected.length && timingSafeEqual(mac, expected)) {
      try {
        const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // fall through to the problem below
      }
    }
  }
  throw badRequest('invalid-cursor', '分页游标无效或已被改动，请从第一页重新查询。', [{ field: 'cursor', code: 'invalid', message: '分页游标无效' }]);
}
