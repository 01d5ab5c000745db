import { findCounty, findTownship } from '../reference/areas.ts';
import { maskName } from '../identifiers/mask.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';

/**
 * 不予批准通知 (二十): the reasons in plain Chinese and the applicant's rights — 行政复议 within 60 days
 * (《行政复议法》第二十条) and 行政诉讼 within 6 months (《行政诉讼法》第四十六条) of learning of the decision.
 */
export const REVIEW_DAYS = 60;
export const LITIGATION_MONTHS = 6;

export interface RejectionNotice {
  title: string;
  text: string;
  reasons: string[];
  rights: { administrativeReviewDays: number; litigationMonths: number; reviewBody: string };
  date: string;
}

export function rejectionNotice(c: Pick<CaseItem, 'type' | 'reference' | 'applicant' | 'area'>, reasons: readonly string[], date: string, decidedBy?: string): RejectionNotice {
  const label = TYPE_PROFILES[c.type].label;
  return decisionNotice(c, `${label}不予批准通知书`, `您申请的${label}（申请编号 ${c.reference}），经审核，决定不予批准。`, reasons, date, decidedBy);
}

/**
 * 批准通知 (二十): what was granted — the monthly amount and the first month (低保, 特困) or the amount of a
 * 临时救助 — with the same rights: a person who thinks the amount wrong may ask for 行政复议 or go to court.
 */
export function approvalNotice(c: Pick<CaseItem, 'type' | 'reference' | 'applicant' | 'area'>, granted: string, date: string): RejectionNotice {
  const label = TYPE_PROFILES[c.type].label;
  return decisionNotice(c, `${label}批准通知书`, `您申请的${label}（申请编号 ${c.reference}），经审核，决定予以批准：${granted}。`, [], date);
}

/**
 * A decision that lowers, pauses or ends assistance after a change in the household (shared/registry):
 * the same reasons and rights as a refusal (二十).
 */
export type ChangeKind = 'reduced' | 'suspended' | 'ended';
const CHANGE_TEXT: Record<ChangeKind, { title: string; decision: (label: string, date: string) => string }> = {
  reduced: { title: '救助金额调整通知书', decision: (l, d) => `因家庭情况发生变化，经按规则重新计算，您家庭享受的${l}月发放金额自${d}起减少。` },
  suspended: { title: '暂停发放通知书', decision: (l, d) => `因家庭情况发生变化，按规则重新计算已不符合条件，您家庭享受的${l}自${d}起暂停发放，待经办人员复核后决定恢复或终止。` },
  ended: { title: '终止救助通知书', decision: (l, d) => `因家庭情况发生变化，您家庭享受的${l}决定自${d}起终止。` },
};

export function changeNotice(c: Pick<CaseItem, 'type' | 'reference' | 'applicant' | 'area'>, kind: ChangeKind, reasons: readonly string[], date: string): RejectionNotice {
  const label = TYPE_PROFILES[c.type].label;
  return decisionNotice(c, `${label}${CHANGE_TEXT[kind].title}`, `${CHANGE_TEXT[kind].decision(label, date)}（申请编号 ${c.reference}）`, reasons, date);
}

function decisionNotice(
  c: Pick<CaseItem, 'type' | 'reference' | 'applicant' | 'area'>,
  title: string,
  decision: string,
  reasons: readonly string[],
  date: string,
  decidedBy?: string,
): RejectionNotice {
  const county = findCounty(c.area.county)?.name ?? '';
  const township = findTownship(c.area.township)?.name ?? '';
  const decider = decidedBy ?? `${county}${township}人民政府（街道办事处）`;
  const reviewBody = `${county}人民政府`;
  const text = [
    `${maskName(c.applicant.name)}：`,
    decision,
    ...(reasons.length ? [`理由如下：${reasons.map((r, i) => `${i + 1}. ${r}`).join('；')}。`] : []),
    `如您对本决定不服，可以自知道本决定之日起${REVIEW_DAYS}日内向${reviewBody}申请行政复议，也可以自知道本决定之日起${LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼。`,
    `如有疑问，可拨打 12345 或到乡镇（街道）社会救助窗口咨询。`,
    `${decider}　${date}`,
  ].join('\n');
  return { title, text, reasons: [...reasons], rights: { administrativeReviewDays: REVIEW_DAYS, litigationMonths: LITIGATION_MONTHS, reviewBody }, date };
}
