/**
 * The parameter catalogue (docs/architecture.md § Parameters): every figure the rules use, dated, with its
 * unit, its source and whether it is only an example. Binding figures come from the measures
 * (or the national rule they rely on); figures the measures leave to the government ship as
 * example values that say so plainly, until the official documents are entered.
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.ts';
import { formatYuan, isAtLeastRatio } from '../money.ts';
import { INCOME_EXEMPTION_LABELS, type IncomeExemptionCategory } from './format.ts';

export type ParameterUnit =
  | 'fen' // money, integer fen
  | 'bp' // ratio, integer basis points (1.3 × = 13000)
  | 'multiple' // integer multiple of a standard (临时救助 2–16 倍)
  | 'count'
  | 'years'
  | 'months'
  | 'days' // calendar days
  | 'workingDays' // official working days (shared/calendar)
  | 'people'
  | 'categories'; // a list of category codes

export type CareLevel = 'full' | 'half' | 'self';
export type HardshipDegree = 'general' | 'serious' | 'severe';
export type { IncomeExemptionCategory } from './format.ts';
export { INCOME_EXEMPTION_LABELS } from './format.ts';

export interface DegreeMultiples {
  general: number;
  serious: number;
  severe: number;
}

/** The value type of each parameter. Every figure is an integer; a few are small tables. */
export interface ParameterValues {
  'dibao.standard.urban': number;
  'dibao.standard.rural': number;
  'dibao.marginRatio': number;
  'dibao.lookBackMonths': number;
  'dibao.incomeExemptions': readonly IncomeExemptionCategory[];
  'dibao.employmentCostCap': number;
  'dibao.obligorSupport.retainedRatio': number;
  'dibao.obligorSupport.shareRatio': number;
  'dibao.assets.financialMonths': number;
  'dibao.assets.maxVehicles': number;
  'dibao.assets.maxProperties': number;
  'dibao.classification.uplift': { severeMemberBp: number; noLabourMemberBp: number };
  'dibao.taper.months': number;
  'dibao.taper.ceilingRatio': number;
  'tekun.standard.urban': number;
  'tekun.standard.rural': number;
  'tekun.minRatio': number;
  'tekun.minorAgeLimit': number;
  'tekun.studentAgeLimit': number;
  'tekun.careSubsidy': Record<CareLevel, number>;
  'tekun.pocketMoney': number;
  'tekun.funeralSubsidy': number;
  'tekun.visitIntervalMonths': number;
  'orphan.standard': number;
  'linshi.multiplier.min': number;
  'linshi.multiplier.max': number;
  'linshi.degreeTable': { emergency: DegreeMultiples; expenditure: DegreeMultiples };
  'linshi.degreeThresholds': { seriousFrom: number; severeFrom: number };
  'linshi.townshipLimit': number;
  'linshi.emergencyAdvance': number;
  'linshi.cumulativeWindowMonths': number;
  'linshi.need.lookbackMonths': number;
  'linshi.reserve.limit': number;
  'linshi.means': { incomeMultipleBp: number; financialMonths: number; maxVehicles: number; maxProperties: number };
  'emergency.multiplier': number;
  'emergency.livingSubsidy': number;
  'stranded.careDays': number;
  'stranded.tracingNoticeDays': number;
  'stranded.settlementAfterMonths': number;
  'stranded.followUpWorkingDays': number;
  'priceLinkage.cpiTrigger': number;
  'priceLinkage.foodCpiTrigger': number;
  'priceLinkage.subsidyRatio': number;
  'socialWorker.allowance.assistant': number;
  'socialWorker.allowance.intermediate': number;
  'purchase.budgetShare': number;
  'simulation.cliffDrop': number;
  'simulation.cliffReach': number;
  'disasterReserve.minimum': number;
  'approval.workingDays': number;
  'acceptance.workingDays': number;
  'supervision.atRiskWorkingDays': number;
  'monitoring.visitWorkingDays': number;
  'monitoring.medical.selfPayMinFen': number;
  'monitoring.medical.incomeShareBp': number;
  'monitoring.disaster.lossMinFen': number;
  'monitoring.feedRetentionMonths': number;
  'tickets.answerWorkingDays': number;
  'civil.adultAge': number;
  'publicity.days': number;
  'staffing.populationThreshold': number;
  'staffing.belowThreshold': { established: number; other: number };
  'staffing.atOrAboveThreshold': { established: number; other: number };
}

export type ParameterId = keyof ParameterValues;
export type ParameterValue = ParameterValues[ParameterId];

/** Shape of a value: an integer ≥ 0, a table of shapes, or a list of allowed codes. */
type Shape = 'int' | { readonly [key: string]: Shape } | { readonly list: readonly string[] };

/** A figure fixed by the measures: what a published value must respect. */
type Binding = { equals: number } | { atLeast: number } | { atMost: number } | { between: readonly [number, number] };

export interface DatedValue<V = ParameterValue> {
  value: V;
  effectiveFrom: IsoDate;
  source: string;
  example: boolean;
}

export interface ParameterDefinition<K extends ParameterId = ParameterId> {
  id: K;
  unit: ParameterUnit;
  label: string;
  measure: string;
  shape: Shape;
  binding?: Binding;
  /** Why the binding figure is what it is, in Chinese, for refusal messages. */
  bindingText?: string;
  defaults: readonly DatedValue<ParameterValues[K]>[];
}

/**
 * The date from which the platform applies its code defaults. It is the platform's baseline,
 * not the issue date of any document (the measures' exact issue date is not in the text held).
 */
export const PLATFORM_BASELINE: IsoDate = '2021-01-01';

