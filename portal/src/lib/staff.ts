/**
 * The staff workbench (/staff/) at BUILD time: everything the page needs that is reference data or
 * written once in shared/ — action labels and roles from the state machine, each action's form fields
 * (named by the JSON paths of shared/contract/cases.ts, so an API error's `errors[].field` finds its
 * input), status and type labels, and the parameter catalogue for publishing standards. The 二十二
 * staffing check is live (GET /api/v1/staffing counts the staff table), so it is not built here.
 * No rule runs in a page script.
 */
import { HTTP_TRANSITIONS, STATUS_LABELS, CASE_STATES } from '../../../shared/cases/states.ts';
import { TYPE_PROFILES } from '../../../shared/cases/assistance-types.ts';
import { CONSENT_TEXT_VERSION } from '../../../shared/cases/application.ts';
import { CHECK_SOURCES } from '../../../shared/cases/verification.ts';
import { REFERRALS } from '../../../shared/rules/referral.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/definitions/roles.ts';
import { parameterCatalogue, parametersInForce } from '../../../shared/policy/parameters.ts';
import { dateShanghai } from '../../../shared/clock.ts';
import { formatValue } from '../../../shared/policy/format.ts';

/** The departments that answer referrals (as shared/contract/cases.ts derives them). */
const DEPARTMENTS = [...new Set(Object.values(REFERRALS).map((r) => r.department))];

export { STATUS_LABELS, CASE_STATES, ROLE_LABELS, ROLES, DEPARTMENTS, CONSENT_TEXT_VERSION };
export type { Role };

export const TYPE_LABELS: Record<string, string> = Object.fromEntries(Object.entries(TYPE_PROFILES).map(([k, v]) => [k, v.label]));

/** Every role signs in to the workbench; each sees only its own screens. */
export const WORKBENCH_ROLES: readonly Role[] = ROLES;

/** What each role must pick when signing in locally (mirrors functions/dev: township, county, department, organisation). */
export const ROLE_SCOPE: Record<Role, 'township' | 'county' | 'department' | 'organisation' | 'none'> = {
  caseworker: 'township',
  assistant: 'township',
  approver: 'township',
  check: 'county',
  county: 'county',
  department: 'department',
  inspector: 'county',
  evaluator: 'none',
  charity: 'organisation',
  contractor: 'organisation',
  auditor: 'none',
  admin: 'none',
};

export const CHECK_SOURCE_LABELS: Record<(typeof CHECK_SOURCES)[number], string> = {
  income: '收入（工资、养老金等）',
  deposits: '存款等金融资产',
  vehicles: '机动车',
  housing: '住房（不动产）',
  businessRegistration: '工商登记',
  tax: '纳税',
  socialInsurance: '社会保险缴纳',
};

/** `yuan`: typed in 元, sent as fen. */
export type FieldKind = 'text' | 'textarea' | 'date' | 'int' | 'yuan' | 'select' | 'radio' | 'bool-radio' | 'checkbox';
export interface FieldDef {
  /** The JSON path in the action's body, e.g. `staff.0.name`. */
  name: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  options?: readonly { value: string; label: string }[];
  /** Only for these case types (e.g. 护理等级 for 特困), or a 临时救助 kind (`linshi.expenditure`). */
  types?: readonly string[];
  value?: string;
  size?: 'short' | 'id';
}
export interface GroupDef {
  legend: string;
  fields: FieldDef[];
  hint?: string;
}
export interface ActionForm {
  action: string;
  label: string;
  measure: string;
  roles: string[];
  /** A short sentence: what the action does, so nobody has to look it up elsewhere. */
  explain: string;
  submit: string;
  /** Destructive or final: shown with a confirmation sentence. */
  final?: boolean;
  groups: GroupDef[];
}

/** 临时救助 need by kind (十三): the form shows only the kind's part. */
const EXP = ['linshi.expenditure'];
const EMG = ['linshi.emergency'];
const note = (label = '备注（可不填）'): FieldDef => ({ name: 'note', label, kind: 'textarea' });
const yesNo = [
  { value: 'false', label: '无疑义' },
  { value: 'true', label: '有疑义' },
];

