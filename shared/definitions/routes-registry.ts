import type { RouteDef } from './routes.ts';
import { OWN, record } from './scopes.ts';

/**
 * Routes of the registry (一户一条救助链, shared/registry), served by the `registry` function. Spread into
 * ROUTES by shared/definitions/routes.ts. Scope is enforced again in shared/registry: township staff their
 * township's households, the county its county, the auditor every household (read only).
 */
const API = '/api/v1';

export const REGISTRY_ROUTES: RouteDef[] = [
  {
    method: 'GET',
    path: `${API}/households/{id}`,
    fn: 'registry',
    access: ['caseworker', 'approver', 'assistant', 'county', 'auditor'],
    scope: record('household'),
    summary: '户档案：成员、每位成员的全部救助、逐月发放、家庭变化事件与审计记录（查看留痕）',
  },
  { method: 'POST', path: `${API}/households/search`, fn: 'registry', access: ['caseworker', 'approver', 'assistant', 'county', 'auditor'], scope: OWN, summary: '按身份证号码查找户档案（查询留痕）' },
  {
    method: 'POST',
    path: `${API}/households/{id}/events`,
    fn: 'registry',
    access: ['caseworker'],
    scope: record('household'),
    summary: '登记家庭变化：去世、出生、迁入迁出、就业、就学、残疾与重病、护理等级、收入与财产；在享救助按规则重算（五）（六）（十）',
  },
  {
    method: 'POST',
    path: `${API}/households/{id}/register`,
    fn: 'registry',
    access: ['caseworker'],
    scope: record('household'),
    summary: '低收入人口名册：纳入（低保、特困、低保边缘、刚性支出困难、县区认定的其他类别）或退出，写明理由和日期（十九）（二十三）',
  },
];
