import { PUBLIC, ROLES, type Role } from './roles.ts';
import { ROUTES, routeKey } from './routes.ts';

/**
 * The workbench's screens (portal /staff/), each built on the routes it calls: the roles that may open a
 * screen are the roles of its routes in the route table, so a screen is never offered to someone its API
 * would refuse (docs/architecture.md § Identity and scope). `only` narrows a screen that also reads a public
 * route to the roles it is made for. The staff page carries this as data (portal/src/pages/staff/index.astro);
 * /staff.js reads it instead of lists of its own.
 */
export interface WorkbenchView {
  routes: readonly string[];
  only?: readonly Role[];
}

export const WORKBENCH_VIEWS: Record<string, WorkbenchView> = {
  inbox: { routes: ['GET /api/v1/inbox'] },
  case: { routes: ['GET /api/v1/cases/{reference}'] },
  report: { routes: ['POST /api/v1/reports'] },
  referrals: { routes: ['GET /api/v1/referrals'] },
  'status-query': { routes: ['POST /api/v1/status-queries'] },
  supervision: { routes: ['GET /api/v1/supervision'] },
  staffing: { routes: ['GET /api/v1/staffing'] },
  dashboard: { routes: ['GET /api/v1/statistics', 'GET /api/v1/monitoring/statistics'] },
  audit: { routes: ['GET /api/v1/audit/verify'] },
  standards: { routes: ['POST /api/v1/standards'] },
  relatives: { routes: ['POST /api/v1/relatives'] },
  charities: { routes: ['POST /api/v1/charities/{id}/verification'] },
  contractors: { routes: ['GET /api/v1/contractors'] },
  reference: { routes: ['POST /api/v1/areas/{county}/townships/{township}'] },
  payments: { routes: ['GET /api/v1/payment-runs'] },
  reserve: { routes: ['GET /api/v1/township-reserves/{township}'] },
  tasks: { routes: ['GET /api/v1/tasks'] },
  task: { routes: ['GET /api/v1/tasks/{id}'] },
  'data-match': { routes: ['POST /api/v1/data-match/lists'] },
  emergencies: { routes: ['POST /api/v1/emergencies', 'GET /api/v1/emergencies'], only: ['admin', 'county'] },
  'inspections-work': { routes: ['POST /api/v1/inspectors', 'GET /api/v1/inspections/assigned', 'GET /api/v1/inspection-draws/{id}'], only: ['inspector', 'county', 'auditor'] },
  charity: { routes: ['POST /api/v1/charities/{id}/campaigns', 'POST /api/v1/charities/{id}/disclosures'] },
  'charity-flags': { routes: ['GET /api/v1/charity-flags'] },
  procurement: { routes: ['POST /api/v1/service-lists'] },
  tender: { routes: ['POST /api/v1/tenders/{id}/amendments'] },
  bidding: { routes: ['GET /api/v1/contractors/me'] },
  evaluation: { routes: ['POST /api/v1/experts/me/conflicts'] },
  'household-search': { routes: ['POST /api/v1/households/search'] },
  household: { routes: ['GET /api/v1/households/{id}'] },
  alerts: { routes: ['GET /api/v1/monitoring/alerts'] },
  alert: { routes: ['GET /api/v1/monitoring/alerts/{id}'] },
  feeds: { routes: ['GET /api/v1/monitoring/feeds'] },
  tickets: { routes: ['GET /api/v1/tickets'] },
  stranded: { routes: ['POST /api/v1/stranded-cases'] },
  'stranded-case': { routes: ['GET /api/v1/stranded-cases/{id}'] },
};

const ROUTE_BY_KEY = new Map(ROUTES.map((r) => [routeKey(r), r]));

/** Who may open a screen: every role of its routes (all roles for a public one), narrowed by `only`. */
export function viewRoles(view: WorkbenchView): Role[] {
  const union = new Set<Role>();
  for (const key of view.routes) {
    const route = ROUTE_BY_KEY.get(key);
    if (!route) throw new Error(`workbench view names ${key}, which is not in the route table`);
    for (const r of route.access === PUBLIC ? ROLES : route.access) union.add(r);
  }
  return ROLES.filter((r) => union.has(r) && (!view.only || view.only.includes(r)));
}

