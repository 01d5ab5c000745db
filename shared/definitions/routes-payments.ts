import type { RouteDef } from './routes.ts';
import { place, record } from './scopes.ts';

/**
 * Routes of disbursement, all served by the `payments` function (shared/payments). Spread into ROUTES by
 * shared/definitions/routes.ts. County staff act for their own county (checked again in the domain);
 * the auditor reads every run; township caseworkers record payee accounts, funerals and documentation.
 */
const API = '/api/v1';
const fn = 'payments' as const;

export const PAYMENT_ROUTES: RouteDef[] = [
  { method: 'POST', path: `${API}/payment-runs`, fn, access: ['county'], scope: place('body', 'county'), summary: '启动本县区某月的资金发放批次' },
  { method: 'GET', path: `${API}/payment-runs`, fn, access: ['county', 'auditor'], scope: place('query', 'county'), summary: '发放批次列表' },
  { method: 'GET', path: `${API}/payment-runs/{id}`, fn, access: ['county', 'auditor'], scope: record('payment run'), summary: '发放批次与进度' },
  { method: 'POST', path: `${API}/payment-runs/{id}/resume`, fn, access: ['county'], scope: record('payment run'), summary: '从检查点继续未完成的发放批次' },
  { method: 'GET', path: `${API}/payment-runs/{id}/reconciliation`, fn, access: ['county', 'auditor'], scope: record('payment run'), summary: '对账：按县区、类别、状态汇总并逐笔说明差额' },
  { method: 'GET', path: `${API}/payment-runs/{id}/file`, fn, access: ['county'], scope: record('payment run'), summary: '下载一卡通发放文件（限时链接，留痕）' },
  { method: 'POST', path: `${API}/payment-runs/{id}/results`, fn, access: ['county'], scope: record('payment run'), summary: '导入银行回盘文件' },
  { method: 'POST', path: `${API}/payment-runs/{id}/reversals`, fn, access: ['county'], scope: record('payment run'), summary: '冲正一笔付款（新增冲正记录）' },
  { method: 'POST', path: `${API}/cases/{reference}/payee`, fn, access: ['caseworker', 'county'], scope: record('case'), summary: '登记收款账户（加密保存）' },
  { method: 'POST', path: `${API}/cases/{reference}/funeral`, fn, access: ['caseworker'], scope: record('case'), summary: '登记特困人员去世火化，下月发放丧葬补助（六）' },
  { method: 'POST', path: `${API}/cases/{reference}/advance-documentation`, fn, access: ['caseworker'], scope: record('case'), summary: '先行救助事后补充材料已齐（十三）' },
  { method: 'POST', path: `${API}/township-reserves/{township}/funding`, fn, access: ['county'], scope: place('path', 'township'), summary: '县级拨付乡镇（街道）临时救助备用金（十三）' },
  {
    method: 'GET',
    path: `${API}/township-reserves/{township}`,
    fn,
    access: ['caseworker', 'approver', 'county', 'auditor'],
    scope: place('path', 'township'),
    summary: '乡镇（街道）备用金余额、支出明细和月度对账（十三）',
  },
  { method: 'POST', path: `${API}/social-workers`, fn, access: ['county'], scope: place('body', 'township'), summary: '登记在岗持证社区社会工作者（十七）' },
  { method: 'GET', path: `${API}/social-workers/payroll`, fn, access: ['county', 'auditor'], scope: place('query', 'county'), summary: '社会工作者职称补贴名册（十七，不属救助资金）' },
];
