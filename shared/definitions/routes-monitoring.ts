import type { RouteDef } from './routes.ts';
import { OPEN, OWN, place, record } from './scopes.ts';
import { PUBLIC } from './roles.ts';

/**
 * Routes of 政策找人 (shared/monitoring), served by the `monitoring` function. Spread into ROUTES by
 * shared/definitions/routes.ts. A feed belongs to the uploader's county (OWN); an alert to its township,
 * checked after it is read (record); the list names a township or is the caller's own.
 */
const API = '/api/v1';

export const MONITORING_ROUTES: RouteDef[] = [
  {
    method: 'POST',
    path: `${API}/monitoring/feeds`,
    fn: 'monitoring',
    access: ['department', 'county'],
    scope: OWN,
    summary: '部门数据推送：医保、残联、人社、教育、公安、住建、应急（按公布的格式逐行校验，整份接收或整份退回）（十九）（二十）',
  },
  {
    method: 'POST',
    path: `${API}/monitoring/feed-uploads`,
    fn: 'monitoring',
    access: ['department', 'county'],
    scope: OWN,
    summary: '大文件推送：申请上传地址（文件直接上传到存储，不经接口），上传后提交（十九）（二十）',
  },
  {
    method: 'POST',
    path: `${API}/monitoring/feed-uploads/{id}/submit`,
    fn: 'monitoring',
    access: ['department', 'county'],
    scope: record('feed-upload'),
    summary: '提交已上传的文件：逐行校验后整份接收或整份退回，再与名册比对',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/feed-uploads/{id}`,
    fn: 'monitoring',
    access: ['department', 'county'],
    scope: record('feed-upload'),
    summary: '一次大文件推送的结果：已接收（推送数据编号）或逐行错误',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/feeds`,
    fn: 'monitoring',
    access: ['department', 'county'],
    scope: OWN,
    summary: '本县区的部门推送数据（部门只看本部门推送的）：来源、依据、推送人、行数、比对结果，以及公布的数据格式',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/feeds/{id}`,
    fn: 'monitoring',
    access: ['department', 'county', 'auditor'],
    scope: record('feed'),
    summary: '一份推送数据的接收和比对结果（不含身份证号码）',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/alerts`,
    fn: 'monitoring',
    access: ['caseworker', 'assistant', 'county'],
    scope: place('query', 'township', false),
    summary: '预警清单：按走访期限排列（乡镇待办与县级督办）（十九）',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/alerts/{id}`,
    fn: 'monitoring',
    access: ['caseworker', 'assistant', 'county'],
    scope: record('alert'),
    summary: '一条预警：原因和数字、可能符合的救助（试算）、走访期限、在册情况',
  },
  {
    method: 'POST',
    path: `${API}/monitoring/alerts/{id}/outcome`,
    fn: 'monitoring',
    access: ['caseworker', 'assistant'],
    scope: record('alert'),
    summary: '登记走访结果：已帮扶（可生成预填申请，待家庭确认授权）、已转介、不需要救助、未能联系上（十九）',
  },
  {
    method: 'GET',
    path: `${API}/monitoring/statistics`,
    fn: 'monitoring',
    access: ['county', 'auditor', 'admin'],
    scope: place('query', 'county'),
    summary: '政策找人统计：各乡镇（街道）每月的预警、按期走访、已帮扶、不需要救助，12345工单受理和按期答复（十九）（二十三）',
  },
  {
    method: 'POST',
    path: `${API}/tickets`,
    fn: 'monitoring',
    access: ['county', 'caseworker'],
    scope: place('body', 'township'),
    summary: '登记12345热线社会救助工单：求助、投诉、反映困难家庭，转乡镇（街道）或部门承办（十九）',
  },
  {
    method: 'GET',
    path: `${API}/tickets`,
    fn: 'monitoring',
    access: ['county', 'caseworker', 'department'],
    scope: place('query', 'township', false),
    summary: '12345工单：承办中、即将到期和已超期的，按答复期限排列',
  },
  { method: 'POST', path: `${API}/tickets/{number}/answer`, fn: 'monitoring', access: ['caseworker', 'department'], scope: record('ticket'), summary: '答复12345工单并办结' },
  { method: 'POST', path: `${API}/tickets/lookup`, fn: 'monitoring', access: PUBLIC, scope: OPEN, summary: '凭12345工单编号查询办理进度（不显示诉求内容）' },
];
