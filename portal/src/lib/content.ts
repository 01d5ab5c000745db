/**
 * The portal's content, built once from the measures at build time.
 *
 * `loadPolicy(text)` is the only way pages get policy content: it runs `parseMeasures` (which refuses
 * text that fails the content-integrity check, naming line, column and fragment) and then checks that
 * every sentence the guides quote from a measure is really in that measure, so a guide cannot drift
 * from the text it cites. Any failure throws and fails the Astro build.
 */
import { parseMeasures, type Measure, type Measures } from '../../../shared/policy/measures.ts';

export { ContentIntegrityError } from '../../../shared/policy/content-integrity.ts';

export const SITE_NAME = '亳州市社会救助服务平台';
export const HOTLINE = '12345';

/** Assistance types, as in the API contract (DESIGN.md "Wire shapes"). */
export type AssistanceType =
  | 'dibao' | 'tekun' | 'linshi' | 'medical' | 'education' | 'housing' | 'employment'
  | 'disaster' | 'legalAid' | 'funeral' | 'disability' | 'child' | 'vagrant' | 'emergency';

export const ASSISTANCE_NAMES: Record<AssistanceType, string> = {
  dibao: '最低生活保障（低保）',
  tekun: '特困人员救助供养',
  linshi: '临时救助',
  medical: '医疗救助',
  education: '教育救助',
  housing: '住房救助',
  employment: '就业救助',
  disaster: '受灾人员救助',
  legalAid: '法律援助',
  funeral: '惠民殡葬',
  disability: '残疾人两项补贴',
  child: '困境儿童保障',
  vagrant: '生活无着流浪乞讨人员救助',
  emergency: '重大疫情等突发公共事件急难救助',
};

/** Which assistance each measure governs (a static map; measures not listed govern none directly). */
export const MEASURE_SERVICES: Readonly<Record<number, readonly AssistanceType[]>> = {
  2: ['dibao', 'tekun', 'linshi', 'disaster'],
  4: ['dibao'],
  5: ['dibao'],
  6: ['tekun'],
  7: ['medical'],
  8: ['education'],
  9: ['housing'],
  10: ['employment', 'dibao'],
  11: ['disaster'],
  12: ['legalAid', 'funeral', 'disability', 'child'],
  13: ['linshi'],
  14: ['vagrant'],
  15: ['emergency', 'dibao', 'linshi'],
  19: ['dibao', 'tekun', 'linshi'],
  20: ['dibao', 'tekun'],
};

export interface HelpItem {
  type: AssistanceType;
  /** One plain sentence for residents. */
  summary: string;
  measure: number;
}
export interface HelpGroup {
  name: string;
  intro: string;
  items: HelpItem[];
}