export const EXAMPLE_SOURCE = '示例值，待正式文件录入';
const MEASURES = '《亳州市改革完善社会救助制度的若干措施》';
const NDRC_1553 = '《关于进一步健全社会救助和保障标准与物价上涨挂钩联动机制的通知》（发改价格〔2021〕1553号）';

const example = <V>(value: V, note?: string): DatedValue<V>[] => [{ value, effectiveFrom: PLATFORM_BASELINE, source: note ? `${EXAMPLE_SOURCE}（${note}）` : EXAMPLE_SOURCE, example: true }];
const binding = <V>(value: V, source: string): DatedValue<V>[] => [{ value, effectiveFrom: PLATFORM_BASELINE, source, example: false }];

const degreeShape: Shape = { general: 'int', serious: 'int', severe: 'int' };

type Catalogue = { [K in ParameterId]: ParameterDefinition<K> };

const CATALOGUE: Catalogue = {
  // ── 低保 (五)(十) ──
  'dibao.standard.urban': {
    id: 'dibao.standard.urban',
    unit: 'fen',
    label: '城市最低生活保障标准（每人每月）',
    measure: '(五)',
    shape: 'int',
    defaults: example(80000, '由市政府统一调整发布'),
  },
  'dibao.standard.rural': {
    id: 'dibao.standard.rural',
    unit: 'fen',
    label: '农村最低生活保障标准（每人每月）',
    measure: '(五)',
    shape: 'int',
    defaults: example(70000, '由市政府统一调整发布'),
  },
  'dibao.marginRatio': {
    id: 'dibao.marginRatio',
    unit: 'bp',
    label: '低保边缘家庭认定线（低保标准的倍数）',
    measure: '(五)',
    shape: 'int',
    binding: { atLeast: 10000 },
    bindingText: '低保边缘线不应低于低保标准',
    defaults: example(15000),
  },
  'dibao.lookBackMonths': {
    id: 'dibao.lookBackMonths',
    unit: 'months',
    label: '家庭收入计算期（月数）',
    measure: '(五)',
    shape: 'int',
    binding: { atLeast: 1 },
    bindingText: '收入计算期至少1个月',
    defaults: example(6, '《亳州市最低生活保障对象综合认定办法》规定的计算期'),
  },
  'dibao.incomeExemptions': {
    id: 'dibao.incomeExemptions',
    unit: 'categories',
    label: '不计入家庭收入的项目',
    measure: '(五)',
    shape: { list: Object.keys(INCOME_EXEMPTION_LABELS) },
    defaults: example(['meritPension', 'awards', 'disabilityAllowances', 'familyPlanningReward', 'studentAid', 'medicalReimbursement', 'reliefPayments'] as const),
  },
  'dibao.employmentCostCap': {
    id: 'dibao.employmentCostCap',
    unit: 'fen',
    label: '就业成本扣减上限（每名就业成员每月）',
    measure: '(十)',
    shape: 'int',
    defaults: example(40000),
  },
  'dibao.obligorSupport.retainedRatio': {
    id: 'dibao.obligorSupport.retainedRatio',
    unit: 'bp',
    label: '赡养（扶养、抚养）义务人自留生活费（低保标准的倍数）',
    measure: '(五)',
    shape: 'int',
    defaults: example(20000),
  },
  'dibao.obligorSupport.shareRatio': {
    id: 'dibao.obligorSupport.shareRatio',
    unit: 'bp',
    label: '义务人超出自留部分计入赡养费的比例',
    measure: '(五)',
    shape: 'int',
    binding: { atMost: 10000 },
    bindingText: '计入比例不能超过100%',
    defaults: example(3000),
  },
  'dibao.assets.financialMonths': {
    id: 'dibao.assets.financialMonths',
    unit: 'months',
    label: '人均金融资产上限（相当于低保标准的月数）',
    measure: '(五)',
    shape: 'int',
    defaults: example(24),
  },
  'dibao.assets.maxVehicles': {
    id: 'dibao.assets.maxVehicles',
    unit: 'count',
    label: '可拥有的机动车数量上限（残疾人功能性代步车除外）',
    measure: '(五)',
    shape: 'int',
    defaults: example(0),
  },
  'dibao.assets.maxProperties': {
    id: 'dibao.assets.maxProperties',
    unit: 'count',
    label: '可拥有的住房套数上限',
    measure: '(五)',
    shape: 'int',
    defaults: example(1),
  },
  'dibao.classification.uplift': {
    id: 'dibao.classification.uplift',
    unit: 'bp',
    label: '分类施保加发比例（A类：重度残疾或重病成员；B类：其他无劳动能力成员）',
    measure: '(五)',
    shape: { severeMemberBp: 'int', noLabourMemberBp: 'int' },
    defaults: example({ severeMemberBp: 2000, noLabourMemberBp: 1000 }),
  },
  'dibao.taper.months': {
    id: 'dibao.taper.months',
    unit: 'months',
    label: '就业后收入超标的渐退期',
    measure: '(十)',
    shape: 'int',
    defaults: example(6),
  },
  'dibao.taper.ceilingRatio': {
    id: 'dibao.taper.ceilingRatio',
    unit: 'bp',
    label: '渐退期内人均收入上限（低保标准的倍数）',
    measure: '(十)',
    shape: 'int',
    binding: { atLeast: 10000 },
    bindingText: '渐退上限不应低于低保标准',
    defaults: example(15000),
  },
  // ── 特困 (六) ──
  'tekun.standard.urban': {
    id: 'tekun.standard.urban',
    unit: 'fen',
    label: '城市特困人员基本生活标准（每人每月）',
    measure: '(六)',
    shape: 'int',
    defaults: example(104000, '由市政府统一调整发布，不低于城市低保标准的1.3倍'),
  },
  'tekun.standard.rural': {
    id: 'tekun.standard.rural',
    unit: 'fen',
    label: '农村特困人员基本生活标准（每人每月）',
    measure: '(六)',
    shape: 'int',
    defaults: example(91000, '由市政府统一调整发布，不低于农村低保标准的1.3倍'),
  },
  'tekun.minRatio': {
    id: 'tekun.minRatio',
    unit: 'bp',
    label: '特困供养标准不低于低保标准的倍数',
    measure: '(六)',
    shape: 'int',
    binding: { atLeast: 13000 },
    bindingText: '措施（六）规定特困人员供养标准不低于低保标准的1.3倍',
    defaults: binding(13000, `${MEASURES}（六）`),
  },
  'tekun.minorAgeLimit': {
    id: 'tekun.minorAgeLimit',
    unit: 'years',
    label: '特困供养覆盖的未成年人年龄上限（未满）',
    measure: '(六)',
    shape: 'int',
    binding: { equals: 18 },
    bindingText: '措施（六）将覆盖的未成年人年龄从16周岁延长至18周岁',
    defaults: binding(18, `${MEASURES}（六）`),
  },
  'tekun.studentAgeLimit': {
    id: 'tekun.studentAgeLimit',
    unit: 'years',
    label: '年满18周岁仍在校就读者继续供养的年龄上限（未满）',
    measure: '(六)',
    shape: 'int',
    binding: { atLeast: 18 },
    bindingText: '在校学生继续供养的年龄上限不能低于18周岁',
    defaults: example(22, '民发〔2021〕43号规定在校就读期间继续供养，上限由本平台示例设定'),
  },
  'tekun.careSubsidy': {
    id: 'tekun.careSubsidy',
    unit: 'fen',
    label: '特困人员照料护理补贴（按护理等级，每人每月）',
    measure: '(六)',
    shape: { full: 'int', half: 'int', self: 'int' },
    defaults: example({ full: 50000, half: 25000, self: 0 }, '措施（六）向失能、半失能特困人员发放，自理为0'),
  },
  'tekun.pocketMoney': {
    id: 'tekun.pocketMoney',
    unit: 'fen',
    label: '集中供养特困人员零用钱（每人每月）',
    measure: '(六)',
    shape: 'int',
    defaults: example(5000),
  },
  'tekun.funeralSubsidy': {
    id: 'tekun.funeralSubsidy',
    unit: 'fen',
    label: '特困人员去世火化后丧葬补助（每人）',
    measure: '(六)',
    shape: 'int',
    binding: { equals: 300000 },
    bindingText: '措施（六）规定按每人3000元丧葬费标准予以补助',
    defaults: binding(300000, `${MEASURES}（六）`),
  },
  'tekun.visitIntervalMonths': {
    id: 'tekun.visitIntervalMonths',
    unit: 'months',
    label: '分散供养全护理、半护理对象走访间隔（最长）',
    measure: '(六)',
    shape: 'int',
    binding: { between: [1, 6] },
    bindingText: '措施（六）规定每半年至少走访一次',
    defaults: binding(6, `${MEASURES}（六）`),
  },
  'orphan.standard': {
    id: 'orphan.standard',
    unit: 'fen',
    label: '孤儿（含事实无人抚养儿童）基本生活保障标准（每人每月）',
    measure: '(十二)',
    shape: 'int',
    defaults: example(140000),
  },
  // ── 临时救助 (十三) ──
  'linshi.multiplier.min': {
    id: 'linshi.multiplier.min',
    unit: 'multiple',
    label: '临时救助最低倍数（低保标准的倍数）',
    measure: '(十三)',
    shape: 'int',
    binding: { between: [2, 16] },
    bindingText: '措施（十三）规定临时救助为低保标准的2—16倍',
    defaults: binding(2, `${MEASURES}（十三）`),
  },
  'linshi.multiplier.max': {
    id: 'linshi.multiplier.max',
    unit: 'multiple',
    label: '临时救助最高倍数（超过须“一事一议”）',
    measure: '(十三)',
    shape: 'int',
    binding: { between: [2, 16] },
    bindingText: '措施（十三）规定临时救助为低保标准的2—16倍',
    defaults: binding(16, `${MEASURES}（十三）`),
  },
  'linshi.degreeTable': {
    id: 'linshi.degreeTable',
    unit: 'multiple',
    label: '临时救助倍数表（按类型和困难程度）',
    measure: '(十三)',
    shape: { emergency: degreeShape, expenditure: degreeShape },
    defaults: example({ emergency: { general: 3, serious: 8, severe: 16 }, expenditure: { general: 2, serious: 6, severe: 12 } }),
  },
  'linshi.degreeThresholds': {
    id: 'linshi.degreeThresholds',
    unit: 'multiple',
    label: '困难程度划分（困难金额相当于低保标准的倍数，达到即为该档）',
    measure: '(十三)',
    shape: { seriousFrom: 'int', severeFrom: 'int' },
    defaults: example({ seriousFrom: 6, severeFrom: 16 }),
  },
  'linshi.townshipLimit': {
    id: 'linshi.townshipLimit',
    unit: 'fen',
    label: '乡镇（街道）临时救助审批额度（备用金）',
    measure: '(十三)',
    shape: 'int',
    defaults: example(500000),
  },
  'linshi.emergencyAdvance': {
    id: 'linshi.emergencyAdvance',
    unit: 'fen',
    label: '急难型“小金额先行救助”额度',
    measure: '(十三)',
    shape: 'int',
    defaults: example(100000),
  },
  'linshi.cumulativeWindowMonths': {
    id: 'linshi.cumulativeWindowMonths',
    unit: 'months',
    label: '同一家庭临时救助累计计算期（期内批准金额合计计入2—16倍上限和乡镇审批额度）',
    measure: '(十三)',
    shape: 'int',
    defaults: example(12),
  },
  'linshi.need.lookbackMonths': {
    id: 'linshi.need.lookbackMonths',
    unit: 'months',
    label: '支出型临时救助：家庭可承担部分的计算期（月收入超过低保标准的部分 × 月数）',
    measure: '(十三)',
    shape: 'int',
    defaults: example(3),
  },
  'linshi.reserve.limit': {
    id: 'linshi.reserve.limit',
    unit: 'fen',
    label: '乡镇（街道）临时救助备用金限额（县级拨付后的余额上限）',
    measure: '(十三)',
    shape: 'int',
    defaults: example(10_000_000),
  },
  'linshi.means': {
    id: 'linshi.means',
    unit: 'count',
    label: '支出型临时救助家庭经济状况限额（人均月收入不超过低保标准的倍数（基点）、人均金融资产不超过低保标准的月数、机动车和住房数量）',
    measure: '(十三)',
    shape: { incomeMultipleBp: 'int', financialMonths: 'int', maxVehicles: 'int', maxProperties: 'int' },
    defaults: example({ incomeMultipleBp: 20000, financialMonths: 36, maxVehicles: 1, maxProperties: 1 }),
  },
  // ── 突发事件 (十五) ──
  'emergency.multiplier': {
    id: 'emergency.multiplier',
    unit: 'bp',
    label: '突发公共事件期间保障标准提高倍数（默认）',
    measure: '(十五)',
    shape: 'int',
    binding: { atLeast: 10000 },
    bindingText: '措施（十五）是“适当提高”保障标准，倍数不能低于1',
    defaults: example(12000),
  },
  'emergency.livingSubsidy': {
    id: 'emergency.livingSubsidy',
    unit: 'fen',
    label: '受影响严重地区临时生活补贴（每人每月）',
    measure: '(十五)',
    shape: 'int',
    defaults: example(20000),
  },
  // ── 流浪乞讨 (十四) ──
  'stranded.careDays': {
    id: 'stranded.careDays',
    unit: 'days',
    label: '救助管理机构临时食宿救助期限（延长须写明理由）',
    measure: '(十四)',
    shape: 'int',
    defaults: example(10, '参照《生活无着的流浪乞讨人员救助管理办法实施细则》“救助期限一般不超过10天”，待核实录入'),
  },
  'stranded.tracingNoticeDays': {
    id: 'stranded.tracingNoticeDays',
    unit: 'days',
    label: '无法提供身份信息的受助人员入站后发布寻亲公告的期限',
    measure: '(十四)',
    shape: 'int',
    defaults: example(1),
  },
  'stranded.settlementAfterMonths': {
    id: 'stranded.settlementAfterMonths',
    unit: 'months',
    label: '寻亲无果的长期滞留人员可办理落户安置的滞留期限',
    measure: '(十四)',
    shape: 'int',
    defaults: example(3),
  },
  'stranded.followUpWorkingDays': {
    id: 'stranded.followUpWorkingDays',
    unit: 'workingDays',
    label: '返乡人员户籍地乡镇（街道）回访帮扶期限',
    measure: '(十四)',
    shape: 'int',
    defaults: example(10),
  },
  // ── 物价联动 (五)(十五) ──
  'priceLinkage.cpiTrigger': {
    id: 'priceLinkage.cpiTrigger',
    unit: 'bp',
    label: '启动联动机制的CPI单月同比涨幅',
    measure: '(五)',
    shape: 'int',
    binding: { atMost: 350 },
    bindingText: '发改价格〔2021〕1553号规定CPI单月同比涨幅达到3.5%即启动',
    defaults: binding(350, NDRC_1553),
  },
  'priceLinkage.foodCpiTrigger': {
    id: 'priceLinkage.foodCpiTrigger',
    unit: 'bp',
    label: '启动联动机制的食品价格单月同比涨幅',
    measure: '(五)',
    shape: 'int',
    binding: { atMost: 600 },
    bindingText: '发改价格〔2021〕1553号规定食品价格单月同比涨幅达到6%即启动',
    defaults: binding(600, NDRC_1553),
  },
  'priceLinkage.subsidyRatio': {
    id: 'priceLinkage.subsidyRatio',
    unit: 'bp',
    label: '价格临时补贴计算系数（补贴 = 低保标准 × CPI涨幅 × 系数）',
    measure: '(五)',
    shape: 'int',
    defaults: example(10000, '计算办法以发改价格〔2021〕1553号及省市文件为准'),
  },
  // ── 社工 (十七) ──
  'socialWorker.allowance.assistant': {
    id: 'socialWorker.allowance.assistant',
    unit: 'fen',
    label: '助理社会工作师专业职称补贴（每人每月）',
    measure: '(十七)',
    shape: 'int',
    binding: { equals: 20000 },
    bindingText: '措施（十七）规定助理社会工作师每人每月补贴200元',
    defaults: binding(20000, `${MEASURES}（十七）`),
  },
  'socialWorker.allowance.intermediate': {
    id: 'socialWorker.allowance.intermediate',
    unit: 'fen',
    label: '中级及以上社会工作师专业职称补贴（每人每月）',
    measure: '(十七)',
    shape: 'int',
    binding: { equals: 40000 },
    bindingText: '措施（十七）规定中级社会工作师及以上每人每月补贴400元',
    defaults: binding(40000, `${MEASURES}（十七）`),
  },
  // ── 购买服务 (十八) ──
  'purchase.budgetShare': {
    id: 'purchase.budgetShare',
    unit: 'bp',
    label: '县级购买社会救助服务经费占当年社会救助资金总额的比例',
    measure: '(十八)',
    shape: 'int',
    binding: { equals: 100 },
    bindingText: '措施（十八）规定额度为当年社会救助资金总额的1%',
    defaults: binding(100, `${MEASURES}（十八）`),
  },
  // ── 政策模拟 (五)：陡坡效应 (shared/simulation) ──
  'simulation.cliffDrop': {
    id: 'simulation.cliffDrop',
    unit: 'fen',
    label: '陡坡效应判定：家庭收入每增加1元，救助合计减少超过此数即为“陡坡”',
    measure: '(五)',
    shape: 'int',
    defaults: example(5000, '平台示例：50元'),
  },
  'simulation.cliffReach': {
    id: 'simulation.cliffReach',
    unit: 'fen',
    label: '陡坡效应：收入在陡坡以下此数以内的在保家庭计为“临近陡坡”',
    measure: '(五)',
    shape: 'int',
    defaults: example(20000, '平台示例：200元'),
  },
  // ── 受灾 (十一) ──
  'disasterReserve.minimum': {
    id: 'disasterReserve.minimum',
    unit: 'fen',
    label: '市、县级生活类救灾物资储存金额下限',
    measure: '(十一)',
    shape: 'int',
    binding: { atLeast: 20000000 },
    bindingText: '措施（十一）规定储存金额不低于20万元',
    defaults: binding(20000000, `${MEASURES}（十一）`),
  },
  // ── 程序 (二十) ──
  'approval.workingDays': {
    id: 'approval.workingDays',
    unit: 'workingDays',
    label: '低保、特困审核确认办理时限',
    measure: '(二十)',
    shape: 'int',
    binding: { between: [1, 20] },
    bindingText: '措施（二十）规定办理时限压缩到20个工作日内',
    defaults: binding(20, `${MEASURES}（二十）`),
  },
  // 一门受理 (十九): an application submitted and never accepted must not escape the clock of (二十), which runs from 受理.
  'acceptance.workingDays': {
    id: 'acceptance.workingDays',
    unit: 'workingDays',
    label: '申请提交后受理（或退回补正）的时限',
    measure: '(十九)(二十)',
    shape: 'int',
    defaults: example(5, '本平台设定：提交后5个工作日内受理或一次性告知补正，待市民政局确定'),
  },
  'supervision.atRiskWorkingDays': {
    id: 'supervision.atRiskWorkingDays',
    unit: 'workingDays',
    label: '督办提示“即将到期”的提前量（距办结期限的工作日数）',
    measure: '(二十三)',
    shape: 'int',
    defaults: example(3, '本平台设定：办结期限前3个工作日起列入督办提示'),
  },
  // ── 政策找人: low-income monitoring alerts (十九)(二十三); shared/monitoring ──
  'monitoring.visitWorkingDays': {
    id: 'monitoring.visitWorkingDays',
    unit: 'workingDays',
    label: '预警推送后乡镇（街道）入户走访核实的期限（工作日）',
    measure: '(十九)',
    shape: 'int',
    binding: { atLeast: 1 },
    bindingText: '走访期限至少1个工作日',
    defaults: example(10),
  },
  'monitoring.medical.selfPayMinFen': {
    id: 'monitoring.medical.selfPayMinFen',
    unit: 'fen',
    label: '医保预警：近12个月个人自付医疗费用的起点金额',
    measure: '(十三)',
    shape: 'int',
    defaults: example(1_000_000),
  },
  'monitoring.medical.incomeShareBp': {
    id: 'monitoring.medical.incomeShareBp',
    unit: 'bp',
    label: '医保预警：个人自付医疗费用占家庭年收入的比例',
    measure: '(十三)',
    shape: 'int',
    defaults: example(4000),
  },
  'monitoring.disaster.lossMinFen': {
    id: 'monitoring.disaster.lossMinFen',
    unit: 'fen',
    label: '应急预警：家庭受灾损失的起点金额',
    measure: '(十三)(十五)',
    shape: 'int',
    defaults: example(500_000),
  },
  'monitoring.feedRetentionMonths': {
    id: 'monitoring.feedRetentionMonths',
    unit: 'months',
    label: '部门推送数据中个人信息的保存期限（月）',
    measure: '(二十三)',
    shape: 'int',
    binding: { atLeast: 1 },
    bindingText: '保存期限至少1个月',
    defaults: example(36),
  },
  'tickets.answerWorkingDays': {
    id: 'tickets.answerWorkingDays',
    unit: 'workingDays',
    label: '12345热线社会救助工单的答复期限（工作日）',
    measure: '(十九)',
    shape: 'int',
    binding: { atLeast: 1 },
    bindingText: '答复期限至少1个工作日',
    defaults: example(5),
  },
  'civil.adultAge': {
    id: 'civil.adultAge',
    unit: 'years',
    label: '成年年龄（家庭中年满此年龄的成员须本人授权经济状况核对）',
    measure: '(二十)',
    shape: 'int',
    binding: { equals: 18 },
    bindingText: '《中华人民共和国民法典》第十七条规定十八周岁以上的自然人为成年人',
    defaults: binding(18, '《中华人民共和国民法典》第十七条'),
  },
  'publicity.days': {
    id: 'publicity.days',
    unit: 'days',
    label: '审核确认前公示期（自然日）',
    measure: '(二十)',
    shape: 'int',
    binding: { atLeast: 1 },
    bindingText: '公示期至少1天',
    defaults: example(7),
  },
  // ── 人员配备 (二十二) ──
  'staffing.populationThreshold': {
    id: 'staffing.populationThreshold',
    unit: 'people',
    label: '乡镇（街道）民政人员配备的人口分界',
    measure: '(二十二)',
    shape: 'int',
    binding: { equals: 30000 },
    bindingText: '措施（二十二）以3万人为分界',
    defaults: binding(30000, `${MEASURES}（二十二）`),
  },
  'staffing.belowThreshold': {
    id: 'staffing.belowThreshold',
    unit: 'people',
    label: '3万人以下乡镇（街道）民政人员最低配备',
    measure: '(二十二)',
    shape: { established: 'int', other: 'int' },
    defaults: binding({ established: 1, other: 2 }, `${MEASURES}（二十二）`),
  },
  'staffing.atOrAboveThreshold': {
    id: 'staffing.atOrAboveThreshold',
    unit: 'people',
    label: '3万人以上乡镇（街道）民政人员最低配备',
    measure: '(二十二)',
    shape: { established: 'int', other: 'int' },
    defaults: binding({ established: 2, other: 3 }, `${MEASURES}（二十二）`),
  },
};

