import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { payKeys } from './keys.ts';
import type { LedgerEntry } from './ledger.ts';
import type { ResultItem } from './results.ts';

/**
 * Streams a run's ledger entries and bank results (gsi4 `PAYRUN#<runId>`) page by page, so a run of
 * 100,000 payments is never held in memory at once. gsi4 is eventually consistent: callers that must see
 * everything compare the count with the run's own (consistent) `entries` counter.
 */
export async function forEachRunPage(runId: string, fn: (page: { entries: LedgerEntry[]; results: ResultItem[] }) => Promise<void> | void): Promise<void> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': payKeys.runIndex(runId) },
        ExclusiveStartKey: start,
        Limit: 1000,
      }),
    );
    const items = out.Items ?? [];
    await fn({ entries: items.filter((i) => i.itemType === 'entry') as LedgerEntry[], results: items.filter((i) => i.itemType === 'result') as ResultItem[] });
    start = out.LastEvaluatedKey;
  } while (start);
}
