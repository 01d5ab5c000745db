import * as z from 'zod/mini';
import { cleanText, nameText } from './clean-text.ts';
import { isoDate, cursorQuery } from './common.ts';
import { phoneSchema, reportSchema } from './application.ts';
import { idNumberSchema, needSchema } from '../rules/schemas.ts';
import { REFERRALS } from '../rules/referral.ts';
import { actionPath } from '../definitions/routes.ts';
import { CASE_STATES, HTTP_TRANSITIONS } from '../cases/states.ts';
import type { RouteContract } from './index.ts';
import { EVIDENCE_LIMITS, EVIDENCE_LIMITS_TEXT } from '../cases/evidence-limits.ts';

/**
 * The case workflow's request shapes (docs/architecture.md § Case workflow). Every object is strict, so a field the
 * step does not take — above all an amount typed by a caseworker — is refused by name.
 */
const text = (min: number, max: number, what: string) =>
  z.string({ error: `请填写${what}` }).check(...cleanText(what), z.trim(), z.minLength(min, `${what}至少${min}个字`), z.maxLength(max, `${what}不能超过${max}个字`));
const note = z.optional(text(1, 500, '备注'));
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });

export const DEPARTMENTS = [...new Set(Object.values(REFERRALS).map((r) => r.department))] as [string, ...string[]];

const checkSource = strict({ doubt: z.boolean({ error: '请说明此项是否有疑义（true/false）' }), note: z.optional(text(0, 500, '说明')) });

