import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { checkLimits } from './limits.ts';

/**
 * One document client per process, configured from the environment:
 * on AWS the region and role; locally `DYNAMODB_ENDPOINT` points at DynamoDB Local.
 */
let cached: { key: string; client: DynamoDBDocumentClient } | undefined;

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}

export function db(): DynamoDBDocumentClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const key = endpoint ?? 'aws';
  if (cached?.key === key) return cached.client;
  const base = new DynamoDBClient(
    endpoint
      ? // DynamoDB Local resets connections when the machine is busy; the SDK retries those (a transaction
        // carries its ClientRequestToken, so a retry is idempotent) — a few more times than on AWS.
        { endpoint, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 6 }
      : {},
  );
  const client = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  // Every write is checked against DynamoDB's size limits before it is sent (shared/store/limits.ts).
  client.middlewareStack.add(
    (next) => async (args) => {
      checkLimits(args.input as Parameters<typeof checkLimits>[0]);
      return next(args);
    },
    { step: 'initialize', name: 'checkDynamoDbLimits' },
  );
  cached = { key, client };
  return client;
}

/** Resets the cached client (tests switch endpoints between runs). */
export function resetDb(): void {
  cached = undefined;
}