const FORMS: Record<string, Omit<ActionForm, 'action' | 'label' | 'measure' | 'roles'>> = {
  consent: {
    explain: '登记家庭成年成员已签字的核对授权书。全部成年成员授权后，主动发现的案件转为“已提交”。',
    submit: '登记授权',
    groups: [
      {
        legend: '已签字授权的家庭成员',
        hint: '勾选已经在授权书上签字的成员。',
        fields: [{ name: 'textVersion', label: '授权书版本', kind: 'text', value: CONSENT_TEXT_VERSION, hint: '默认是当前版本，一般不用改。' }],
      },
    ],
  },
  accept: { explain: '材料齐全，受理申请。受理之日起20个工作日内办结（二十）。', submit: '受理', groups: [{ legend: '受理', fields: [note()] }] },
  return: {
    explain: '材料不全时退回补正，一次性列明需要补正的全部材料（二十）。',
    submit: '退回补正',
    groups: [
      {
        legend: '需要补正的材料',
        hint: '每行一项，至少填一项。',
        fields: [0, 1, 2].flatMap((i) => [
          { name: `items.${i}.item`, label: `第${i + 1}项材料`, kind: 'text' as const },
          { name: `items.${i}.note`, label: `第${i + 1}项说明（可不填）`, kind: 'text' as const },
        ]),
      },
      { legend: '其他', fields: [note()] },
    ],
  },
  route: {
    explain: '转给相关部门办理，部门在期限内答复（十九）。不选部门时按救助类型自动确定。',
    submit: '转办',
    groups: [
      {
        legend: '转办',
        fields: [
          { name: 'department', label: '转给哪个部门', kind: 'select', options: [{ value: '', label: '按救助类型自动确定' }, ...DEPARTMENTS.map((d) => ({ value: d, label: d }))] },
          { name: 'dueWorkingDays', label: '答复期限（工作日，可不填）', kind: 'int', size: 'short', hint: '1至30个工作日；不填按默认期限。' },
          note(),
        ],
      },
    ],
  },
  withdraw: {
    explain: '申请人要求撤回，或无法继续办理。撤回后申请人可以重新申请。',
    submit: '撤回申请',
    final: true,
    groups: [{ legend: '撤回', fields: [{ name: 'reason', label: '撤回原因', kind: 'textarea' }] }],
  },
  recordCheck: {
    explain: '录入省级核对平台出具的家庭经济状况核对报告（二十）。任何一项有疑义，入户调查后须进行民主评议。',
    submit: '录入核对报告',
    groups: [
      {
        legend: '核对报告',
        fields: [
          { name: 'reportNumber', label: '核对报告编号', kind: 'text', size: 'id' },
          { name: 'checkedOn', label: '核对日期', kind: 'date', size: 'short' },
        ],
      },
      {
        legend: '各项核对结果',
        hint: '没有勾选的项目视为无疑义。',
        fields: CHECK_SOURCES.flatMap((s) => [
          { name: `sources.${s}.doubt`, label: `${CHECK_SOURCE_LABELS[s]}：有疑义`, kind: 'checkbox' as const },
          { name: `sources.${s}.note`, label: `${CHECK_SOURCE_LABELS[s]}：说明（可不填）`, kind: 'text' as const },
        ]),
      },
    ],
  },
  recordVisit: {
    explain: '录入入户调查。入户调查须有两名以上工作人员（二十）。',
    submit: '录入入户调查',
    groups: [
      { legend: '调查', fields: [{ name: 'visitedOn', label: '调查日期', kind: 'date', size: 'short' }] },
      {
        legend: '调查人员（至少两名）',
        fields: [0, 1, 2].flatMap((i) => [
          { name: `staff.${i}.name`, label: `第${i + 1}名调查人员姓名${i > 1 ? '（可不填）' : ''}`, kind: 'text' as const },
          { name: `staff.${i}.post`, label: `第${i + 1}名调查人员职务（可不填）`, kind: 'text' as const },
        ]),
      },
      {
        legend: '调查情况',
        fields: [
          { name: 'findings', label: '调查情况', kind: 'textarea', hint: '居住、收入、财产、家庭成员身体状况等。' },
          { name: 'doubt', label: '调查结果是否有疑义', kind: 'bool-radio', options: yesNo },
        ],
      },
    ],
  },
  recordAppraisal: {
    explain: '核对或入户调查有疑义时，组织民主评议（二十），至少3人参加。',
    submit: '录入民主评议',
    groups: [
      {
        legend: '民主评议',
        fields: [
          { name: 'heldOn', label: '评议日期', kind: 'date', size: 'short' },
          { name: 'participants', label: '参加人数', kind: 'int', size: 'short' },
          {
            name: 'outcome',
            label: '评议结论',
            kind: 'radio',
            options: [
              { value: 'supports', label: '支持给予救助' },
              { value: 'doesNotSupport', label: '不支持' },
            ],
          },
          { name: 'record', label: '评议记录', kind: 'textarea' },
        ],
      },
    ],
  },
  assessNeed: {
    explain: '登记评估的实际需要；救助不超过需要（十三）。',
    submit: '录入需要评估',
    groups: [
      { legend: '评估', fields: [{ name: 'assessedOn', label: '评估日期', kind: 'date', size: 'short' }] },
      {
        legend: '有据可查的支出',
        fields: [0].flatMap((i) => [
          {
            name: `need.expenses.${i}.category`,
            label: '支出类别',
            kind: 'select' as const,
            types: EXP,
            options: [
              { value: '', label: '请选择' },
              { value: 'medical', label: '医疗' },
              { value: 'education', label: '教育' },
              { value: 'funeral', label: '丧葬' },
              { value: 'disasterLoss', label: '灾害损失' },
              { value: 'other', label: '其他' },
            ],
          },
          { name: `need.expenses.${i}.amountFen`, label: '支出金额（元）', kind: 'yuan' as const, size: 'short' as const, types: EXP },
        ]),
      },
      {
        legend: '他方已负担（没有不填）',
        fields: [
          { name: 'need.covered.insuranceFen', label: '商业保险赔付（元）', kind: 'yuan', size: 'short', types: EXP },
          { name: 'need.covered.medicalInsuranceFen', label: '医保报销（元）', kind: 'yuan', size: 'short', types: EXP },
          { name: 'need.covered.otherAssistanceFen', label: '其他救助（元）', kind: 'yuan', size: 'short', types: EXP },
          { name: 'need.covered.otherPayersFen', label: '其他渠道（元）', kind: 'yuan', size: 'short', types: EXP },
        ],
      },
      {
        legend: '现场评估的紧急需要',
        fields: [0].flatMap((i) => [
          {
            name: `need.immediate.${i}.category`,
            label: '需要类别',
            kind: 'select' as const,
            types: EMG,
            options: [
              { value: '', label: '请选择' },
              { value: 'food', label: '饮食' },
              { value: 'shelter', label: '住宿' },
              { value: 'travel', label: '交通返乡' },
              { value: 'treatment', label: '首次救治' },
              { value: 'other', label: '其他' },
            ],
          },
          { name: `need.immediate.${i}.amountFen`, label: '需要金额（元）', kind: 'yuan' as const, size: 'short' as const, types: EMG },
        ]),
      },
    ],
  },
  recordOneMatter: {
    explain: '超过低保标准16倍的，须集体研究并报县级签署（十三）。',
    submit: '录入“一事一议”决定',
    groups: [
      {
        legend: '会议',
        fields: [
          { name: 'meetingOn', label: '会议日期', kind: 'date', size: 'short' },
          { name: 'minutesRef', label: '会议纪要编号', kind: 'text' },
        ],
      },
      { legend: '参会人员（至少3人）', fields: [0, 1, 2].map((i) => ({ name: `members.${i}.name`, label: `参会人员${i + 1}`, kind: 'text' as const, size: 'short' as const })) },
      {
        legend: '表决',
        fields: [
          { name: 'vote.for', label: '赞成', kind: 'int', size: 'short' },
          { name: 'vote.against', label: '反对', kind: 'int', size: 'short' },
          { name: 'vote.abstain', label: '弃权', kind: 'int', size: 'short' },
        ],
      },
      {
        legend: '决定',
        fields: [
          { name: 'amountFen', label: '议定救助金额（元）', kind: 'yuan', size: 'short' },
          { name: 'reasons', label: '研究理由', kind: 'textarea' },
        ],
      },
    ],
  },
  signOneMatter: {
    explain: '县级复核签署“一事一议”（十三）。',
    submit: '提交复核签署',
    groups: [
      {
        legend: '县级复核签署',
        fields: [
          {
            name: 'approved',
            label: '复核结论',
            kind: 'bool-radio',
            options: [
              { value: 'true', label: '同意' },
              { value: 'false', label: '不同意' },
            ],
          },
          { name: 'opinion', label: '复核意见', kind: 'textarea' },
        ],
      },
    ],
  },
  decideRecovery: {
    explain: '先行救助后核对不符合条件的，决定是否追回（十三）。',
    submit: '提交决定',
    groups: [
      {
        legend: '是否追回',
        fields: [
          {
            name: 'decision',
            label: '决定',
            kind: 'radio',
            options: [
              { value: 'recover', label: '追回' },
              { value: 'waive', label: '不予追回' },
            ],
          },
          { name: 'reason', label: '决定理由', kind: 'textarea' },
        ],
      },
    ],
  },
  propose: {
    explain: '提出审核意见。金额由规则按标准计算并附计算过程，不能手工填写（二十）。',
    submit: '提出审核意见',
    groups: [
      {
        legend: '审核意见',
        fields: [
          {
            name: 'careLevel',
            label: '护理等级（依生活自理能力评估）',
            kind: 'select',
            types: ['tekun'],
            options: [
              { value: '', label: '请选择' },
              { value: 'full', label: '全护理' },
              { value: 'half', label: '半护理' },
              { value: 'self', label: '生活自理' },
            ],
          },
          {
            name: 'supportMode',
            label: '供养方式',
            kind: 'select',
            types: ['tekun'],
            options: [
              { value: '', label: '请选择' },
              { value: 'dispersed', label: '分散供养' },
              { value: 'centralized', label: '集中供养' },
            ],
          },
          {
            name: 'degree',
            label: '困难程度',
            kind: 'select',
            types: ['linshi'],
            options: [
              { value: '', label: '按需要认定' },
              { value: 'general', label: '一般' },
              { value: 'serious', label: '较重' },
              { value: 'severe', label: '严重' },
            ],
          },
          { name: 'degreeReason', label: '另行认定的理由（选择困难程度时必填）', kind: 'textarea', types: ['linshi'] },
          note(),
        ],
      },
    ],
  },
  publicize: { explain: '在村（社区）公示审核意见；公示名单隐去身份证号码和住址（二十）（二十三）。', submit: '开始公示', groups: [{ legend: '公示', fields: [note()] }] },
  object: {
    explain: '登记公示期间收到的异议（二十三），案件转为“公示有异议”。',
    submit: '登记异议',
    groups: [
      {
        legend: '异议',
        fields: [
          { name: 'reason', label: '异议理由', kind: 'textarea', hint: '至少5个字。' },
          { name: 'contactPhone', label: '异议人联系电话（可不填）', kind: 'text', size: 'short' },
        ],
      },
    ],
  },
  triageObjection: {
    explain: '处理公示异议：不成立的继续公示；需要重新核查的退回核查（二十）。',
    submit: '提交处理结果',
    groups: [
      {
        legend: '处理异议',
        fields: [
          {
            name: 'decision',
            label: '处理结果',
            kind: 'radio',
            options: [
              { value: 'dismiss', label: '异议不成立，继续公示' },
              { value: 'sendBack', label: '退回重新核查' },
            ],
          },
          { name: 'reason', label: '处理理由', kind: 'textarea' },
        ],
      },
    ],
  },
  countyReview: {
    explain: '近亲属备案（二十三）或超过乡镇审批额度的临时救助（十三），须经县级复核后才能审核确认。',
    submit: '提交复核意见',
    groups: [
      {
        legend: '县级复核',
        fields: [
          {
            name: 'cleared',
            label: '复核结论',
            kind: 'bool-radio',
            options: [
              { value: 'true', label: '复核通过' },
              { value: 'false', label: '复核不通过' },
            ],
          },
          { name: 'opinion', label: '复核意见', kind: 'textarea' },
        ],
      },
    ],
  },
  approve: {
    explain: '审核确认，批准给予救助。提出审核意见的人不能作出决定（二十）。',
    submit: '批准',
    final: true,
    groups: [
      {
        legend: '批准',
        fields: [
          {
            name: 'plan.kind',
            label: '临时救助发放方式',
            kind: 'select',
            types: ['linshi'],
            options: [
              { value: '', label: '一次性发放（默认）' },
              { value: 'oneOff', label: '一次性发放' },
              { value: 'staged', label: '分阶段发放' },
              { value: 'advance', label: '先行救助（急难型）' },
            ],
          },
          { name: 'plan.stages', label: '分几次发放（分阶段时填）', kind: 'int', size: 'short', types: ['linshi'] },
          note(),
        ],
      },
    ],
  },
  reject: {
    explain: '审核确认，不予批准。须写明理由，通知书会告知申请人申请复议和诉讼的权利（二十）。',
    submit: '不予批准',
    final: true,
    groups: [{ legend: '不予批准的理由', hint: '至少填写一条。', fields: [0, 1, 2].map((i) => ({ name: `reasons.${i}`, label: `理由${i + 1}${i ? '（可不填）' : ''}`, kind: 'textarea' as const })) }],
  },
  resume: {
    explain: '暂停发放的情况已核实：恢复发放，金额由规则按现在的家庭情况重新计算（五）（六）。',
    submit: '恢复发放',
    groups: [{ legend: '恢复发放的理由', hint: '至少填写一条。', fields: [0, 1].map((i) => ({ name: `reasons.${i}`, label: `理由${i + 1}${i ? '（可不填）' : ''}`, kind: 'textarea' as const })) }],
  },
  terminate: {
    explain: '核实后不再符合条件：终止救助。须写明理由，通知书会告知申请复议和诉讼的权利（二十）。',
    submit: '终止救助',
    final: true,
    groups: [{ legend: '终止救助的理由', hint: '至少填写一条。', fields: [0, 1].map((i) => ({ name: `reasons.${i}`, label: `理由${i + 1}${i ? '（可不填）' : ''}`, kind: 'textarea' as const })) }],
  },
  respond: {
    explain: '答复转办事项（十九）。本案件类型由本部门负责的，答复即为决定。',
    submit: '提交答复',
    groups: [
      {
        legend: '答复',
        fields: [
          { name: 'referralId', label: '转办编号', kind: 'select', options: [] },
          {
            name: 'outcome',
            label: '答复结果',
            kind: 'radio',
            options: [
              { value: 'granted', label: '已给予救助' },
              { value: 'refused', label: '不符合条件' },
              { value: 'info', label: '仅告知情况' },
            ],
          },
          { name: 'answer', label: '答复内容', kind: 'textarea' },
        ],
      },
    ],
  },
};

