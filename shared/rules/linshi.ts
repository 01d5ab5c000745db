/**
 * 临时救助 — measure (十三): the assessed need decides the degree; the amount is what the need calls for
 * within the band of the kind and degree (2–16 × the 低保 standard) and never above the need; above 16 × only
 * by a collective 一事一议 decision the county has signed; 支出型 within the household's means limits; township approval up to its 备用金 limit, county above; 急难型
 * pays a small amount first; one approval may be paid in stages.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { allocate, formatYuan, mulInt } from '../money.ts';
import type { HardshipDegree, ParameterSet } from '../policy/parameters.ts';
import type { AreaInput, HouseholdInput } from './household.ts';
import { ineligible, Trace, type RuleResult } from './trace.ts';

export type HardshipKind = 'emergency' | 'expenditure';

/** 支出型: what the documented expenses were for (十三). */
export const EXPENSE_CATEGORIES = ['medical', 'education', 'funeral', 'disasterLoss', 'other'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];
/** 急难型: what is needed at once, assessed on the spot (十三). */
export const IMMEDIATE_CATEGORIES = ['food', 'shelter', 'travel', 'treatment', 'other'] as const;
export type ImmediateCategory = (typeof IMMEDIATE_CATEGORIES)[number];

export const EXPENSE_TEXT: Record<ExpenseCategory, string> = { medical: '医疗', education: '教育', funeral: '丧葬', disasterLoss: '灾害损失', other: '其他' };
export const IMMEDIATE_TEXT: Record<ImmediateCategory, string> = { food: '饮食', shelter: '住宿', travel: '交通返乡', treatment: '首次救治', other: '其他' };

/**
 * The assessed need (十三). 支出型: the documented expenses by category, less what insurance, 医保, other
 * assistance and other payers cover (the household's own share is computed from its income); 急难型:
 * the immediate need, assessed on the spot. Without it the amount stated in the application stands as the
 * documented expense (or immediate need) with nothing covered — the trace says so.
 */
export interface NeedInput {
  expenses?: { category: ExpenseCategory; amountFen: number }[];
  covered?: { insuranceFen?: number; medicalInsuranceFen?: number; otherAssistanceFen?: number; otherPayersFen?: number };
  immediate?: { category: ImmediateCategory; amountFen: number }[];
}

export interface HardshipInput {
  kind: HardshipKind;
  description: string;
  amountFen: number;
  need?: NeedInput;
}

export interface LinshiInput {
  date: IsoDate;
  area: AreaInput;
  hardship: HardshipInput;
  /** The household: its means limits and what it can bear itself (支出型). */
  household?: HouseholdInput;
}

/** A collective decision (一事一议) reviewed and signed by the county: it allows more than the ceiling, never more than the need. */
export interface OneMatterRecord {
  minutesRef: string;
  meetingOn: IsoDate;
  amountFen: number;
  countySignedOn: IsoDate;
}

export interface LinshiOptions {
  /** A degree other than the one the need calls for — only with a written reason, which the trace records. */
  degree?: HardshipDegree;
  degreeReason?: string;
  oneMatterRecord?: OneMatterRecord;
}

export type ApprovalTier = 'township' | 'county';

export interface LinshiResult extends RuleResult {
  degree: HardshipDegree | null;
  multiplier: number | null;
  approvalTier: ApprovalTier | null;
  /** 急难型: paid first and documented afterwards (小金额先行救助); 0 for 支出型. */
  emergencyAdvanceFen: number;
  /** The assessed need; the amount is never above it. */
  needFen: number;
  /** The band of the kind and degree, in fen: the amount is within it, or the need itself where that is lower. */
  band: { lowerFen: number; upperFen: number } | null;
  /** 16 × the standard: above it only with a signed 一事一议. */
  ceilingFen: number;
  /** What the need calls for above the ceiling (a 一事一议 may allow it). */
  needAboveCeilingFen: number;
  degreeOverride: { degree: HardshipDegree; reason: string; judged: HardshipDegree } | null;
}

