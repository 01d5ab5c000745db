import * as z from 'zod/mini';
import { cleanText, nameText } from './clean-text.ts';
import type { Schema } from './validate.ts';
import { cursorQuery, isoDate } from './common.ts';
import { ROLES } from '../definitions/roles.ts';
import { applicationSchema, draftResumeSchema, draftSaveSchema, lookupSchema, phoneSchema, recoverySchema } from './application.ts';
import { applicationFromForm } from './application-form.ts';
import { estimateFromForm } from './estimate-form.ts';
import { calculationInputSchema, COUNTY_CODES } from '../rules/schemas.ts';
import { ACTION_CONTRACT, CASE_CONTRACT } from './cases.ts';
import { CHARITY_CONTRACT } from './charity.ts';
import { PROCUREMENT_CONTRACT } from './procurement.ts';
import { PAYMENT_CONTRACT } from './payments.ts';
import { MANAGEMENT_CONTRACT } from './management.ts';
import { STATISTICS_CONTRACT } from './statistics.ts';
import { REGISTRY_CONTRACT } from './registry.ts';
import { MONITORING_CONTRACT } from './monitoring.ts';
import { SIMULATION_CONTRACT } from './simulation.ts';

/**
 * The request schemas of every route, keyed by route key. Functions validate with them, and
 * `GET /api/v1/openapi.json` is generated from them: one description, no drift.
 */
export interface RouteContract {
  body?: Schema<any>;
  query?: Schema<any>;
  /** Creating and paying writes take an Idempotency-Key (docs/architecture.md § Consistency). */
  idempotent?: boolean;
  /** Maps a plain HTML form's fields (strings, money in yuan) to the JSON body, before validation. */
  form?: (fields: Record<string, unknown>, now: Date) => unknown;
  /** What a successful answer looks like, for the API description. */
  responses?: Record<number, string>;
}

const devToken = z.strictObject({
  role: z.enum(ROLES),
  sub: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, { message: '只能含字母、数字和 _ . @ -' }))),
  name: z.optional(nameText('姓名', 40)),
  county: z.optional(z.string().check(z.regex(/^\d{6}$/, { message: '县区代码应为6位数字' }))),
  township: z.optional(z.string().check(z.regex(/^\d{9}$/, { message: '乡镇代码应为9位数字' }))),
  department: z.optional(nameText('部门', 40)),
  organisation: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  /** (二十二): 编制内民政专职 or 其他专职民政工作人员, for the staffing check. */
  establishment: z.optional(z.enum(['established', 'other'], { error: '应为 established（编制内）或 other（其他专职）' })),
});

