/**
 * 最低生活保障 — measure (五), with the employment rules of (十): the means test under
 * 《亳州市最低生活保障对象综合认定办法》 (its figures are parameters), the 补差 top-up, 单人户,
 * 分类施保 and the 渐退期.
 */
import { monthsBetween, type IsoDate } from '../calendar/dates.ts';
import { divRound, formatYuan, mulBp, mulInt } from '../money.ts';
import { INCOME_EXEMPTION_LABELS, type ParameterSet } from '../policy/parameters.ts';
import { isSevereCase, noLabourCapacityReason, type AreaInput, type HouseholdInput, type MemberInput } from './household.ts';
import { ineligible, Trace, type RuleResult } from './trace.ts';

export interface DibaoInput {
  date: IsoDate;
  area: AreaInput;
  household: HouseholdInput;
}

/** What a caseworker knows beyond the wire shape. Indexes refer to household.members. */
export interface DibaoOptions {
  /** Monthly incomes over the look-back (most recent last); without it monthlyIncomeFen is taken as the average already. */
  incomeHistoryFen?: Record<number, readonly number[]>;
  /** Income of exempt categories that monthlyIncomeFen includes, per member. */
  exemptIncomeFen?: Record<number, number>;
  /** The household is on 低保 and a member found work: 渐退 from `startedOn` (十). */
  taper?: DibaoTaper;
}

/**
 * The 渐退期 (十) of a household on 低保 whose member found work. During the period (and while per
 * capita income stays under the ceiling) the household is paid the amount in force: the 低保
 * amount on the current standard and current household facts, with the members who found work
 * counted at their income before the work (`baselineIncomeFen`). So a standard rise raises the
 * tapered amount, and other changes in the household count as they would without the taper. If a
 * standard rise brings per capita income back under the standard within the period, the household
 * gets the larger of that amount and the ordinary top-up, so a rise never lowers what is paid.
 * The months and the ceiling are checked as before; without `baselineIncomeFen` (older records)
 * `previousMonthlyAmountFen` is paid as it was, and the trace says so.
 */
export interface DibaoTaper {
  /** The amount when the taper began. Paid unchanged only for older records without `baselineIncomeFen`. */
  previousMonthlyAmountFen: number;
  startedOn: IsoDate;
  /**
   * Member index (into household.members) → that member's monthly income before the work was found,
   * counted as given (it replaces the member's counted income: no look-back, exemptions or
   * employment costs are applied to it).
   */
  baselineIncomeFen?: Record<number, number>;
}

export type DibaoClass = 'A' | 'B' | 'C';

export interface DibaoResult extends RuleResult {
  perCapitaIncomeFen: number;
  classification: DibaoClass | null;
  /** Names of members enrolled alone as 单人户, when that is how the household qualifies. */
  singlePersonEnrolment: string[];
  tapering: boolean;
}

const yuan = formatYuan;

function countedIncome(member: MemberInput, index: number, params: ParameterSet, options: DibaoOptions, trace: Trace): number {
  const lookBack = params.value('dibao.lookBackMonths');
  const history = options.incomeHistoryFen?.[index];
  let income = member.monthlyIncomeFen;
  if (history && history.length > 0) {
    const window = history.slice(-lookBack);
    income = divRound(
      window.reduce((a, b) => a + b, 0),
      window.length,
    );
    trace.add('(五)', 'dibao.lookBack', `${member.name}近${window.length}个月月均收入${yuan(income)}（计算期${lookBack}个月）`, { 'dibao.lookBackMonths': lookBack });
  }
  const exempt = Math.min(options.exemptIncomeFen?.[index] ?? 0, income);
  if (exempt > 0) {
    const categories = params
      .value('dibao.incomeExemptions')
      .map((c) => INCOME_EXEMPTION_LABELS[c])
      .join('、');
    trace.add('(五)', 'dibao.exemptions', `${member.name}的${yuan(exempt)}属于不计入收入的项目（${categories}），予以扣除`, {
      'dibao.incomeExemptions': params.value('dibao.incomeExemptions'),
    });
    income -= exempt;
  }
  if (member.employed && (member.employmentCostFen ?? 0) > 0) {
    const cap = params.value('dibao.employmentCostCap');
    const deduction = Math.min(member.employmentCostFen ?? 0, cap, income);
    trace.add('(十)', 'dibao.employmentCost', `${member.name}已就业，扣减必要就业成本${yuan(deduction)}（上限${yuan(cap)}）`, { 'dibao.employmentCostCap': cap });
    income -= deduction;
  }
  return income;
}

