/**
 * Types that are not a cash calculation on this platform: they are referred (转办) to the
 * responsible department, or the department queries the person's assistance status (七)–(十二).
 */
import { Trace, type RuleResult } from './trace.ts';

export type ReferralType = 'medical' | 'education' | 'housing' | 'employment' | 'legalAid' | 'disability' | 'child' | 'disaster' | 'vagrant';

export const REFERRALS: Record<ReferralType, { measure: string; department: string; what: string }> = {
  medical: { measure: '(七)', department: '市医保局', what: '医疗救助（资助参保、一站式结算）' },
  education: { measure: '(八)', department: '市教育局', what: '教育救助（学前至高等教育各阶段资助）' },
  housing: { measure: '(九)', department: '市住房城乡建设局', what: '住房救助（公租房、租赁补贴、农村危房改造）' },
  employment: { measure: '(十)', department: '市人力资源社会保障局', what: '就业救助（就业援助、公益性岗位、社会保险补贴）' },
  legalAid: { measure: '(十二)', department: '市司法局', what: '法律援助（社会救助对象免于经济状况审查，《法律援助法》第四十二条）' },
  disability: { measure: '(十二)', department: '市残联', what: '残疾人两项补贴' },
  child: { measure: '(十二)', department: '市民政局', what: '困境儿童保障（事实无人抚养儿童参照孤儿保障标准）' },
  disaster: { measure: '(十一)', department: '市应急局', what: '受灾人员救助' },
  vagrant: { measure: '(十四)', department: '救助管理机构（民政部门）', what: '生活无着流浪乞讨人员救助' },
};

export interface ReferralResult extends RuleResult {
  referral: { department: string; measure: string };
}

export function referralResult(type: ReferralType): ReferralResult {
  const r = REFERRALS[type];
  const trace = new Trace();
  trace.add(
    r.measure,
    `referral.${type}`,
    `${r.what}不是本平台的现金试算项目，由${r.department}办理：乡镇（街道）“一门受理”窗口受理后转办，并跟踪到办结${type === 'vagrant' ? '；身份无法查明的长期滞留人员，符合条件的可转入特困人员供养' : ''}`,
  );
  trace.add('(十九)', 'referral.oneWindow', '一门受理、协同办理：任一乡镇（街道）窗口或网上平台均可提出申请');
  return { eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, trace: trace.steps, referral: { department: r.department, measure: r.measure } };
}
