import * as z from 'zod/mini';
import { cleanText } from './clean-text.ts';
import { cursorQuery, isoDate } from './common.ts';
import { METHOD_CODES } from '../procurement/methods.ts';
import type { RouteContract } from './index.ts';

/**
 * Request shapes of government purchase of services (measure 十八). Every object is strict; money is
 * integer fen; times carry an offset.
 */
const text = (min: number, max: number, what: string) =>
  z.string({ error: `请填写${what}` }).check(...cleanText(what), z.trim(), z.minLength(min, `${what}至少${min}个字`), z.maxLength(max, `${what}不能超过${max}个字`));
const code = (what: string) => z.string({ error: `请填写${what}` }).check(z.regex(/^[A-Za-z0-9_.-]{1,40}$/, `${what}只能含字母、数字和 _ . -，不超过40位`));
const fen = (what: string, max = 1e12) => z.int({ error: `${what}应为整数（分）` }).check(z.minimum(1, `${what}应大于0`), z.maximum(max, `${what}过大`));
const year = z.int({ error: '年度应为整数' }).check(z.minimum(2020, '年度不早于2020'), z.maximum(2100, '年度不晚于2100'));
const county = z.string().check(z.regex(/^\d{6}$/, '县区代码应为6位数字'));
const dateTime = z.string({ error: '请填写时间' }).check(
  z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/, '时间应为带时区的 ISO 8601 格式，例如 2026-12-20T09:30:00+08:00'),
  z.refine((v) => !Number.isNaN(Date.parse(v)), '不是有效的时间'),
);
const documents = z.array(z.strictObject({ key: text(1, 300, '文件存储位置（S3 键）'), title: text(1, 100, '文件名称') })).check(z.maxLength(20, '最多20个文件'));
const nonNegFen = (what: string) => z.int({ error: `${what}应为整数（分）` }).check(z.minimum(0, `${what}不能为负`), z.maximum(1e14, `${what}过大`));

const criterion = z.strictObject({
  id: code('评分因素编号'),
  name: text(1, 40, '评分因素名称'),
  kind: z.enum(['price', 'technical'], { error: '评分因素类别应为 price 或 technical' }),
  weight: z.int({ error: '权重应为整数' }).check(z.minimum(1, '权重至少为1'), z.maximum(100, '权重不超过100')),
});