function obligorSupport(household: HouseholdInput, standard: number, params: ParameterSet, trace: Trace): number {
  const obligors = household.obligors ?? [];
  if (obligors.length === 0) return 0;
  const retainedRatio = params.value('dibao.obligorSupport.retainedRatio');
  const shareRatio = params.value('dibao.obligorSupport.shareRatio');
  const retained = mulBp(standard, retainedRatio);
  let support = 0;
  for (const o of obligors) support += mulBp(Math.max(0, o.monthlyIncomeFen - retained), shareRatio);
  trace.add('(五)', 'dibao.obligorSupport', `${obligors.length}名赡养（扶养、抚养）义务人，每人自留${yuan(retained)}后超出部分按${shareRatio / 100}%计入，计入赡养费${yuan(support)}`, {
    'dibao.obligorSupport.retainedRatio': retainedRatio,
    'dibao.obligorSupport.shareRatio': shareRatio,
  });
  return support;
}

function assetsWithinLimits(household: HouseholdInput, standard: number, members: number, params: ParameterSet, trace: Trace): boolean {
  const months = params.value('dibao.assets.financialMonths');
  const maxVehicles = params.value('dibao.assets.maxVehicles');
  const maxProperties = params.value('dibao.assets.maxProperties');
  const financialLimit = mulInt(mulInt(standard, months), members);
  const { financialFen, vehicles, properties } = household.assets;
  const used = { 'dibao.assets.financialMonths': months, 'dibao.assets.maxVehicles': maxVehicles, 'dibao.assets.maxProperties': maxProperties };
  const problems: string[] = [];
  if (financialFen > financialLimit) problems.push(`金融资产${yuan(financialFen)}超过上限${yuan(financialLimit)}（人均${months}个月低保标准）`);
  if (vehicles > maxVehicles) problems.push(`机动车${vehicles}辆超过上限${maxVehicles}辆`);
  if (properties > maxProperties) problems.push(`住房${properties}套超过上限${maxProperties}套`);
  if (problems.length > 0) {
    trace.add('(五)', 'dibao.assets', `家庭财产不符合条件：${problems.join('；')}`, used);
    return false;
  }
  trace.add('(五)', 'dibao.assets', `家庭财产符合条件：金融资产${yuan(financialFen)}不超过${yuan(financialLimit)}，机动车${vehicles}辆，住房${properties}套`, used);
  return true;
}

/**
 * 分类施保 (五), an example rule with parameterised uplifts: A类 = has a severely disabled or
 * seriously ill member; B类 = has another member without labour capacity; C类 = the rest.
 * Each such member adds a share of the standard.
 */
function classify(household: HouseholdInput, date: IsoDate, standard: number, params: ParameterSet, trace: Trace): { cls: DibaoClass; upliftFen: number } {
  const uplift = params.value('dibao.classification.uplift');
  const minorAgeLimit = params.value('tekun.minorAgeLimit');
  let severe = 0;
  let noLabour = 0;
  for (const m of household.members) {
    if (isSevereCase(m)) severe += 1;
    else if (noLabourCapacityReason(m, date, minorAgeLimit) !== null) noLabour += 1;
  }
  const cls: DibaoClass = severe > 0 ? 'A' : noLabour > 0 ? 'B' : 'C';
  const upliftFen = mulInt(mulBp(standard, uplift.severeMemberBp), severe) + mulInt(mulBp(standard, uplift.noLabourMemberBp), noLabour);
  trace.add('(五)', 'dibao.classification', `分类施保：${cls}类（重度残疾或重病成员${severe}人，其他无劳动能力成员${noLabour}人），加发${yuan(upliftFen)}（示例规则）`, {
    'dibao.classification.uplift': uplift,
    'tekun.minorAgeLimit': minorAgeLimit,
  });
  return { cls, upliftFen };
}

/** Member index → baseline income, checked against the household. */
function baselineEntries(baseline: Record<number, number>, members: number): Map<number, number> {
  const entries = new Map<number, number>();
  for (const [key, value] of Object.entries(baseline)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= members) throw new RangeError(`渐退基准收入的成员序号${key}不在家庭成员中`);
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`渐退基准收入应为非负整数（分），成员序号${key}为${value}`);
    entries.set(index, value);
  }
  return entries;
}

