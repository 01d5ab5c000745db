import { sha256 } from '../audit/chain.ts';
import { AppError, conflict, type FieldError } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { parsePaymentId } from './keys.ts';
import { readCsv } from '../csv.ts';
import { parseYuan, plainYuan } from '../money.ts';
import type { LedgerEntry } from './ledger.ts';
import type { Category, PayeeRole } from './amounts.ts';
import type { RunItem } from './runs.ts';
import { ledger, outcomes, runs } from './store.ts';

/**
 * The bank's result file (回盘文件) for a run's payment file: each payment paid or failed, with a reason.
 * The whole file is checked first and refused whole — naming every bad line — if anything is wrong, so
 * nothing changes. Accepted outcomes are result items beside the ledger (the ledger itself is never
 * edited); a failure leaves a retry marker that the next run picks up, unless the bank says the account
 * is wrong, in which case the caseworker must fix the account first (consumer.ts).
 */
export const RESULT_HEADER = ['付款编号', '金额（元）', '状态', '原因代码', '原因'];
/** The 状态 column: what the bank writes, and what the ledger records. */
export const RESULT_STATUS: Record<string, 'paid' | 'failed'> = { 成功: 'paid', 失败: 'failed' };
export const REASON_CODES = ['ACCOUNT_CLOSED', 'ACCOUNT_INVALID', 'NAME_MISMATCH', 'ACCOUNT_FROZEN', 'BANK_REJECTED', 'OTHER'] as const;
/** Reasons a retry cannot cure without a new account (plus NO_ACCOUNT: the file never carried it). */
export const ACCOUNT_REASONS: string[] = ['ACCOUNT_CLOSED', 'ACCOUNT_INVALID', 'NAME_MISMATCH', 'NO_ACCOUNT'];
const MAX_REPORTED_ERRORS = 200;
/** 金额（元）: yuan with two decimals, as the payment file writes it. */
const YUAN = /^-?\d+\.\d{2}$/;

export interface ResultItem {
  itemType: 'result';
  paymentId: string;
  runId: string;
  reference: string;
  period: string;
  kind: string;
  status: 'paid' | 'failed';
  amountFen: number;
  reasonCode?: string;
  reason?: string;
  source: 'bank' | 'system';
  recordedAt: string;
}

export interface RetryMarker {
  paymentId: string;
  reference: string;
  county: string;
  township: string;
  period: string;
  baseKind: string;
  category: Category;
  payee: PayeeRole;
  amountFen: number;
  parameterVersions: LedgerEntry['parameterVersions'];
  traceHash: string;
  reasonCode: string;
  reason: string;
  failedAt: string;
  attempt: number;
}

const attemptAfter = (kind: string): number => Number(/\.retry(\d+)$/.exec(kind)?.[1] ?? 0) + 1;

/** The result item and, for a failure, the retry marker — written in one transaction per payment (store.ts `outcomes`). */
export function outcomeOf(
  e: LedgerEntry,
  status: 'paid' | 'failed',
  reasonCode: string | undefined,
  reason: string | undefined,
  source: ResultItem['source'],
  at: string,
): { result: ResultItem; marker?: RetryMarker } {
  const result: ResultItem = {
    itemType: 'result',
    paymentId: e.paymentId,
    runId: e.runId,
    reference: e.reference,
    period: e.period,
    kind: e.kind,
    status,
    amountFen: e.amountFen,
    ...(reasonCode ? { reasonCode } : {}),
    ...(reason ? { reason } : {}),
    source,
    recordedAt: at,
  };
  if (status !== 'failed') return { result };
  const marker: RetryMarker = {
    paymentId: e.paymentId,
    reference: e.reference,
    county: e.county,
    township: e.township,
    period: e.period,
    baseKind: e.baseKind,
    category: e.category,
    payee: e.payee,
    amountFen: e.amountFen,
    parameterVersions: e.parameterVersions,
    traceHash: e.traceHash,
    reasonCode: reasonCode ?? 'OTHER',
    reason: reason ?? '',
    failedAt: at,
    attempt: attemptAfter(e.kind),
  };
  return { result, marker };
}

interface Row {
  line: number;
  entry: LedgerEntry;
  status: 'paid' | 'failed';
  reasonCode?: string;
  reason?: string;
}

