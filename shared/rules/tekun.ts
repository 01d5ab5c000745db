/**
 * 特困人员救助供养 — measure (六), read with 民发〔2021〕43号《特困人员认定办法》: 三无
 * (no labour capacity, no means of living, no obligor able to support), minors until 18, an
 * enrolled minor's support continued past 18 while in school, the standard plus care subsidy
 * and pocket money, and the funeral subsidy after cremation.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { formatYuan, mulBp, mulInt } from '../money.ts';
import type { CareLevel, ParameterSet } from '../policy/parameters.ts';
import {
  applicantOf,
  birthDateOf,
  isObligorMember,
  LABOUR_REASON_TEXT,
  memberAge,
  noLabourCapacityReason,
  RELATION_TEXT,
  type AreaInput,
  type HouseholdInput,
  type MemberInput,
  type Relation,
} from './household.ts';
import { ineligible, Trace, type RuleResult } from './trace.ts';

export type SupportMode = 'dispersed' | 'centralized';

export interface TekunInput {
  date: IsoDate;
  area: AreaInput;
  household: HouseholdInput;
}

export interface TekunOptions {
  /** From the 生活自理能力评估. Without an assessment the estimate assumes 自理 and says so. */
  careLevel?: CareLevel;
  /** 分散供养 (default) or 集中供养. */
  supportMode?: SupportMode;
  /**
   * The person is already enrolled as 特困 (set by the caller for an enrolled person's monthly
   * recomputation and re-checks; absent for an application or the public 试算). Only then does
   * being in school past 18 continue support (民发〔2021〕43号): school never makes a first-time
   * adult applicant eligible.
   */
  alreadySupported?: boolean;
}

/** Who receives the money: the care subsidy goes to the carer or institution, not the person (六). */
export type Payee = 'person' | 'carer' | 'institution' | 'funeralArranger';

export interface TekunPayment {
  kind: 'basic' | 'care' | 'pocketMoney' | 'funeral';
  payee: Payee;
  amountFen: number;
}

export interface TekunResult extends RuleResult {
  payments: TekunPayment[];
  /** Set for 分散供养 at 全/半护理: visit at least this often (months). */
  visitIntervalMonths: number | null;
}

const yuan = formatYuan;
const CARE_TEXT: Record<CareLevel, string> = { full: '全护理', half: '半护理', self: '自理' };

/** An obligor as the 特困 check reads it: a household member (named) or one declared on the application. */
interface Obligor {
  relation: Relation;
  name?: string;
  monthlyIncomeFen: number;
}

/**
 * The applicant's obligors (六): household members whose relation makes them owe support under
 * 民法典 (spouse, parents, children, grandparents, grandchildren, adult siblings — the rule and its
 * reading are `OBLIGOR_RELATIONS` in household.ts), plus every obligor declared on the
 * application, whatever relation it records (the declaration says the person owes support).
 */
function obligorsOf(household: HouseholdInput, person: MemberInput, date: IsoDate, adultAge: number): Obligor[] {
  return [
    ...(household.obligors ?? []).map((o) => ({ relation: o.relation, monthlyIncomeFen: o.monthlyIncomeFen })),
    ...household.members.filter((m) => m !== person && isObligorMember(m, date, adultAge)).map((m) => ({ relation: m.relation, name: m.name, monthlyIncomeFen: m.monthlyIncomeFen })),
  ];
}

function obligorText(o: Obligor): string {
  return `${RELATION_TEXT[o.relation]}${o.name ?? '（申报的义务人）'}月收入${yuan(o.monthlyIncomeFen)}`;
}

