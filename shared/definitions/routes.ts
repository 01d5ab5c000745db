import type { FunctionName } from './functions.ts';
import { OPEN, OWN, place, record, type RouteScope } from './scopes.ts';
import { PUBLIC, ROLES, type Access } from './roles.ts';
import { HTTP_TRANSITIONS } from '../cases/states.ts';
import { CHARITY_ROUTES } from './routes-charity.ts';
import { PROCUREMENT_ROUTES } from './routes-procurement.ts';
import { PAYMENT_ROUTES } from './routes-payments.ts';
import { MANAGEMENT_ROUTES } from './routes-management.ts';
import { REGISTRY_ROUTES } from './routes-registry.ts';
import { MONITORING_ROUTES } from './routes-monitoring.ts';
import { SIMULATION_ROUTES } from './routes-simulation.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway route path: literal segments and `{param}` placeholders, never greedy. */
  path: string;
  fn: FunctionName;
  /** Who may call it: `public`, or the roles whose token the JWT authorizer must see. */
  access: Access;
  /** Where what it touches sits, so the caller's reach can be checked (shared/definitions/scopes.ts). */
  scope: RouteScope;
  summary: string;
  /** Local runtime only; must be absent from the synthesized template. */
  localOnly?: boolean;
}

const API = '/api/v1';

/**
 * One literal route per case action, generated from the state machine (shared/cases/states.ts) so the
 * roles and owning function are written once. `anyone` (an objection during 公示) is a public route.
 */
export const actionPath = (action: string): string => `${API}/applications/{reference}/actions/${action}`;
const ACTION_ROUTES: RouteDef[] = HTTP_TRANSITIONS.map((t) => ({
  method: 'POST',
  path: actionPath(t.action),
  fn: t.fn,
  access: t.roles.includes('anyone') ? PUBLIC : (t.roles as Exclude<(typeof t.roles)[number], 'anyone'>[]),
  scope: record('case'),
  summary: `${t.label}${t.measure}`,
}));