/** Staffing tables are binding as a whole: no fewer staff than the measure lists. */
const STAFFING_MINIMUMS: Partial<Record<ParameterId, { established: number; other: number }>> = {
  'staffing.belowThreshold': { established: 1, other: 2 },
  'staffing.atOrAboveThreshold': { established: 2, other: 3 },
};

export const PARAMETER_IDS = Object.keys(CATALOGUE) as ParameterId[];

export function isParameterId(id: string): id is ParameterId {
  return Object.hasOwn(CATALOGUE, id);
}

export function parameterDefinition<K extends ParameterId>(id: K): ParameterDefinition<K> {
  return CATALOGUE[id] as ParameterDefinition<K>;
}

export function parameterCatalogue(): ParameterDefinition[] {
  return PARAMETER_IDS.map((id) => CATALOGUE[id] as ParameterDefinition);
}

// ─────────────────────────────── values in force ───────────────────────────────

/** A value the admin has published (already accepted by checkPublication). */
export interface PublishedValue {
  id: string;
  value: unknown;
  unit: string;
  effectiveFrom: IsoDate;
  source: string;
  example?: boolean;
  /** Version label recorded in traces and ledgers; defaults to `published:<effectiveFrom>`. */
  version?: string;
  /** The simulation (shared/simulation) the admin followed before publishing, if any. */
  simulation?: string;
}