export async function importResults(run: RunItem, csv: string, actor: Actor, now: Date) {
  if (run.status !== 'finished' || !run.file) throw conflict('no-payment-file', `发放批次 ${run.runId} 尚未生成发放文件，不能导入银行回盘。`);
  const errors: FieldError[] = [];
  const refuse = (line: number, code: string, message: string) => errors.push({ field: `line ${line}`, code, message: `第${line}行：${message}` });
  const parsed = readCsv(csv);
  if (parsed.error) refuse(parsed.error.line, 'malformed', parsed.error.message);
  const [header, ...body] = parsed.rows;
  if (!header || header.fields.join(',') !== RESULT_HEADER.join(',')) {
    throw new AppError(422, 'bank-file-unknown', '无法识别的回盘文件', `回盘文件第一行应为“${RESULT_HEADER.join(',')}”，此文件不是本平台发放文件的回盘，整份文件未导入。`, [
      { field: 'line 1', code: 'unknown-header', message: '第1行：表头不符' },
    ]);
  }
  if (body.length === 0) refuse(header.line, 'empty', '回盘文件没有任何记录');

  const seen = new Set<string>();
  const wanted: { line: number; fields: string[]; id: ReturnType<typeof parsePaymentId> }[] = [];
  for (const { line, fields } of body) {
    if (fields.length !== RESULT_HEADER.length) {
      refuse(line, 'columns', `应有${RESULT_HEADER.length}列，实有${fields.length}列`);
      continue;
    }
    const id = parsePaymentId(fields[0]!);
    if (!id) refuse(line, 'payment-id', `付款编号“${fields[0]!.slice(0, 60)}”格式不正确`);
    else if (seen.has(fields[0]!)) refuse(line, 'duplicate', `付款编号 ${fields[0]} 重复出现`);
    seen.add(fields[0]!);
    if (id) wanted.push({ line, fields, id });
  }
  const found = await ledger.withResults(wanted.map(({ id }) => id!));
  const rows: Row[] = [];
  let unchanged = 0;
  for (const [i, { line, fields }] of wanted.entries()) {
    const [paymentId, amount, statusText, reasonCode, reason] = fields as [string, string, string, string, string];
    const { entry, result: existing } = found[i]!;
    if (!entry || entry.runId !== run.runId) {
      refuse(line, 'unknown-payment', `付款编号 ${paymentId} 不在发放批次 ${run.runId} 中`);
      continue;
    }
    if (entry.channel !== 'bank' || existing?.source === 'system') {
      refuse(line, 'not-in-file', `付款编号 ${paymentId} 不在本批次发放文件中（${existing?.reason ?? '非银行发放'}）`);
      continue;
    }
    if (!YUAN.test(amount) || parseYuan(amount) !== entry.amountFen)
      refuse(line, 'amount', `金额（元）“${amount.slice(0, 20)}”与发放文件中的 ${plainYuan(entry.amountFen)} 元不符（写成两位小数的元，如 ${plainYuan(entry.amountFen)}）`);
    const outcome = RESULT_STATUS[statusText.trim()];
    if (!outcome) refuse(line, 'status', `状态应为“成功”或“失败”，实为“${statusText.slice(0, 20)}”`);
    const status = outcome ?? statusText;
    if (status === 'failed' && !(REASON_CODES as readonly string[]).includes(reasonCode)) refuse(line, 'reason-code', `失败须注明原因代码（${REASON_CODES.join('、')}）`);
    if (status === 'failed' && reason.trim() === '') refuse(line, 'reason', '失败须说明原因');
    if (status === 'paid' && reasonCode !== '') refuse(line, 'reason-code', '成功的记录不应有原因代码');
    if (existing) {
      if (existing.status !== status) refuse(line, 'already-recorded', `付款编号 ${paymentId} 已记录为“${existing.status === 'paid' ? '成功' : '失败'}”，不能改为“${statusText.slice(0, 20)}”`);
      else unchanged++;
      continue;
    }
    rows.push({ line, entry, status: status as Row['status'], ...(reasonCode ? { reasonCode } : {}), ...(reason ? { reason: reason.trim().slice(0, 200) } : {}) });
  }
  if (errors.length) {
    throw new AppError(
      422,
      'bank-file-refused',
      '回盘文件有误，整份文件未导入',
      `回盘文件有 ${errors.length} 处错误，整份文件未导入，请核对后重新导入：${errors
        .slice(0, 3)
        .map((e) => e.message)
        .join('；')}${errors.length > 3 ? '……' : ''}`,
      errors.slice(0, MAX_REPORTED_ERRORS),
    );
  }

  const at = isoShanghai(now);
  let paid = 0;
  let failed = 0;
  for (const r of rows) {
    await outcomes.record(outcomeOf(r.entry, r.status, r.reasonCode, r.reason, 'bank', at)); // false: a concurrent import wrote the same outcome
    if (r.status === 'paid') paid++;
    else failed++;
  }
  const fileHash = sha256(csv);
  await runs.appendEvent({ aggregate: `payment-run#${run.runId}`, actor: { sub: actor.sub, role: actor.role }, action: 'import-results', at, after: { fileHash, paid, failed, unchanged } }, 5);
  return { runId: run.runId, lines: body.length, paid, failed, unchanged, fileHash };
}