const yuan = formatYuan;
const KIND_TEXT: Record<HardshipKind, string> = { emergency: '急难型', expenditure: '支出型' };
export const DEGREE_TEXT: Record<HardshipDegree, string> = { general: '一般', serious: '较重', severe: '严重' };
const DEGREES: readonly HardshipDegree[] = ['general', 'serious', 'severe'];

function judgeDegree(needFen: number, standard: number, params: ParameterSet, trace: Trace): HardshipDegree {
  const t = params.value('linshi.degreeThresholds');
  const degree: HardshipDegree = needFen >= mulInt(standard, t.severeFrom) ? 'severe' : needFen >= mulInt(standard, t.seriousFrom) ? 'serious' : 'general';
  trace.add('(十三)', 'linshi.degree', `评估需要${yuan(needFen)}，按示例划分（达到低保标准${t.seriousFrom}倍为较重、${t.severeFrom}倍为严重）判为“${DEGREE_TEXT[degree]}”`, {
    'linshi.degreeThresholds': t,
  });
  return degree;
}

const sum = (xs: readonly { amountFen: number }[]) => xs.reduce((a, x) => a + x.amountFen, 0);

/** 支出型 means limits (十三): what failed, empty when they pass. */
export function meansFailures(household: HouseholdInput, standard: number, params: ParameterSet): string[] {
  const m = params.value('linshi.means');
  const n = Math.max(1, household.members.length);
  const income = household.members.reduce((a, x) => a + x.monthlyIncomeFen, 0);
  const out: string[] = [];
  // Per-capita income ≤ standard × bp: income × 10000 ≤ standard × bp × members, exactly.
  if (BigInt(income) * 10000n > BigInt(standard) * BigInt(m.incomeMultipleBp) * BigInt(n)) {
    out.push(`家庭人均月收入${yuan(Math.round(income / n))}超过低保标准的${m.incomeMultipleBp / 10000}倍（${yuan(Math.floor((standard * m.incomeMultipleBp) / 10000))}）`);
  }
  const financialLimit = mulInt(mulInt(standard, m.financialMonths), n);
  if (household.assets.financialFen > financialLimit) out.push(`家庭金融资产${yuan(household.assets.financialFen)}超过限额${yuan(financialLimit)}（人均低保标准${m.financialMonths}个月）`);
  if (household.assets.vehicles > m.maxVehicles) out.push(`拥有机动车${household.assets.vehicles}辆，超过${m.maxVehicles}辆`);
  if (household.assets.properties > m.maxProperties) out.push(`拥有住房${household.assets.properties}套，超过${m.maxProperties}套`);
  return out;
}

/** The assessed need (十三), each step in the trace. */
export function assessNeed(hardship: HardshipInput, household: HouseholdInput | undefined, standard: number, params: ParameterSet, trace: Trace): number {
  const need = hardship.need;
  if (hardship.kind === 'emergency') {
    const items = need?.immediate?.length ? need.immediate : null;
    const total = items ? sum(items) : hardship.amountFen;
    trace.add(
      '(十三)',
      'linshi.need',
      items
        ? `急难型现场评估的紧急需要：${items.map((i) => `${IMMEDIATE_TEXT[i.category]}${yuan(i.amountFen)}`).join('、')}，合计${yuan(total)}`
        : `急难型未逐项评估，按申请所述紧急需要${yuan(total)}计`,
    );
    return total;
  }
  const expenses = need?.expenses?.length ? need.expenses : null;
  const documented = expenses ? sum(expenses) : hardship.amountFen;
  const c = need?.covered ?? {};
  const covered = (c.insuranceFen ?? 0) + (c.medicalInsuranceFen ?? 0) + (c.otherAssistanceFen ?? 0) + (c.otherPayersFen ?? 0);
  trace.add(
    '(十三)',
    'linshi.need.expenses',
    expenses ? `有据可查的支出：${expenses.map((e) => `${EXPENSE_TEXT[e.category]}${yuan(e.amountFen)}`).join('、')}，合计${yuan(documented)}` : `未逐项登记支出，按申请所述支出${yuan(documented)}计`,
  );
  trace.add(
    '(十三)',
    'linshi.need.covered',
    `扣除已由他方负担的部分${yuan(covered)}（商业保险${yuan(c.insuranceFen ?? 0)}、医保${yuan(c.medicalInsuranceFen ?? 0)}、其他救助${yuan(c.otherAssistanceFen ?? 0)}、其他渠道${yuan(c.otherPayersFen ?? 0)}）`,
  );
  let bearable = 0;
  if (household) {
    const months = params.value('linshi.need.lookbackMonths');
    const n = Math.max(1, household.members.length);
    const income = household.members.reduce((a, x) => a + x.monthlyIncomeFen, 0);
    const surplus = Math.max(0, income - mulInt(standard, n));
    bearable = mulInt(surplus, months);
    trace.add(
      '(十三)',
      'linshi.need.bearable',
      `家庭自身可承担${yuan(bearable)}：月收入${yuan(income)}超过${n}人低保标准（${yuan(mulInt(standard, n))}）的部分${yuan(surplus)} × ${months}个月（示例计算期）；未超过限额的存款等资产不计入可承担部分（平台解读）`,
      { 'linshi.need.lookbackMonths': months },
    );
  }
  const total = Math.max(0, documented - covered - bearable);
  trace.add('(十三)', 'linshi.need', `评估需要 = ${yuan(documented)} − ${yuan(covered)} − ${yuan(bearable)} = ${yuan(total)}`);
  return total;
}