export interface ParameterInForce<K extends ParameterId = ParameterId> {
  id: K;
  value: ParameterValues[K];
  unit: ParameterUnit;
  effectiveFrom: IsoDate;
  source: string;
  example: boolean;
  /** `default:<effectiveFrom>` for code defaults, the published version otherwise. */
  version: string;
  /** The policy simulation the admin followed before publishing this value (its city-level effect is public). */
  simulation?: string;
}

export interface Standards {
  date: IsoDate;
  parameters: ParameterInForce[];
}

function inForce<K extends ParameterId>(id: K, date: IsoDate, published: readonly PublishedValue[]): ParameterInForce<K> | undefined {
  const def = parameterDefinition(id);
  let best: ParameterInForce<K> | undefined;
  const consider = (candidate: ParameterInForce<K>): void => {
    // Later effectiveFrom wins; on the same date a publication supersedes the default and a
    // later publication (later in the list) supersedes an earlier one.
    if (candidate.effectiveFrom <= date && (!best || candidate.effectiveFrom >= best.effectiveFrom)) best = candidate;
  };
  for (const d of def.defaults) {
    consider({ id, value: d.value, unit: def.unit, effectiveFrom: d.effectiveFrom, source: d.source, example: d.example, version: `default:${d.effectiveFrom}` });
  }
  for (const p of published) {
    if (p.id !== id) continue;
    consider({
      id,
      value: p.value as ParameterValues[K],
      unit: def.unit,
      effectiveFrom: p.effectiveFrom,
      source: p.source,
      example: p.example ?? false,
      version: p.version ?? `published:${p.effectiveFrom}`,
      ...(p.simulation ? { simulation: p.simulation } : {}),
    });
  }
  return best;
}

