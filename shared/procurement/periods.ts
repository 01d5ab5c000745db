import { addDays, addWorkingDaysProvisional, type IsoDate } from '../calendar/index.ts';
import { dateShanghai } from '../clock.ts';
import { invalidField } from '../errors.ts';
import type { ProcurementMethod } from './methods.ts';

/**
 * Legal minimum periods of government procurement (measure 十八 buys services under these rules).
 * Dates are Asia/Shanghai calendar dates; "N日" are calendar days, "N个工作日" official working days
 * (shared/calendar, with 调休). "From the issue to the deadline, not less than N days" is read as: the
 * deadline falls on or after the date N days (or working days) after the date of issue, the day of issue
 * not counted — e.g. documents issued on 06-01 allow a 公开招标 deadline on 06-21 at the earliest.
 *
 * | method       | from issue to deadline | substantive amendment before the deadline | source |
 * | open         | ≥ 20 days              | ≥ 15 days, else the deadline moves          | 政府采购法 第三十五条, 招标投标法 第二十四条, 财政部令第87号 第十六条; amendments 87号令 第二十七条 |
 * | consultation | ≥ 10 days              | ≥ 5 days                                    | 财库〔2014〕214号 第十条 |
 * | negotiation  | ≥ 3 working days       | ≥ 3 working days                            | 财政部令第74号 第二十九条 |
 * | singleSource | 公示 ≥ 5 working days   | ≥ 5 working days (the changed 公示 runs again) | 财政部令第74号 第三十八条 |
 *
 * The single-source amendment row is this platform's reading: 74号令 fixes the 公示 at 5 working days
 * and says nothing of amendments, so a changed 公示 is given its full period again.
 * "Substantive" (可能影响投标/响应文件编制的) means the project description or the procurement documents;
 * moving only the deadline is not, but the new deadline must still honour the period from issue.
 */
export interface Period {
  unit: 'days' | 'workingDays';
  n: number;
  source: string;
}

export const ISSUE_PERIODS: Record<ProcurementMethod, Period> = {
  open: { unit: 'days', n: 20, source: '政府采购法第三十五条、招标投标法第二十四条、财政部令第87号第十六条' },
  consultation: { unit: 'days', n: 10, source: '财库〔2014〕214号第十条' },
  negotiation: { unit: 'workingDays', n: 3, source: '财政部令第74号第二十九条' },
  singleSource: { unit: 'workingDays', n: 5, source: '财政部令第74号第三十八条（公示期）' },
};

export const AMENDMENT_PERIODS: Record<ProcurementMethod, Period> = {
  open: { unit: 'days', n: 15, source: '财政部令第87号第二十七条' },
  consultation: { unit: 'days', n: 5, source: '财库〔2014〕214号第十条' },
  negotiation: { unit: 'workingDays', n: 3, source: '财政部令第74号第二十九条' },
  singleSource: { unit: 'workingDays', n: 5, source: '财政部令第74号第三十八条（本平台的理解：更正后的公示重新计算5个工作日）' },
};

const describe = (p: Period) => (p.unit === 'days' ? `${p.n}日` : `${p.n}个工作日`);

/** The earliest date a deadline may fall on, `period` after `from`; provisional past the published calendar. */
export function earliestDeadline(from: IsoDate, p: Period): { date: IsoDate; provisional: boolean } {
  return p.unit === 'days' ? { date: addDays(from, p.n), provisional: false } : addWorkingDaysProvisional(from, p.n);
}

const WHAT: Record<ProcurementMethod, { doc: string; end: string }> = {
  open: { doc: '招标文件', end: '投标截止' },
  consultation: { doc: '磋商文件', end: '提交首次响应文件截止' },
  negotiation: { doc: '谈判文件', end: '提交首次响应文件截止' },
  singleSource: { doc: '单一来源公示', end: '公示期满' },
};

/** A new tender: the deadline must leave the legal minimum after the documents are issued (now). */
export function checkIssuePeriod(method: ProcurementMethod, deadline: string, now: Date, field = 'deadline'): void {
  checkFrom(
    method,
    dateShanghai(now),
    deadline,
    ISSUE_PERIODS[method],
    field,
    (earliest) => `${WHAT[method].doc}发出之日起至${WHAT[method].end}不得少于${describe(ISSUE_PERIODS[method])}（${ISSUE_PERIODS[method].source}）：截止时间最早可定在 ${earliest}`,
  );
}

/**
 * An amendment. Whatever it changes, the deadline keeps the period from the original issue. One that
 * changes substantive content less than the amendment period before the deadline must move the deadline
 * (the field `deadline`) to at least that period after the amendment, or it is refused.
 */
export function checkAmendmentPeriod(method: ProcurementMethod, input: { publishedAt: string; deadline: string; newDeadline?: string; substantive: boolean }, now: Date): void {
  const deadline = input.newDeadline ?? input.deadline;
  checkIssuePeriod(method, deadline, new Date(input.publishedAt));
  if (!input.substantive) return;
  const p = AMENDMENT_PERIODS[method];
  checkFrom(
    method,
    dateShanghai(now),
    deadline,
    p,
    'deadline',
    (earliest) =>
      `更正内容可能影响${method === 'singleSource' ? '公示' : '投标（响应）文件编制'}，须在${WHAT[method].end}前至少${describe(p)}发出（${p.source}）；` +
      `${input.newDeadline ? '新的' : '现在的'}截止时间不够，请将截止时间顺延至 ${earliest} 或以后`,
  );
}

function checkFrom(_method: ProcurementMethod, from: IsoDate, deadline: string, p: Period, field: string, message: (earliest: string) => string): void {
  const earliest = earliestDeadline(from, p);
  if (dateShanghai(new Date(deadline)) < earliest.date) {
    throw invalidField(field, 'period-too-short', message(earliest.date + (earliest.provisional ? '（按周一至周五暂算）' : '')));
  }
}