/** Each role's menu: [label, view, query]. A test holds every entry to its view's roles. */
export type NavEntry = readonly [label: string, view: string, query: Readonly<Record<string, string>>];

export const WORKBENCH_NAV: Record<Role, readonly NavEntry[]> = {
  caseworker: [
    ['待办事项', 'inbox', {}],
    ['公示异议', 'inbox', { status: 'objected' }],
    ['待入户调查', 'inbox', { status: 'checking' }],
    ['复核、走访和比对任务', 'tasks', {}],
    ['政策找人预警', 'alerts', {}],
    ['12345热线工单', 'tickets', {}],
    ['户档案查询', 'household-search', {}],
    ['备用金', 'reserve', {}],
  ],
  approver: [
    ['待审核确认', 'inbox', { status: 'readyForDecision' }],
    ['已提出审核意见', 'inbox', { status: 'proposed' }],
    ['户档案查询', 'household-search', {}],
    ['备用金', 'reserve', {}],
  ],
  check: [
    ['待核对（已受理）', 'inbox', { status: 'accepted' }],
    ['待核对（已入户）', 'inbox', { status: 'visited' }],
  ],
  assistant: [
    ['报告困难家庭', 'report', {}],
    ['政策找人预警', 'alerts', {}],
    ['户档案查询', 'household-search', {}],
  ],
  department: [
    ['转办事项', 'referrals', {}],
    ['救助身份查询', 'status-query', {}],
    ['流浪乞讨人员救助', 'stranded', {}],
    ['部门数据推送', 'feeds', {}],
    ['12345热线工单', 'tickets', {}],
  ],
  county: [
    ['督办', 'supervision', {}],
    ['本县区案件', 'inbox', {}],
    ['转办督办', 'referrals', {}],
    ['复核任务督办', 'tasks', {}],
    ['政策找人预警', 'alerts', {}],
    ['部门数据推送', 'feeds', {}],
    ['12345热线工单', 'tickets', {}],
    ['户档案查询', 'household-search', {}],
    ['资金发放', 'payments', {}],
    ['乡镇备用金', 'reserve', {}],
    ['比对名单上传', 'data-match', {}],
    ['紧急救助', 'emergencies', {}],
    ['双随机抽查', 'inspections-work', {}],
    ['购买服务', 'procurement', {}],
    ['人员配备', 'staffing', {}],
    ['统计图表', 'dashboard', {}],
  ],
  inspector: [['抽查任务', 'inspections-work', {}]],
  evaluator: [['评审任务', 'evaluation', {}]],
  charity: [['本机构', 'charity', {}]],
  contractor: [['投标与合同', 'bidding', {}]],
  auditor: [
    ['审计链核验', 'audit', {}],
    ['户档案查询', 'household-search', {}],
    ['资金发放与对账', 'payments', {}],
    ['乡镇备用金', 'reserve', {}],
    ['双随机抽查', 'inspections-work', {}],
    ['慈善核查线索', 'charity-flags', {}],
    ['统计图表', 'dashboard', {}],
    ['人员配备', 'staffing', {}],
  ],
  admin: [
    ['发布标准', 'standards', {}],
    ['紧急救助', 'emergencies', {}],
    ['统计图表', 'dashboard', {}],
    ['人员配备', 'staffing', {}],
    ['近亲属备案', 'relatives', {}],
    ['慈善组织审核', 'charities', {}],
    ['慈善核查线索', 'charity-flags', {}],
    ['服务机构审核', 'contractors', {}],
    ['区划与人口', 'reference', {}],
  ],
};

/** What the staff page carries: each screen's roles and each role's menu. */
export function workbenchData(): { views: Record<string, Role[]>; nav: Record<Role, readonly NavEntry[]> } {
  return { views: Object.fromEntries(Object.entries(WORKBENCH_VIEWS).map(([name, v]) => [name, viewRoles(v)])), nav: WORKBENCH_NAV };
}