/** Every parameter in force on `date`: published values override code defaults from their effectiveFrom. */
export function parametersInForce(date: IsoDate, published: readonly PublishedValue[] = []): Standards {
  if (!isIsoDate(date)) throw new RangeError(`不是有效日期：${date}`);
  const parameters: ParameterInForce[] = [];
  for (const id of PARAMETER_IDS) {
    const p = inForce(id, date, published);
    if (p) parameters.push(p as ParameterInForce);
  }
  return { date, parameters };
}

export class ParameterNotInForceError extends Error {
  readonly code = 'PARAMETER_NOT_IN_FORCE';
  readonly parameterId: string;
  constructor(id: string, date: IsoDate) {
    super(`参数 ${id} 在 ${date} 没有有效值`);
    this.name = 'ParameterNotInForceError';
    this.parameterId = id;
  }
}

/**
 * A figure fixed by law or the measures (`binding: { equals }`), which no publication can change, so its
 * code default is the value in force: read without loading the published values.
 */
export function bindingValue<K extends ParameterId>(id: K, date: IsoDate): ParameterValues[K] {
  const def = parameterDefinition(id);
  if (!def.binding || !('equals' in def.binding)) throw new Error(`${id} can be published; read it from the ParameterSet`);
  const p = inForce(id, date, []);
  if (!p) throw new ParameterNotInForceError(id, date);
  return p.value;
}

