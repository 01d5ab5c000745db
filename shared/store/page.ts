import { badRequest } from '../http/problem.ts';

/** Opaque list cursors: the DynamoDB LastEvaluatedKey, base64url-encoded JSON. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the problem below
  }
  throw badRequest('invalid-cursor', '分页游标无效，请从第一页重新查询。', [{ field: 'cursor', code: 'invalid', message: '分页游标无效' }]);
}
