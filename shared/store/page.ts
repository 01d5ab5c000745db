import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../http/problem.ts';

/**
 * Opaque, tamper-evident list cursors. A cursor carries DynamoDB's LastEvaluatedKey, but a client must
 * not be able to hand us a key of its own making: DynamoDB answers a crafted ExclusiveStartKey with an
 * error (or, worse, a page of someone else's partition). So the key is signed with an HMAC over the
 * key and the list it came from (route, path and query without the cursor, set by the HTTP pipeline
 * through `withCursorContext`); anything that does not verify is a 400 naming `cursor`.
 *
 * The secret is `CURSOR_SECRET` where set (on AWS: the functions' environment), else derived from the
 * local PII key, else a per-process random key (a cursor then lasts as long as the process).
 */
const context = new AsyncLocalStorage<string>();
let secret: Buffer | undefined;
let secretSource: string | undefined;

function key(): Buffer {
  const source = process.env.CURSOR_SECRET ?? process.env.PII_LOCAL_KEY ?? '';
  if (!secret || secretSource !== source) {
    secretSource = source;
    secret = source ? Buffer.from(hkdfSync('sha256', source, 'bozhou-cursor', 'list cursors v1', 32)) : randomBytes(32);
  }
  return secret;
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
