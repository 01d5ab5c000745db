import { REFERRALS, type ReferralType } from '../rules/referral.ts';
import type { AssistanceType } from '../rules/calculate.ts';

/**
 * How each assistance type moves through the workflow. Labels and departments come from the measures;
 * the rules that compute amounts live in shared/rules.
 */
export interface TypeProfile {
  label: string;
  measure: string;
  /** Decided by the township within 20 working days (二十) and enrolled as an active case. */
  enrolled: boolean;
  /** Needs the economic check (核对), and so every adult member's consent to it (二十). */
  meansTested: boolean;
  /** Urgent help comes first; consent and documents may follow (十三)(十四)(十五). */
  urgent: boolean;
  /** Routed (转办) to this department, from the measure's bracket (十九). */
  department?: string;
}

const referral = (type: ReferralType, label: string): TypeProfile => ({
  label,
  measure: REFERRALS[type].measure,
  enrolled: false,
  meansTested: false,
  urgent: type === 'disaster' || type === 'vagrant',
  department: REFERRALS[type].department,
});

export const TYPE_PROFILES: Record<AssistanceType, TypeProfile> = {
  dibao: { label: '最低生活保障（低保）', measure: '(五)', enrolled: true, meansTested: true, urgent: false },
  tekun: { label: '特困人员救助供养', measure: '(六)', enrolled: true, meansTested: true, urgent: false },
  linshi: { label: '临时救助', measure: '(十三)', enrolled: false, meansTested: true, urgent: false },
  funeral: { label: '惠民殡葬', measure: '(十二)', enrolled: false, meansTested: false, urgent: false },
  medical: referral('medical', '医疗救助'),
  education: referral('education', '教育救助'),
  housing: referral('housing', '住房救助'),
  employment: referral('employment', '就业救助'),
  legalAid: referral('legalAid', '法律援助'),
  disability: referral('disability', '残疾人两项补贴'),
  child: referral('child', '困境儿童保障'),
  disaster: referral('disaster', '受灾人员救助'),
  vagrant: referral('vagrant', '流浪乞讨人员救助'),
};

/** 急难型临时救助 and the urgent types: help first, consent may follow (十三). */
export function consentMayFollow(type: AssistanceType, hardshipKind?: 'emergency' | 'expenditure'): boolean {
  return TYPE_PROFILES[type].urgent || (type === 'linshi' && hardshipKind === 'emergency') || !TYPE_PROFILES[type].meansTested;
}
