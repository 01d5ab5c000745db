import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { cursorQuery, isoDate } from './common.ts';
import { idNumberSchema, COUNTY_CODES } from '../rules/schemas.ts';
import { phoneSchema } from './application.ts';
import { limit } from './cases.ts';
import { VOLUNTEER_TYPES } from '../charity/volunteer-types.ts';
import type { RouteContract } from './index.ts';

/**
 * Request schemas of the charity registry (十六), merged into CONTRACT by shared/contract/index.ts.
 * Shapes only: the rules (credit-code check character, filing window, declared accounts, balances)
 * live in shared/charity and answer with problems that name the field.
 */
const text = (label: string, max: number) =>
  z.string({ error: `请填写${label}` }).check(...cleanText(label), z.trim(), z.minLength(1, `请填写${label}`), z.maxLength(max, `${label}不能超过${max}个字`));

const fen = (label: string) => z.int({ error: `${label}必须是整数（单位：分）` }).check(z.minimum(1, `${label}必须大于0`), z.maximum(1e13, `${label}过大`));

/** Purposes become key parts (`BAL#<form>#<purpose>`), so `#` is kept out. */
const purpose = (label: string) =>
  z.string({ error: `请填写${label}` }).check(
    ...cleanText(label, { multiline: false }),
    z.trim(),
    z.minLength(1, `请填写${label}`),
    z.maxLength(40, `${label}不能超过40个字`),
    z.refine((v) => !v.includes('#'), { message: `${label}不能含有 # 号` }),
  );

const code = (label: string, pattern: RegExp, hint: string) =>
  z.string({ error: `请填写${label}` }).check(
    z.overwrite((v) => v.replace(/[\s\u3000]/g, '').toUpperCase()),
    z.regex(pattern, hint),
  );

/** The GB 32100 check happens in the domain: a failed check character goes to manual review, not to a 400. */
const creditCode = z.string({ error: '请填写统一社会信用代码' }).check(z.maxLength(40, '统一社会信用代码过长'));

const accountNumber = z.string({ error: '请填写银行账号' }).check(
  z.overwrite((v) => v.replace(/[\s\u3000-]/g, '')),
  z.regex(/^\d{8,32}$/, '银行账号应为8至32位数字'),
);

const receiptNumber = code('捐赠票据号', /^[0-9A-Z-]{4,40}$/, '捐赠票据号应为4至40位字母、数字或短横线');
const idNumber = z.pipe(code('身份证号码', /^.{1,40}$/, '身份证号码过长'), idNumberSchema);
const id = (label: string) => z.string({ error: `请填写${label}` }).check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, `${label}格式不正确`));

export const registrationSchema = z.strictObject({
  name: text('机构名称', 100),
  creditCode,
  certificateNumber: text('登记证书号', 60),
  publicFundraising: z.boolean({ error: '请说明是否具有公开募捐资格（true 或 false）' }),
  accounts: z
    .array(z.strictObject({ bank: text('开户银行', 60), accountName: text('户名', 100), accountNumber }), { error: '请至少申报一个银行账户' })
    .check(z.minLength(1, '请至少申报一个银行账户'), z.maxLength(10, '最多申报10个账户')),
  contact: z.strictObject({ name: text('联系人姓名', 50), phone: phoneSchema }),
});

export const verificationSchema = z.strictObject({
  decision: z.enum(['verify', 'reject'], { error: '审核结论应为 verify（核实通过）或 reject（退回）' }),
  reasons: z.array(text('理由', 500)).check(z.maxLength(20, '理由最多20条')),
});

export const campaignSchema = z.strictObject({
  filingNumber: code('备案编号', /^[0-9A-Z-]{6,40}$/, '备案编号应为6至40位字母、数字或短横线'),
  title: text('募捐活动名称', 100),
  purpose: purpose('募捐目的'),
  startDate: isoDate,
  endDate: isoDate,
  targetFen: fen('募捐目标'),
  accountNumber,
  cszgUrl: z.string({ error: '请填写慈善中国上的网址' }).check(z.maxLength(500, '网址过长')),
  emergencyAppeal: z.optional(z.boolean({ error: '紧急募捐应为 true 或 false' })),
  area: z.optional(z.string().check(z.regex(/^\d{6}(\d{3})?$/, '地区代码应为6位（县区）或9位（乡镇）数字'))),
});

const donor = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('person'), name: text('捐赠人姓名', 50), idNumber, publishName: z.boolean({ error: '请说明捐赠人是否同意公开姓名' }) }),
    z.strictObject({ type: z.literal('organisation'), name: text('捐赠单位名称', 100), creditCode, publishName: z.boolean({ error: '请说明是否同意公开单位名称' }) }),
    z.strictObject({ type: z.literal('anonymous') }),
  ],
  { error: '捐赠人类型应为 person（个人）、organisation（单位）或 anonymous（匿名）' },
);