export const ACTION_BODIES = {
  consent: strict({
    members: z
      .array(strict({ index: z.int({ error: '成员序号应为整数' }).check(z.minimum(0), z.maximum(29)), signedOn: z.optional(isoDate) }))
      .check(z.minLength(1, '请登记至少一名成员的授权'), z.maxLength(30)),
    textVersion: text(1, 64, '授权书版本'),
  }),
  accept: strict({ note }),
  return: strict({
    items: z.array(strict({ item: text(1, 100, '需补正的材料'), note: z.optional(text(1, 300, '说明')) })).check(z.minLength(1, '请列出需要补正的材料'), z.maxLength(20)),
    note,
  }),
  route: strict({
    department: z.optional(z.enum(DEPARTMENTS, { error: `部门应为：${DEPARTMENTS.join('、')}` })),
    dueWorkingDays: z.optional(z.int().check(z.minimum(1, '至少1个工作日'), z.maximum(30, '不超过30个工作日'))),
    note,
  }),
  withdraw: strict({ reason: text(2, 500, '撤回原因') }),
  recordCheck: strict({
    reportNumber: text(1, 64, '核对报告编号'),
    checkedOn: isoDate,
    sources: strict({
      income: checkSource,
      deposits: checkSource,
      vehicles: checkSource,
      housing: checkSource,
      businessRegistration: checkSource,
      tax: checkSource,
      socialInsurance: checkSource,
    }),
  }),
  recordVisit: strict({
    visitedOn: isoDate,
    staff: z.array(strict({ name: text(1, 50, '调查人员姓名'), post: z.optional(text(1, 50, '职务')) })).check(z.minLength(2, '入户调查至少两名工作人员（二十）'), z.maxLength(10)),
    findings: text(1, 2000, '调查情况'),
    doubt: z.boolean({ error: '请说明是否有疑义（true/false）' }),
    document: z.optional(
      strict({
        fileName: z.string().check(z.regex(/^[\w\u4e00-\u9fa5.-]{1,100}$/, '文件名只能含文字、字母、数字和 . _ -')),
        contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf'], { error: '只接受 JPEG、PNG 或 PDF' }),
      }),
    ),
  }),
  recordAppraisal: strict({
    heldOn: isoDate,
    participants: z.int({ error: '参加人数应为整数' }).check(z.minimum(3, '民主评议至少3人参加'), z.maximum(500)),
    outcome: z.enum(['supports', 'doesNotSupport'], { error: '评议结论应为 supports 或 doesNotSupport' }),
    record: text(1, 2000, '评议记录'),
  }),
  // 临时救助 (十三): the need, assessed and recorded before the proposal (on the spot for 急难型).
  assessNeed: strict({ assessedOn: isoDate, need: needSchema, note }),
  // No amount: the rules compute it (二十). These are the facts the rules need beyond the application.
  propose: strict({
    careLevel: z.optional(z.enum(['full', 'half', 'self'], { error: '护理等级应为 full、half 或 self（依生活自理能力评估）' })),
    supportMode: z.optional(z.enum(['dispersed', 'centralized'], { error: '供养方式应为 dispersed（分散）或 centralized（集中）' })),
    // A degree other than the need's only with a written reason (十三), kept in the trace.
    degree: z.optional(z.enum(['general', 'serious', 'severe'], { error: '困难程度应为 general、serious 或 severe' })),
    degreeReason: z.optional(text(4, 1000, '认定困难程度的理由')),
    note,
  }).check(z.refine((b) => !b.degree || b.degreeReason !== undefined, { message: '另行认定困难程度须书面说明理由（degreeReason）', path: ['degreeReason'] })),
  recordOneMatter: strict({
    meetingOn: isoDate,
    members: z.array(strict({ name: text(1, 50, '参会人员姓名'), post: z.optional(text(1, 50, '职务')) })).check(z.minLength(3, '集体研究至少3人参加'), z.maxLength(50)),
    vote: strict({
      for: z.int({ error: '赞成票应为整数' }).check(z.minimum(0), z.maximum(50)),
      against: z.int({ error: '反对票应为整数' }).check(z.minimum(0), z.maximum(50)),
      abstain: z.int({ error: '弃权票应为整数' }).check(z.minimum(0), z.maximum(50)),
    }),
    minutesRef: text(2, 100, '会议纪要编号'),
    reasons: text(4, 2000, '研究理由'),
    amountFen: z.int({ error: '议定金额应为整数（单位：分）' }).check(z.minimum(1, '议定金额应大于0'), z.maximum(1e11, '议定金额过大')),
  }),
  signOneMatter: strict({ approved: z.boolean({ error: '请说明是否同意（true/false）' }), opinion: text(2, 1000, '复核意见') }),
  decideRecovery: strict({ decision: z.enum(['recover', 'waive'], { error: '决定应为 recover（追回）或 waive（不予追回）' }), reason: text(2, 1000, '决定理由') }),
  publicize: strict({ note }),
  object: strict({ reason: text(5, 1000, '异议理由'), contactPhone: z.optional(phoneSchema) }),
  triageObjection: strict({ decision: z.enum(['dismiss', 'sendBack'], { error: '处理结果应为 dismiss（不成立）或 sendBack（退回重新核查）' }), reason: text(2, 1000, '处理理由') }),
  countyReview: strict({ cleared: z.boolean({ error: '请说明复核是否通过（true/false）' }), opinion: text(2, 1000, '复核意见') }),
  approve: strict({
    plan: z.optional(
      strict({
        kind: z.enum(['oneOff', 'staged', 'advance'], { error: '发放方式应为 oneOff、staged 或 advance' }),
        stages: z.optional(z.int().check(z.minimum(2, '分阶段至少2次'), z.maximum(12, '分阶段不超过12次'))),
      }),
    ),
    note,
  }),
  resume: strict({ reasons: z.array(text(2, 500, '理由')).check(z.minLength(1, '恢复发放须说明理由'), z.maxLength(10)) }),
  terminate: strict({ reasons: z.array(text(2, 500, '理由')).check(z.minLength(1, '终止救助须说明理由（二十）'), z.maxLength(10)) }),
  reject: strict({ reasons: z.array(text(2, 500, '理由')).check(z.minLength(1, '不予批准须说明理由（二十）'), z.maxLength(10)) }),
  respond: strict({
    referralId: text(1, 64, '转办编号'),
    outcome: z.enum(['granted', 'refused', 'info'], { error: '答复结果应为 granted（已给予）、refused（不符合）或 info（仅告知）' }),
    answer: text(2, 2000, '答复内容'),
  }),
} as const;