export const CONTRACT = {
  'POST /api/v1/applications': {
    body: applicationSchema,
    form: applicationFromForm,
    idempotent: true,
    responses: { 201: '`{ reference, status }`; a replay of the same key and body answers the same', 409: 'an open application of this type exists; `existingReference` names it' },
  },
  'POST /api/v1/applications/lookup': {
    body: lookupSchema,
    // The plain form of /track/ (shared/http/track-page.ts): its two fields, as typed.
    form: (fields: Record<string, unknown>) => ({ reference: fields.reference ?? '', idNumber: fields.idNumber ?? '' }),
    responses: { 200: 'the masked status timeline, with the due date once accepted', 404: 'the same answer for a wrong ID number and an unknown reference', 429: 'rate-limited or locked' },
  },
  'POST /api/v1/applications/recovery': {
    body: recoverySchema,
    // The no-JavaScript page /track/recover/ posts the same two fields.
    form: (fields: Record<string, unknown>) => ({ idNumber: fields.idNumber, phone: fields.phone }),
    responses: {
      202: '`{ message }`, the same whether or not anything matched; a match sends each application’s 申请编号 by SMS to the phone on file (once a day). A plain form post is answered with a redirect to /track/recover/sent/',
      429: 'rate-limited or locked',
    },
  },
  'POST /api/v1/drafts': {
    body: draftSaveSchema,
    responses: { 201: '`{ code, expiresOn, days }`: resume with the code and the same ID number within 30 days', 400: 'answers over 32 KB' },
  },
  'POST /api/v1/drafts/resume': {
    body: draftResumeSchema,
    responses: { 200: '`{ answers, savedAt }`', 404: 'the same answer for a wrong ID number as for an unknown or expired code', 429: 'rate-limited' },
  },
  'GET /api/v1/calendar/working-days': {
    query: z.strictObject({
      from: isoDate,
      add: z.string().check(z.regex(/^\d{1,3}$/, { message: '应为 0 至 999 之间的整数' })),
    }),
    responses: { 200: '`{ date, from, add, source }`' },
  },
  'GET /api/v1/standards': {
    query: z.strictObject({ date: z.optional(isoDate) }),
    responses: { 200: '`{ date, parameters: [{ id, value, unit, effectiveFrom, source, example }] }`' },
  },
  'POST /api/v1/standards': {
    body: z.strictObject({
      id: z.string().check(z.regex(/^[a-zA-Z]+(\.[a-zA-Z0-9]+)+$/, { message: '参数编号格式不正确，例如 dibao.standard.urban' })),
      value: z.union([z.int(), z.array(z.string()), z.record(z.string(), z.unknown())], { error: '参数值应为整数（金额以分、比例以基点计）或规定结构的对象' }),
      effectiveFrom: isoDate,
      source: z.string().check(...cleanText('依据'), z.trim(), z.minLength(2, { message: '请注明依据（文件名称和文号）' }), z.maxLength(200)),
      example: z.optional(z.boolean()),
      /** The simulation (shared/simulation) the admin looked at before publishing, recorded with the value. */
      simulation: z.optional(z.string().check(z.regex(/^[a-z0-9-]{8,40}$/, { message: '模拟测算编号格式不正确' }))),
    }),
    responses: { 201: 'the published value with its version (and `simulation` when it followed one)', 422: 'the value breaks a measure; `errors` name the measure' },
  },
  'POST /api/v1/areas/{county}/townships/{township}': {
    body: z.strictObject({
      population: z.int({ error: '人口应为整数' }).check(z.minimum(0, { message: '人口不能为负数' }), z.maximum(10_000_000, { message: '人口数过大，请核对' })),
      populationSource: z
        .string({ error: '请填写人口数据来源' })
        .check(...cleanText('人口数据来源'), z.trim(), z.minLength(1, { message: '请注明人口数据来源，例如 2020年第七次全国人口普查' }), z.maxLength(200, { message: '来源不能超过200个字' })),
      name: z.optional(z.string().check(...cleanText('名称', { multiline: false }), z.trim(), z.minLength(2, { message: '名称至少2个字' }), z.maxLength(40, { message: '名称不能超过40个字' }))),
    }),
    responses: { 200: 'the township as stored: `{ code, name, kind, population, populationSource, sample: false, updatedAt, updatedBy }`', 404: 'unknown county or township' },
  },
  'POST /api/v1/areas/{county}/townships/{township}/window': {
    body: z.strictObject({
      address: z
        .string({ error: '请填写窗口地址' })
        .check(
          ...cleanText('窗口地址', { multiline: false }),
          z.trim(),
          z.minLength(6, { message: '请填写窗口的详细地址，例如 某某镇为民服务中心一楼社会救助窗口' }),
          z.maxLength(120, { message: '地址不能超过120个字' }),
        ),
      phone: phoneSchema,
      hours: z
        .string({ error: '请填写办公时间' })
        .check(
          ...cleanText('办公时间', { multiline: false }),
          z.trim(),
          z.minLength(4, { message: '请填写办公时间，例如 法定工作日 上午 8:30–12:00' }),
          z.maxLength(120, { message: '办公时间不能超过120个字' }),
        ),
    }),
    responses: { 200: 'the township as stored, with `window: { address, phone, hours, sample: false, updatedAt, updatedBy }`', 404: 'unknown county or township' },
  },
  'GET /api/v1/windows': {
    query: z.strictObject({
      county: z.optional(z.enum(COUNTY_CODES, { error: '县区代码应为 341602、341621、341622 或 341623' })),
    }),
    responses: { 200: 'text/html: 找到您的窗口 — every township window (of one county when `county` is given): address, phone, hours' },
  },
  'GET /api/v1/display': {
    query: z.strictObject({
      size: z.optional(z.enum(['standard', 'large', 'xlarge'], { error: '字号应为 standard、large 或 xlarge' })),
      contrast: z.optional(z.enum(['normal', 'high', 'toggle'], { error: '对比度应为 normal、high 或 toggle' })),
      back: z.optional(z.string().check(z.maxLength(500))),
    }),
    responses: { 303: 'sets the `bozhou-display` cookie and goes back to `back` (a path on this site, else /)' },
  },
  'GET /api/v1/display.css': {
    responses: { 302: 'to the static stylesheet of the cookie’s setting, `/display/<size>-<contrast>.css`; `no-cache`, `Vary: Cookie`' },
  },
  'GET /api/v1/estimate': {
    query: z.strictObject({}),
    responses: { 200: 'text/html: the plain 试算 form, posted to `POST /api/v1/calculations`, which answers with the result as a page' },
  },
  'POST /api/v1/calculations': {
    body: calculationInputSchema,
    form: estimateFromForm,
    responses: { 200: '`{ eligible, monthlyAmountFen, oneOffAmountFen, trace: [{ measure, rule, detail, parameters }] }`' },
  },
  ...CASE_CONTRACT,
  ...ACTION_CONTRACT,
  ...PROCUREMENT_CONTRACT,
  ...CHARITY_CONTRACT,
  ...PAYMENT_CONTRACT,
  ...MANAGEMENT_CONTRACT,
  ...STATISTICS_CONTRACT,
  ...REGISTRY_CONTRACT,
  ...MONITORING_CONTRACT,
  ...SIMULATION_CONTRACT,
  'POST /api/v1/dev/token': { body: devToken, responses: { 200: '`{ token, sub, expiresIn }`' } },
  'GET /api/v1/dev/outbox': {
    query: z.strictObject({ reference: z.optional(z.string().check(z.maxLength(40))) }),
    responses: { 200: '`{ entries: [{ id, reference, notice, text, status, attempts, createdAt, sentAt?, deliveredTo? }] }`' },
  },
  'POST /api/v1/dev/jobs/{name}': { query: z.strictObject({ date: isoDate }), responses: { 200: 'the job report' } },
} as const satisfies Record<string, RouteContract>;

export type ContractKey = string;
type Entry<K> = K extends keyof typeof CONTRACT ? (typeof CONTRACT)[K] : Record<never, never>;
export type BodyOf<K> = Entry<K> extends { body: Schema<infer B> } ? B : unknown;
export type QueryOf<K> = Entry<K> extends { query: Schema<infer Q> } ? Q : Record<string, string | undefined>;

export { cursorQuery };
