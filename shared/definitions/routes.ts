import type { FunctionName } from './functions.ts';
import { PUBLIC, type Access } from './roles.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway route path: literal segments and `{param}` placeholders, never greedy. */
  path: string;
  fn: FunctionName;
  /** Who may call it: `public`, or the roles whose token the JWT authorizer must see. */
  access: Access;
  summary: string;
  /** Local runtime only; must be absent from the synthesized template. */
  localOnly?: boolean;
}

const API = '/api/v1';

/** Every route of the HTTP API, once. CDK and the local gateway both build from this list. */
export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: `${API}/health`, fn: 'reference', access: PUBLIC, summary: '存活与数据表可达性' },
  { method: 'GET', path: `${API}/openapi.json`, fn: 'reference', access: PUBLIC, summary: '接口说明（OpenAPI 3.1）' },
  { method: 'GET', path: `${API}/areas`, fn: 'reference', access: PUBLIC, summary: '县区与乡镇（街道）' },
  { method: 'GET', path: `${API}/policies`, fn: 'reference', access: PUBLIC, summary: '23条措施' },
  { method: 'GET', path: `${API}/policies/{id}`, fn: 'reference', access: PUBLIC, summary: '一条措施' },
  { method: 'GET', path: `${API}/calendar/working-days`, fn: 'reference', access: PUBLIC, summary: '按法定工作日推算日期' },
  { method: 'GET', path: `${API}/standards`, fn: 'rules', access: PUBLIC, summary: '某日有效的救助标准与参数' },
  { method: 'POST', path: `${API}/standards`, fn: 'rules', access: ['admin'], summary: '发布参数新值' },
  { method: 'POST', path: `${API}/calculations`, fn: 'rules', access: PUBLIC, summary: '试算' },
  { method: 'POST', path: `${API}/applications`, fn: 'application', access: PUBLIC, summary: '提交申请' },
  { method: 'POST', path: `${API}/applications/lookup`, fn: 'application', access: PUBLIC, summary: '凭申请编号和身份证号查询进度' },
  { method: 'POST', path: `${API}/dev/token`, fn: 'dev', access: PUBLIC, summary: '本地：登记权限范围并签发令牌', localOnly: true },
  { method: 'POST', path: `${API}/dev/jobs/{name}`, fn: 'dev', access: PUBLIC, summary: '本地：按日期运行定时任务', localOnly: true },
];

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export const deployedRoutes = (): RouteDef[] => ROUTES.filter((r) => !r.localOnly);