export const PROCUREMENT_CONTRACT = {
  'GET /api/v1/service-lists': { query: z.strictObject({ county, year: z.string().check(z.regex(/^\d{4}$/, '年度应为4位数字')) }), responses: { 200: 'the county’s service list of the year' } },
  'POST /api/v1/service-lists': {
    body: z.strictObject({
      county,
      year,
      services: z
        .array(z.strictObject({ id: code('服务编号'), name: text(1, 60, '服务名称'), description: text(1, 500, '服务内容'), unit: text(1, 20, '计量单位'), serves: text(1, 200, '服务对象或区域') }))
        .check(z.minLength(1, '清单至少列一项服务'), z.maxLength(100, '清单最多100项')),
    }),
    responses: { 200: 'the saved list with its version' },
  },
  'GET /api/v1/budgets': { query: z.strictObject({ county, year: z.string().check(z.regex(/^\d{4}$/, '年度应为4位数字')) }), responses: { 200: 'allocation with trace, committed, paid, remaining' } },
  'POST /api/v1/budgets': {
    body: z.strictObject({
      county,
      year,
      funds: z.strictObject({ centralFen: nonNegFen('中央资金'), provincialFen: nonNegFen('省级资金'), municipalFen: nonNegFen('市级资金'), countyFen: nonNegFen('县级资金') }),
    }),
    responses: { 200: '`{ allocationFen, trace, committedFen, paidFen, remainingFen }`', 409: 'the new allocation would fall below what is committed' },
  },
  'GET /api/v1/tenders': { query: z.strictObject({ cursor: cursorQuery }), responses: { 200: '`{ items, cursor }` newest first' } },
  'GET /api/v1/tenders/{id}': { responses: { 200: 'the public announcement, opening record, result and contract link' } },
  'POST /api/v1/tenders': {
    idempotent: true,
    body: z.strictObject({
      year,
      serviceId: code('服务编号'),
      title: text(2, 100, '项目名称'),
      description: text(2, 2000, '项目说明'),
      method: z.enum(METHOD_CODES, { error: `采购方式应为：${METHOD_CODES.join('、')}` }),
      valueCapFen: fen('最高限价'),
      deadline: dateTime,
      criteria: z.array(criterion).check(z.minLength(2, '综合评分法至少有价格和一项技术因素'), z.maxLength(20)),
      documents,
      contact: z.optional(
        z.strictObject({
          name: text(2, 60, '采购人联系部门或联系人'),
          phone: z.string({ error: '请填写联系电话' }).check(z.regex(/^[0-9+()\- 转]{7,30}$/, '联系电话只能含数字、空格、- 和“转”，例如 0558-5123456')),
          address: z.optional(text(2, 100, '采购人地址')),
        }),
      ),
    }),
    responses: { 201: '`{ id, ocid, status, deadline }`', 422: 'the value cap exceeds what remains of the allocation' },
  },
  'POST /api/v1/tender-documents': {
    body: z.strictObject({
      county,
      contentType: z.string({ error: '请说明文件类型' }).check(z.maxLength(120, '文件类型过长')),
      size: z.int({ error: '文件大小应为整数（字节）' }).check(z.minimum(1, '文件是空的')),
    }),
    responses: { 201: '`{ key, upload: { method, url, headers, expiresIn }, maxBytes }` — PUT the file to `url`, then list `key` in the tender’s documents' },
  },
  'GET /api/v1/tenders/{id}/documents/{documentId}': { responses: { 200: '`{ url, expiresIn, sha256, size, fileName }`: a presigned download', 404: 'no such document' } },
  'POST /api/v1/tenders/{id}/amendments': {
    body: z.strictObject({ rationale: text(2, 500, '更正理由'), description: z.optional(text(2, 2000, '项目说明')), deadline: z.optional(dateTime), documents: z.optional(documents) }),
    responses: { 200: 'the amended tender', 409: 'after the deadline' },
  },
  'POST /api/v1/tenders/{id}/clarifications': {
    idempotent: true,
    body: z.strictObject({ question: text(5, 2000, '澄清问题') }),
    responses: { 201: '`{ id, status: open, askedAt }`', 409: 'after the deadline or not taking bids' },
  },
  'GET /api/v1/tenders/{id}/clarifications': {
    responses: { 200: '`{ deadline, published, questions | mine }`: every answer to all; the county also sees each question and its asker, a contractor its own open questions' },
  },
  'POST /api/v1/tenders/{id}/clarifications/{clarificationId}/answer': {
    body: z.strictObject({
      answer: text(2, 5000, '答复内容'),
      changesDocuments: z.boolean({ error: '请说明答复是否改变采购文件（true 或 false）' }),
      question: z.optional(text(5, 2000, '公开的问题表述')),
    }),
    responses: { 200: '`{ clarification, deadline }`: published to all; the deadline moved when the answer changes the documents too late', 409: 'answered already, or after the deadline' },
  },
  'POST /api/v1/tenders/{id}/termination': { body: z.strictObject({ reason: text(2, 500, '终止理由') }), responses: { 200: 'the terminated tender' } },
  'POST /api/v1/contractors': {
    idempotent: true,
    body: z.strictObject({ name: text(2, 100, '机构名称'), creditCode: z.string({ error: '请填写统一社会信用代码' }).check(z.maxLength(40, '统一社会信用代码过长')), contact: text(2, 100, '联系人') }),
    responses: { 201: '`{ organisation, status: pending, manualReview }`', 409: 'already registered' },
  },
  'GET /api/v1/contractors': { responses: { 200: 'registered contractors with their verification status' } },
  'GET /api/v1/contractors/me': { responses: { 200: 'the caller’s own registration and verification status', 404: 'not registered yet' } },
  'GET /api/v1/tenders/{id}/challenges': { responses: { 200: '`{ items }`: the 质疑 of the tender with their answers and the result each was against (a contractor sees its own only)' } },
  'POST /api/v1/contractors/{organisation}/verification': {
    body: z.strictObject({ decision: z.enum(['verified', 'rejected'], { error: '审核结论应为 verified 或 rejected' }), note: text(1, 500, '审核意见') }),
  },
  'POST /api/v1/experts': {
    body: z.strictObject({
      sub: z.string().check(z.regex(/^[A-Za-z0-9_.@-]{1,64}$/, '专家账号只能含字母、数字和 _ . @ -')),
      name: text(1, 40, '专家姓名'),
      speciality: text(1, 60, '专业'),
      active: z.optional(z.boolean()),
      conflicts: z.array(code('回避机构编号')).check(z.maxLength(50)),
    }),
  },
  'POST /api/v1/experts/me/conflicts': { body: z.strictObject({ organisation: code('机构编号'), reason: text(2, 300, '回避理由') }) },
  'POST /api/v1/tenders/{id}/bids': {
    idempotent: true,
    body: z.strictObject({ priceFen: fen('投标报价'), technicalProposal: text(10, 20000, '技术方案'), documents }),
    responses: {
      201: '`{ receipt: { sha256, code, submittedAt, replaces } }` — `code` is the 10-character 回执码 to read out',
      403: 'not a verified contractor',
      409: 'after the deadline or terminated',
    },
  },
  'GET /api/v1/bids/receipts/{code}': { responses: { 200: '`{ code, tenderId, tenderTitle, sha256, submittedAt, current }`', 404: 'no receipt of the caller’s organisation has this code' } },
  'GET /api/v1/tenders/{id}/bids/mine': { responses: { 200: 'own receipts; after the result, own score and rank only' } },
  'POST /api/v1/tenders/{id}/opening': { responses: { 200: 'the opening record', 409: 'before the deadline (and the attempt raises the alarm)' } },
  'POST /api/v1/tenders/{id}/panel': {
    body: z.strictObject({
      size: z.int().check(
        z.minimum(3, '评审小组至少3人'),
        z.maximum(9, '评审小组不超过9人'),
        z.refine((n) => n % 2 === 1, '评审小组人数应为单数'),
      ),
      seed: z.optional(z.string().check(z.regex(/^[0-9a-f]{16,128}$/, '种子应为16–128位十六进制'))),
    }),
    responses: { 200: '`{ seed, eligible, excluded, drawn }` — re-run drawPanel(eligible, seed, size) to verify' },
  },
  'GET /api/v1/tenders/{id}/evaluation': { responses: { 200: 'opened bids, score sheets and the ranking (county, auditor, the panel)' } },
  'POST /api/v1/tenders/{id}/scores': {
    body: z.strictObject({ organisation: code('投标机构编号'), points: z.record(code('评分因素编号'), z.int({ error: '得分应为整数' })) }),
  },
  'POST /api/v1/tenders/{id}/award': {
    idempotent: true,
    body: z.strictObject({ organisation: code('中标机构编号'), legalReason: z.optional(text(5, 1000, '不按排名定标的法定理由')) }),
    responses: {
      201: 'awarded (again after a cancelled result: the next candidate in the ranking); the 质疑 period runs',
      202: 'a deviation awaiting sign-off',
      409: 'already awarded, over the allocation, or no candidate left',
    },
  },
  'POST /api/v1/tenders/{id}/award/sign-off': { responses: { 201: 'awarded after a second county officer’s sign-off' } },
  'POST /api/v1/tenders/{id}/challenges': { idempotent: true, body: z.strictObject({ grounds: text(10, 5000, '质疑事项和理由') }), responses: { 201: '`{ id, status }`' } },
  'POST /api/v1/tenders/{id}/challenges/{challengeId}/answer': {
    body: z.strictObject({
      outcome: z.enum(['upheld', 'dismissed'], { error: '答复结论应为 upheld（成立）或 dismissed（不成立）' }),
      reply: text(5, 5000, '答复内容'),
      affectsResult: z.optional(z.boolean({ error: '是否影响中标（成交）结果应为 true 或 false' })),
    }),
    responses: {
      200: 'the answered 质疑; upheld with `affectsResult: true` also cancels the award it was against (released allocation, OCDS awardCancellation)',
      409: 'already answered, or the result was contracted or already cancelled',
    },
  },
  'POST /api/v1/tenders/{id}/contract': {
    idempotent: true,
    body: z.strictObject({
      startDate: isoDate,
      endDate: isoDate,
      milestones: z
        .array(z.strictObject({ id: code('节点编号'), title: text(1, 100, '节点名称'), dueDate: isoDate, amountFen: fen('节点金额') }))
        .check(z.minLength(1, '至少一个履约节点'), z.maxLength(24)),
    }),
    responses: { 201: '`{ id, valueFen }`', 409: '质疑 period open, a 质疑 upheld or unanswered' },
  },
  'GET /api/v1/contracts/{id}': { responses: { 200: 'the contract, payments, evaluations and counts of cases served' } },
  'POST /api/v1/contracts/{id}/payments': { idempotent: true, body: z.strictObject({ milestoneId: code('节点编号'), amountFen: fen('付款金额') }) },
  'POST /api/v1/contracts/{id}/evaluations': {
    body: z.strictObject({
      milestoneId: code('节点编号'),
      rating: z.enum(['excellent', 'good', 'fair', 'poor'], { error: '评估等级应为 excellent、good、fair 或 poor' }),
      findings: text(2, 2000, '评估意见'),
    }),
  },
  'POST /api/v1/contracts/{id}/reports': {
    body: z.strictObject({
      milestoneId: code('节点编号'),
      summary: text(2, 2000, '履约情况'),
      caseReferences: z.array(z.string().check(z.regex(/^[A-Z]{2}-\d{6}-\d{4}-.$/, '申请编号格式不正确'))).check(z.maxLength(500)),
    }),
  },
  'GET /api/v1/ocds/releases': { query: z.strictObject({ cursor: cursorQuery }), responses: { 200: 'an OCDS 1.1.5 release package (bid extension); `Link: rel=next` pages on' } },
  'GET /api/v1/ocds/records/{ocid}': { responses: { 200: 'an OCDS record package with the compiled record' } },
} as const satisfies Record<string, RouteContract>;
