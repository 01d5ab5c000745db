import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { tooMany } from '../errors.ts';

/**
 * A per-caller, per-minute counter for public writes (docs/architecture.md § Identity and scope: public endpoints are rate-limited; WAF
 * rate rules sit in front in production). Counters expire by TTL two minutes later.
 */
export async function limitPerMinute(kind: string, caller: string, now: Date, perMinute: number, message: string): Promise<void> {
  const minute = now.toISOString().slice(0, 16);
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.rate(kind, caller, minute),
      UpdateExpression: 'ADD hits :one SET expiresAt = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + 120 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  if ((out.Attributes?.hits as number) > perMinute) throw tooMany(`${kind}-rate-limited`, message);
}
