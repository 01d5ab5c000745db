/**
 * 救助标准 as the page shows them: the parameters in force (shared/policy/parameters.ts), grouped and
 * formatted for residents (money in 元 via shared/money.ts). public/standards.js formats a fresh copy
 * from `GET /api/v1/standards` the same way; a browser test checks that both agree.
 */
import { formatYuan } from '../../../shared/money.ts';
import { INCOME_EXEMPTION_LABELS, parameterDefinition, parametersInForce, type ParameterInForce } from '../../../shared/policy/parameters.ts';
import { dateShanghai } from '../../../shared/clock.ts';

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

export const GROUPS: readonly { name: string; prefixes: readonly string[]; intro: string }[] = [
  { name: '最低生活保障（低保）', prefixes: ['dibao.'], intro: '家庭人均收入低于低保标准、财产符合规定的，按差额补足（措施（五））。' },
  { name: '特困人员救助供养', prefixes: ['tekun.', 'orphan.'], intro: '特困人员基本生活标准不低于当地低保标准的1.3倍（措施（六））。' },
  { name: '临时救助', prefixes: ['linshi.'], intro: '一般按当地低保标准的2至16倍给予（措施（十三））。' },
  { name: '突发公共事件和物价上涨', prefixes: ['emergency.', 'priceLinkage.'], intro: '遇到重大突发事件或物价上涨较快时启动（措施（五）（十五））。' },
  {
    name: '办理时限和其他',
    prefixes: ['approval.', 'publicity.', 'supervision.', 'civil.', 'socialWorker.', 'purchase.', 'disasterReserve.', 'staffing.'],
    intro: '办理时限、社会工作者补贴、购买服务等。',
  },
];

export interface StandardRow {
  id: string;
  label: string;
  measure: string;
  unit: string;
  lines: string[];
  effectiveFrom: string;
  source: string;
  example: boolean;
}

export function rowOf(p: ParameterInForce): StandardRow {
  const def = parameterDefinition(p.id);
  return { id: p.id, label: def.label, measure: def.measure, unit: p.unit, lines: formatValue(p.value, p.unit), effectiveFrom: p.effectiveFrom, source: p.source, example: p.example };
}

/** The build-time copy: what is in force on the day the site is built (Asia/Shanghai). */
export function buildTimeStandards(now = new Date()) {
  const date = dateShanghai(now);
  const rows = parametersInForce(date).parameters.map(rowOf);
  return { date, groups: GROUPS.map((g) => ({ ...g, rows: rows.filter((r) => g.prefixes.some((p) => r.id.startsWith(p))) })) };
}