/** Where a date falls in the 渐退期 (十): the months and the ceiling, read as they always were. */
function taperWindow(taper: DibaoTaper, date: IsoDate, standard: number, perCapitaIncomeFen: number, params: ParameterSet) {
  const months = params.value('dibao.taper.months');
  const ceilingRatio = params.value('dibao.taper.ceilingRatio');
  const ceiling = mulBp(standard, ceilingRatio);
  const elapsed = monthsBetween(taper.startedOn, date);
  const used = { 'dibao.taper.months': months, 'dibao.taper.ceilingRatio': ceilingRatio };
  const applies = elapsed >= 0 && elapsed < months && perCapitaIncomeFen <= ceiling;
  const notApplying = elapsed >= months ? `渐退期${months}个月已满，停止发放` : `人均收入${yuan(perCapitaIncomeFen)}超过渐退上限${yuan(ceiling)}，不再渐退`;
  const within = `渐退期${months}个月中的第${elapsed + 1}个月，人均收入${yuan(perCapitaIncomeFen)}未超过渐退上限${yuan(ceiling)}`;
  return { applies, used, notApplying, within };
}

/**
 * The amount in force during the 渐退期 (十): the 低保 top-up on the current standard and the
 * current facts, with the members who found work counted at their income before the work.
 */
function baselineTopUp(baseline: Record<number, number>, household: HouseholdInput, incomes: readonly number[], support: number, standard: number) {
  const n = household.members.length;
  const replaced = baselineEntries(baseline, n);
  const total = incomes.reduce((a, income, i) => a + (replaced.get(i) ?? income), 0) + support;
  const perCapita = divRound(total, n);
  const topUp = perCapita < standard ? mulInt(standard - perCapita, n) : 0;
  const who = replaced.size === 0 ? '未登记成员就业前收入' : [...replaced].map(([i, b]) => `${household.members[i]!.name}按就业前月收入${yuan(b)}计（现为${yuan(incomes[i] ?? 0)}）`).join('，');
  const figures = `${who}，家庭月收入${yuan(total)}，人均${yuan(perCapita)}`;
  return { perCapita, topUp, figures };
}

