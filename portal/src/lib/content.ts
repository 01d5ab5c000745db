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

/** Assistance types, as in the API contract (docs/architecture.md § Wire shapes). */
export type AssistanceType = 'dibao' | 'tekun' | 'linshi' | 'medical' | 'education' | 'housing' | 'employment' | 'disaster' | 'legalAid' | 'funeral' | 'disability' | 'child' | 'vagrant' | 'emergency';

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
// 办事指南 (guides), one per assistance type. All are applied for at the township window (十九); the
// special and other types are then referred (转办) to the department the measure names.

export type GuideType = Exclude<AssistanceType, 'emergency'>;
export const GUIDE_TYPES: readonly GuideType[] = ['dibao', 'tekun', 'linshi', 'medical', 'education', 'housing', 'employment', 'disaster', 'legalAid', 'funeral', 'disability', 'child', 'vagrant'];

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

/**
 * 临时救助 (十三) in plain words: what counts as need, and the band. Shown in the 办事指南 and on the 试算 page
 * (readable without JavaScript); the rule is shared/rules/linshi.ts.
 */
export const LINSHI_NEED_EXPLAINED: readonly string[] = [
  '先算“需要”：支出型是看病、上学、丧葬、受灾损失等有票据的支出，减去商业保险、医保报销、其他救助和别人已经帮您负担的部分，再减去家里按收入自己能承担的部分（每月收入超过低保标准的部分，按几个月计算）；急难型是工作人员现场了解的吃饭、住宿、回家路费、首次救治等马上要用的钱。',
  '再看“档次”：救助金额与低保标准挂钩，按困难类型和需要多少分为一般、较重、严重三档，每档有一个区间，合起来是低保标准的2至16倍（目前各档的划分和倍数是示例值，以正式文件为准）。',
  '救助多少：按需要给，不超过所在档次的上限，也不会超过算出来的需要。需要比2倍低保标准还少的，按实际需要给。',
  '工作人员认为档次应当不同的，必须写明理由，理由记入计算过程。需要超过低保标准16倍的，由乡镇（街道）集体研究“一事一议”，报县级民政部门复核签署后才能多给。',
  '支出型要核对家庭收入和财产：超过限额的不能给；核对有疑义或民主评议不支持的，要报县级民政部门复核。急难型先救助、后核对，事后发现不符合条件的，由县级民政部门决定是否追回。',
];

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

/** The path of a referred type: one window accepts, the responsible department decides (十九). */
function referralSteps(department: string, decides: string): Step[] {
  return [
    { name: '申请', detail: '到乡镇（街道）为民服务中心的社会救助窗口提出申请，也可以请村（社区）社会救助协理员帮您申请。不用自己跑各个部门。' },
    { name: '受理', detail: '窗口收下您的申请，给您申请编号，可以凭编号和身份证号在网上查询进度。' },
    { name: '转办', detail: `窗口把申请转给${department}，并跟踪到办结。` },
    { name: '办理', detail: decides },
    { name: '告知结果', detail: '办结后告诉您结果；没有按时办理的，县级民政部门会督办。' },
  ];
}

const REFERRAL_TIME = '由负责部门按本部门规定的时限办理；乡镇（街道）窗口登记转办日期并跟踪督办到办结。';
const REFERRAL_BRING = ['申请书：在窗口填写，写字不方便的可以请工作人员帮忙。', '说明困难情况的材料中，政府部门查不到的部分（例如医院的费用单据、受灾损失情况）。'];
const ONE_WINDOW: Basis = { measure: 19, quote: '设立“一门受理、协同办理”社会救助综合服务窗口', note: '在乡镇（街道）一个窗口申请，由窗口转办。' };

type ReferralGuide = Omit<Guide, 'type' | 'bring' | 'notNeeded' | 'steps' | 'timeLimit'> & { department: string; decides: string; bring?: string[] };

