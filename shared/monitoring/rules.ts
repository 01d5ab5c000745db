import type { ParameterId, ParameterSet } from '../policy/parameters.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import type { HardshipInput } from '../rules/linshi.ts';
import { formatYuan, isAtLeastRatio, mulInt } from '../money.ts';
import { FEED_FORMATS, type FeedSource } from './formats.ts';

/**
 * Alert rules as data (政策找人). Each rule reads one department's feed line against the household's
 * register entry; it has its measure or legal basis, its thresholds as dated parameters (shared/policy,
 * marked 示例 until a notice sets them), and an explanation in plain Chinese that names the figures. What
 * the household may qualify for is not decided here: `assistance` lists the types the alert's 试算 runs
 * (shared/monitoring/alerts.ts, on what the registry knows), and `hardship` what a 临时救助 estimate needs.
 *
 * `eventKey` is what makes an alert the same alert: the rule, the household and the fact on the line (the
 * month of a medical total, the date of a certificate), never the feed. So the same fact uploaded again,
 * in the same file or another, raises nothing new.
 */
export interface HouseholdFigures {
  householdId: string;
  members: number;
  monthlyIncomeFen: number;
  classLabel: string;
}

export interface AlertRule {
  id: string;
  source: FeedSource;
  label: string;
  measure: string;
  parameters: readonly ParameterId[];
  eventKey: (v: Record<string, string | number>) => string;
  /** The figures of the explanation when the line raises an alert, else null. */
  test: (v: Record<string, string | number>, h: HouseholdFigures, params: ParameterSet) => Record<string, string> | null;
  template: string;
  assistance: readonly AssistanceType[];
  hardship?: (v: Record<string, string | number>) => HardshipInput;
}

const enumLabel = (source: FeedSource, column: string, code: string | number | undefined) => {
  const col = FEED_FORMATS[source].columns.find((c) => c.name === column);
  return col && col.kind === 'enum' ? (col.values[String(code)] ?? String(code)) : String(code);
};
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 1)}%`;

export const ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'medical-self-pay',
    source: 'medical',
    label: '医疗费用负担过重',
    measure: '(七)(十三)',
    parameters: ['monitoring.medical.selfPayMinFen', 'monitoring.medical.incomeShareBp'],
    eventKey: (v) => String(v.periodEnd).replace('-', ''),
    test: (v, h, params) => {
      const paid = v.selfPaidYuan as number;
      const min = params.value('monitoring.medical.selfPayMinFen');
      const share = params.value('monitoring.medical.incomeShareBp');
      const annual = mulInt(h.monthlyIncomeFen, 12);
      if (paid < min || !isAtLeastRatio(paid, annual, share)) return null;
      const actual = annual > 0 ? Math.floor((paid * 10000) / annual) : null;
      return {
        selfPaid: formatYuan(paid),
        periodEnd: String(v.periodEnd),
        annualIncome: formatYuan(annual),
        share: actual === null ? '（家庭无收入）' : `的 ${pct(actual)}`,
        min: formatYuan(min),
        threshold: pct(share),
      };
    },
    template: '截至{periodEnd}，近12个月个人自付医疗费用 {selfPaid}，占家庭年收入 {annualIncome}{share}，超过预警线（自付 {min} 以上且占家庭年收入 {threshold} 以上）。',
    assistance: ['linshi', 'dibao', 'medical'],
    hardship: (v) => ({ kind: 'expenditure', description: `近12个月个人自付医疗费用（医保推送，截至${v.periodEnd}）`, amountFen: v.selfPaidYuan as number }),
  },
  {
    id: 'severe-disability',
    source: 'disability',
    label: '新办或升级为重度残疾',
    measure: '(五)(十二)',
    parameters: [],
    eventKey: (v) => String(v.certifiedOn).replace(/-/g, ''),
    test: (v) => (Number(v.grade) <= 2 ? { date: String(v.certifiedOn), category: enumLabel('disability', 'category', v.category), grade: enumLabel('disability', 'grade', v.grade) } : null),
    template: '{date} 办理{category}{grade}残疾人证（重度残疾），可按单人户申请低保，并可享受残疾人两项补贴。',
    assistance: ['dibao', 'disability'],
  },
  {
    id: 'lost-work',
    source: 'employment',
    label: '失业或失去工作',
    measure: '(五)(十)',
    parameters: [],
    eventKey: (v) => String(v.registeredOn).replace(/-/g, ''),
    test: (v, h) => ({ date: String(v.registeredOn), event: enumLabel('employment', 'event', v.event), income: formatYuan(h.monthlyIncomeFen) }),
    template: '{date} {event}；在册家庭月收入 {income} 可能已下降，需核实现在的收入。',
    assistance: ['dibao', 'employment'],
  },
  {
    id: 'student-hardship',
    source: 'education',
    label: '家庭经济困难学生',
    measure: '(八)',
    parameters: [],
    eventKey: (v) => String(v.identifiedOn).replace(/-/g, ''),
    test: (v) => ({ date: String(v.identifiedOn), level: enumLabel('education', 'level', v.level) }),
    template: '{date} 家中学生被教育部门认定为{level}学生。',
    assistance: ['education', 'dibao'],
  },
  {
    id: 'member-left',
    source: 'police',
    label: '家庭成员死亡或迁出',
    measure: '(五)(六)',
    parameters: [],
    eventKey: (v) => `${String(v.date).replace(/-/g, '')}-${v.event}`,
    test: (v) => ({ date: String(v.date), event: enumLabel('police', 'event', v.event) }),
    template: '家庭成员 {date} {event}；请核实并登记家庭变化，在享救助按规则重算（去世的可申请丧葬补助）。',
    assistance: ['funeral'],
  },
  {
    id: 'unsafe-house',
    source: 'housing',
    label: '住房为危房',
    measure: '(九)',
    parameters: [],
    eventKey: (v) => String(v.assessedOn).replace(/-/g, ''),
    test: (v) => ({ date: String(v.assessedOn), rating: enumLabel('housing', 'rating', v.rating) }),
    template: '{date} 住房被鉴定为{rating}危房，可申请住房救助（农村危房改造）。',
    assistance: ['housing'],
  },
  {
    id: 'disaster-loss',
    source: 'disaster',
    label: '受灾损失较大',
    measure: '(十一)(十三)',
    parameters: ['monitoring.disaster.lossMinFen'],
    eventKey: (v) => String(v.date).replace(/-/g, ''),
    test: (v, _h, params) => {
      const loss = v.lossYuan as number;
      const min = params.value('monitoring.disaster.lossMinFen');
      return loss >= min ? { date: String(v.date), loss: formatYuan(loss), min: formatYuan(min) } : null;
    },
    template: '{date} 受灾，家庭财产损失 {loss}，达到预警线 {min}。',
    assistance: ['linshi', 'disaster'],
    hardship: (v) => ({ kind: 'emergency', description: `受灾（应急部门推送，${v.date}）`, amountFen: v.lossYuan as number }),
  },
];

export const rulesFor = (source: FeedSource) => ALERT_RULES.filter((r) => r.source === source);
export const findRule = (id: string) => ALERT_RULES.find((r) => r.id === id);

/** The explanation: the template with its figures. */
export const explain = (rule: AlertRule, figures: Record<string, string>): string => rule.template.replace(/\{(\w+)\}/g, (_, k: string) => figures[k] ?? '');
