import { findCounty } from '../reference/areas.ts';
import { forEachRunPage } from './run-items.ts';
import { CATEGORY_LABELS } from './ledger.ts';
import type { RunItem } from './runs.ts';
import { batches } from './store.ts';

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

/**
 * Where a line comes from. The run counts what it writes itself (`origin: run`): this month's amounts,
 * 补发, retries of failed payments, and an advance the approve transaction did not write. The ledger of
 * the run also holds the 先行救助 advances paid from the township's reserve at approval (shared/payments/advance.ts,
 * `origin: approval`, written before or after the run) and reversals (`origin: correction`, written after it):
 * they are in 应发 but not in the run's counters, and only bank lines of the run are in the file.
 */
export const PARTS = ['current', 'backPay', 'retry', 'advanceByRun', 'advance', 'correction'] as const;
export type Part = (typeof PARTS)[number];
const PART_TEXT: Record<Part, { label: string; explanation: string; byRun: boolean }> = {
  current: { label: '本月应发', explanation: '本批次按规则逐户计算的本月金额', byRun: true },
  backPay: { label: '补发', explanation: '标准调整后补发以前月份的差额（本批次计算）', byRun: true },
  retry: { label: '重发', explanation: '以前批次银行退回、本批次重新发放的款项', byRun: true },
  advanceByRun: { label: '先行救助（本批次补记）', explanation: '审批时未记入台账的先行救助，本批次补记，由乡镇备用金支付', byRun: true },
  advance: { label: '乡镇备用金已付', explanation: '审批时已由乡镇（街道）备用金支付（先行救助，或乡镇审批的一次性临时救助），计入本月应发，不在本批次计算和发放文件中', byRun: false },
  correction: { label: '冲正', explanation: '批次完成后经县级核实的冲正（负数），不在本批次计算和发放文件中', byRun: false },
};
const partOf = (e: { kind: string; channel: string; origin: string }): Part =>
  e.origin === 'correction'
    ? 'correction'
    : e.origin === 'approval'
      ? 'advance'
      : e.channel === 'reserve'
        ? 'advanceByRun'
        : e.kind.includes('.retry')
          ? 'retry'
          : e.kind.includes('.backpay.')
            ? 'backPay'
            : 'current';

const STATUS_TEXT: Record<EntryStatus, string> = { paid: '已支付', failed: '支付失败', pending: '等待银行回盘', corrected: '冲正' };

export async function reconcile(run: RunItem) {
  const results = new Map<string, { status: 'paid' | 'failed'; reasonCode?: string; reason?: string }>();
  const entries: { paymentId: string; category: string; kind: string; period: string; amountFen: number; channel: string; origin: string; reason?: string }[] = [];
  await forEachRunPage(run.runId, ({ entries: es, results: rs }) => {
    for (const r of rs) results.set(r.paymentId, { status: r.status, ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}), ...(r.reason ? { reason: r.reason } : {}) });
    for (const e of es)
      entries.push({
        paymentId: e.paymentId,
        category: e.category,
        kind: e.kind,
        period: e.period,
        amountFen: e.amountFen,
        channel: e.channel,
        origin: e.origin,
        ...(e.reason ? { reason: e.reason } : {}),
      });
  });
  const byCategory: Record<string, Record<string, Bucket>> = {};
  const byStatus: Record<string, Bucket> = {};
  const byKind: Record<string, Bucket> = {};
  let expectedFen = 0;
  let paidFen = 0;
  let explainedFen = 0;
  let lineCount = 0;
  const lines: { paymentId: string; category: string; kind: string; period: string; amountFen: number; status: EntryStatus; explanation: string; reasonCode?: string }[] = [];
  const parts: Record<Part, Bucket> = Object.fromEntries(PARTS.map((k) => [k, { count: 0, amountFen: 0 }])) as Record<Part, Bucket>;
  const bank = { count: 0, amountFen: 0 };
  const noAccount = { count: 0, amountFen: 0 };
  for (const e of entries) {
    const r = results.get(e.paymentId);
    const part = partOf(e);
    parts[part].count++;
    parts[part].amountFen += e.amountFen;
    if (e.channel === 'bank' && e.origin === 'run') {
      bank.count++;
      bank.amountFen += e.amountFen;
      if (r?.reasonCode === 'NO_ACCOUNT') {
        noAccount.count++;
        noAccount.amountFen += e.amountFen;
      }
    }
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
        status === 'corrected'
          ? `冲正：${e.reason ?? ''}`
          : status === 'pending'
            ? '已列入发放文件，等待银行回盘'
            : r?.reasonCode === 'NO_ACCOUNT'
              ? `${r.reason}；下月批次在登记账户后重发`
              : `银行退回（${r?.reasonCode}）：${r?.reason ?? ''}；${['ACCOUNT_CLOSED', 'ACCOUNT_INVALID', 'NAME_MISMATCH'].includes(r?.reasonCode ?? '') ? '经办人员更新账户后重发' : '下月批次重发'}`;
      lines.push({ paymentId: e.paymentId, category: e.category, kind: e.kind, period: e.period, amountFen: e.amountFen, status, explanation, ...(r?.reasonCode ? { reasonCode: r.reasonCode } : {}) });
    }
  }
  const categoryTotal = Object.values(byCategory).reduce((a, c) => a + (c.total?.amountFen ?? 0), 0);
  const statusTotal = Object.values(byStatus).reduce((a, s) => a + s.amountFen, 0);
  const exceptions = await batches.exceptionsOf(run.runId);
  const byRun = PARTS.filter((k) => PART_TEXT[k].byRun).reduce((a, k) => ({ count: a.count + parts[k].count, amountFen: a.amountFen + parts[k].amountFen }), { count: 0, amountFen: 0 });
  const composition = {
    /** What the run itself wrote: equal to the run's own counters (the run page's 笔数和金额). */
    run: { label: '本批次计算', ...byRun, counter: { count: run.entries, amountFen: run.amountFen } },
    parts: Object.fromEntries(PARTS.filter((k) => parts[k].count > 0).map((k) => [k, { label: PART_TEXT[k].label, explanation: PART_TEXT[k].explanation, ...parts[k] }])),
    total: { count: entries.length, amountFen: expectedFen },
  };
  const file = run.file
    ? {
        label: '一卡通发放文件',
        bank,
        listed: { count: run.file.lines, amountFen: run.file.totalFen },
        noAccount,
        explanation: `银行发放 ${bank.count} 笔 = 文件 ${run.file.lines} 行 + 未登记账户未列入 ${noAccount.count} 笔；先行救助和冲正不进发放文件`,
      }
    : null;
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
    /** The same lines grouped by where they come from, so the run's counters, this 对账 and the file agree. */
    composition,
    file,
    /** Cases the run did not pay at all, each routed to the caseworker with the reason. */
    exceptions,
    checks: {
      categoriesEqualLedger: categoryTotal === expectedFen,
      statusesEqualLedger: statusTotal === expectedFen,
      differenceExplained: explainedFen === expectedFen - paidFen,
      runCounterMatches: run.status !== 'finished' || (byRun.count === run.entries && byRun.amountFen === run.amountFen),
      partsEqualLedger: Object.values(parts).reduce((a, x) => a + x.amountFen, 0) === expectedFen,
      fileMatchesLedger: !run.file || (run.file.lines + noAccount.count === bank.count && run.file.totalFen + noAccount.amountFen === bank.amountFen),
    },
  };
}