/** The assistance on offer, grouped as measures (一) and (二) group it. */
export const HELP_GROUPS: readonly HelpGroup[] = [
  {
    name: '基本生活救助',
    intro: '基本生活有困难的，按规定给予最低生活保障或特困人员救助供养。',
    items: [
      { type: 'dibao', measure: 5, summary: '家庭收入低、基本生活有困难的家庭，按规定给予最低生活保障。' },
      { type: 'tekun', measure: 6, summary: '没有劳动能力、没有生活来源、也没有人能赡养抚养的老年人、残疾人和未满18周岁的孩子，由政府供养。' },
    ],
  },
  {
    name: '专项社会救助',
    intro: '看病、上学、住房、就业等方面有困难的，按规定给予相应的帮助。',
    items: [
      { type: 'medical', measure: 7, summary: '看病负担重的困难群众，资助参加医保并直接救助；急危重症“先诊疗后付费”。' },
      { type: 'education', measure: 8, summary: '家庭困难的孩子，从幼儿园到大学，按规定给予资助。' },
      { type: 'housing', measure: 9, summary: '住房困难的低保、特困等家庭，可以配租公租房、领租赁补贴，农村危房给予改造。' },
      { type: 'employment', measure: 10, summary: '找工作困难的，免费提供就业服务，公益性岗位托底安置。' },
      { type: 'disaster', measure: 11, summary: '遭遇自然灾害、基本生活受到严重影响的，给予受灾人员救助。' },
    ],
  },
  {
    name: '急难社会救助',
    intro: '突然遇到意外、急病、灾难，生活一时过不去的，及时给予帮助。',
    items: [
      { type: 'linshi', measure: 13, summary: '突然遇到急事难事，或看病等必需支出太大导致生活困难的，给予临时救助；急难情况可以先救助、后补手续。' },
      { type: 'vagrant', measure: 14, summary: '流落街头、走失、外出务工没着落、遭受家庭暴力等离家在外遇到困难的人，给予救助。' },
      { type: 'emergency', measure: 15, summary: '遇到重大疫情等突发事件时，及时把生活困难的群众纳入救助。' },
    ],
  },
  {
    name: '其他救助帮扶',
    intro: '法律援助、殡葬、残疾人和困境儿童等方面的帮扶。',
    items: [
      { type: 'legalAid', measure: 12, summary: '符合条件的困难群众可以得到免费的法律援助。' },
      { type: 'funeral', measure: 12, summary: '本市户籍和经常居住的居民，遗体接运、暂存、火化和骨灰寄存4项基本殡葬服务费用全免。' },
      { type: 'disability', measure: 12, summary: '符合条件的残疾人享受困难残疾人生活补贴和重度残疾人护理补贴。' },
      { type: 'child', measure: 12, summary: '事实无人抚养的儿童，参照孤儿保障标准给予保障。' },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// 办事指南 (guides) for the three services residents apply for at the township window.

export type GuideType = 'dibao' | 'tekun' | 'linshi';
export const GUIDE_TYPES: readonly GuideType[] = ['dibao', 'tekun', 'linshi'];

export interface Basis {
  measure: number;
  /** Words that must appear verbatim in that measure's text (checked at build time). */
  quote: string;
  /** What this part of the measure means for the resident. */
  note: string;
}

export interface Step {
  name: string;
  detail: string;
  /** Only when there is doubt (民主评议). */
  conditional?: boolean;
}

export interface Guide {
  type: GuideType;
  name: string;
  short: string;
  lead: string;
  who: string[];
  /** What the resident gets (only what the measures say). */
  benefits: string[];
  bring: string[];
  notNeeded: string[];
  steps: Step[];
  timeLimit: string;
  basis: Basis[];
}

const COMMON_BRING = [
  '申请书：在窗口填写。写字不方便的，可以请窗口工作人员或村（社区）社会救助协理员帮您填。',
  '家庭经济状况核对授权书：共同生活的家庭成员中，每一位成年人都要签字，同意政府查询家庭的收入和财产情况。',
];
const COMMON_NOT_NEEDED = [
  '身份证、户口簿等信息，以及其他能在政务服务平台上查到的证明材料，都不需要您开证明或交复印件，由工作人员自己查询（措施（二十））。',
  '如果还需要政府查不到的材料，可以请窗口工作人员一次说清楚需要什么。',
];
const STANDARD_STEPS: Step[] = [
  { name: '申请', detail: '到户籍所在地乡镇（街道）为民服务中心的社会救助窗口提出申请。行动不便的，可以请村（社区）社会救助协理员帮您申请。' },
  { name: '受理', detail: '窗口收下您的申请。办理时间从受理这一天开始计算。' },
  { name: '核对', detail: '经您和家人授权，核对机构查询家庭的收入和财产情况。' },
  { name: '入户调查', detail: '工作人员到您家里了解实际生活情况。' },
  { name: '民主评议', detail: '只有核对或入户调查有疑义时才进行；没有疑义的，可以不进行民主评议。', conditional: true },
  { name: '公示', detail: '结果在村（社区）公示，接受大家监督。对公示有意见的，可以提出。' },
  { name: '审核确认', detail: '乡镇人民政府（街道办事处）作出决定，并告诉您结果。' },
];

export const GUIDES: Readonly<Record<GuideType, Guide>> = {
  dibao: {
    type: 'dibao',
    name: '最低生活保障（低保）',
    short: '低保',
    lead: '家庭收入低、基本生活有困难的，可以申请低保。',
    who: [
      '共同生活的家庭成员人均收入低于本地低保标准，家庭财产也符合规定的家庭。具体按照《亳州市最低生活保障对象综合认定办法》认定。',
      '低收入家庭中的重度残疾人、重病患者，可以按“单人户”单独纳入低保。',
      '持有居住证的，本市正在推进在居住地申办低保，可以到居住地的窗口咨询。',
    ],
    benefits: [
      '低保标准由市政府统一调整、发布。具体数额以市政府发布的为准，可以拨打12345咨询。',
      '物价上涨较多时，按规定发放价格临时补贴。',
      '已经就业的低保对象，计算家庭收入时会扣除必要的就业成本；收入超过低保标准后，还有一段渐退期，不会马上停发。',
      '低保家庭每年会被核查：C类低保家庭每年第二季度核查一次，所有低保家庭每年第四季度核查一次。',
    ],
    bring: COMMON_BRING,
    notNeeded: COMMON_NOT_NEEDED,
    steps: STANDARD_STEPS,
    timeLimit: '从受理之日起，20个工作日内办结。',
    basis: [
      { measure: 5, quote: '按照《亳州市最低生活保障对象综合认定办法》开展低保认定', note: '谁可以享受低保，按综合认定办法认定。' },
      { measure: 5, quote: '采取“单人户”纳入低保等措施予以保障', note: '重度残疾人、重病患者可以单人户纳入。' },
      { measure: 5, quote: '最低生活保障标准由市政府统一调整发布', note: '低保标准由市政府发布。' },
      { measure: 5, quote: '每年第二季度对C类低保家庭开展一次核查,第四季度对所有低保家庭开展一次核查', note: '每年的核查。' },
      { measure: 4, quote: '推进持有居住证人员在居住地申办低保等社会救助', note: '持居住证可以在居住地申办。' },
      { measure: 10, quote: '给予一定时间的渐退期', note: '就业后的渐退期。' },
      { measure: 19, quote: '设立“一门受理、协同办理”社会救助综合服务窗口', note: '在乡镇（街道）为民服务中心一个窗口申请。' },
      { measure: 20, quote: '将低保、特困办理时限压缩到20个工作日内', note: '20个工作日内办结。' },
      { measure: 20, quote: '对经济状况核对和入户调查无疑义的救助申请家庭,可不进行民主评议', note: '没有疑义的不做民主评议。' },
      { measure: 20, quote: '取消可以通过政务服务平台查询的相关证明材料', note: '能查到的证明不用您提供。' },
    ],
  },
  tekun: {
    type: 'tekun',
    name: '特困人员救助供养',
    short: '特困供养',
    lead: '没有劳动能力、没有生活来源、也没有人能赡养抚养的老年人、残疾人和孩子，由政府供养。',
    who: [
      '同时符合以下情况的老年人、残疾人，以及未满18周岁的未成年人：没有劳动能力；没有生活来源；没有法定赡养、抚养、扶养义务人，或者义务人没有能力履行义务。',
      '未成年人的年龄，本市已从未满16周岁延长到未满18周岁。',
    ],
    benefits: [
      '供养标准原则上不低于低保标准的1.3倍，由市政府统一调整发布。',
      '失能、半失能的，发放照料护理补贴；政府为全体特困人员购买住院护理保险。',
      '可以在家分散供养（签订委托照料协议），也可以到敬老院等机构集中供养（签订集中供养协议）；集中供养的，发放零用钱。',
      '在家分散供养、需要全护理或半护理的，工作人员每半年至少上门走访一次。',
      '特困人员去世火化后，按每人3000元的标准给予丧葬费补助。',
    ],
    bring: COMMON_BRING,
    notNeeded: COMMON_NOT_NEEDED,
    steps: STANDARD_STEPS,
    timeLimit: '从受理之日起，20个工作日内办结。',
    basis: [
      { measure: 6, quote: '将特困救助供养覆盖的未成年人年龄从16周岁延长至18周岁', note: '未成年人延长到未满18周岁。' },
      { measure: 6, quote: '特困人员供养标准原则上不低于最低生活保障标准的1.3倍', note: '供养标准不低于低保标准的1.3倍。' },
      { measure: 6, quote: '向失能、半失能特困人员发放照料护理补贴,为全体特困人员购买住院护理保险', note: '护理补贴和住院护理保险。' },
      { measure: 6, quote: '对分散供养的全护理、半护理对象每半年至少开展一次走访', note: '每半年至少走访一次。' },
      { measure: 6, quote: '按每人3000元丧葬费标准予以补助', note: '丧葬费补助3000元。' },
      { measure: 19, quote: '设立“一门受理、协同办理”社会救助综合服务窗口', note: '在乡镇（街道）为民服务中心一个窗口申请。' },
      { measure: 20, quote: '将低保、特困办理时限压缩到20个工作日内', note: '20个工作日内办结。' },
      { measure: 20, quote: '取消可以通过政务服务平台查询的相关证明材料', note: '能查到的证明不用您提供。' },
    ],
  },
  linshi: {
    type: 'linshi',
    name: '临时救助',
    short: '临时救助',
    lead: '突然遇到急事难事，生活一时过不去的，可以申请临时救助。',
    who: [
      '急难型：遭遇火灾、交通事故、突发重病等突发性、紧迫性、临时性事故，或受传染病疫情等突发事件影响，基本生活一时陷入困难的。',
      '支出型：因看病、上学等必需的大额支出，超出家庭承受能力，导致基本生活困难的。',
    ],
    benefits: [
      '救助金额与低保标准挂钩：按困难类型和程度，给予低保标准的2至16倍。',
      '遇到重大生活困难的，可以“一事一议”，适当提高救助金额。',
      '可以“一次审批、分阶段救助”，需要时还会“跟进救助”。',
    ],
    bring: [
      ...COMMON_BRING,
      '说明突发困难或大额支出的材料（如有）。情况紧急时可以先救助，材料事后再补。',
    ],
    notNeeded: COMMON_NOT_NEEDED,
    steps: [
      { name: '申请', detail: '到乡镇（街道）为民服务中心的社会救助窗口提出申请，也可以请村（社区）社会救助协理员帮您申请。情况紧急的，请马上说明。' },
      { name: '急难型：先行救助', detail: '乡镇（街道）或县级民政部门可以“小金额先行救助”，先把钱物送到，手续事后补充说明。' },
      { name: '支出型：审核审批', detail: '受理后，按审核审批程序办理：了解家庭情况、核实支出，然后作出决定。' },
    ],
    timeLimit: '措施没有规定临时救助的具体天数。情况紧急的，可以先救助、后补手续。',
    basis: [
      { measure: 13, quote: '依据困难类型和程度给予低保标准的2-16倍救助', note: '低保标准的2至16倍。' },
      { measure: 13, quote: '采取“一事一议”方式,适当提高救助额度', note: '重大困难一事一议。' },
      { measure: 13, quote: '可“小金额先行救助”,事后补充说明', note: '急难情况先救助。' },
      { measure: 13, quote: '对支出型临时救助,按照审核审批程序办理', note: '支出型按审核审批程序办理。' },
      { measure: 13, quote: '“一次审批、分阶段救助”', note: '一次审批、分阶段救助。' },
      { measure: 2, quote: '遭遇突发性、紧迫性、临时性事故', note: '急难社会救助的对象。' },
      { measure: 19, quote: '设立“一门受理、协同办理”社会救助综合服务窗口', note: '在乡镇（街道）为民服务中心一个窗口申请。' },
    ],
  },
};

/** The four counties of Bozhou (administrative division codes). Townships come from GET /api/v1/areas. */
export const COUNTIES = [
  { code: '341602', name: '谯城区' },
  { code: '341621', name: '涡阳县' },
  { code: '341622', name: '蒙城县' },
  { code: '341623', name: '利辛县' },
] as const;

// ---------------------------------------------------------------------------------------------

export interface Policy extends Measures {
  guides: Readonly<Record<GuideType, Guide>>;
}

/**
 * Parse and check the measures for the portal. Throws ContentIntegrityError (naming line, column and
 * fragment) for tampered text, and Error for a guide that quotes words its measure does not contain.
 */
export function loadPolicy(text: string): Policy {
  const measures = parseMeasures(text);
  const byId = new Map(measures.measures.map((m) => [m.id, m]));
  const problems: string[] = [];
  for (const guide of Object.values(GUIDES)) {
    for (const b of guide.basis) {
      const m = byId.get(b.measure);
      if (!m) problems.push(`办事指南“${guide.name}”引用的措施 ${b.measure} 不存在`);
      else if (!m.text.includes(b.quote)) problems.push(`办事指南“${guide.name}”引用措施（${m.numeral}）的原文“${b.quote}”在原文中找不到`);
    }
  }
  for (const group of HELP_GROUPS) for (const item of group.items) if (!byId.has(item.measure)) problems.push(`首页引用的措施 ${item.measure} 不存在`);
  if (problems.length) throw new Error(`办事指南与措施原文不一致：\n  ${problems.join('\n  ')}`);
  return { ...measures, guides: GUIDES };
}

export function isGuideType(t: string): t is GuideType {
  return (GUIDE_TYPES as readonly string[]).includes(t);
}

/** Split a measure's text into sentences for reading; joining them gives back the text exactly. */
export function sentences(text: string): string[] {
  return text.match(/[^。]+。?/gu) ?? [text];
}

export function measureHref(m: Pick<Measure, 'id'> | number): string {
  return `/policy/${typeof m === 'number' ? m : m.id}/`;
}

/** Text used by the policy search enhancement. */
export function searchText(m: Measure): string {
  return `${m.numeral} ${m.title} ${m.text}`;
}