const gift = z.discriminatedUnion(
  'form',
  [
    z.strictObject({ form: z.literal('money'), amountFen: fen('捐赠金额'), accountNumber }),
    z.strictObject({
      form: z.literal('goods'),
      description: text('物资名称', 100),
      quantity: z.int({ error: '数量必须是整数' }).check(z.minimum(1, '数量必须大于0'), z.maximum(1e9, '数量过大')),
      unit: text('计量单位', 10),
      valuationFen: fen('物资估值'),
    }),
  ],
  { error: '捐赠形式应为 money（资金）或 goods（物资）' },
);

export const donationSchema = z.strictObject({
  receiptNumber,
  date: isoDate,
  campaignId: z.optional(id('募捐活动编号')),
  restrictedPurpose: z.optional(purpose('定向用途')),
  donor,
  gift,
});

const recipient = z.discriminatedUnion(
  'type',
  [z.strictObject({ type: z.literal('person'), name: text('收款人姓名', 50), idNumber }), z.strictObject({ type: z.literal('organisation'), name: text('收款单位名称', 100), creditCode })],
  { error: '收款方类型应为 person 或 organisation' },
);

const useCommon = {
  date: isoDate,
  form: z.optional(z.enum(['money', 'goods'], { error: '使用形式应为 money 或 goods' })),
  amountFen: fen('使用金额'),
  purpose: z.optional(purpose('用途')),
  campaignId: z.optional(id('募捐活动编号')),
  description: text('使用说明', 500),
};

export const useSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('project'), ...useCommon, project: z.strictObject({ name: text('项目名称', 100) }), recipient: z.optional(recipient) }),
    z.strictObject({ kind: z.literal('case'), ...useCommon, caseReference: text('申请编号', 40) }),
    z.strictObject({
      kind: z.literal('reserve'),
      ...useCommon,
      reserve: z.strictObject({ name: text('储备库名称', 100), county: z.enum(COUNTY_CODES, { error: '县区代码应为 341602、341621、341622 或 341623' }) }),
    }),
  ],
  { error: '使用去向应为 project（项目）、case（救助对象）或 reserve（救灾物资储备）' },
);

