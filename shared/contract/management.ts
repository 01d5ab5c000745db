import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { cursorQuery, isoDate, monthSchema } from './common.ts';
import { COUNTY_CODES, disabilitySchema, idNumberSchema } from '../rules/schemas.ts';
import { phoneSchema } from './application.ts';
import type { RouteContract } from './index.ts';
import { REFERENCE_SHAPE } from '../cases/reference-number.ts';

/**
 * Request schemas of dynamic management, merged into CONTRACT by shared/contract/index.ts. Shapes
 * only: the rules (which outcome fits which task, overlapping declarations, the CSV lines) live in
 * shared/management and answer with problems that name the field or the line. Every object is strict,
 * so an amount typed by a caseworker is refused by name: the rules compute amounts (二十).
 */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });

const text = (label: string, max: number, min = 1) =>
  z.string({ error: `请填写${label}` }).check(...cleanText(label), z.trim(), z.minLength(min, `${label}至少${min}个字`), z.maxLength(max, `${label}不能超过${max}个字`));

const reasons = (label: string) => z.array(text(label, 500, 2), { error: `请列出${label}` }).check(z.minLength(1, `请至少写明一条${label}`), z.maxLength(10, `${label}最多10条`));

export { monthSchema };

const fen = (label: string) => z.int({ error: `${label}必须是整数（单位：分）` }).check(z.minimum(0, `${label}不能为负数`), z.maximum(1e13, `${label}过大`));

const CITY = '341600';
const countyOrCity = z.enum([CITY, ...COUNTY_CODES], { error: `地区应为全市 ${CITY} 或县区代码 ${COUNTY_CODES.join('、')}` });

// ───────────────────────── tasks ─────────────────────────

const memberIncome = strict({
  index: z.int({ error: '成员序号应为整数' }).check(z.minimum(0, '成员序号从0开始'), z.maximum(29)),
  monthlyIncomeFen: fen('月收入'),
  employmentCostFen: z.optional(fen('就业成本')),
  employed: z.optional(z.boolean({ error: '是否就业应为 true 或 false' })),
});

/** 生活自理能力评估 (六): recorded with every 特困 visit; its care level drives the care subsidy. */
const assessment = strict({
  assessedOn: isoDate,
  careLevel: z.enum(['full', 'half', 'self'], { error: '护理等级应为 full（全护理）、half（半护理）或 self（自理）' }),
  assessor: text('评估人员', 50),
});

const note = z.optional(text('说明', 1000));

export const taskOutcomeSchema = z.discriminatedUnion(
  'outcome',
  [
    strict({ outcome: z.literal('continue'), findings: text('复核情况', 2000, 2), assessment: z.optional(assessment), note }),
    strict({
      outcome: z.literal('adjust'),
      findings: text('复核情况', 2000, 2),
      members: z.optional(z.array(memberIncome).check(z.maxLength(30))),
      assessment: z.optional(assessment),
      note,
    }),
    strict({
      outcome: z.literal('taper'),
      findings: text('复核情况', 2000, 2),
      members: z.array(memberIncome, { error: '请列出就业的成员及其收入' }).check(z.minLength(1, '渐退须列出就业的成员（十）'), z.maxLength(30)),
      note,
    }),
    strict({ outcome: z.literal('suspend'), findings: text('复核情况', 2000, 2), reasons: reasons('暂停理由') }),
    strict({ outcome: z.literal('end'), findings: text('复核情况', 2000, 2), reasons: reasons('终止理由') }),
  ],
  { error: '结果应为 continue（继续）、adjust（调整金额）、taper（渐退）、suspend（暂停）或 end（终止）' },
);
export type TaskOutcomeBody = z.infer<typeof taskOutcomeSchema>;

// ───────────────────────── data match, inspections ─────────────────────────

export const DATA_MATCH_KINDS = ['deaths', 'payroll', 'vehicles', 'business'] as const;
/** A CSV of at most this many characters (≈ 20,000 lines); bigger lists are split (Lambda's 6 MB, docs/architecture.md § Request path and limits). */
export const DATA_MATCH_MAX_CHARS = 1_500_000;

export const dataMatchListSchema = strict({
  kind: z.enum(DATA_MATCH_KINDS, { error: `名单类型应为 ${DATA_MATCH_KINDS.join('、')}` }),
  asOf: isoDate,
  source: text('名单来源（提供部门和文号）', 200, 2),
  csv: z
    .string({ error: '请在 csv 字段中提供名单内容（见 shared/management/README.md）' })
    .check(z.minLength(1, '名单为空'), z.maxLength(DATA_MATCH_MAX_CHARS, '名单过长，请分批上传（每批不超过约2万行）')),
});

