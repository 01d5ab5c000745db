import { afterEach, describe, expect, it, vi } from 'vitest';
import { newLocalKey } from '../../../shared/crypto/pii.ts';

/**
 * List cursors are signed with a key derived from the personal-data HMAC key, so a cursor one function
 * instance handed out is accepted by any other (on AWS: every Lambda instance), and by nobody with
 * another key. Each `import` after `vi.resetModules()` is a fresh instance with no shared state.
 */
const PAGE = '../../../shared/store/page.ts';
const saved = process.env.PII_LOCAL_KEY;
afterEach(() => {
  process.env.PII_LOCAL_KEY = saved;
});

async function instance(localKey: string) {
  process.env.PII_LOCAL_KEY = localKey;
  vi.resetModules();
  const page: typeof import('../../../shared/store/page.ts') = await import(PAGE);
  await page.prepareCursorKey();
  return page;
}

describe('list cursors across instances', () => {
  const lastKey = { pk: 'TENDER#341602-2027-001', sk: 'TENDER' };

  it('a cursor signed by one instance is accepted by another with the same key', async () => {
    const key = newLocalKey();
    const a = await instance(key);
    const cursor = a.withCursorContext('GET /api/v1/tenders', () => a.encodeCursor(lastKey))!;
    const b = await instance(key);
    expect(b.withCursorContext('GET /api/v1/tenders', () => b.decodeCursor(cursor))).toEqual(lastKey);
  });

  it('is refused by an instance with another key, and on another list', async () => {
    const a = await instance(newLocalKey());
    const cursor = a.withCursorContext('GET /api/v1/tenders', () => a.encodeCursor(lastKey))!;
    expect(() => a.withCursorContext('GET /api/v1/publicity', () => a.decodeCursor(cursor))).toThrow(/分页游标无效/);
    const b = await instance(newLocalKey());
    expect(() => b.withCursorContext('GET /api/v1/tenders', () => b.decodeCursor(cursor))).toThrow(/分页游标无效/);
  });

  it('refuses to sign before the key is prepared, rather than with a key of its own', async () => {
    process.env.PII_LOCAL_KEY = newLocalKey();
    vi.resetModules();
    const page: typeof import('../../../shared/store/page.ts') = await import(PAGE);
    expect(() => page.encodeCursor(lastKey)).toThrow(/prepareCursorKey/);
  });
});
