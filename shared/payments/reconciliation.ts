import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { findCounty } from '../reference/areas.ts';
import { payKeys } from './keys.ts';
import { forEachRunPage } from './run-items.ts';
import { CATEGORY_LABELS } from './ledger.ts';
import type { RunItem } from './runs.ts';
import type { Exception } from './consumer.ts';

/**
 * 对账 of one run: totals per county, category and status are sums of the ledger entries themselves (not
 * of the run's counters), and the difference between what was expected and what was paid is explained
 * line by line — awaiting the bank, failed with the bank's reason, no account, or a reversing entry.
 * Social-worker allowances are payroll and never appear here (十七).
 */
export type EntryStatus = 'paid' | 'failed' | 'pending' | 'corrected';
export const MAX_LINES = 1000;

interface Bucket {
  count: number;
  amountFen: number;
}
const add = (b: Record<string, Bucket>, key: string, fen: number) => {
  const x = (b[key] ??= { count: 0, amountFen: 0 });
  x.count++;
  x.amountFen += fen;
};

const STATUS_TEXT: Record<EntryStatus, string> = { paid: '已支付', failed: '支付失败', pending: '等待银行回盘', corrected: '冲正' };

async function exceptionsOf(runId: string): Promise<Exception[]> {
  const out: Exception[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)', ExpressionAttributeValues: { ':pk': payKeys.run(runId).pk, ':b': 'BATCH#' }, ProjectionExpression: '#x', ExpressionAttributeNames: { '#x': 'exceptions' }, ExclusiveStartKey: start }),
    );
    for (const b of page.Items ?? []) out.push(...((b.exceptions as Exception[] | undefined) ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export async function reconcile(run: RunItem) {
  const results = new Map<string, { status: 'paid' | 'failed'; reasonCode?: string; reason?: string }>();
  const entries: { paymentId: string; category: string; kind: string; period: string; amountFen: number; channel: string; reason?: string }[] = [];
  await forEachRunPage(run.runId, ({ entries: es, results: rs }) => {
    for (const r of rs) results.set(r.paymentId, { status: r.status, ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}), ...(r.reason ? { reason: r.reason } : {}) });
    for (const e of es) entries.push({ paymentId: e.paymentId, category: e.category, kind: e.kind, period: e.period, amountFen: e.amountFen, channel: e.channel, ...(e.reason ? { reason: e.reason } : {}) });
  });
  const byCategory: Record<string, Record<string, Bucket>> = {};
  const byStatus: Record<string, Bucket> = {};
  const byKind: Record<string, Bucket> = {};
  let expectedFen = 0;
  let paidFen = 0;
  let explainedFen = 0;
  let lineCount = 0;
  const lines: { paymentId: string; category: string; kind: string; period: string; amountFen: number; status: EntryStatus; explanation: string; reasonCode?: string }[] = [];
  for (const e of entries) {
    const r = results.get(e.paymentId);
    const status: EntryStatus = e.channel === 'correction' ? 'corrected' : e.channel === 'reserve' ? 'paid' : (r?.status ?? 'pending');
    expectedFen += e.amountFen;
    add((byCategory[e.category] ??= {}), status, e.amountFen);
    add(byCategory[e.category]!, 'total', e.amountFen);
    add(byStatus, status, e.amountFen);
    add(byKind, e.kind.replace(/\.(backpay\.v\d+|retry\d+|reversal)$/, '.$1').split('.')[0]!, e.amountFen);
    if (status === 'paid') {
      paidFen += e.amountFen;
      continue;
    }
    explainedFen += e.amountFen;
    lineCount++;
    if (lines.length < MAX_LINES) {
      const explanation =
        status === 'corrected' ? `冲正：${e.reason ?? ''}`
        : status === 'pending' ? '已列入发放文件，等待银行回盘'
        : r?.reasonCode === 'NO_ACCOUNT' ? `${r.reason}；下月批次在登记账户后重发`
        : `银行退回（${r?.reasonCode}）：${r?.reason ?? ''}；${['ACCOUNT_CLOSED', 'ACCOUNT_INVALID', 'NAME_MISMATCH'].includes(r?.reasonCode ?? '') ? '经办人员更新账户后重发' : '下月批次重发'}`;
      lines.push({ paymentId: e.paymentId, category: e.category, kind: e.kind, period: e.period, amountFen: e.amountFen, status, explanation, ...(r?.reasonCode ? { reasonCode: r.reasonCode } : {}) });
    }
  }
  const categoryTotal = Object.values(byCategory).reduce((a, c) => a + (c.total?.amountFen ?? 0), 0);
  const statusTotal = Object.values(byStatus).reduce((a, s) => a + s.amountFen, 0);
  const exceptions = await exceptionsOf(run.runId);
  return {
    runId: run.runId,
    county: run.county,
    countyName: findCounty(run.county)?.name ?? run.county,
    month: run.month,
    status: run.status,
    totals: {
      county: { [run.county]: { count: entries.length, amountFen: expectedFen } },
      byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, { label: CATEGORY_LABELS[k as keyof typeof CATEGORY_LABELS] ?? k, ...v }])),
      byStatus: Object.fromEntries(Object.entries(byStatus).map(([k, v]) => [k, { label: STATUS_TEXT[k as EntryStatus], ...v }])),
      byKind,
    },
    expectedFen,
    paidFen,
    differenceFen: expectedFen - paidFen,
    explanation: { lines, lineCount, linesTruncated: lineCount > lines.length, explainedFen },
    /** Cases the run did not pay at all, each routed to the caseworker with the reason. */
    exceptions,
    checks: {
      categoriesEqualLedger: categoryTotal === expectedFen,
      statusesEqualLedger: statusTotal === expectedFen,
      differenceExplained: explainedFen === expectedFen - paidFen,
      runCounterMatches: run.status !== 'finished' || entries.filter((e) => e.channel === 'bank').length >= run.entries,
    },
  };
}
