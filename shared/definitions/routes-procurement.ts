import type { RouteDef } from './routes.ts';
import { OPEN, OWN, place, record } from './scopes.ts';

/**
 * Routes of government purchase of assistance services (measure 十八), served by the `procurement`
 * function, except opening: `opening` is its own function, the only one whose role the bid key lets
 * decrypt (shared/procurement/README.md, threat model). Spread into ROUTES (routes.ts); a type-only
 * import keeps the module graph acyclic.
 */
const API = '/api/v1';
const fn = 'procurement' as const;
const PUBLIC = 'public' as const;

export const PROCUREMENT_ROUTES: RouteDef[] = [
  { method: 'GET', path: `${API}/service-lists`, fn, access: PUBLIC, scope: OPEN, summary: '政府购买社会救助服务清单（十八）' },
  { method: 'POST', path: `${API}/service-lists`, fn, access: ['county'], scope: place('body', 'county'), summary: '保存本县区年度购买服务清单（十八）' },
  { method: 'GET', path: `${API}/budgets`, fn, access: PUBLIC, scope: OPEN, summary: '购买服务额度（1%）及其使用情况（十八）' },
  { method: 'POST', path: `${API}/budgets`, fn, access: ['county'], scope: place('body', 'county'), summary: '录入当年各级社会救助资金，计算购买服务额度（十八）' },
  { method: 'GET', path: `${API}/tenders`, fn, access: PUBLIC, scope: OPEN, summary: '采购公告与结果公告' },
  { method: 'GET', path: `${API}/tenders/{id}`, fn, access: PUBLIC, scope: OPEN, summary: '采购项目详情（公告、更正、开标记录、结果、合同）' },
  { method: 'POST', path: `${API}/tenders`, fn, access: ['county'], scope: OWN, summary: '发布采购公告（十八）' },
  { method: 'POST', path: `${API}/tender-documents`, fn, access: ['county'], scope: place('body', 'county'), summary: '上传采购文件：取得直传地址（限类型和大小）' },
  { method: 'GET', path: `${API}/tenders/{id}/documents/{documentId}`, fn, access: ['county', 'contractor', 'auditor'], scope: record('tender'), summary: '下载采购文件（限时链接，附 SHA-256）' },
  { method: 'POST', path: `${API}/tenders/{id}/amendments`, fn, access: ['county'], scope: record('tender'), summary: '更正公告（截止前）' },
  { method: 'POST', path: `${API}/tenders/{id}/clarifications`, fn, access: ['contractor'], scope: OWN, summary: '提出澄清问题（截止前）' },
  { method: 'GET', path: `${API}/tenders/{id}/clarifications`, fn, access: ['county', 'contractor', 'auditor'], scope: record('tender'), summary: '澄清问题及答复（答复向所有投标人公开）' },
  {
    method: 'POST',
    path: `${API}/tenders/{id}/clarifications/{clarificationId}/answer`,
    fn,
    access: ['county'],
    scope: record('tender'),
    summary: '答复澄清问题（影响采购文件的，不足15日顺延截止时间）',
  },
  { method: 'POST', path: `${API}/tenders/{id}/termination`, fn, access: ['county'], scope: record('tender'), summary: '终止采购（写明理由）' },
  { method: 'POST', path: `${API}/contractors`, fn, access: ['contractor'], scope: OWN, summary: '服务承接机构登记' },
  { method: 'GET', path: `${API}/contractors`, fn, access: ['admin'], scope: OPEN, summary: '服务承接机构名录与审核状态' },
  { method: 'GET', path: `${API}/contractors/me`, fn, access: ['contractor'], scope: OWN, summary: '本机构的登记与审核状态' },
  { method: 'POST', path: `${API}/contractors/{organisation}/verification`, fn, access: ['admin'], scope: OPEN, summary: '审核服务承接机构' },
  { method: 'POST', path: `${API}/experts`, fn, access: ['admin'], scope: OPEN, summary: '专家库登记' },
  { method: 'POST', path: `${API}/experts/me/conflicts`, fn, access: ['evaluator'], scope: OWN, summary: '专家申报回避' },
  { method: 'POST', path: `${API}/tenders/{id}/bids`, fn, access: ['contractor'], scope: OWN, summary: '投标（加密封存，可在截止前替换）' },
  { method: 'GET', path: `${API}/bids/receipts/{code}`, fn, access: ['contractor'], scope: OWN, summary: '按回执码查本机构的投标回执' },
  { method: 'GET', path: `${API}/tenders/{id}/bids/mine`, fn, access: ['contractor'], scope: OWN, summary: '本机构的投标回执、得分与排名' },
  { method: 'POST', path: `${API}/tenders/{id}/opening`, fn: 'opening', access: ['county'], scope: record('tender'), summary: '开标（截止后解密）' },
  { method: 'POST', path: `${API}/tenders/{id}/panel`, fn, access: ['county'], scope: record('tender'), summary: '随机抽取评审专家（可复核的种子）' },
  { method: 'GET', path: `${API}/tenders/{id}/evaluation`, fn, access: ['county', 'evaluator', 'auditor'], scope: record('tender'), summary: '评审：投标文件、评分与排名' },
  { method: 'POST', path: `${API}/tenders/{id}/scores`, fn, access: ['evaluator'], scope: record('tender'), summary: '专家评分' },
  { method: 'POST', path: `${API}/tenders/{id}/award`, fn, access: ['county'], scope: record('tender'), summary: '定标（按排名；偏离须法定理由并复核）' },
  { method: 'POST', path: `${API}/tenders/{id}/award/sign-off`, fn, access: ['county'], scope: record('tender'), summary: '复核不按排名的定标意见' },
  { method: 'POST', path: `${API}/tenders/{id}/challenges`, fn, access: ['contractor'], scope: OWN, summary: '提出质疑（结果公告后7个工作日内）' },
  { method: 'GET', path: `${API}/tenders/{id}/challenges`, fn, access: ['county', 'auditor', 'contractor'], scope: record('tender'), summary: '质疑及答复（机构只看本机构的）' },
  { method: 'POST', path: `${API}/tenders/{id}/challenges/{challengeId}/answer`, fn, access: ['county'], scope: record('tender'), summary: '答复质疑' },
  { method: 'POST', path: `${API}/tenders/{id}/contract`, fn, access: ['county'], scope: record('tender'), summary: '签订服务合同（质疑期满且无质疑成立）' },
  { method: 'GET', path: `${API}/contracts/{id}`, fn, access: PUBLIC, scope: OPEN, summary: '服务合同履约与监督评估公开' },
  { method: 'POST', path: `${API}/contracts/{id}/payments`, fn, access: ['county'], scope: record('contract'), summary: '按履约节点付款' },
  { method: 'POST', path: `${API}/contracts/{id}/evaluations`, fn, access: ['county'], scope: record('contract'), summary: '履约节点监督评估' },
  { method: 'POST', path: `${API}/contracts/{id}/reports`, fn, access: ['contractor'], scope: record('contract'), summary: '报告履约情况与服务的救助对象（三）' },
  { method: 'GET', path: `${API}/ocds/releases`, fn, access: PUBLIC, scope: OPEN, summary: 'OCDS 1.1.5 发布包' },
  { method: 'GET', path: `${API}/ocds/records/{ocid}`, fn, access: PUBLIC, scope: OPEN, summary: 'OCDS 合同过程记录（合并）' },
];