export function calculateLinshi(input: LinshiInput, params: ParameterSet, options: LinshiOptions = {}): LinshiResult {
  const trace = new Trace();
  const { area, hardship, household } = input;
  const standardId = area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const standard = params.value(standardId);
  const min = params.value('linshi.multiplier.min');
  const max = params.value('linshi.multiplier.max');
  const ceilingFen = mulInt(standard, max);
  let needFen = 0;
  const none = (): LinshiResult => ({
    ...ineligible(trace),
    degree: null,
    multiplier: null,
    approvalTier: null,
    emergencyAdvanceFen: 0,
    needFen,
    band: null,
    ceilingFen,
    needAboveCeilingFen: 0,
    degreeOverride: null,
  });
  trace.add(
    '(十三)',
    'linshi.standard',
    `临时救助与低保标准挂钩：低保标准${yuan(standard)}，救助一般为其${min}—${max}倍（${yuan(mulInt(standard, min))}—${yuan(ceilingFen)}），且不超过评估的实际需要`,
    {
      [standardId]: standard,
      'linshi.multiplier.min': min,
      'linshi.multiplier.max': max,
    },
  );
  if (hardship.kind === 'emergency') {
    trace.add('(四)', 'linshi.whereApplied', '急难型救助由急难发生地给予，不受户籍限制');
    trace.add('(十三)', 'linshi.means', '急难型先行救助，家庭经济状况事后核对；核对发现不符合条件的，记录在案，由县级民政部门决定是否追回');
  } else if (household) {
    const failures = meansFailures(household, standard, params);
    if (failures.length) {
      trace.add('(十三)', 'linshi.means', `支出型临时救助须家庭经济状况符合条件（示例限额）：${failures.join('；')}，不符合条件`, { 'linshi.means': params.value('linshi.means') });
      return none();
    }
    trace.add('(十三)', 'linshi.means', '家庭经济状况在支出型临时救助的限额之内（示例限额）', { 'linshi.means': params.value('linshi.means') });
  }

  needFen = assessNeed(hardship, household, standard, params, trace);
  if (needFen <= 0) {
    trace.add('(十三)', 'linshi.noNeed', '扣除他方负担和家庭可承担部分后没有需要救助的困难，不予救助');
    return none();
  }

  const judged = judgeDegree(needFen, standard, params, trace);
  let degree = judged;
  let degreeOverride: LinshiResult['degreeOverride'] = null;
  if (options.degree && options.degree !== judged) {
    const reason = options.degreeReason?.trim() ?? '';
    if (reason === '') {
      trace.add('(十三)', 'linshi.degreeOverride', `经办人员认定“${DEGREE_TEXT[options.degree]}”但未书面说明理由，按评估需要认定为“${DEGREE_TEXT[judged]}”`);
    } else {
      degree = options.degree;
      degreeOverride = { degree, reason, judged };
      trace.add('(十三)', 'linshi.degreeOverride', `经办人员书面说明理由，认定困难程度为“${DEGREE_TEXT[degree]}”（按需要应为“${DEGREE_TEXT[judged]}”）：${reason}`);
    }
  }
  const table = params.value('linshi.degreeTable');
  const multiplier = Math.min(table[hardship.kind][degree], max);
  const i = DEGREES.indexOf(degree);
  const lowerMultiple = i === 0 ? min : Math.min(table[hardship.kind][DEGREES[i - 1]!], multiplier);
  const band = { lowerFen: mulInt(standard, lowerMultiple), upperFen: mulInt(standard, multiplier) };
  trace.add(
    '(十三)',
    'linshi.band',
    `${KIND_TEXT[hardship.kind]}、困难程度“${DEGREE_TEXT[degree]}”的救助区间为低保标准的${lowerMultiple}—${multiplier}倍，即${yuan(band.lowerFen)}—${yuan(band.upperFen)}（示例倍数表）`,
    { 'linshi.degreeTable': table },
  );

  let amount = Math.min(needFen, band.upperFen);
  const needAboveCeilingFen = Math.max(0, needFen - ceilingFen);
  if (needFen < band.lowerFen) {
    trace.add('(十三)', 'linshi.amount', `评估需要${yuan(needFen)}低于区间下限，救助金额不超过实际需要：${yuan(amount)}`);
  } else if (needFen > band.upperFen) {
    trace.add('(十三)', 'linshi.amount', `评估需要${yuan(needFen)}高于区间上限，救助金额为区间上限${yuan(amount)}`);
  } else {
    trace.add('(十三)', 'linshi.amount', `评估需要${yuan(needFen)}在区间之内，救助金额即为评估需要${yuan(amount)}`);
  }
  const record = options.oneMatterRecord;
  if (record) {
    if (needFen <= band.upperFen || record.amountFen <= amount) {
      trace.add('(十三)', 'linshi.oneMatter', `“一事一议”决定（${record.minutesRef}）未超过按规则计算的金额，按${yuan(amount)}救助`);
    } else {
      amount = Math.min(needFen, record.amountFen);
      trace.add(
        '(十三)',
        'linshi.oneMatter',
        `依据“一事一议”集体研究决定（${record.minutesRef}，${record.meetingOn}议定，县级${record.countySignedOn}复核签署），救助${yuan(amount)}，仍不超过评估需要${yuan(needFen)}`,
      );
    }
  } else if (needAboveCeilingFen > 0) {
    trace.add('(十三)', 'linshi.oneMatter', `需要超过低保标准${max}倍（${yuan(ceilingFen)}）的部分${yuan(needAboveCeilingFen)}，须经“一事一议”集体研究、县级复核签署后才能救助`, {
      'linshi.multiplier.max': max,
    });
  }

  const limit = params.value('linshi.townshipLimit');
  const approvalTier: ApprovalTier = amount <= limit && !(record && amount > band.upperFen) ? 'township' : 'county';
  trace.add(
    '(十三)',
    'linshi.approvalTier',
    approvalTier === 'township' ? `不超过乡镇（街道）审批额度${yuan(limit)}，由乡镇（街道）审批` : `超过乡镇（街道）审批额度${yuan(limit)}或经“一事一议”，报县级民政部门审批`,
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
    trace.add('(十三)', 'linshi.procedure', '支出型按审核审批程序办理；核对有疑义或民主评议不支持的，须经县级复核才能审批');
  }
  return {
    eligible: true,
    monthlyAmountFen: 0,
    oneOffAmountFen: amount,
    trace: trace.steps,
    degree,
    multiplier,
    approvalTier,
    emergencyAdvanceFen,
    needFen,
    band,
    ceilingFen,
    needAboveCeilingFen,
    degreeOverride,
  };
}

/** 一次审批、分阶段救助 (十三): `n` instalments that sum exactly to the total, larger ones first. */
export function stagePayments(totalFen: number, n: number): number[] {
  return allocate(totalFen, n);
}
