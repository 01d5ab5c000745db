import { formatYuan } from '../money.ts';

/**
 * How a parameter's value reads for residents (the 救助标准 page, at build time and refreshed in the
 * browser from `GET /api/v1/standards`): one formatting for both, so they cannot disagree. No other
 * imports: the browser bundle carries only this and shared/money.ts.
 */

export type IncomeExemptionCategory =
  | 'meritPension' // 优抚对象抚恤金、补助金
  | 'awards' // 见义勇为等奖励性收入
  | 'disabilityAllowances' // 残疾人两项补贴
  | 'familyPlanningReward' // 计划生育奖励扶助金
  | 'studentAid' // 教育救助、助学金
  | 'medicalReimbursement' // 医疗报销、医疗救助
  | 'reliefPayments'; // 临时救助金、慈善救助款物

export const INCOME_EXEMPTION_LABELS: Record<IncomeExemptionCategory, string> = {
  meritPension: '优抚对象抚恤金、补助金',
  awards: '见义勇为等奖励性收入',
  disabilityAllowances: '残疾人生活补贴和护理补贴',
  familyPlanningReward: '计划生育奖励扶助金',
  studentAid: '教育救助金、助学金',
  medicalReimbursement: '医疗费用报销和医疗救助金',
  reliefPayments: '临时救助金和慈善救助款物',
};

/** Labels of the keys of table-valued parameters (care levels, hardship degrees, member classes …). */
export const KEY_LABELS: Record<string, string> = {
  full: '全护理',
  half: '半护理',
  self: '生活自理',
  emergency: '急难型',
  expenditure: '支出型',
  general: '一般',
  serious: '较重',
  severe: '严重',
  seriousFrom: '较重（达到）',
  severeFrom: '严重（达到）',
  severeMemberBp: 'A类（重度残疾或重病成员）',
  noLabourMemberBp: 'B类（其他无劳动能力成员）',
  established: '行政或事业编制',
  other: '其他工作人员',
};

const UNIT_SUFFIX: Record<string, string> = { multiple: ' 倍', count: '', years: ' 周岁', months: ' 个月', days: ' 天', workingDays: ' 个工作日', people: ' 人' };

function trimZeros(n: string): string {
  return n.includes('.') ? n.replace(/0+$/u, '').replace(/\.$/u, '') : n;
}

/** One integer in its unit: 80000 fen → "800.00 元", 13000 bp → "1.3 倍", 350 bp → "3.5%". */
export function formatScalar(value: number, unit: string): string {
  if (unit === 'fen') return formatYuan(value);
  if (unit === 'bp') {
    if (value >= 10000) return `${trimZeros((value / 10000).toFixed(4))} 倍`;
    return `${trimZeros((value / 100).toFixed(2))}%`;
  }
  return `${value}${UNIT_SUFFIX[unit] ?? ''}`;
}

/** A value as lines of text (tables and lists become one line per entry). */
export function formatValue(value: unknown, unit: string): string[] {
  if (typeof value === 'number') return [formatScalar(value, unit)];
  if (Array.isArray(value)) return [value.map((v) => (INCOME_EXEMPTION_LABELS as Record<string, string>)[String(v)] ?? String(v)).join('、')];
  if (value && typeof value === 'object') {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const label = KEY_LABELS[k] ?? k;
      if (v && typeof v === 'object') {
        out.push(
          `${label}：${Object.entries(v)
            .map(([k2, v2]) => `${KEY_LABELS[k2] ?? k2} ${formatScalar(Number(v2), unit)}`)
            .join('，')}`,
        );
      } else out.push(`${label}：${formatScalar(Number(v), unit)}`);
    }
    return out;
  }
  return [String(value)];
}