const REFERRAL_GUIDES: Readonly<Record<Exclude<GuideType, 'dibao' | 'tekun' | 'linshi'>, ReferralGuide>> = {
  medical: {
    name: '医疗救助',
    short: '医疗救助',
    department: '医保部门',
    decides: '医保部门按规定资助参加医疗保险，或对看病费用给予直接救助。',
    lead: '看病负担重、生活困难的，可以申请医疗救助。',
    who: ['低保、特困等救助对象和其他符合条件的困难群众。'],
    benefits: ['符合条件的，资助参加基本医疗保险（分类资助参保）。', '看病费用给予直接救助。', '急危重症患者“先诊疗后付费”，不会因挂号、缴费耽误抢救。'],
    basis: [
      { measure: 7, quote: '将符合条件的救助对象纳入医疗救助范围,做好分类资助参保和直接救助工作', note: '资助参保和直接救助。' },
      { measure: 7, quote: '对急危重症患者实行“先诊疗后付费”', note: '先看病后付费。' },
      ONE_WINDOW,
    ],
  },
  education: {
    name: '教育救助',
    short: '教育救助',
    department: '教育部门和学校',
    decides: '教育部门和学校按学段给予资助。',
    lead: '家庭经济困难的学生，可以按学段得到资助。',
    who: ['家庭经济困难的学前儿童和学生，包括低保、特困家庭的孩子、孤儿和残疾儿童。'],
    benefits: ['学前教育阶段给予资助。', '义务教育阶段免除学杂费、免费提供教科书，补助家庭困难学生生活费。', '高中阶段按规定免除学（杂）费并给予国家助学金；高等教育阶段落实奖助学金、助学贷款等。'],
    basis: [{ measure: 8, quote: '对义务教育阶段学生免除学杂费、免费提供国家规定课程教科书,补助家庭困难学生生活费', note: '义务教育阶段的资助。' }, ONE_WINDOW],
  },
  housing: {
    name: '住房救助',
    short: '住房救助',
    department: '住房城乡建设部门',
    decides: '住房城乡建设部门按规定安排公租房、发放租赁补贴或实施农村危房改造。',
    lead: '住房困难的低保家庭、分散供养特困人员等，可以申请住房救助。',
    who: ['符合规定标准、住房困难的城镇低保家庭、分散供养特困人员等。', '住在危房里的农村低保户、分散供养特困人员、贫困残疾人家庭等。'],
    benefits: ['城镇：公租房实物配租或发放租赁补贴，优先保障。', '农村：危房改造，“发现一户，改造一户”。'],
    basis: [{ measure: 9, quote: '通过公租房实物配租、发放租赁补贴等方式,优先实施保障', note: '公租房和租赁补贴。' }, { measure: 9, quote: '发现一户,改造一户', note: '农村危房改造。' }, ONE_WINDOW],
  },
  employment: {
    name: '就业救助',
    short: '就业救助',
    department: '人力资源社会保障部门',
    decides: '人社部门认定就业困难人员，提供就业服务、补贴或公益性岗位。',
    lead: '想工作但找工作困难的，可以申请就业救助。',
    who: ['符合条件的就业困难人员，包括零就业家庭的成员。'],
    benefits: [
      '优先提供免费的公共就业服务。',
      '灵活就业并缴纳社会保险的，按规定给予社会保险补贴。',
      '确实难以就业的，利用公益性岗位托底安置。',
      '低保家庭有人就业后，计算收入时扣除必要的就业成本，并有一段渐退期。',
    ],
    basis: [{ measure: 10, quote: '为其优先提供免费的公共就业服务', note: '免费就业服务。' }, { measure: 10, quote: '利用公益性岗位托底安置', note: '公益性岗位。' }, ONE_WINDOW],
  },
  disaster: {
    name: '受灾人员救助',
    short: '受灾救助',
    department: '应急管理部门',
    decides: '应急管理部门按自然灾害救助预案给予应急救助和过渡期生活救助等。',
    lead: '遭遇自然灾害、基本生活受到严重影响的，可以得到受灾人员救助。',
    who: ['因自然灾害基本生活受到严重影响的人员。情况紧急时，在受灾地就可以申请。'],
    benefits: ['应急救助、过渡期生活救助、旱灾和冬春临时生活困难救助。', '因灾倒损民房的恢复重建。'],
    basis: [{ measure: 11, quote: '统筹做好应急救助、过渡期生活救助', note: '受灾后的各项救助。' }, ONE_WINDOW],
  },
  legalAid: {
    name: '法律援助',
    short: '法律援助',
    department: '司法行政部门（法律援助机构）',
    decides: '法律援助机构指派律师等提供法律援助。社会救助对象不需要再审查经济困难状况（《法律援助法》第四十二条）。',
    lead: '需要打官司或法律帮助、又请不起律师的，可以申请法律援助。',
    who: ['符合条件的社会救助对象和其他经济困难的群众。'],
    benefits: ['免费的法律咨询、代写法律文书、诉讼代理等法律援助。'],
    basis: [{ measure: 12, quote: '依法为符合条件的社会救助对象提供优质高效的法律援助', note: '救助对象可以得到法律援助。' }, ONE_WINDOW],
  },
  funeral: {
    name: '惠民殡葬',
    short: '惠民殡葬',
    department: '民政部门和殡仪馆',
    decides: '殡仪馆直接免除4项基本殡葬服务费用，与政府结算；不查家庭经济状况。',
    lead: '本市户籍和经常居住的城乡居民办理丧事，4项基本殡葬服务免费。',
    who: ['亳州市户籍的城乡居民，以及在本市经常居住的城乡居民。'],
    benefits: ['遗体接运、遗体暂存、遗体火化、骨灰寄存，这4项费用全部免除。', '特困人员去世火化后，另按每人3000元给予丧葬补助（措施六）。'],
    bring: ['逝者的死亡证明。', '办理丧事的家属的联系方式。'],
    basis: [
      { measure: 12, quote: '遗体接运、遗体暂存、遗体火化及骨灰寄存等4项基本殡葬公共服务费用给予免除', note: '4项基本殡葬服务免费。' },
      { measure: 6, quote: '按每人3000元丧葬费标准予以补助', note: '特困人员的丧葬补助。' },
    ],
  },
  disability: {
    name: '残疾人两项补贴',
    short: '残疾人补贴',
    department: '残联和民政部门',
    decides: '残联审核残疾情况，民政部门按标准发放困难残疾人生活补贴和重度残疾人护理补贴。',
    lead: '生活困难的残疾人和重度残疾人，可以申请两项补贴。',
    who: ['持有残疾人证、生活困难的残疾人（困难残疾人生活补贴）。', '重度残疾人（护理补贴）。'],
    benefits: ['困难残疾人生活补贴和重度残疾人护理补贴，标准以公布的为准。'],
    basis: [{ measure: 12, quote: '落实残疾人两项补贴制度', note: '两项补贴。' }, ONE_WINDOW],
  },
  child: {
    name: '困境儿童保障',
    short: '困境儿童',
    department: '民政部门',
    decides: '民政部门认定事实无人抚养儿童，参照孤儿保障标准发放基本生活费。',
    lead: '父母无法履行抚养责任的孩子，可以纳入事实无人抚养儿童保障。',
    who: ['父母双方都无法履行抚养义务（例如重残、重病、服刑、失联）的儿童。'],
    benefits: ['纳入孤儿保障范围，参照孤儿保障标准发放基本生活费。'],
    basis: [{ measure: 12, quote: '将事实无人抚养儿童纳入孤儿保障范围,参照孤儿保障标准执行', note: '参照孤儿标准保障。' }, ONE_WINDOW],
  },
  vagrant: {
    name: '流浪乞讨人员救助',
    short: '流浪乞讨救助',
    department: '救助管理机构',
    decides: '救助管理机构提供临时食宿、医疗、寻亲和返乡帮助；身份一时查不清的也会救助。',
    lead: '离家在外、生活无着的人，可以得到临时救助和返乡帮助。',
    who: ['生活无着的流浪、乞讨人员。', '走失、务工不着、遭受家庭暴力等离家在外、临时遇到困难的人。'],
    benefits: [
      '临时食宿、急病救治、寻亲服务和返乡帮助。',
      '回到家乡后，户籍所在地的乡镇（街道）会上门回访，帮助申请需要的救助。',
      '长期滞留、身份无法查明的，予以落户安置；符合条件的转入特困人员供养。',
    ],
    bring: ['有证件的带上证件；没有证件也可以求助，不会因此被拒绝。'],
    basis: [
      { measure: 14, quote: '积极为走失、务工不着人员和家庭暴力受害人等离家在外的临时遇困人员提供救助', note: '临时遇困的人员。' },
      { measure: 14, quote: '对符合条件的转入特困人员供养', note: '身份查不清的可转入特困供养。' },
    ],
  },
};