export const inspectorSchema = strict({
  sub: z.string({ error: '请填写抽查人员账号' }).check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, '账号只能含字母、数字和 _ . @ -')),
  active: z.optional(z.boolean({ error: 'active 应为 true 或 false' })),
});

export const findingsSchema = strict({
  result: z.enum(['compliant', 'irregular'], { error: '抽查结论应为 compliant（符合规定）或 irregular（发现问题）' }),
  findings: text('抽查情况', 2000, 2),
  issues: z.optional(z.array(z.enum(['eligibility', 'amount', 'procedure', 'records', 'other'], { error: '问题类别应为 eligibility、amount、procedure、records 或 other' })).check(z.maxLength(5))),
});

// ───────────────────────── emergencies, prices, reserves ─────────────────────────

export const emergencySchema = strict({
  area: countyOrCity,
  title: text('事件名称', 100, 2),
  startDate: isoDate,
  endDate: z.optional(isoDate),
  raise: z.optional(
    strict({
      standards: z.array(z.enum(['dibao', 'tekun'], { error: '提高的标准应为 dibao 或 tekun' })).check(z.minLength(1, '请选择要提高的标准'), z.maxLength(2)),
      multiplierBp: z.optional(z.int({ error: '提高倍数以基点计（1.2倍 = 12000）' }).check(z.minimum(10_000, '提高倍数不能低于1倍（10000）'), z.maximum(30_000, '提高倍数不超过3倍（30000）'))),
    }),
  ),
  livingSubsidy: z.boolean({ error: '请说明是否发放临时生活补贴（true/false）' }),
  /** 临时生活补贴 (十五): the households it is paid to, by the 申请编号 of their active 低保 or 特困 case in the area. */
  livingSubsidyRecipients: z.optional(
    z
      .array(z.string({ error: '申请编号应为文本' }).check(z.regex(REFERENCE_SHAPE, '申请编号格式应如 QC-261128-0007-K')), { error: '请列出领取临时生活补贴的申请编号' })
      .check(z.minLength(1, '请至少列出一户'), z.maxLength(500, '一次最多列出500户')),
  ),
  simplifiedProcedure: z.optional(
    strict({
      publicityDays: z.optional(z.int({ error: '公示天数应为整数' }).check(z.minimum(1, '公示至少1天'), z.maximum(7, '简化程序的公示不超过7天'))),
      skipAppraisal: z.optional(z.boolean({ error: '是否免于民主评议应为 true 或 false' })),
      note: z.optional(text('简化程序说明', 500)),
    }),
  ),
  source: text('依据（文件名称和文号）', 200, 2),
});
export type EmergencyBody = z.infer<typeof emergencySchema>;

export const revocationSchema = strict({ lastDay: z.optional(isoDate), reason: text('结束理由', 500, 2), source: text('依据（文件名称和文号）', 200, 2) });

// ───────────────────────── 流浪乞讨 (十四) ─────────────────────────

const county = z.enum(COUNTY_CODES, { error: `县区代码应为 ${COUNTY_CODES.join('、')}` });
const township = z.string({ error: '请填写乡镇（街道）代码' }).check(z.regex(/^\d{9}$/, '乡镇（街道）代码应为9位数字'));
const place = strict({ county, township });
const idNo = z.pipe(z.string({ error: '身份证号码必须是字符串' }).check(z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase())), idNumberSchema);

export const strandedIntakeSchema = strict({
  foundAt: strict({ county, township, on: isoDate, place: text('发现地点', 200, 2) }),
  /** Often unknown: the station records what it can; a provisional person stands in until the identity is found. */
  name: z.optional(text('姓名（可不填）', 50)),
  idNumber: z.optional(idNo),
  home: z.optional(place),
  sex: z.optional(z.enum(['male', 'female'], { error: '性别应为 male 或 female' })),
  estimatedBirthYear: z.optional(z.int({ error: '估计出生年份应为整数' }).check(z.minimum(1900, '出生年份不早于1900年'), z.maximum(2100, '出生年份不正确'))),
  description: text('体貌特征和受助情况', 2000, 2),
});
export type StrandedIntakeBody = z.infer<typeof strandedIntakeSchema>;