/** What the rules read parameters through. `get` returns the value with what a trace needs. */
export interface ParameterSet {
  readonly date: IsoDate;
  get<K extends ParameterId>(id: K): ParameterInForce<K>;
  value<K extends ParameterId>(id: K): ParameterValues[K];
}

export function parameterSet(date: IsoDate, published: readonly PublishedValue[] = []): ParameterSet {
  const { parameters } = parametersInForce(date, published);
  const byId = new Map<string, ParameterInForce>(parameters.map((p) => [p.id, p]));
  const get = <K extends ParameterId>(id: K): ParameterInForce<K> => {
    const p = byId.get(id);
    if (!p) throw new ParameterNotInForceError(id, date);
    return p as unknown as ParameterInForce<K>;
  };
  return { date, get, value: (id) => get(id).value };
}

/** Wraps a ParameterSet and remembers which parameters were read, for the ledger and the trace. */
export function recordingParameterSet(inner: ParameterSet): { params: ParameterSet; used: () => ParameterInForce[] } {
  const used = new Map<string, ParameterInForce>();
  const get = <K extends ParameterId>(id: K): ParameterInForce<K> => {
    const p = inner.get(id);
    used.set(id, p as unknown as ParameterInForce);
    return p;
  };
  return { params: { date: inner.date, get, value: (id) => get(id).value }, used: () => [...used.values()] };
}