export type ActionName = keyof typeof ACTION_BODIES;
export type ActionBody<A extends ActionName> = z.infer<(typeof ACTION_BODIES)[A]>;

/** One contract entry per action route, generated like the routes themselves. */
export const ACTION_CONTRACT: Record<string, RouteContract> = Object.fromEntries(
  HTTP_TRANSITIONS.map((t) => {
    const body = (ACTION_BODIES as Record<string, RouteContract['body']>)[t.action];
    if (!body) throw new Error(`no body schema for action ${t.action}`);
    return [
      `POST ${actionPath(t.action)}`,
      {
        body,
        responses: {
          200: '`{ reference, status, statusLabel, version, … }`',
          403: 'wrong role, or the case is outside your scope; `detail` says why',
          409: 'the case is not in a state that allows this (`currentStatus`, `allowedStates`), or it changed meanwhile',
        },
      },
    ];
  }),
);

export const limit = z.optional(z.string().check(z.regex(/^\d{1,3}$/, { message: '应为 1 至 100 之间的整数' })));

export const CASE_CONTRACT = {
  // Evidence from the applicant (shared/cases/evidence.ts): type and size checked before an upload URL is signed.
  'POST /api/v1/applications/{reference}/evidence': {
    body: strict({
      idNumber: z.string({ error: '请填写申请人的身份证号码' }).check(
        z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase()),
        z.minLength(1, '请填写申请人的身份证号码'),
        z.maxLength(40, '身份证号码过长'),
      ),
      fileName: z.string({ error: '请给出文件名' }).check(...cleanText('文件名'), z.trim(), z.minLength(1, '请给出文件名'), z.maxLength(120, '文件名不能超过120个字')),
      contentType: z.enum(Object.keys(EVIDENCE_LIMITS.types) as [string, ...string[]], { error: `只能上传照片（JPG、PNG、HEIC）或 PDF 文件。${EVIDENCE_LIMITS_TEXT}` }),
      sizeBytes: z
        .int({ error: '请给出文件大小（字节）' })
        .check(z.minimum(1, '文件是空的'), z.maximum(EVIDENCE_LIMITS.maxBytes, `文件太大：每个文件不超过 10 MB。照片可以用手机“压缩”或截图后再传。${EVIDENCE_LIMITS_TEXT}`)),
      description: z.optional(text(1, 200, '材料说明')),
    }),
    idempotent: true,
    responses: {
      201: '`{ id, reference, fileName, limits, upload: { method: "PUT", url, headers, expiresIn } | null }`: PUT the file to `url` with exactly these headers',
      400: 'a type, size or file name the limits refuse, naming the field; or 20 files already',
      404: 'the same answer for a wrong ID number as for an unknown reference (the look-up’s)',
      409: 'the case is withdrawn or ended',
      429: 'the look-up’s rate limit or lock',
    },
  },
  // 公示 objections online (shared/cases/proposal.ts `raiseObjection`): the reference in the body, so the
  // no-JavaScript page /publicity/object/ can post it; a contact phone is required online.
  'POST /api/v1/objections': {
    body: strict({
      reference: z.string({ error: '请填写公示编号' }).check(z.trim(), z.minLength(1, '请填写公示编号'), z.maxLength(40, '公示编号过长')),
      reason: text(5, 1000, '异议理由'),
      contactName: z.optional(nameText('联系人姓名', 50)),
      contactPhone: phoneSchema,
    }),
    form: (f: Record<string, unknown>) => {
      const v = (k: string) => (typeof f[k] === 'string' && (f[k] as string).trim() !== '' ? (f[k] as string) : undefined);
      return { reference: v('reference'), reason: v('reason'), contactPhone: v('contactPhone'), ...(v('contactName') ? { contactName: v('contactName') } : {}) };
    },
    responses: {
      200: '`{ reference, status: "objected", objection }`: the case goes back to its township for checking; a plain form post is answered with a redirect to /publicity/object/sent/',
      404: 'no such 公示编号',
      409: 'not (or no longer) in 公示',
      429: 'rate-limited',
    },
  },
  'POST /api/v1/reports': {
    body: reportSchema,
    idempotent: true,
    responses: { 201: '`{ reference, status: "reported" }`: waits for every adult member’s consent' },
  },
  'GET /api/v1/inbox': {
    query: z.strictObject({ status: z.optional(z.enum([...CASE_STATES, 'open', 'all'])), cursor: cursorQuery, limit }),
    responses: { 200: '`{ items: [{ reference, type, status, dueDate, acceptBy, applicant (masked), township, flags }], cursor }`: live work (the open states) unless `status` is `all` or one state' },
  },
  'GET /api/v1/today': {
    responses: {
      200: '`{ date, weekEnd, counts: { open, overdue, atRisk, dueToday, dueThisWeek, byStatus }, items: [{ reference, statusLabel, applicant (masked), dueDate, step, flag, waiting }] }`: overdue and at risk first',
    },
  },
  'GET /api/v1/cases/{reference}': { responses: { 200: 'the case with its records, allowed actions for you, and its audit history; ID numbers masked' } },
  'GET /api/v1/referrals': {
    query: z.strictObject({ status: z.optional(z.enum(['open', 'answered', 'cancelled'])), cursor: cursorQuery, limit }),
    responses: { 200: '`{ items: [{ id, reference, department, status, dueDate, overdue }], cursor }`' },
  },
  'POST /api/v1/status-queries': {
    body: z.strictObject({ idNumber: idNumberSchema, date: isoDate, purpose: text(2, 200, '查询用途') }),
    responses: { 200: '`{ assisted, assistance: [{ type, typeLabel, from, to }] }` — nothing else about the person' },
  },
  'GET /api/v1/publicity': {
    query: z.strictObject({ county: z.optional(z.string().check(z.regex(/^\d{6}$/))), cursor: cursorQuery, limit }),
    responses: { 200: '`{ current: [...], enrolled: [...] }`, masked: no ID number, no address' },
  },
  'GET /api/v1/supervision': {
    query: z.strictObject({ county: z.string().check(z.regex(/^\d{6}$/, { message: '县区代码应为6位数字' })), date: z.optional(isoDate) }),
    responses: {
      200: '`{ county, date, watched, counts: [{ township, name, overdue, atRisk, referralsOverdue, referralsAtRisk, tasksOverdue, tasksAtRisk }], items: [{ kind, flag: overdue|atRisk, dueDate, … }] }`',
    },
  },
  'POST /api/v1/supervision/reminders': {
    body: strict({
      county: z.string().check(z.regex(/^\d{6}$/, { message: '县区代码应为6位数字' })),
      date: isoDate,
      subject: z.string({ error: '请指明催办哪一项（督办清单中的事项）' }).check(z.regex(/^(APP|REF|TASK)#[\w#:.-]{3,120}$/, { message: '督办事项格式不正确，例如 APP#QC-260925-0001-K' })),
      note: z.optional(text(1, 200, '催办说明')),
    }),
    idempotent: true,
    responses: { 201: '`{ id, subject, township, n, at, note }`: recorded in the audit, shown on the item and on the case', 404: 'no such item on that day’s list', 409: 'the item is not overdue' },
  },
  'GET /api/v1/audit/verify': {
    query: z.strictObject({ aggregate: z.string().check(z.regex(/^[\w#:.\-\u3400-\u9fff（）()]{3,120}$/, { message: '审计对象格式不正确，例如 case#QC-260925-0001-K' })) }),
    responses: { 200: '`{ aggregate, length, ok, brokenAt?, headHash }`' },
  },
  'POST /api/v1/relatives': {
    body: z.strictObject({
      idNumber: idNumberSchema,
      relatedTo: text(1, 80, '相关工作人员或村（居）干部'),
      post: z.enum(['staff', 'villageOfficial'], { error: '应为 staff（经办人员）或 villageOfficial（村居干部）' }),
      relation: text(1, 20, '亲属关系'),
    }),
    responses: { 201: '`{ registered: true }`; only the keyed hash of the ID number is kept' },
  },
} as const satisfies Record<string, RouteContract>;
