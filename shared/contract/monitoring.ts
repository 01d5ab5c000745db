import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { cursorQuery, isoDate, monthSchema } from './common.ts';
import { COUNTY_CODES } from '../rules/schemas.ts';
import { phoneSchema } from './application.ts';
import type { RouteContract } from './index.ts';
import { DEPARTMENTS } from './cases.ts';

/**
 * Request shapes of 政策找人 (shared/monitoring): department feeds, the township's alerts and the visit
 * outcome. The feed formats themselves (columns, codes) are shared/monitoring/formats.ts and its README.
 */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });
const text = (label: string, max: number, min = 1) =>
  z.string({ error: `请填写${label}` }).check(...cleanText(label), z.trim(), z.minLength(min, `${label}至少${min}个字`), z.maxLength(max, `${label}不能超过${max}个字`));

export const FEED_SOURCE_IDS = ['medical', 'disability', 'employment', 'education', 'police', 'housing', 'disaster'] as const;
/** About 3,000 lines in one request (the API's body limit is 256 KB); a department system sends bigger feeds in parts. */
export const FEED_MAX_CHARS = 240_000;

export const feedSchema = strict({
  source: z.enum(FEED_SOURCE_IDS, { error: `数据来源应为 ${FEED_SOURCE_IDS.join('、')}` }),
  asOf: isoDate,
  /** The document or data-sharing agreement under which the department sends it. */
  document: text('提供依据（共享协议或文号）', 200, 2),
  csv: z
    .string({ error: '请在 csv 字段中提供数据（格式见 shared/monitoring/README.md）' })
    .check(z.minLength(1, '数据为空'), z.maxLength(FEED_MAX_CHARS, '数据过长，请分批推送（每批不超过约3000行）')),
});

/** A file sent through S3 (shared/monitoring/uploads.ts): its exact size is signed into the upload URL. */
export const FEED_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
export const feedUploadSchema = strict({
  source: feedSchema.shape.source,
  asOf: isoDate,
  document: text('提供依据（共享协议或文号）', 200, 2),
  sizeBytes: z.int({ error: '请填写文件大小（字节，整数）' }).check(z.minimum(1, '文件为空'), z.maximum(FEED_UPLOAD_MAX_BYTES, `文件不能超过 ${FEED_UPLOAD_MAX_BYTES / 1024 / 1024} MB，请分批推送`)),
});

export const ALERT_OUTCOMES = ['assisted', 'referred', 'notInNeed', 'unreachable'] as const;

export const alertOutcomeSchema = strict({
  outcome: z.enum(ALERT_OUTCOMES, { error: '走访结果应为 assisted（已帮扶）、referred（已转介）、notInNeed（经核实不需要救助）或 unreachable（未能联系上）' }),
  visitedOn: isoDate,
  findings: text('走访情况', 2000, 2),
  reasons: z.optional(z.array(text('理由', 200, 2)).check(z.minLength(1, '请写明理由'), z.maxLength(10, '理由最多10条'))),
  /** Start an application pre-filled from the registry; the household still confirms and signs the 核对授权. */
  apply: z.optional(
    strict({
      type: z.enum(['dibao', 'tekun', 'linshi'], { error: '申请类型应为 dibao、tekun 或 linshi' }),
      phone: phoneSchema,
    }),
  ),
});

export const TICKET_KINDS = ['request', 'complaint', 'report'] as const;
const ticketNumber = z.string({ error: '请填写12345工单编号' }).check(z.trim(), z.regex(/^[A-Za-z0-9-]{6,30}$/, '工单编号应为6至30位字母、数字或“-”'));

export const ticketSchema = strict({
  number: ticketNumber,
  kind: z.enum(TICKET_KINDS, { error: '工单类型应为 request（求助）、complaint（投诉）或 report（反映困难家庭）' }),
  summary: text('诉求内容（不要填写身份证号码）', 1000, 4),
  receivedOn: isoDate,
  township: z.string({ error: '请选择承办乡镇（街道）' }).check(z.regex(/^\d{9}$/, '乡镇（街道）代码应为9位数字')),
  department: z.optional(z.enum(DEPARTMENTS, { error: `部门应为：${DEPARTMENTS.join('、')}` })),
});
export const ticketAnswerSchema = strict({ answer: text('答复内容', 1000, 4), answeredOn: isoDate });
export const ticketLookupSchema = strict({ number: ticketNumber });