export const STRANDED_CARE_SERVICES = ['board', 'lodging', 'medical', 'care', 'clothing', 'contact'] as const;
export const strandedCareSchema = strict({
  services: z.array(z.enum(STRANDED_CARE_SERVICES, { error: `服务应为 ${STRANDED_CARE_SERVICES.join('、')}` })).check(z.minLength(1, '请至少选择一项服务'), z.maxLength(6)),
  note: text('照料情况', 1000, 2),
  extendTo: z.optional(isoDate),
  reason: z.optional(text('延长理由', 500, 2)),
});
export const STRANDED_TRACING_METHODS = ['interview', 'notice', 'police', 'media', 'database'] as const;
export const strandedTraceSchema = strict({
  method: z.enum(STRANDED_TRACING_METHODS, { error: '寻亲方式应为 interview（甄别询问）、notice（寻亲公告）、police（公安比对）、media（媒体）或 database（寻亲网站）' }),
  outcome: z.enum(['found', 'notFound', 'pending'], { error: '结果应为 found、notFound 或 pending' }),
  note: text('寻亲情况', 1000, 2),
});
export const strandedIdentifySchema = strict({ idNumber: idNo, home: place, name: z.optional(text('姓名', 50)), note: z.optional(text('说明', 500)) });
export const strandedReturnSchema = strict({ escort: text('接送和护送安排', 500, 2) });
export const strandedSettleSchema = strict({ township, idNumber: z.optional(idNo), note: text('安置情况', 1000, 2) });
export const strandedTekunSchema = strict({
  residence: z.enum(['urban', 'rural'], { error: '居住地类型应为 urban 或 rural' }),
  disability: z.optional(disabilitySchema),
  illness: z.optional(z.literal('serious', { error: '重病情况只能填 serious' })),
  phone: phoneSchema,
});
export const STRANDED_STEP_SCHEMAS = {
  care: strandedCareSchema,
  trace: strandedTraceSchema,
  identify: strandedIdentifySchema,
  returnHome: strandedReturnSchema,
  settle: strandedSettleSchema,
  transferTekun: strandedTekunSchema,
} as const;
export type StrandedStep = keyof typeof STRANDED_STEP_SCHEMAS;
export type StrandedStepBody = { [K in StrandedStep]: z.infer<(typeof STRANDED_STEP_SCHEMAS)[K]> }[StrandedStep];

const bp = (label: string) => z.int({ error: `${label}以基点计（3.5% = 350）` }).check(z.minimum(-5000, `${label}不低于 -50%`), z.maximum(5000, `${label}不超过 50%`));

export const priceIndexSchema = strict({ month: monthSchema, cpiYoYBp: bp('CPI同比涨幅'), foodCpiYoYBp: bp('食品价格同比涨幅'), source: text('数据来源', 200, 2) });

export const confirmationSchema = strict({
  decision: z.enum(['confirm', 'decline'], { error: '决定应为 confirm（启动）或 decline（不启动）' }),
  source: text('依据（发展改革部门文件名称和文号）', 200, 2),
  note,
});

export const reserveSchema = strict({ area: countyOrCity, valueFen: fen('储备物资金额'), asOf: isoDate, note: z.optional(text('说明', 500)) });

const limit = z.optional(z.string().check(z.regex(/^\d{1,3}$/, { message: '应为 1 至 100 之间的整数' })));