// ─────────────────────────────── publication checks ───────────────────────────────

export type ViolationCode =
  | 'UNKNOWN_PARAMETER'
  | 'WRONG_UNIT'
  | 'INVALID_VALUE'
  | 'NEGATIVE_VALUE'
  | 'INVALID_DATE'
  | 'RETROACTIVE'
  | 'MISSING_SOURCE'
  | 'BINDING_FIGURE'
  | 'TEKUN_BELOW_RATIO'
  | 'LINSHI_MULTIPLIER_RANGE';

export interface Violation {
  code: ViolationCode;
  measure: string;
  message: string;
  field: string;
}

function checkShape(value: unknown, shape: Shape, field: string, measure: string, out: Violation[]): void {
  if (shape === 'int') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      out.push({ code: 'INVALID_VALUE', measure, field, message: `${field} 必须是整数（金额以分、比例以基点计）` });
    } else if (value < 0) {
      out.push({ code: 'NEGATIVE_VALUE', measure, field, message: `${field} 不能为负数` });
    }
    return;
  }
  if ('list' in shape && Array.isArray(shape.list)) {
    const allowed = shape.list as readonly string[];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !allowed.includes(v)) || new Set(value).size !== value.length) {
      out.push({ code: 'INVALID_VALUE', measure, field, message: `${field} 必须是不重复的类别代码列表，可选：${allowed.join('、')}` });
    }
    return;
  }
  const table = shape as { readonly [key: string]: Shape };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.push({ code: 'INVALID_VALUE', measure, field, message: `${field} 必须是包含 ${Object.keys(table).join('、')} 的对象` });
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(table, key)) out.push({ code: 'INVALID_VALUE', measure, field: `${field}.${key}`, message: `${field} 不应包含 ${key}` });
  }
  for (const [key, sub] of Object.entries(table)) {
    if (!Object.hasOwn(record, key)) out.push({ code: 'INVALID_VALUE', measure, field: `${field}.${key}`, message: `缺少 ${field}.${key}` });
    else checkShape(record[key], sub, `${field}.${key}`, measure, out);
  }
}

function checkBinding(def: ParameterDefinition, value: number, out: Violation[]): void {
  const b = def.binding;
  if (!b) return;
  const ok = 'equals' in b ? value === b.equals : 'atLeast' in b ? value >= b.atLeast : 'atMost' in b ? value <= b.atMost : value >= b.between[0] && value <= b.between[1];
  if (!ok) {
    out.push({ code: 'BINDING_FIGURE', measure: def.measure, field: 'value', message: `${def.label}不符合规定：${def.bindingText ?? ''}` });
  }
}

const fenText = (fen: number): string => formatYuan(fen);

/** Dates on which anything relevant may change, from `from` on. */
function changeDates(from: IsoDate, published: readonly PublishedValue[], ids: readonly ParameterId[]): IsoDate[] {
  const dates = new Set<IsoDate>([from]);
  for (const id of ids) {
    for (const d of parameterDefinition(id).defaults) if (d.effectiveFrom > from) dates.add(d.effectiveFrom);
  }
  for (const p of published) if ((ids as readonly string[]).includes(p.id) && p.effectiveFrom > from) dates.add(p.effectiveFrom);
  return [...dates].sort();
}

const TEKUN_IDS = ['tekun.minRatio', 'dibao.standard.urban', 'dibao.standard.rural', 'tekun.standard.urban', 'tekun.standard.rural'] as const satisfies readonly ParameterId[];
const LINSHI_IDS = ['linshi.multiplier.min', 'linshi.multiplier.max', 'linshi.degreeTable'] as const satisfies readonly ParameterId[];