function referralGuides(): Record<string, Guide> {
  return Object.fromEntries(
    Object.entries(REFERRAL_GUIDES).map(([type, g]) => {
      const { department, decides, bring, ...rest } = g;
      return [type, { ...rest, type: type as GuideType, bring: bring ?? REFERRAL_BRING, notNeeded: COMMON_NOT_NEEDED, steps: referralSteps(department, decides), timeLimit: REFERRAL_TIME }];
    }),
  );
}

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
      '救助金额与低保标准挂钩：按困难类型和程度，给予低保标准的2至16倍，并且不超过您实际的需要。',
      ...LINSHI_NEED_EXPLAINED,
      '遇到重大生活困难的，可以“一事一议”，适当提高救助金额。',
      '可以“一次审批、分阶段救助”，需要时还会“跟进救助”。',
    ],
    bring: [...COMMON_BRING, '说明突发困难或大额支出的材料（如有）。情况紧急时可以先救助，材料事后再补。'],
    notNeeded: COMMON_NOT_NEEDED,
    steps: [
      {
        name: '申请',
        detail:
          '急难型在事情发生的地方申请，户口不在这里也可以；支出型向户籍地或居住证所在地申请。到乡镇（街道）为民服务中心的社会救助窗口提出申请，也可以请村（社区）社会救助协理员帮您申请。情况紧急的，请马上说明。',
      },
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

  ...(referralGuides() as Record<Exclude<GuideType, 'dibao' | 'tekun' | 'linshi'>, Guide>),
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