export const MONITORING_CONTRACT = {
  'POST /api/v1/tickets': {
    body: ticketSchema,
    idempotent: true,
    responses: { 201: '`{ number, status: "open", routedTo, dueDate }`', 409: 'a ticket with this 12345 number is registered already' },
  },
  'GET /api/v1/tickets': {
    query: z.strictObject({ status: z.optional(z.enum(['open', 'answered'])), township: z.optional(z.string().check(z.regex(/^\d{9}$/, { message: '乡镇（街道）代码应为9位数字' }))) }),
    responses: { 200: '`{ items: [{ number, kindLabel, summary, township, department?, dueDate, overdue, atRisk, status, answer? }] }`, by due date' },
  },
  'POST /api/v1/tickets/{number}/answer': {
    body: ticketAnswerSchema,
    idempotent: true,
    responses: { 200: 'the answered ticket, `onTime` says whether it was answered by its due date', 409: 'answered already' },
  },
  'POST /api/v1/tickets/lookup': {
    body: ticketLookupSchema,
    responses: { 200: '`{ number, kindLabel, status, receivedOn, dueDate, answeredOn? }` — no content, no names', 404: 'no such ticket', 429: 'rate-limited' },
  },
  'POST /api/v1/monitoring/feeds': {
    body: feedSchema,
    idempotent: true,
    responses: {
      202: '`{ id, source, lines, status: "received" }`: validated and queued; the match runs later (`GET …/feeds/{id}`). The same content again answers with the same feed',
      400: 'the feed is refused whole; `errors` name every bad line and column (`csv:<line>.<column>`)',
    },
  },
  'GET /api/v1/monitoring/statistics': {
    query: z.strictObject({
      county: z.enum(COUNTY_CODES, { error: `县区代码应为 ${COUNTY_CODES.join('、')} 之一` }),
      from: z.optional(monthSchema),
      to: z.optional(monthSchema),
    }),
    responses: {
      200:
        '`{ county, countyName, date, from, to, months, basis, rows: [{ township, townshipName, month, alerts: { raised, visitedOnTime, visitedLate, openOverdue, assisted, notInNeed, referred, unreachable }, ' +
        'tickets: { received, answeredOnTime, answeredLate, openOverdue } }], townships: [{ township, townshipName, alerts, tickets }] }` — by the month an alert was raised or a ticket received; at most 12 months (default the last 6)',
      400: '`from` after `to`, or more than 12 months',
    },
  },
  'POST /api/v1/monitoring/feed-uploads': {
    body: feedUploadSchema,
    idempotent: true,
    responses: {
      201: '`{ id, status: "awaiting-file", upload: { method: "PUT", url, headers, expiresIn } }`: PUT the file (exactly `sizeBytes`, `text/csv`) to `url`, then submit',
      503: 'no file storage configured',
    },
  },
  'POST /api/v1/monitoring/feed-uploads/{id}/submit': {
    responses: {
      202: '`{ id, status: "queued" }`: checked and matched on the queue; read the outcome with `GET …/feed-uploads/{id}`',
      409: 'the file is not in the bucket yet, or not of the declared size',
    },
  },
  'GET /api/v1/monitoring/feed-uploads/{id}': {
    responses: {
      200: '`{ id, source, status: "awaiting-file"|"queued"|"refused"|"accepted", feedId?, duplicate?, detail?, errors?: [{ field: "csv:<line>.<column>", code, message }] }`',
      404: 'no such upload in your county',
    },
  },
  'GET /api/v1/monitoring/feeds': {
    query: z.strictObject({ cursor: cursorQuery }),
    responses: {
      200: '`{ items: [{ id, source, sourceLabel, asOf, lines, status, department, legalBasis, document, uploadedBy, uploadedAt, result? }], formats: [{ source, label, department, legalBasis, header, columns }], cursor }`, newest first; refused feeds are not kept',
    },
  },
  'GET /api/v1/monitoring/feeds/{id}': {
    responses: { 200: '`{ id, source, sourceLabel, legalBasis, document, asOf, lines, status, result?: { matched, raised, existing } }` — no ID numbers', 404: 'no such feed in your county' },
  },
  'GET /api/v1/monitoring/alerts': {
    query: z.strictObject({
      status: z.optional(z.enum(['open', 'closed'])),
      township: z.optional(z.string().check(z.regex(/^\d{9}$/, { message: '乡镇（街道）代码应为9位数字' }))),
      cursor: cursorQuery,
    }),
    responses: { 200: '`{ items: [{ id, rule, ruleLabel, explanation, householdId, township, dueDate, overdue, atRisk, status }], cursor }`, by due date' },
  },
  'GET /api/v1/monitoring/alerts/{id}': {
    responses: { 200: 'the alert: explanation, measure, parameters, what the household may qualify for (试算), the register entries, the outcome', 404: 'no such alert in your reach' },
  },
  'POST /api/v1/monitoring/alerts/{id}/outcome': {
    body: alertOutcomeSchema,
    idempotent: true,
    responses: {
      200: '`{ id, status: "closed", outcome, application?: { reference, status: "reported", needs: "consent" } }`',
      409: 'the alert is closed already; or the outcome needs reasons (notInNeed, unreachable)',
    },
  },
} satisfies Record<string, RouteContract>;
