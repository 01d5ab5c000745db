import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client.ts';

/**
 * Every page of a query on the data table, following LastEvaluatedKey from `ExclusiveStartKey` (if any):
 * the caller handles one page at a time and never holds more than it keeps.
 */
export async function* queryPages(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<QueryCommandOutput> {
  let start = input.ExclusiveStartKey;
  do {
    const page = await db().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: start }));
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}

/** All items of a query (small results only: a county's marks, one case's entries). */
export async function queryAll<X = Record<string, unknown>>(input: Omit<QueryCommandInput, 'TableName'>): Promise<X[]> {
  const items: X[] = [];
  for await (const page of queryPages(input)) items.push(...((page.Items ?? []) as X[]));
  return items;
}