function checkTekunRatio(date: IsoDate, all: readonly PublishedValue[], out: Violation[]): void {
  const ratio = inForce('tekun.minRatio', date, all)?.value;
  if (ratio === undefined) return;
  for (const side of ['urban', 'rural'] as const) {
    const dibao = inForce(`dibao.standard.${side}`, date, all)?.value;
    const tekun = inForce(`tekun.standard.${side}`, date, all)?.value;
    if (dibao === undefined || tekun === undefined) continue;
    if (!isAtLeastRatio(tekun, dibao, ratio)) {
      const sideText = side === 'urban' ? '城市' : '农村';
      out.push({
        code: 'TEKUN_BELOW_RATIO',
        measure: '(六)',
        field: `tekun.standard.${side}`,
        message: `自${date}起，${sideText}特困人员供养标准${fenText(tekun)}将低于${sideText}低保标准${fenText(dibao)}的${ratio / 10000}倍，不符合措施（六）；请同时调整特困供养标准`,
      });
    }
  }
}

function checkLinshiTable(date: IsoDate, all: readonly PublishedValue[], out: Violation[]): void {
  const min = inForce('linshi.multiplier.min', date, all)?.value;
  const max = inForce('linshi.multiplier.max', date, all)?.value;
  const table = inForce('linshi.degreeTable', date, all)?.value;
  if (min === undefined || max === undefined) return;
  if (min > max) {
    out.push({ code: 'LINSHI_MULTIPLIER_RANGE', measure: '(十三)', field: 'linshi.multiplier.min', message: `自${date}起，临时救助最低倍数${min}将高于最高倍数${max}` });
  }
  if (!table) return;
  for (const kind of ['emergency', 'expenditure'] as const) {
    for (const degree of ['general', 'serious', 'severe'] as const) {
      const m = table[kind][degree];
      if (m < min || m > max) {
        out.push({
          code: 'LINSHI_MULTIPLIER_RANGE',
          measure: '(十三)',
          field: `linshi.degreeTable.${kind}.${degree}`,
          message: `自${date}起，临时救助倍数表中的${m}倍不在${min}—${max}倍之间，不符合措施（十三）；超过16倍只能“一事一议”`,
        });
      }
    }
  }
}

/**
 * Checks a value the admin wants to publish. Returns every violation (empty = acceptable).
 * Rules are checked both ways: the candidate is merged with what is published and the joint
 * rules (特困 ≥ 1.3 × 低保, 临时救助 table within 2–16) are checked at every date from the
 * candidate's effectiveFrom on where anything relevant changes. `date`, when given, is the
 * publication date: values may not take effect before it (past values stay as they were).
 */
export function checkPublication(candidate: PublishedValue, published: readonly PublishedValue[] = [], date?: IsoDate): Violation[] {
  const out: Violation[] = [];
  if (!isParameterId(candidate.id)) {
    return [{ code: 'UNKNOWN_PARAMETER', measure: '', field: 'id', message: `没有名为 ${String(candidate.id)} 的参数` }];
  }
  const def = parameterDefinition(candidate.id) as ParameterDefinition;
  if (candidate.unit !== def.unit) {
    out.push({ code: 'WRONG_UNIT', measure: def.measure, field: 'unit', message: `${def.label}的单位应为 ${def.unit}，而不是 ${String(candidate.unit)}` });
  }
  if (!isIsoDate(candidate.effectiveFrom)) {
    out.push({ code: 'INVALID_DATE', measure: def.measure, field: 'effectiveFrom', message: '生效日期应为 YYYY-MM-DD 格式的有效日期' });
  } else if (date !== undefined && candidate.effectiveFrom < date) {
    out.push({ code: 'RETROACTIVE', measure: def.measure, field: 'effectiveFrom', message: `生效日期${candidate.effectiveFrom}早于发布日期${date}；已生效的历史值不可更改` });
  }
  if (typeof candidate.source !== 'string' || candidate.source.trim().length === 0) {
    out.push({ code: 'MISSING_SOURCE', measure: def.measure, field: 'source', message: '必须注明来源文件（文号）' });
  }
  const shapeErrors: Violation[] = [];
  checkShape(candidate.value, def.shape, 'value', def.measure, shapeErrors);
  out.push(...shapeErrors);
  if (shapeErrors.length === 0) {
    if (typeof candidate.value === 'number') checkBinding(def, candidate.value, out);
    const minimum = STAFFING_MINIMUMS[def.id];
    if (minimum) {
      const v = candidate.value as { established: number; other: number };
      if (v.established < minimum.established || v.other < minimum.other) {
        out.push({ code: 'BINDING_FIGURE', measure: def.measure, field: 'value', message: `${def.label}不得少于编制内${minimum.established}人、其他专职${minimum.other}人` });
      }
    }
    if (def.id === 'linshi.degreeThresholds') {
      const v = candidate.value as ParameterValues['linshi.degreeThresholds'];
      if (v.seriousFrom >= v.severeFrom) {
        out.push({ code: 'INVALID_VALUE', measure: def.measure, field: 'value.severeFrom', message: '“严重”档的起点必须高于“较重”档' });
      }
    }
  }
  if (out.length > 0) return out;

  // Both ways: the joint rules hold at every date from effectiveFrom on.
  const all = [...published, candidate];
  const joint: [readonly ParameterId[], (d: IsoDate, a: readonly PublishedValue[], o: Violation[]) => void][] = [
    [TEKUN_IDS, checkTekunRatio],
    [LINSHI_IDS, checkLinshiTable],
  ];
  for (const [ids, check] of joint) {
    if (!(ids as readonly string[]).includes(candidate.id)) continue;
    const seen = new Set<string>();
    for (const d of changeDates(candidate.effectiveFrom, all, ids)) {
      const found: Violation[] = [];
      check(d, all, found);
      for (const v of found) {
        if (seen.has(v.field)) continue; // report each field once, at its first failing date
        seen.add(v.field);
        out.push(v);
      }
    }
  }
  return out;
}
