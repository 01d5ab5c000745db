/**
 * 救助标准 as the page shows them: the parameters in force (shared/policy/parameters.ts), grouped and
 * formatted for residents by shared/policy/format.ts — the same module the page's script
 * (portal/src/scripts/standards.ts) formats a fresh copy from `GET /api/v1/standards` with.
 */
import { formatValue } from '../../../shared/policy/format.ts';
import { parameterDefinition, parametersInForce, type ParameterInForce } from '../../../shared/policy/parameters.ts';
import { dateShanghai } from '../../../shared/clock.ts';

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
