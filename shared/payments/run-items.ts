import { ledger } from './store.ts';
import type { LedgerEntry } from './ledger.ts';
import type { ResultItem } from './results.ts';

/**
 * Streams a run's ledger entries and bank results (gsi4 `PAYRUN#<runId>`) page by page, so a run of
 * 100,000 payments is never held in memory at once. gsi4 is eventually consistent: callers that must see
 * everything compare the count with the run's own (consistent) `entries` counter.
 */
export async function forEachRunPage(runId: string, fn: (page: { entries: LedgerEntry[]; results: ResultItem[] }) => Promise<void> | void): Promise<void> {
  for await (const items of ledger.runPages(runId)) {
    await fn({ entries: items.filter((i) => i.itemType === 'entry') as unknown as LedgerEntry[], results: items.filter((i) => i.itemType === 'result') as unknown as ResultItem[] });
  }
}
