import type { AssistanceType } from '../rules/calculate.ts';
import { applicantOf, type HouseholdInput } from '../rules/household.ts';

/**
 * Which benefits one person may hold together (一户一条救助链). Each enrolment occupies the person's
 * *slots*; two enrolments that share a slot cannot be held by the same person at the same time. The
 * slots are written as conditional items inside the approval transaction (shared/registry/store.ts), so
 * two approvers racing for conflicting cases cannot both win — a query of an index could not promise it.
 *
 * 临时救助 occupies no slot: it may come on top of anything, within the limits across applications
 * (shared/registry/linshi.ts).
 */
export type BenefitSlot = 'basicLiving' | 'childSupport';

export const SLOT_LABELS: Record<BenefitSlot, string> = {
  basicLiving: '基本生活救助（低保、特困供养只能享受其一，且只能在一个低保家庭）',
  childSupport: '儿童基本生活保障（特困供养与孤儿、事实无人抚养儿童保障不重复享受）',
};

export interface Compatibility {
  slots: readonly BenefitSlot[];
  source: string;
}

const NONE: Compatibility = { slots: [], source: '不占用排他性待遇（可与其他救助同时享受）' };

/** The compatibility table, beside the assistance types (shared/cases/assistance-types.ts). */
export const COMPATIBILITY: Record<AssistanceType, Compatibility> = {
  dibao: {
    slots: ['basicLiving'],
    source: '《社会救助暂行办法》第九条、民发〔2021〕57号《最低生活保障审核确认办法》：以家庭为单位，一人只能在一个低保家庭；已纳入特困供养的不再纳入低保',
  },
  tekun: {
    slots: ['basicLiving', 'childSupport'],
    source: '民发〔2021〕43号《特困人员认定办法》：特困人员不再同时享受低保；民发〔2019〕62号：事实无人抚养儿童符合特困条件的纳入特困供养，不重复享受',
  },
  child: {
    slots: ['childSupport'],
    source: '民发〔2019〕62号《关于进一步加强事实无人抚养儿童保障工作的意见》：已纳入特困供养的，不重复享受',
  },
  linshi: { slots: [], source: '措施（十三）：临时救助可与其他救助同时给予，同一家庭在计算期内累计金额受2—16倍上限和审批额度约束' },
  medical: NONE,
  education: NONE,
  housing: NONE,
  employment: NONE,
  disaster: NONE,
  legalAid: NONE,
  funeral: NONE,
  disability: NONE,
  vagrant: NONE,
};

/** The slot two types both occupy, or null when a person may hold both. */
export function sharedSlot(a: AssistanceType, b: AssistanceType): BenefitSlot | null {
  return COMPATIBILITY[a].slots.find((s) => COMPATIBILITY[b].slots.includes(s)) ?? null;
}

/**
 * Who a case enrols, by member index: 特困 the person it is about; 低保 every member, or only the members
 * the rules enrolled alone (单人户, 五) — never the rest of that household.
 */
export function enrolledMemberIndexes(c: { type: AssistanceType; household: HouseholdInput; proposal?: { details: Record<string, unknown> } | undefined }): number[] {
  const members = c.household.members;
  if (c.type === 'tekun') return [members.indexOf(applicantOf(c.household))];
  if (c.type !== 'dibao') return [];
  const alone = (c.proposal?.details.singlePersonEnrolment as string[] | undefined) ?? [];
  if (alone.length === 0) return members.map((_, i) => i);
  return members.flatMap((m, i) => (alone.includes(m.name) ? [i] : []));
}