/** Every route of the HTTP API, once. CDK and the local gateway both build from this list. */
export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: `${API}/health`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '存活与数据表可达性' },
  { method: 'GET', path: `${API}/me`, fn: 'reference', access: ROLES, scope: OWN, summary: '当前登录人员的角色与工作范围（取自人员表）' },
  { method: 'GET', path: `${API}/openapi.json`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '接口说明（OpenAPI 3.1）' },
  { method: 'GET', path: `${API}/areas`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '县区与乡镇（街道）' },
  {
    method: 'POST',
    path: `${API}/areas/{county}/townships/{township}`,
    fn: 'reference',
    access: ['admin'],
    scope: place('path', 'township'),
    summary: '录入乡镇（街道）常住人口及其来源，替换示例数据（二十二）',
  },
  {
    method: 'POST',
    path: `${API}/areas/{county}/townships/{township}/window`,
    fn: 'reference',
    access: ['admin'],
    scope: place('path', 'township'),
    summary: '录入乡镇（街道）为民服务中心社会救助窗口的地址、电话和办公时间，替换示例数据（十九）',
  },
  { method: 'GET', path: `${API}/windows`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '找到您的窗口：各乡镇（街道）社会救助窗口的地址、电话和办公时间（网页，不需要 JavaScript）' },
  { method: 'GET', path: `${API}/display`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '长辈版显示设置（不需要 JavaScript）：字号和高对比度记在 Cookie 里，然后回到原来的页面' },
  { method: 'GET', path: `${API}/display.css`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '按 Cookie 里的显示设置转到对应的样式表' },
  { method: 'GET', path: `${API}/policies`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '23条措施' },
  { method: 'GET', path: `${API}/policies/{id}`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '一条措施' },
  { method: 'GET', path: `${API}/calendar/working-days`, fn: 'reference', access: PUBLIC, scope: OPEN, summary: '按法定工作日推算日期' },
  { method: 'GET', path: `${API}/standards`, fn: 'rules', access: PUBLIC, scope: OPEN, summary: '某日有效的救助标准与参数' },
  { method: 'POST', path: `${API}/standards`, fn: 'rules', access: ['admin'], scope: OPEN, summary: '发布参数新值' },
  { method: 'POST', path: `${API}/calculations`, fn: 'rules', access: PUBLIC, scope: OPEN, summary: '试算（不用 JavaScript 的表单提交时，回答网页）' },
  { method: 'GET', path: `${API}/estimate`, fn: 'rules', access: PUBLIC, scope: OPEN, summary: '试算表单（网页，不需要 JavaScript），提交到 /api/v1/calculations' },
  { method: 'POST', path: `${API}/applications`, fn: 'application', access: PUBLIC, scope: OPEN, summary: '提交申请' },
  { method: 'POST', path: `${API}/applications/lookup`, fn: 'application', access: PUBLIC, scope: OPEN, summary: '凭申请编号和身份证号查询进度' },
  {
    method: 'POST',
    path: `${API}/applications/recovery`,
    fn: 'application',
    access: PUBLIC,
    scope: OPEN,
    summary: '找回申请编号：凭身份证号和登记的手机号，编号以短信发到该手机（不在页面显示）',
  },
  { method: 'POST', path: `${API}/drafts`, fn: 'application', access: PUBLIC, scope: OPEN, summary: '保存填了一半的申请（加密保存30天），得到保存码' },
  { method: 'POST', path: `${API}/drafts/resume`, fn: 'application', access: PUBLIC, scope: OPEN, summary: '凭保存码和申请人身份证号继续填写' },
  { method: 'POST', path: `${API}/reports`, fn: 'application', access: ['assistant'], scope: place('body', 'area.township'), summary: '网格员、协理员报告主动发现的困难家庭（十九）' },
  { method: 'GET', path: `${API}/inbox`, fn: 'application', access: ['caseworker', 'approver', 'check', 'county'], scope: OWN, summary: '待办：按状态和办理期限排列' },
  {
    method: 'GET',
    path: `${API}/today`,
    fn: 'application',
    access: ['caseworker', 'approver', 'check', 'county', 'department'],
    scope: OWN,
    summary: '今日工作：待办数量，今天和本周到期的事项和转办（已超期、即将到期在前）',
  },
  {
    method: 'GET',
    path: `${API}/cases/{reference}`,
    fn: 'application',
    access: ['caseworker', 'approver', 'assistant', 'check', 'county', 'department', 'auditor'],
    scope: record('case'),
    summary: '案件详情（查看个人信息留痕）',
  },
  {
    method: 'POST',
    path: `${API}/applications/{reference}/evidence`,
    fn: 'application',
    access: PUBLIC,
    scope: record('case'),
    summary: '申请人凭申请编号和身份证号上传证明材料（照片或PDF，限类型和大小；直传存储，只对工作人员可见）',
  },
  ...ACTION_ROUTES,
  ...PROCUREMENT_ROUTES,
  { method: 'GET', path: `${API}/referrals`, fn: 'referral', access: ['department', 'county'], scope: OWN, summary: '转办事项：部门待办与县级督办' },
  { method: 'POST', path: `${API}/status-queries`, fn: 'referral', access: ['department'], scope: OPEN, summary: '部门查询救助对象身份（留痕）' },
  {
    method: 'POST',
    path: `${API}/objections`,
    fn: 'approval',
    access: PUBLIC,
    scope: OPEN,
    summary: '网上对公示提出异议（凭公示编号，须留联系电话；转乡镇核查）（二十三）',
  },
  { method: 'GET', path: `${API}/publicity`, fn: 'approval', access: PUBLIC, scope: OPEN, summary: '公示名单与长期公示（已隐去个人信息）' },
  { method: 'GET', path: `${API}/supervision`, fn: 'supervision', access: ['county'], scope: place('query', 'county'), summary: '督办：即将到期与已超期的申请和转办' },
  {
    method: 'POST',
    path: `${API}/supervision/reminders`,
    fn: 'supervision',
    access: ['county'],
    scope: place('body', 'county'),
    summary: '催办：对已超期的督办事项发出催办（留痕，乡镇可见，计入统计）',
  },
  {
    method: 'GET',
    path: `${API}/statistics`,
    fn: 'supervision',
    access: ['county', 'auditor', 'admin'],
    scope: place('query', 'county'),
    summary: '县区统计：案件构成、20个工作日内办结比例、月度发放、季度复核完成情况（每日快照）（二十）（二十三）',
  },
  {
    method: 'GET',
    path: `${API}/staffing`,
    fn: 'supervision',
    access: ['county', 'auditor', 'admin'],
    scope: place('query', 'county'),
    summary: '乡镇（街道）民政人员配备检查：人员表中的实有人数对照人口要求（二十二）',
  },
  { method: 'GET', path: `${API}/audit/verify`, fn: 'audit', access: ['auditor'], scope: OPEN, summary: '核验审计链' },
  { method: 'POST', path: `${API}/relatives`, fn: 'audit', access: ['admin'], scope: OPEN, summary: '近亲属备案（二十三）' },
  ...CHARITY_ROUTES,
  ...PAYMENT_ROUTES,
  ...MANAGEMENT_ROUTES,
  ...REGISTRY_ROUTES,
  ...MONITORING_ROUTES,
  ...SIMULATION_ROUTES,
  { method: 'POST', path: `${API}/dev/token`, fn: 'dev', access: PUBLIC, scope: OPEN, summary: '本地：登记权限范围并签发令牌', localOnly: true },
  { method: 'GET', path: `${API}/dev/outbox`, fn: 'dev', access: PUBLIC, scope: OPEN, summary: '本地：短信发件箱（每条通知的状态和送达的号码）', localOnly: true },
  { method: 'POST', path: `${API}/dev/jobs/{name}`, fn: 'dev', access: PUBLIC, scope: OPEN, summary: '本地：按日期运行定时任务', localOnly: true },
];

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export const deployedRoutes = (): RouteDef[] => ROUTES.filter((r) => !r.localOnly);