export const MANAGEMENT_CONTRACT = {
  'GET /api/v1/tasks': {
    query: z.strictObject({
      status: z.optional(z.enum(['open', 'done'], { error: '状态应为 open（待办）或 done（已办结）' })),
      township: z.optional(z.string().check(z.regex(/^\d{9}$/, { message: '乡镇（街道）代码应为9位数字' }))),
      cursor: cursorQuery,
      limit,
    }),
    responses: {
      200: '`{ items: [{ id, kind, kindLabel, reference, type, applicant (masked), township, dueDate, overdue, atRisk, evidence? }], cursor }`; a county may name one of its townships',
      403: 'the township is not in your county',
    },
  },
  'GET /api/v1/tasks/summary': {
    responses: { 200: '`{ county, date, atRiskUntil, townships: [{ township, name, open, atRisk, overdue, done }], totals }`: counts only' },
  },
  'GET /api/v1/tasks/{id}': {
    responses: { 200: 'the task as in the list, with its evidence and outcome', 403: 'not in your township or county', 404: 'no such task' },
  },
  'POST /api/v1/tasks/{id}/outcome': {
    body: taskOutcomeSchema,
    responses: {
      200: '`{ reference, status, task, enrolment?, notice? }`',
      409: 'the task is done, or the case changed meanwhile, or the outcome does not fit (e.g. 渐退 while income is under the standard)',
    },
  },
  'POST /api/v1/data-match/lists': {
    body: dataMatchListSchema,
    idempotent: true,
    responses: { 201: '`{ id, kind, lines }`: only keyed hashes of the ID numbers are kept', 400: 'the list is refused whole; `errors` name every bad line (`csv:<line>`)' },
  },
  'GET /api/v1/data-match/lists': {
    responses: { 200: "`{ validMonths, items: [{ id, kind, kindLabel, asOf, source, lines, uploadedBy, uploadedAt }] }`: your county's lists, newest first; no ID numbers" },
  },
  'POST /api/v1/inspectors': { body: inspectorSchema, responses: { 201: '`{ sub, county, active }`', 422: 'the account is not an inspector of your county' } },
  'GET /api/v1/inspections': {
    query: z.strictObject({ county: z.optional(z.enum(COUNTY_CODES)), month: z.optional(monthSchema) }),
    responses: { 200: '`{ draws: [{ id, county, month, seedHash, townships: [{ township, name, drawn, inspected, compliant, irregular }] }] }` — no personal data' },
  },
  'GET /api/v1/inspections/assigned': { query: z.strictObject({ status: z.optional(z.enum(['open', 'done'])) }), responses: { 200: '`{ items: [{ id, reference, township, month, status }] }`' } },
  'POST /api/v1/inspections/{id}/findings': { body: findingsSchema, responses: { 200: '`{ id, result, task? }`', 403: 'not drawn for you', 409: 'already recorded' } },
  'GET /api/v1/inspection-draws/{id}': {
    responses: {
      200: '`{ id, seed, population, inspectors, exclusions, size, sample, inspections: [{ id, reference, township, inspector, status, result?, issues?, findings? }], replayed: true }`; the read is audited',
    },
  },
  'GET /api/v1/emergencies': { query: z.strictObject({ date: z.optional(isoDate) }), responses: { 200: '`{ items: [declaration] }`' } },
  'POST /api/v1/emergencies': {
    body: emergencySchema,
    idempotent: true,
    responses: { 201: 'the declaration, with its id `<area>.<startDate>`', 409: 'an overlapping declaration exists for the area' },
  },
  'POST /api/v1/stranded-cases': {
    body: strandedIntakeSchema,
    idempotent: true,
    responses: { 201: 'the case: `{ id, status, person (provisional without an ID number), deadlines, … }`, never the ID number', 403: 'not the 救助管理机构' },
  },
  'GET /api/v1/stranded-cases': {
    responses: {
      200: '`{ items: [{ id, status, name (masked), foundAt, identified, careUntil, careOverdue, tracingNoticeDue, tracingNoticeOverdue, settlementFrom }] }`, earliest care deadline first',
    },
  },
  'GET /api/v1/stranded-cases/{id}': { responses: { 200: 'the case with its care, tracing and steps', 404: 'no such case' } },
  ...Object.fromEntries(
    Object.entries(STRANDED_STEP_SCHEMAS).map(([step, body]) => [
      `POST /api/v1/stranded-cases/{id}/${step}`,
      { body, responses: { 200: 'the case after the step', 409: 'the step does not fit the case’s state or deadline', 422: 'transferTekun: the person does not qualify (六)' } },
    ]),
  ),
  'POST /api/v1/emergencies/{id}/revocation': { body: revocationSchema, responses: { 200: 'the declaration with its new `endDate`', 409: 'already ended before that day' } },
  'POST /api/v1/price-index': { body: priceIndexSchema, responses: { 201: '`{ month, cpiYoYBp, foodCpiYoYBp }`', 409: 'figures for that month exist' } },
  'GET /api/v1/price-linkage': { responses: { 200: '`{ indices: [...], proposals: [...] }`' } },
  'POST /api/v1/price-linkage/{month}/confirmation': { body: confirmationSchema, responses: { 200: 'the proposal with its decision', 404: 'no proposal for that month', 409: 'already decided' } },
  'POST /api/v1/reserves': { body: reserveSchema, responses: { 201: '`{ area, valueFen, asOf, ok, shortfallFen, trace }`' } },
  'GET /api/v1/alerts': { query: z.strictObject({ county: z.optional(z.enum(COUNTY_CODES)) }), responses: { 200: '`{ items: [{ kind, area, date, detail }] }`' } },
} as const satisfies Record<string, RouteContract>;