export const reportSchema = z.strictObject({
  campaignId: id('募捐活动编号'),
  dueDate: isoDate,
  summary: text('公开内容摘要', 2000),
  disclosureUrl: z.optional(z.string().check(z.regex(/^https:\/\/cszg\.mca\.gov\.cn\//, '请填写慈善中国（https://cszg.mca.gov.cn/）上的网址'), z.maxLength(500))),
});

/** A disclosure the charity made on 慈善中国 besides campaign reports: the year's reports, or a 更正说明 (shared/charity/deadlines.ts). */
export const disclosureSchema = z.strictObject({
  kind: z.enum(['annualReport', 'correction'], { error: '公开事项应为 annualReport（年度报告）或 correction（更正说明）' }),
  year: z.optional(z.int({ error: '年度应为整数，例如 2025' }).check(z.minimum(2016, '年度不早于2016年'), z.maximum(2100, '年度有误'))),
  flagId: z.optional(id('核查线索编号')),
  summary: text('公开内容摘要', 2000),
  disclosureUrl: z.optional(z.string().check(z.regex(/^https:\/\/cszg\.mca\.gov\.cn\//, '请填写慈善中国（https://cszg.mca.gov.cn/）上的网址'), z.maxLength(500))),
});

export const volunteerSchema = z.strictObject({
  type: z.enum(VOLUNTEER_TYPES, { error: `服务类型应为：${VOLUNTEER_TYPES.join('、')}` }),
  date: isoDate,
  volunteers: z.int({ error: '志愿者人数必须是整数' }).check(z.minimum(1, '志愿者人数至少1人'), z.maximum(100000, '人数过大')),
  hours: z.int({ error: '服务时长必须是整数（小时）' }).check(z.minimum(1, '服务时长至少1小时'), z.maximum(10000000, '时长过大')),
  description: text('活动说明', 500),
});

export const CHARITY_CONTRACT = {
  'POST /api/v1/charities': {
    body: registrationSchema,
    idempotent: true,
    responses: {
      201: '`{ charityId, status: "pending", manualReview }`; a failed credit-code check character is registered for manual review',
      409: 'already registered, or the credit code is registered by another account',
    },
  },
  'GET /api/v1/charities': {
    query: z.strictObject({ status: z.optional(z.enum(['pending', 'verified', 'rejected', 'revoked'], { error: '状态应为 pending、verified、rejected 或 revoked' })), cursor: cursorQuery }),
    responses: { 200: '`{ items, cursor }`: registrations for review, with the manual-review mark and open flags' },
  },
  'GET /api/v1/charities/{id}': { responses: { 200: 'the registration (accounts and contact masked), campaigns with report due dates, balances and flags' } },
  'POST /api/v1/charities/{id}/verification': { body: verificationSchema, responses: { 200: '`{ charityId, status, reasons }`', 409: 'already decided' } },
  'POST /api/v1/charities/{id}/revocation': {
    body: z.strictObject({ reason: text('撤销理由', 500) }),
    responses: { 200: '`{ charityId, status: "revoked", reason }`; from then on the charity records no campaigns, donations, uses or volunteering', 409: 'not verified, or already revoked' },
  },
  'GET /api/v1/charity-flags': {
    query: z.strictObject({
      status: z.optional(z.enum(['open', 'confirmed', 'dismissed'], { error: '状态应为 open（待核查）、confirmed（属实）或 dismissed（不成立）' })),
      cursor: cursorQuery,
      limit,
    }),
    responses: { 200: '`{ items: [{ charityId, charityName, flagId, flag, label, detail, subject, raisedAt, status, resolution? }], cursor }`: open flags oldest first (default `status=open`)' },
  },
  'POST /api/v1/charities/{id}/flags/{flagId}/resolution': {
    body: z.strictObject({
      outcome: z.enum(['confirmed', 'dismissed'], { error: '处理结论应为 confirmed（属实）或 dismissed（不成立）' }),
      note: text('核查说明', 500),
    }),
    responses: {
      200: '`{ charityId, flagId, status, resolution }`: a confirmed flag stays on the published credit record and counts; a dismissed one stays visible, marked 已核查不成立 with the note, and no longer counts',
      400: 'the note carries an ID, phone or bank-card number (it is published)',
      404: 'no such flag at this charity',
      409: 'already resolved',
    },
  },
  'POST /api/v1/charities/{id}/campaigns': {
    body: campaignSchema,
    idempotent: true,
    responses: {
      201: '`{ campaignId, filingNumber, emergencyAppeal, reportsDue }`',
      403: 'no public-fundraising status',
      409: 'charity not verified, or filing number used',
      422: 'filed too late (10 days before the start; emergency appeals within 10 days after)',
    },
  },
  'POST /api/v1/charities/{id}/reports': { body: reportSchema, idempotent: true, responses: { 201: '`{ campaignId, dueDate, kind, late }`', 409: 'this report is already recorded' } },
  'POST /api/v1/charities/{id}/disclosures': {
    body: disclosureSchema,
    responses: {
      201: '`{ key, dueDate, recordedOn, late }`',
      200: 'already recorded: the record made before (`replayed: true`)',
      400: 'nothing of that year or flag is due, naming `year` or `flagId`',
    },
  },
  'GET /api/v1/charities/{id}/credit': { responses: { 200: '`{ charity, standing, counts, flags }`: the published credit record' } },
  'GET /api/v1/charities/{id}/donations': { query: z.strictObject({ cursor: cursorQuery }), responses: { 200: "`{ items, cursor }`: the charity's own donations, donor ID masked" } },
  'POST /api/v1/donations': {
    body: donationSchema,
    idempotent: true,
    responses: { 201: '`{ donationId, receiptNumber, purpose, restricted, flags }`', 409: 'charity not verified, or the receipt number is already recorded' },
  },
  'POST /api/v1/donations/uses': {
    body: useSchema,
    idempotent: true,
    responses: { 201: '`{ useId, status, purpose, flags }`; a use to a case is `pending` until the caseworker confirms', 409: "the purpose's balance is insufficient (`availableFen`)" },
  },
  'GET /api/v1/donations/uses': { query: z.strictObject({ cursor: cursorQuery }), responses: { 200: "`{ items, cursor }`: uses to cases of the caller's township awaiting confirmation" } },
  'POST /api/v1/donations/uses/{id}/confirmation': {
    body: z.strictObject({ confirmed: z.boolean({ error: '请说明是否确认（true 或 false）' }), note: z.optional(text('说明', 500)) }),
    responses: { 200: '`{ useId, status }`', 403: 'another township', 409: 'already confirmed or declined' },
  },
  'GET /api/v1/donations/disclosures': {
    query: z.strictObject({ charity: z.optional(id('慈善组织编号')), campaign: z.optional(id('募捐活动编号')), cursor: cursorQuery, donationsCursor: cursorQuery, usesCursor: cursorQuery }),
    responses: {
      200: 'without `charity`: verified charities with totals; with it: totals by purpose, campaigns, donations and uses (donor names only with consent, beneficiaries hidden), volunteer totals',
    },
  },
  'POST /api/v1/donations/lookup': {
    body: z.strictObject({
      receiptNumber: z.string({ error: '请填写捐赠票据号' }).check(z.trim(), z.minLength(1, '请填写捐赠票据号'), z.maxLength(40, '票据号过长')),
      idNumber: z.string({ error: '请填写身份证号码' }).check(
        z.overwrite((v) => v.replace(/\s+/g, '').toUpperCase()),
        z.minLength(1, '请填写身份证号码'),
        z.maxLength(40, '身份证号码过长'),
      ),
    }),
    responses: { 200: '`{ donations: [{ charity, date, amountFen, purpose, usesOfPurpose }] }`', 404: 'the same answer for a wrong ID number and an unknown receipt', 429: 'rate-limited or locked' },
  },
  'POST /api/v1/volunteer-activities': { body: volunteerSchema, idempotent: true, responses: { 201: '`{ activityId }`', 409: 'charity not verified (or revoked)' } },
} as const satisfies Record<string, RouteContract>;
