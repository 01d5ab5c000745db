import type { RouteDef } from './routes.ts';
import { OPEN, OWN, record } from './scopes.ts';

/**
 * Routes of the charity registry (十六), all served by the `donation` function. Spread into ROUTES by
 * shared/definitions/routes.ts; only a type is imported back, so there is no import cycle.
 *
 * Authorization (enforced again in shared/charity/registry.ts `charityFor`): a charity reaches only
 * the records of the organisation in its staff scope; admin and auditor read every charity; the
 * admin alone verifies, revokes and resolves misuse flags (the auditor reads the flag queue); the
 * township caseworker confirms uses to cases of the township.
 */
const API = '/api/v1';
const PUBLIC = 'public' as const;

export const CHARITY_ROUTES: RouteDef[] = [
  { method: 'POST', path: `${API}/charities`, fn: 'donation', access: ['charity'], scope: OWN, summary: '慈善组织登记（十六）' },
  { method: 'GET', path: `${API}/charities`, fn: 'donation', access: ['admin', 'auditor'], scope: OPEN, summary: '慈善组织登记审核列表' },
  { method: 'GET', path: `${API}/charities/{id}`, fn: 'donation', access: ['charity', 'admin', 'auditor'], scope: record('charity'), summary: '慈善组织登记信息、募捐活动、余额与核查事项' },
  { method: 'POST', path: `${API}/charities/{id}/verification`, fn: 'donation', access: ['admin'], scope: OPEN, summary: '核实或退回慈善组织登记' },
  { method: 'POST', path: `${API}/charities/{id}/revocation`, fn: 'donation', access: ['admin'], scope: OPEN, summary: '撤销慈善组织的核实（须说明理由）' },
  { method: 'GET', path: `${API}/charity-flags`, fn: 'donation', access: ['admin', 'auditor'], scope: OPEN, summary: '各慈善组织的核查线索（防范诈捐、骗捐），按状态' },
  { method: 'POST', path: `${API}/charities/{id}/flags/{flagId}/resolution`, fn: 'donation', access: ['admin'], scope: OPEN, summary: '核查线索的处理结论（属实或不成立），计入公开的信用记录' },
  { method: 'POST', path: `${API}/charities/{id}/campaigns`, fn: 'donation', access: ['charity'], scope: record('charity'), summary: '公开募捐活动备案（紧急募捐：慈善法第七十三条）' },
  { method: 'POST', path: `${API}/charities/{id}/reports`, fn: 'donation', access: ['charity'], scope: record('charity'), summary: '登记募捐及项目实施情况的公开' },
  {
    method: 'POST',
    path: `${API}/charities/{id}/disclosures`,
    fn: 'donation',
    access: ['charity'],
    scope: record('charity'),
    summary: '登记年度报告或更正说明已在慈善中国公开（慈善组织信息公开办法）',
  },
  { method: 'GET', path: `${API}/charities/{id}/credit`, fn: 'donation', access: PUBLIC, scope: OPEN, summary: '慈善组织信用记录' },
  { method: 'GET', path: `${API}/charities/{id}/donations`, fn: 'donation', access: ['charity', 'admin', 'auditor'], scope: record('charity'), summary: '本机构登记的捐赠' },
  { method: 'POST', path: `${API}/donations`, fn: 'donation', access: ['charity'], scope: OWN, summary: '登记捐赠' },
  { method: 'POST', path: `${API}/donations/uses`, fn: 'donation', access: ['charity'], scope: OWN, summary: '登记捐赠使用情况（项目、救助对象、救灾物资储备）' },
  { method: 'GET', path: `${API}/donations/uses`, fn: 'donation', access: ['caseworker'], scope: OWN, summary: '待确认的对本乡镇救助对象的捐赠使用' },
  { method: 'POST', path: `${API}/donations/uses/{id}/confirmation`, fn: 'donation', access: ['caseworker'], scope: record('donation use'), summary: '确认捐赠已用于本乡镇救助对象' },
  { method: 'GET', path: `${API}/donations/disclosures`, fn: 'donation', access: PUBLIC, scope: OPEN, summary: '捐赠信息公开' },
  { method: 'POST', path: `${API}/donations/lookup`, fn: 'donation', access: PUBLIC, scope: OPEN, summary: '捐赠人凭票据号和身份证号查询捐赠及使用' },
  { method: 'POST', path: `${API}/volunteer-activities`, fn: 'donation', access: ['charity'], scope: OWN, summary: '登记志愿服务（十六）' },
];
