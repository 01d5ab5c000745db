import { addMonths, compareDates, type IsoDate } from '../calendar/dates.ts';

/**
 * The periods of a charity's disclosures (十六), dated: 《慈善组织信息公开办法》（民政部令第81号，2026年1月1日起施行）
 * and, before it, the periods of 慈善法. Used by the campaign reports (reports.ts) and the deadlines of the
 * charity's home screen and reminders (deadlines.ts). The order's text is not in the repository: the periods
 * were taken from the Ministry's announcement as reported when it was published (October 2025) and from
 * 慈善法; where an article number or a figure could not be read in the text itself the source says 待核 and the
 * value is marked `example`.
 */
export interface DisclosureRule {
  annualReport: { month: number; day: number; source: string; example: boolean };
  campaign: { longerThanMonths: number; everyMonths: number; finalWithinMonths: number; source: string; example: boolean };
  correction: { workingDays: number; source: string; example: boolean };
  /** Items due within this many working days (or overdue) are at risk and get a reminder. */
  reminderWorkingDays: { value: number; source: string; example: boolean };
}

const ORDER_81 = '《慈善组织信息公开办法》（民政部令第81号，2026年1月1日起施行）';
const CHARITY_LAW = '《中华人民共和国慈善法》';

/** Dated: the rule in force on a date is the last entry that took effect by then. */
export const DISCLOSURE_RULES: readonly { effectiveFrom: IsoDate; value: DisclosureRule }[] = [
  {
    // Before the order of 2026 the platform applies the campaign periods of 慈善法 (as reports.ts always did).
    effectiveFrom: '2016-09-01',
    value: {
      annualReport: { month: 5, day: 31, source: `示例值，待核：按${ORDER_81}前的做法，每年5月31日前公开上年度年度工作报告和财务会计报告`, example: true },
      campaign: {
        longerThanMonths: 6,
        everyMonths: 3,
        finalWithinMonths: 3,
        source: `${CHARITY_LAW}（2016年）第七十二条：公开募捐周期超过六个月的，至少每三个月公开一次募捐情况，结束后三个月内全面公开`,
        example: false,
      },
      correction: { workingDays: 10, source: '示例值，待核：本平台设定，核查属实后10个工作日内公布更正说明', example: true },
      reminderWorkingDays: { value: 5, source: '示例值：本平台设定，到期前5个工作日起提醒', example: true },
    },
  },
  {
    effectiveFrom: '2026-01-01',
    value: {
      annualReport: {
        month: 5,
        day: 31,
        source: `${ORDER_81}：每年5月31日前在慈善信息公开平台公开年度工作报告和财务会计报告（有业务主管单位的须经其审查同意；有公开募捐资格的财务会计报告须经审计）。条文序号待核（据民政部公布时的说明）`,
        example: true,
      },
      campaign: {
        longerThanMonths: 6,
        everyMonths: 3,
        finalWithinMonths: 3,
        source: `${ORDER_81}关于公开募捐情况的条款（条文序号待核），同${CHARITY_LAW}：公开募捐周期超过六个月的，至少每三个月公开一次；结束后三个月内全面公开，并公开对合作方的评估和指导监督情况`,
        example: true,
      },
      correction: { workingDays: 10, source: `${ORDER_81}第十六条第二款（在平台填写并公布更正说明）未见期限；示例值，待核：本平台设定核查属实后10个工作日内`, example: true },
      reminderWorkingDays: { value: 5, source: '示例值：本平台设定，到期前5个工作日起提醒', example: true },
    },
  },
];

export function disclosureRule(date: IsoDate): DisclosureRule & { effectiveFrom: IsoDate } {
  let found = DISCLOSURE_RULES[0]!;
  for (const r of DISCLOSURE_RULES) if (compareDates(r.effectiveFrom, date) <= 0) found = r;
  return { ...found.value, effectiveFrom: found.effectiveFrom };
}

/** Campaign dues of 慈善法 and the order, read from the rule in force when the campaign started. */
export function campaignDueDates(startDate: IsoDate, endDate: IsoDate): { dueDate: IsoDate; kind: 'periodic' | 'final' }[] {
  const r = disclosureRule(startDate).campaign;
  const dues: { dueDate: IsoDate; kind: 'periodic' | 'final' }[] = [];
  if (compareDates(addMonths(startDate, r.longerThanMonths), endDate) < 0) {
    for (let k = 1; ; k++) {
      const mark = addMonths(startDate, r.everyMonths * k);
      if (compareDates(mark, endDate) >= 0) break;
      dues.push({ dueDate: mark, kind: 'periodic' });
    }
  }
  dues.push({ dueDate: addMonths(endDate, r.finalWithinMonths), kind: 'final' });
  return dues;
}
