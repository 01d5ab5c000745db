import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { isoDate, monthSchema } from './common.ts';
import { COUNTY_CODES } from '../rules/schemas.ts';
import type { RouteContract } from './index.ts';

/**
 * Request shapes of disbursement (shared/payments). Strict objects; no amount is ever typed — the run
 * computes every amount with the rules. The bank result file travels as a JSON string field (`csv`) because
 * the body parser takes JSON (and bodies stay under 256 KB, about 4,000 result lines per import).
 */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) => z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不接受的字段：${issue.keys.join('、')}` : undefined) });
const text = (what: string, max: number, min = 1) =>
  z.string({ error: `请填写${what}` }).check(...cleanText(what), z.trim(), z.minLength(min, `请填写${what}`), z.maxLength(max, `${what}不能超过${max}个字`));
const county = z.enum(COUNTY_CODES, { error: '县区代码应为 341602、341621、341622 或 341623' });
const month = monthSchema;
const accountNumber = z.string({ error: '请填写银行账号' }).check(
  z.overwrite((v) => v.replace(/[\s\u3000-]/g, '')),
  z.regex(/^\d{8,32}$/, '银行账号应为8至32位数字'),
);
const account = { name: text('户名', 50), bank: text('开户银行', 60), accountNumber };
const runId = z.string().check(z.regex(/^\d{6}-\d{4}-\d{2}$/, '发放批次编号应为 县区代码-YYYY-MM'));

export const PAYMENT_CONTRACT = {
  'POST /api/v1/payment-runs': {
    body: strict({ county, month }),
    idempotent: true,
    responses: { 202: 'the run, started; progress at `GET /api/v1/payment-runs/{id}`', 409: 'a run for this county and month exists; `runId` and `runStatus` name it' },
  },
  'GET /api/v1/payment-runs': { query: strict({ county }), responses: { 200: '`{ runs: [...] }`, newest first' } },
  'GET /api/v1/payment-runs/{id}': { responses: { 200: 'the run with `progress: { done, total }`' } },
  'POST /api/v1/payment-runs/{id}/resume': { body: z.optional(strict({})), responses: { 202: 'queued batches sent again; the producer continues from its checkpoint' } },
  'GET /api/v1/payment-runs/{id}/reconciliation': { responses: { 200: 'totals per county, category and status from the ledger; expected − paid explained line by line' } },
  'GET /api/v1/payment-runs/{id}/file': {
    responses: { 200: '`{ url, expiresIn, name, lines, totalFen, sha256 }` — a presigned URL; the download is audited', 409: 'the run is not finished', 503: 'the file is not ready' },
  },
  'POST /api/v1/payment-runs/{id}/results': {
    body: strict({ csv: z.string({ error: '请在 csv 字段中提供银行回盘文件内容' }).check(z.minLength(1, '回盘文件为空'), z.maxLength(240_000, '回盘文件过大，请分批导入')) }),
    idempotent: true,
    responses: {
      200: '`{ paid, failed, unchanged }`',
      422: `refused whole, nothing changed; \`errors\` name the lines (header: 付款编号,金额（元）,状态,原因代码,原因; amounts in yuan with two decimals, 状态 成功 or 失败)`,
    },
  },
  'POST /api/v1/payment-runs/{id}/reversals': {
    body: strict({ paymentId: z.string().check(z.maxLength(120, '付款编号过长')), reason: text('冲正原因', 500, 2) }),
    idempotent: true,
    responses: { 201: 'the reversing entry', 409: 'already reversed, or never paid' },
  },
  'POST /api/v1/cases/{reference}/payee': {
    body: strict({
      role: z.enum(['person', 'carer', 'institution', 'funeralArranger'], { error: '收款人应为 person（本人）、carer（委托照料人）、institution（供养机构）或 funeralArranger（丧事承办人）' }),
      ...account,
    }),
    responses: { 200: 'the masked account' },
  },
  'POST /api/v1/cases/{reference}/funeral': {
    body: strict({ diedOn: isoDate, crematedOn: isoDate, arranger: strict(account) }),
    idempotent: true,
    responses: { 201: 'the claim; the next monthly run pays 丧葬补助 once', 409: 'already recorded' },
  },
  'POST /api/v1/cases/{reference}/advance-documentation': { body: strict({ note: z.optional(text('说明', 500)) }), responses: { 200: 'documentation recorded; the balance is paid by the next run' } },
  'POST /api/v1/township-reserves/{township}/funding': {
    body: strict({ amountFen: z.int({ error: '拨付金额应为整数（单位：分）' }).check(z.minimum(1, '拨付金额应大于0'), z.maximum(1e11, '拨付金额过大')), note: z.optional(text('说明', 500)) }),
    idempotent: true,
    responses: { 201: 'funded; the balance never exceeds linshi.reserve.limit', 422: 'above the limit' },
  },
  'GET /api/v1/township-reserves/{township}': { query: strict({ month: z.optional(month) }), responses: { 200: '`{ balanceFen, fundedFen, drawnFen, limitFen, movements, reconciliation }`' } },
  'POST /api/v1/social-workers': {
    body: strict({
      name: text('姓名', 50),
      certificateNumber: z.string({ error: '请填写职业资格证书编号' }).check(z.regex(/^[A-Za-z0-9-]{4,40}$/, '证书编号应为4至40位字母、数字或短横线')),
      level: z.enum(['assistant', 'intermediate', 'senior'], { error: '职称应为 assistant（助理社会工作师）、intermediate（中级）或 senior（高级）' }),
      township: z.string().check(z.regex(/^\d{9}$/, '乡镇（街道）代码应为9位数字')),
      communityWorker: z.boolean({ error: '是否为城市社区专职工作者（true/false）' }),
      from: month,
      until: z.optional(month),
    }),
    idempotent: true,
    responses: { 201: 'registered', 409: 'certificate already registered' },
  },
  'GET /api/v1/social-workers/payroll': { query: strict({ county, month }), responses: { 200: '`{ lines, count, totalFen }` — payroll, never in the assistance ledger' } },
} as const satisfies Record<string, RouteContract>;

export { runId as runIdSchema };
