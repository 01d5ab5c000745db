import type { RouteDef } from './routes.ts';
import { OPEN, OWN, place, record } from './scopes.ts';

/**
 * Routes of dynamic management (五)(六)(十)(十一)(十五)(二十三), all served by the `management` function.
 * Spread into ROUTES by shared/definitions/routes.ts; only a type is imported back, so there is no cycle.
 *
 * Scope is enforced again in shared/management: a caseworker reaches the tasks of their township, the
 * county its county, an inspector only the inspections drawn for them. Published inspection results and
 * emergency declarations are public and carry no personal data.
 */
const API = '/api/v1';
const PUBLIC = 'public' as const;

export const MANAGEMENT_ROUTES: RouteDef[] = [
  {
    method: 'GET',
    path: `${API}/tasks`,
    fn: 'management',
    access: ['caseworker', 'county'],
    scope: place('query', 'township', false),
    summary: '复核、探访、比对任务（乡镇待办与县级督办）（五）（六）（二十三）',
  },
  { method: 'GET', path: `${API}/tasks/summary`, fn: 'management', access: ['county'], scope: OWN, summary: '复核任务督办：各乡镇（街道）待办、即将到期、已超期和已办结的任务数' },
  { method: 'GET', path: `${API}/tasks/{id}`, fn: 'management', access: ['caseworker', 'county'], scope: record('task'), summary: '一项复核、探访或比对任务及其依据' },
  { method: 'POST', path: `${API}/tasks/{id}/outcome`, fn: 'management', access: ['caseworker'], scope: record('task'), summary: '登记任务结果：继续、调整、渐退、暂停或终止（五）（六）（十）' },
  { method: 'POST', path: `${API}/data-match/lists`, fn: 'management', access: ['county'], scope: OWN, summary: '上传比对名单：死亡火化、财政供养、车辆、工商登记（二十三）' },
  { method: 'GET', path: `${API}/data-match/lists`, fn: 'management', access: ['county'], scope: OWN, summary: '本县区已上传的比对名单（不含身份证号码）（二十三）' },
  { method: 'POST', path: `${API}/inspectors`, fn: 'management', access: ['county'], scope: OWN, summary: '双随机抽查人员名录登记（二十三）' },
  { method: 'GET', path: `${API}/inspections`, fn: 'management', access: PUBLIC, scope: OPEN, summary: '双随机一公开：按乡镇公开抽查结果（不含个人信息）' },
  { method: 'GET', path: `${API}/inspections/assigned`, fn: 'management', access: ['inspector'], scope: OWN, summary: '分配给本人的抽查案件' },
  { method: 'POST', path: `${API}/inspections/{id}/findings`, fn: 'management', access: ['inspector'], scope: record('inspection'), summary: '登记抽查结果（二十三）' },
  {
    method: 'GET',
    path: `${API}/inspection-draws/{id}`,
    fn: 'management',
    access: ['auditor', 'county', 'admin'],
    scope: record('inspection draw'),
    summary: '抽查的随机种子、抽取范围与结果，供复核重现',
  },
  { method: 'GET', path: `${API}/emergencies`, fn: 'management', access: PUBLIC, scope: OPEN, summary: '突发公共事件紧急救助状态（十五）' },
  { method: 'POST', path: `${API}/emergencies`, fn: 'management', access: ['admin'], scope: OPEN, summary: '宣布紧急救助状态：地区、期间、提高标准、临时生活补贴、简化程序（十五）' },
  { method: 'POST', path: `${API}/emergencies/{id}/revocation`, fn: 'management', access: ['admin'], scope: OPEN, summary: '提前结束紧急救助状态（十五）' },
  { method: 'POST', path: `${API}/stranded-cases`, fn: 'management', access: ['department'], scope: OWN, summary: '救助管理机构受理流浪乞讨、临时遇困人员（可无身份证号码）（十四）' },
  { method: 'GET', path: `${API}/stranded-cases`, fn: 'management', access: ['department'], scope: OWN, summary: '救助管理机构在站救助的案件：救助期限、寻亲公告期限（十四）' },
  { method: 'GET', path: `${API}/stranded-cases/{id}`, fn: 'management', access: ['department'], scope: record('stranded case'), summary: '一件流浪乞讨人员救助案件：照料、寻亲、返乡、安置（十四）' },
  ...(['care', 'trace', 'identify', 'returnHome', 'settle', 'transferTekun'] as const).map((step) => ({
    method: 'POST' as const,
    path: `${API}/stranded-cases/{id}/${step}`,
    fn: 'management' as const,
    access: ['department'] as const,
    scope: record('stranded case'),
    summary: {
      care: '临时食宿与照料（十四）',
      trace: '寻亲一步及其结果（十四）',
      identify: '查明身份（十四）',
      returnHome: '返乡并转介户籍地乡镇后续帮扶（十四）',
      settle: '长期滞留人员落户安置（十四）',
      transferTekun: '符合条件的转入特困人员救助供养（六）（十四）',
    }[step],
  })),
  { method: 'POST', path: `${API}/price-index`, fn: 'management', access: ['admin'], scope: OPEN, summary: '录入月度CPI和食品价格同比涨幅（五）' },
  { method: 'GET', path: `${API}/price-linkage`, fn: 'management', access: ['admin', 'county', 'auditor'], scope: OPEN, summary: '价格临时补贴：录入的指数、启动建议与确认' },
  { method: 'POST', path: `${API}/price-linkage/{month}/confirmation`, fn: 'management', access: ['admin'], scope: OPEN, summary: '确认（或不启动）价格临时补贴（五）（十五）' },
  { method: 'POST', path: `${API}/reserves`, fn: 'management', access: ['county', 'admin'], scope: place('body', 'area'), summary: '登记生活类救灾物资储备金额（十一）' },
  { method: 'GET', path: `${API}/alerts`, fn: 'management', access: ['county', 'admin'], scope: place('query', 'county', false), summary: '提示：救灾物资储备不足、价格联动待确认等' },
];
