import type { CaseItem } from '../cases/case.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';

/**
 * What a resident is told by SMS, and when (issue 23; docs/architecture.md § Case workflow). Each text is
 * short plain Chinese with the 申请编号 and nothing personal: no name, no ID number, no amount, no address —
 * an SMS may be read by anyone holding the phone. Details are behind 查询进度 (申请编号 + ID number).
 */
export const SIGNATURE = '【亳州社会救助】';

export const NOTICE_KINDS = {
  accepted: '已受理',
  returned: '退回补正',
  approved: '已批准',
  rejected: '未予批准',
  paymentStarted: '开始发放',
  paymentChanged: '发放变化',
  recheckDue: '到期复核',
  referenceRecovery: '找回申请编号',
} as const;
export type NoticeKind = keyof typeof NOTICE_KINDS;

const track = '凭申请编号和身份证号可在网上“查询进度”，或到乡镇（街道）社会救助窗口询问。';

export function noticeText(kind: NoticeKind, reference: string, extra: { dueDate?: string; startMonth?: string; change?: string; typeLabel?: string } = {}): string {
  const ref = `（申请编号 ${reference}）`;
  const body: Record<NoticeKind, string> = {
    accepted: `您的救助申请${ref}已受理${extra.dueDate ? `，将在${extra.dueDate}前作出决定` : ''}。${track}`,
    returned: `您的救助申请${ref}需要补充材料。需要补充什么，请查询进度或联系乡镇（街道）社会救助窗口。`,
    approved: `您的救助申请${ref}已批准。${track}`,
    rejected: `您的救助申请${ref}未予批准。决定书和理由可查询进度查看；不服的，可在60日内申请行政复议或6个月内提起行政诉讼。`,
    paymentStarted: `您的救助申请${ref}已批准，救助金从${extra.startMonth ?? '下月'}起按月发放到您的社会保障卡（一卡通）。${track}`,
    paymentChanged: `您的救助${ref}${extra.change ?? '有变化'}。原因和决定书可查询进度查看；不服的，可在60日内申请行政复议或6个月内提起行政诉讼。`,
    recheckDue: `您的救助${ref}到了按规定复核的时间，工作人员会联系您了解家庭近况，请保持电话畅通。这不需要您交任何费用。`,
    referenceRecovery: `您的${extra.typeLabel ?? '救助'}申请编号是 ${reference}，请抄下保存。${track}如果不是您本人要找回，请忽略本短信。`,
  };
  return SIGNATURE + body[kind];
}

/** The notice one change of a case gives, if any: read from the case before and after, so every writer of `caseChange` gives it. */
export function noticeForChange(before: CaseItem, after: CaseItem, action: string): { kind: NoticeKind; text: string } | null {
  const ref = after.reference;
  const moved = before.status !== after.status;
  if (action === 'accept' && moved) return { kind: 'accepted', text: noticeText('accepted', ref, after.dueDate ? { dueDate: after.dueDate } : {}) };
  if (action === 'return' && moved) return { kind: 'returned', text: noticeText('returned', ref) };
  if (moved && after.status === 'rejected') return { kind: 'rejected', text: noticeText('rejected', ref) };
  if (moved && after.status === 'active' && !['suspended', 'active'].includes(before.status)) {
    return { kind: 'paymentStarted', text: noticeText('paymentStarted', ref, after.enrolment?.startMonth ? { startMonth: monthWords(after.enrolment.startMonth) } : {}) };
  }
  if (moved && after.status === 'approved' && !before.decision) return { kind: 'approved', text: noticeText('approved', ref) };
  // An enrolment that changes: paused, resumed, ended, or a new monthly amount (the amount itself is not in the text).
  if (['active', 'suspended'].includes(before.status)) {
    const change =
      moved && after.status === 'suspended'
        ? '暂停发放'
        : moved && after.status === 'ended'
          ? '已终止'
          : moved && after.status === 'active'
            ? '恢复发放'
            : before.enrolment && after.enrolment && before.enrolment.monthlyAmountFen !== after.enrolment.monthlyAmountFen
              ? '的月救助金额有调整'
              : undefined;
    if (change) return { kind: 'paymentChanged', text: noticeText('paymentChanged', ref, { change }) };
  }
  return null;
}

export const recoveryText = (c: Pick<CaseItem, 'reference' | 'type'>): string => noticeText('referenceRecovery', c.reference, { typeLabel: TYPE_PROFILES[c.type].label });

/** `2026-04` → `2026年4月`. */
const monthWords = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