/** One form per HTTP action of the state machine (a missing one fails the build). */
export const ACTION_FORMS: ActionForm[] = HTTP_TRANSITIONS.map((t) => {
  const f = FORMS[t.action];
  if (!f) throw new Error(`staff workbench: no form for action ${t.action}`);
  return { action: t.action, label: t.label, measure: t.measure, roles: t.roles.map(String), ...f };
});

/** The parameter catalogue, for the admin's publishing form. */
export function parameterOptions(date = dateShanghai(new Date())) {
  const inForce = new Map(parametersInForce(date).parameters.map((p) => [p.id, p]));
  return parameterCatalogue().map((d) => {
    const now = inForce.get(d.id);
    return {
      id: d.id,
      label: d.label,
      measure: d.measure,
      unit: d.unit,
      scalar: d.shape === 'int',
      current: now ? formatValue(now.value, now.unit).join('；') : '',
      currentRaw: now ? JSON.stringify(now.value) : '',
    };
  });
}

export const UNIT_LABELS: Record<string, string> = {
  fen: '元（保存为分）',
  bp: '基点（1倍 = 10000，1% = 100）',
  multiple: '倍',
  count: '个',
  years: '周岁',
  months: '个月',
  days: '天',
  workingDays: '个工作日',
  people: '人',
};
