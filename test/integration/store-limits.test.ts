import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { itemSize, MAX_ITEM_BYTES } from '../../shared/store/limits.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

/**
 * DynamoDB's limits are checked before the call (shared/store/limits.ts): an item over 400 KB or a key
 * over its limit is a 4xx naming the attribute and nothing is written. The estimate is held against
 * DynamoDB Local itself, on both sides of the border, through a client without the check.
 */
let p: TestPlatform;
let raw: DynamoDBDocumentClient;
beforeAll(async () => {
  p = await startTestPlatform();
  raw = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT!, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
});
afterAll(async () => {
  await p.stop();
});

/** An item whose estimated size is exactly `bytes`, mostly in a `note` of mixed ASCII and Chinese. */
function itemOf(bytes: number): Record<string, unknown> {
  const item: Record<string, unknown> = { pk: `LIMIT#${randomUUID()}`, sk: 'ITEM', n: 12345, tags: ['a', '乙'], nested: { a: 1, b: true } };
  item.note = '';
  const fill = bytes - itemSize(item);
  item.note = '救'.repeat(Math.floor(fill / 3)) + 'x'.repeat(fill % 3);
  expect(itemSize(item)).toBe(bytes);
  return item;
}

const stored = async (item: Record<string, unknown>) => (await raw.send(new GetCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }))).Item !== undefined;

describe('DynamoDB limits before the call', () => {
  it('the size estimate agrees with DynamoDB Local on both sides of 400 KB', async () => {
    const fits = itemOf(MAX_ITEM_BYTES);
    await raw.send(new PutCommand({ TableName: tableName(), Item: fits }));
    expect(await stored(fits)).toBe(true);
    // A few bytes over by our count is over by DynamoDB's too: the estimate is never more lenient.
    const over = itemOf(MAX_ITEM_BYTES + 8);
    await expect(raw.send(new PutCommand({ TableName: tableName(), Item: over }))).rejects.toThrow(/size/i);
  });

  it('refuses an item over 400 KB with 413 naming its largest attribute, and writes nothing', async () => {
    const over = itemOf(MAX_ITEM_BYTES + 1);
    const error = await db()
      .send(new PutCommand({ TableName: tableName(), Item: over }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(413);
    expect((error as AppError).code).toBe('record-too-large');
    expect((error as AppError).errors?.[0]?.field).toBe('note');
    expect(await stored(over)).toBe(false);
  });

  it('refuses a transaction with one oversized item before any of it is written', async () => {
    const small = itemOf(1000);
    const over = itemOf(MAX_ITEM_BYTES + 1);
    const error = await db()
      .send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: tableName(), Item: small } }, { Put: { TableName: tableName(), Item: over } }] }))
      .catch((e: unknown) => e);
    expect((error as AppError).code).toBe('record-too-large');
    expect(await stored(small)).toBe(false);
  });

  it('refuses a sort key over 1,024 bytes with 400 naming it', async () => {
    const error = await db()
      .send(new PutCommand({ TableName: tableName(), Item: { pk: 'LIMIT#key', sk: 'K'.repeat(1025) } }))
      .catch((e: unknown) => e);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).errors?.[0]?.field).toBe('sk');
  });
});
