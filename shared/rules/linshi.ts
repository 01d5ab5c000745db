/**
 * 临时救助 — measure (十三): 2–16 × the 低保 standard by kind and degree, above 16 × only by a
 * collective 一事一议 decision; township approval up to its 备用金 limit, county above; 急难型
 * pays a small amount first; one approval may be paid in stages.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { allocate, formatYuan, mulInt } from '../money.ts';
import type { HardshipDegree, ParameterSet } from '../policy/parameters.ts';
import type { AreaInput } from './household.ts';
import { ineligible, Trace, type RuleResult } from './trace.ts';

export type HardshipKind = 'emergency' | 'expenditure';

export interface HardshipInput {
  kind: HardshipKind;
  description: string;
  amountFen: number;
}

export interface LinshiInput {
  date: IsoDate;
  area: AreaInput;
  hardship: HardshipInput;
}

/** A collective decision (一事一议) allowing more than the maximum multiple. */
export interface OneMatterRecord {
  decisionRef: string;
  decidedOn: IsoDate;
  multiplier: number;
}

export interface LinshiOptions {
  /** The caseworker's judgement of degree; without it the degree follows the hardship amount. */
  degree?: HardshipDegree;
  /** A multiple other than the table's (e.g. above 16 × with a 一事一议 record). */
  requestedMultiplier?: number;
  oneMatterRecord?: OneMatterRecord;
}

export type ApprovalTier = 'township' | 'county';

export interface LinshiResult extends RuleResult {
  degree: HardshipDegree | null;
  multiplier: number | null;
  approvalTier: ApprovalTier | null;
  /** 急难型: paid first and documented afterwards (小金额先行救助); 0 for 支出型. */
  emergencyAdvanceFen: number;
}

const yuan = formatYuan;
const KIND_TEXT: Record<HardshipKind, string> = { emergency: '急难型', expenditure: '支出型' };
const DEGREE_TEXT: Record<HardshipDegree, string> = { general: '一般', serious: '较重', severe: '严重' };

function judgeDegree(amountFen: number, standard: number, params: ParameterSet, trace: Trace): HardshipDegree {
  const t = params.value('linshi.degreeThresholds');
  const degree: HardshipDegree =
    amountFen >= mulInt(standard, t.severeFrom) ? 'severe' : amountFen >= mulInt(standard, t.seriousFrom) ? 'serious' : 'general';
  trace.add(
    '(十三)',
    'linshi.degree',
    `困难金额${yuan(amountFen)}，按示例划分（达到低保标准${t.seriousFrom}倍为较重、${t.severeFrom}倍为严重）判为“${DEGREE_TEXT[degree]}”`,
    { 'linshi.degreeThresholds': t },
  );
  return degree;
}

export function calculateLinshi(input: LinshiInput, params: ParameterSet, options: LinshiOptions = {}): LinshiResult {
  const trace = new Trace();
  const { area, hardship } = input;
  const none = (): LinshiResult => ({ ...ineligible(trace), degree: null, multiplier: null, approvalTier: null, emergencyAdvanceFen: 0 });
  const standardId = area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const standard = params.value(standardId);
  const min = params.value('linshi.multiplier.min');
  const max = params.value('linshi.multiplier.max');
  trace.add('(十三)', 'linshi.standard', `临时救助与低保标准挂钩：低保标准${yuan(standard)}，救助为其${min}—${max}倍`, {
    [standardId]: standard,
    'linshi.multiplier.min': min,
    'linshi.multiplier.max': max,
  });
  if (hardship.kind === 'emergency') {
    trace.add('(四)', 'linshi.whereApplied', '急难型救助由急难发生地给予，不受户籍限制');
  }

  let degree: HardshipDegree;
  if (options.degree) {
    degree = options.degree;
    trace.add('(十三)', 'linshi.degree', `经办人员认定困难程度为“${DEGREE_TEXT[degree]}”`);
  } else {
    degree = judgeDegree(hardship.amountFen, standard, params, trace);
  }
  const table = params.value('linshi.degreeTable');
  let multiplier = table[hardship.kind][degree];
  trace.add('(十三)', 'linshi.multiplier', `${KIND_TEXT[hardship.kind]}、困难程度“${DEGREE_TEXT[degree]}”，倍数表为${multiplier}倍（示例倍数表）`, { 'linshi.degreeTable': table });

  const requested = options.oneMatterRecord?.multiplier ?? options.requestedMultiplier;
  if (requested !== undefined) {
    if (!Number.isSafeInteger(requested) || requested < min) {
      trace.add('(十三)', 'linshi.multiplierRange', `申请的${requested}倍低于最低${min}倍，不予采用`, { 'linshi.multiplier.min': min });
      return none();
    }
    if (requested > max) {
      const record = options.oneMatterRecord;
      if (!record || record.multiplier !== requested || record.decisionRef.trim() === '') {
        trace.add('(十三)', 'linshi.oneMatter', `申请${requested}倍超过${max}倍，须经“一事一议”集体研究决定；没有决定记录，不予批准`, { 'linshi.multiplier.max': max });
        return none();
      }
      trace.add('(十三)', 'linshi.oneMatter', `超过${max}倍，依据“一事一议”决定（${record.decisionRef}，${record.decidedOn}）按${requested}倍救助`, { 'linshi.multiplier.max': max });
    } else {
      trace.add('(十三)', 'linshi.multiplier', `按经办认定采用${requested}倍（在${min}—${max}倍之内）`);
    }
    multiplier = requested;
  }

  const amount = mulInt(standard, multiplier);
  trace.add('(十三)', 'linshi.amount', `救助金额 = ${yuan(standard)} × ${multiplier} = ${yuan(amount)}`);

  const limit = params.value('linshi.townshipLimit');
  const approvalTier: ApprovalTier = amount <= limit ? 'township' : 'county';
  trace.add(
    '(十三)',
    'linshi.approvalTier',
    approvalTier === 'township' ? `不超过乡镇（街道）审批额度${yuan(limit)}，由乡镇（街道）审批` : `超过乡镇（街道）审批额度${yuan(limit)}，报县级民政部门审批`,
    { 'linshi.townshipLimit': limit },
  );

  let emergencyAdvanceFen = 0;
  if (hardship.kind === 'emergency') {
    const advance = params.value('linshi.emergencyAdvance');
    emergencyAdvanceFen = Math.min(advance, amount);
    trace.add('(十三)', 'linshi.emergencyAdvance', `急难型可“小金额先行救助”${yuan(emergencyAdvanceFen)}，事后补充说明；经济状况核对不影响先行发放`, {
      'linshi.emergencyAdvance': advance,
    });
  } else {
    trace.add('(十三)', 'linshi.procedure', '支出型按审核审批程序办理');
  }
  return { eligible: true, monthlyAmountFen: 0, oneOffAmountFen: amount, trace: trace.steps, degree, multiplier, approvalTier, emergencyAdvanceFen };
}

/** 一次审批、分阶段救助 (十三): `n` instalments that sum exactly to the total, larger ones first. */
export function stagePayments(totalFen: number, n: number): number[] {
  return allocate(totalFen, n);
}