export function calculateTekun(input: TekunInput, params: ParameterSet, options: TekunOptions = {}): TekunResult {
  const trace = new Trace();
  const { date, area, household } = input;
  const none = (): TekunResult => ({ ...ineligible(trace), payments: [], visitIntervalMonths: null });
  const person = applicantOf(household);
  const age = memberAge(person, date);
  const minorAgeLimit = params.value('tekun.minorAgeLimit');
  trace.add('(六)', 'tekun.age', `${person.name}出生于${birthDateOf(person)}（${person.idNumber ? '据身份证号码' : '据填写的出生日期'}），至${date}年满${age}周岁`);

  // Children on 孤儿保障 (incl. 事实无人抚养儿童) are not also 特困 (六)(十二).
  if (person.orphanBenefit) {
    const orphan = params.value('orphan.standard');
    trace.add('(十二)', 'tekun.orphanBenefit', `${person.name}已纳入孤儿保障，按孤儿保障标准${yuan(orphan)}/月保障，不再同时认定为特困人员`, { 'orphan.standard': orphan });
    return none();
  }

  // 1. No labour capacity.
  const reason = noLabourCapacityReason(person, date, minorAgeLimit);
  const studentLimit = reason === null ? params.value('tekun.studentAgeLimit') : 0;
  if (reason !== null) {
    trace.add('(六)', 'tekun.noLabourCapacity', `无劳动能力：${LABOUR_REASON_TEXT[reason]}（本平台对民发〔2021〕43号的解读）`, { 'tekun.minorAgeLimit': minorAgeLimit });
  } else if (person.inSchool && age >= minorAgeLimit && age < studentLimit) {
    // 民发〔2021〕43号: 特困人员中的未成年人满18周岁后仍在接受义务教育或在普通高中、中等职业学校就读的，
    // 可继续享有救助供养待遇 — a continuation of existing support, not a ground for a new applicant.
    // `inSchool` is read as that schooling (义务教育、普通高中、中等职业学校).
    const limits = { 'tekun.minorAgeLimit': minorAgeLimit, 'tekun.studentAgeLimit': studentLimit };
    if (!options.alreadySupported) {
      trace.add(
        '(六)',
        'tekun.student',
        `${age}周岁，在校就读但不属于无劳动能力。年满${minorAgeLimit}周岁后在校就读只能延续已认定特困人员（未成年时纳入）的救助供养（民发〔2021〕43号），不能作为首次申请的认定条件，不符合特困条件`,
        limits,
      );
      return none();
    }
    trace.add(
      '(六)',
      'tekun.student',
      `已认定为特困人员，年满${minorAgeLimit}周岁仍在接受义务教育或在普通高中、中等职业学校就读，未满${studentLimit}周岁，继续享受救助供养（民发〔2021〕43号）`,
      limits,
    );
  } else {
    trace.add(
      '(六)',
      'tekun.noLabourCapacity',
      `${age}周岁，不属于无劳动能力（未满${minorAgeLimit}周岁、年满60周岁、一二级残疾、三级智力或精神残疾、重病）${person.inSchool ? `，在校就读但已满${studentLimit}周岁` : ''}，不符合特困条件`,
      { 'tekun.minorAgeLimit': minorAgeLimit, 'tekun.studentAgeLimit': studentLimit },
    );
    return none();
  }

  // 2. No means of living: own income under the 低保 standard, assets within the limits.
  const dibaoId = area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural';
  const dibao = params.value(dibaoId);
  if (person.monthlyIncomeFen >= dibao) {
    trace.add('(六)', 'tekun.noIncome', `本人月收入${yuan(person.monthlyIncomeFen)}不低于低保标准${yuan(dibao)}，不属于无生活来源`, { [dibaoId]: dibao });
    return none();
  }
  const months = params.value('dibao.assets.financialMonths');
  const maxVehicles = params.value('dibao.assets.maxVehicles');
  const maxProperties = params.value('dibao.assets.maxProperties');
  const financialLimit = mulInt(dibao, months);
  const assets = household.assets;
  const assetParams = { 'dibao.assets.financialMonths': months, 'dibao.assets.maxVehicles': maxVehicles, 'dibao.assets.maxProperties': maxProperties };
  if (assets.financialFen > financialLimit || assets.vehicles > maxVehicles || assets.properties > maxProperties) {
    trace.add('(六)', 'tekun.assets', `财产超过特困人员财产状况规定（金融资产上限${yuan(financialLimit)}、机动车${maxVehicles}辆、住房${maxProperties}套）`, assetParams);
    return none();
  }
  trace.add('(六)', 'tekun.noIncome', `本人月收入${yuan(person.monthlyIncomeFen)}低于低保标准${yuan(dibao)}，财产符合规定，属于无生活来源`, { [dibaoId]: dibao, ...assetParams });

  // 3. No obligor able to support (民法典 第1059、1067、1074、1075条): an obligor is able when
  // income reaches the 低保边缘 line (platform reading).
  const marginRatio = params.value('dibao.marginRatio');
  const margin = mulBp(dibao, marginRatio);
  const obligors = obligorsOf(household, person, date, params.value('civil.adultAge'));
  const able = obligors.filter((o) => o.monthlyIncomeFen >= margin);
  const law = '（法定义务人：配偶、父母、子女，以及民法典第1074—1075条规定的祖父母、外祖父母、孙子女、外孙子女和成年兄弟姐妹）';
  if (able.length > 0) {
    trace.add('(六)', 'tekun.noObligor', `有${able.length}名法定义务人月收入达到低保边缘线${yuan(margin)}，具备履行能力：${able.map(obligorText).join('；')}${law}，不符合特困条件`, {
      'dibao.marginRatio': marginRatio,
    });
    return none();
  }
  trace.add(
    '(六)',
    'tekun.noObligor',
    obligors.length === 0 ? `无法定赡养、抚养、扶养义务人${law}` : `${obligors.length}名法定义务人月收入均低于低保边缘线${yuan(margin)}，无履行义务能力：${obligors.map(obligorText).join('；')}${law}`,
    { 'dibao.marginRatio': marginRatio },
  );

  // Amount: standard + care subsidy by care level + pocket money in 集中供养.
  const mode: SupportMode = options.supportMode ?? 'dispersed';
  const careLevel: CareLevel = options.careLevel ?? 'self';
  const standardId = area.residence === 'urban' ? 'tekun.standard.urban' : 'tekun.standard.rural';
  const standard = params.value(standardId);
  const care = params.value('tekun.careSubsidy');
  const careFen = care[careLevel];
  const payments: TekunPayment[] = [{ kind: 'basic', payee: mode === 'centralized' ? 'institution' : 'person', amountFen: standard }];
  trace.add('(六)', 'tekun.standard', `${area.residence === 'urban' ? '城市' : '农村'}特困人员基本生活标准${yuan(standard)}/月（${mode === 'centralized' ? '集中' : '分散'}供养）`, {
    [standardId]: standard,
  });
  if (careFen > 0) payments.push({ kind: 'care', payee: mode === 'centralized' ? 'institution' : 'carer', amountFen: careFen });
  trace.add(
    '(六)',
    'tekun.careSubsidy',
    `${options.careLevel ? '' : '未做生活自理能力评估，试算按自理计；'}护理等级${CARE_TEXT[careLevel]}，` +
      (careFen > 0 ? `照料护理补贴${yuan(careFen)}/月，发给${mode === 'centralized' ? '供养机构' : '委托照料人'}而非本人` : '不发照料护理补贴（补贴面向失能、半失能人员）'),
    { 'tekun.careSubsidy': care },
  );
  if (mode === 'centralized') {
    const pocket = params.value('tekun.pocketMoney');
    payments.push({ kind: 'pocketMoney', payee: 'person', amountFen: pocket });
    trace.add('(六)', 'tekun.pocketMoney', `集中供养发放零用钱${yuan(pocket)}/月`, { 'tekun.pocketMoney': pocket });
  }
  let visitIntervalMonths: number | null = null;
  if (mode === 'dispersed' && careLevel !== 'self') {
    visitIntervalMonths = params.value('tekun.visitIntervalMonths');
    trace.add('(六)', 'tekun.visits', `分散供养${CARE_TEXT[careLevel]}对象，至少每${visitIntervalMonths}个月走访一次`, { 'tekun.visitIntervalMonths': visitIntervalMonths });
  }
  const monthly = payments.reduce((a, p) => a + p.amountFen, 0);
  return { eligible: true, monthlyAmountFen: monthly, oneOffAmountFen: 0, trace: trace.steps, payments, visitIntervalMonths };
}

/** 丧葬补助 (六): 3000 yuan per 特困 person after death and cremation, paid to whoever arranges the funeral. */
export function tekunFuneralSubsidy(params: ParameterSet, cremated: boolean): TekunResult {
  const trace = new Trace();
  const subsidy = params.value('tekun.funeralSubsidy');
  if (!cremated) {
    trace.add('(六)', 'tekun.funeralSubsidy', '特困人员丧葬补助在去世火化后发放，尚无火化记录', { 'tekun.funeralSubsidy': subsidy });
    return { ...ineligible(trace), payments: [], visitIntervalMonths: null };
  }
  trace.add('(六)', 'tekun.funeralSubsidy', `特困人员去世火化后，按每人${yuan(subsidy)}给予丧葬补助`, { 'tekun.funeralSubsidy': subsidy });
  return {
    eligible: true,
    monthlyAmountFen: 0,
    oneOffAmountFen: subsidy,
    trace: trace.steps,
    payments: [{ kind: 'funeral', payee: 'funeralArranger', amountFen: subsidy }],
    visitIntervalMonths: null,
  };
}