export function calculateDibao(input: DibaoInput, params: ParameterSet, options: DibaoOptions = {}): DibaoResult {
  const trace = new Trace();
  const { household, area, date } = input;
  const n = household.members.length;
  const standardId = area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const standard = params.value(standardId);
  const none = (): DibaoResult => ({ ...ineligible(trace), perCapitaIncomeFen, classification: null, singlePersonEnrolment: [], tapering: false });

  trace.add('(五)', 'dibao.standard', `${area.residence === 'urban' ? '城市' : '农村'}低保标准${yuan(standard)}/人·月，家庭${n}人`, { [standardId]: standard });

  const incomes = household.members.map((m, i) => countedIncome(m, i, params, options, trace));
  const support = obligorSupport(household, standard, params, trace);
  const total = incomes.reduce((a, b) => a + b, 0) + support;
  const perCapitaIncomeFen = divRound(total, n);
  trace.add('(五)', 'dibao.perCapitaIncome', `家庭月收入合计${yuan(total)}，人均${yuan(perCapitaIncomeFen)}（四舍五入到分）`);

  if (!assetsWithinLimits(household, standard, n, params, trace)) return none();

  const taper = options.taper;
  const baseline = taper?.baselineIncomeFen;
  const result = (monthlyAmountFen: number, classification: DibaoClass | null, tapering: boolean): DibaoResult => ({
    eligible: true,
    monthlyAmountFen,
    oneOffAmountFen: 0,
    trace: trace.steps,
    perCapitaIncomeFen,
    classification,
    singlePersonEnrolment: [],
    tapering,
  });

  // 渐退期 (十) with the incomes before the work recorded: the amount in force is the top-up on the
  // current standard and facts with those incomes — also when a standard rise has brought per
  // capita income back under the standard, if that pays more than the top-up on today's incomes.
  if (taper && baseline) {
    const window = taperWindow(taper, date, standard, perCapitaIncomeFen, params);
    if (window.applies) {
      const base = baselineTopUp(baseline, household, incomes, support, standard);
      const current = perCapitaIncomeFen < standard ? mulInt(standard - perCapitaIncomeFen, n) : 0;
      if (perCapitaIncomeFen >= standard ? base.topUp > 0 : base.topUp > current) {
        const { cls, upliftFen } = classify(household, date, standard, params, trace);
        trace.add(
          '(十)',
          'dibao.taper',
          `成员就业后${window.within}，按现行低保标准${yuan(standard)}和家庭现状计算渐退金额：${base.figures}；` +
            `(${yuan(standard)} − ${yuan(base.perCapita)}) × ${n}人 = ${yuan(base.topUp)}${upliftFen > 0 ? `，加分类施保${yuan(upliftFen)}` : ''}，本月发放${yuan(base.topUp + upliftFen)}` +
            (perCapitaIncomeFen < standard ? `（人均收入已低于现行标准，按现收入补差只有${yuan(current)}，渐退期内按渐退金额发放）` : ''),
          { ...window.used, [standardId]: standard },
        );
        return result(base.topUp + upliftFen, cls, true);
      }
      if (perCapitaIncomeFen >= standard) {
        trace.add('(十)', 'dibao.taper', `${window.within}；但${base.figures}，仍不低于低保标准${yuan(standard)}，收入超标不是因成员就业，不适用渐退`, { ...window.used, [standardId]: standard });
      }
    } else if (perCapitaIncomeFen >= standard) {
      trace.add('(十)', 'dibao.taper', window.notApplying, window.used);
    }
  }

  if (perCapitaIncomeFen < standard) {
    const topUp = mulInt(standard - perCapitaIncomeFen, n);
    trace.add('(五)', 'dibao.topUp', `人均收入低于低保标准，按差额补足：(${yuan(standard)} − ${yuan(perCapitaIncomeFen)}) × ${n}人 = ${yuan(topUp)}`, { [standardId]: standard });
    const { cls, upliftFen } = classify(household, date, standard, params, trace);
    return result(topUp + upliftFen, cls, false);
  }

  // 渐退期 (十) of an older record, without the incomes before the work: the amount at the start is paid as it was.
  if (taper && !baseline) {
    const window = taperWindow(taper, date, standard, perCapitaIncomeFen, params);
    if (window.applies) {
      trace.add(
        '(十)',
        'dibao.taper',
        `成员就业后人均收入超过低保标准，${window.within}，继续按原金额${yuan(taper.previousMonthlyAmountFen)}发放（该记录未登记成员就业前的收入，无法按现行标准和家庭现状重新计算，沿用进入渐退期时的金额）`,
        window.used,
      );
      return result(taper.previousMonthlyAmountFen, null, true);
    }
    trace.add('(十)', 'dibao.taper', window.notApplying, window.used);
  }

  // 单人户 (五): a 低保边缘 household's severely disabled or seriously ill members, enrolled alone.
  const marginRatio = params.value('dibao.marginRatio');
  const margin = mulBp(standard, marginRatio);
  const severe = household.members.map((m, i) => ({ m, i })).filter(({ m }) => isSevereCase(m));
  if (perCapitaIncomeFen < margin && severe.length > 0) {
    const uplift = params.value('dibao.classification.uplift');
    const enrolled = severe.filter(({ i }) => (incomes[i] ?? 0) < standard);
    if (enrolled.length > 0) {
      let amount = 0;
      for (const { i } of enrolled) amount += standard - (incomes[i] ?? 0) + mulBp(standard, uplift.severeMemberBp);
      const names = enrolled.map(({ m }) => m.name);
      trace.add(
        '(五)',
        'dibao.singlePerson',
        `家庭人均收入${yuan(perCapitaIncomeFen)}不低于低保标准，但低于低保边缘线${yuan(margin)}；${names.join('、')}为重度残疾人（一、二级）或重病患者，按“单人户”纳入低保，按本人收入补差并按A类加发，合计${yuan(amount)}`,
        { 'dibao.marginRatio': marginRatio, [standardId]: standard, 'dibao.classification.uplift': uplift },
      );
      return { eligible: true, monthlyAmountFen: amount, oneOffAmountFen: 0, trace: trace.steps, perCapitaIncomeFen, classification: 'A', singlePersonEnrolment: names, tapering: false };
    }
  }

  trace.add('(五)', 'dibao.income', `家庭人均收入${yuan(perCapitaIncomeFen)}不低于低保标准${yuan(standard)}，不符合低保条件`, { [standardId]: standard });
  return none();
}
