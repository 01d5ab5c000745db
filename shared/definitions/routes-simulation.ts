import type { RouteDef } from './routes.ts';
import { OPEN, OWN, place, record } from './scopes.ts';
import { PUBLIC } from './roles.ts';

/**
 * Routes of policy simulation (shared/simulation), served by the `payments` function — the one that runs
 * the payment run, whose code a simulation runs. The admin simulates city-wide; a county supervisor their
 * own county (checked again in the domain). Nothing here publishes: `POST /api/v1/standards` does, and may
 * name the simulation it followed.
 */
const API = '/api/v1';
const fn = 'payments' as const;

export const SIMULATION_ROUTES: RouteDef[] = [
  {
    method: 'POST',
    path: `${API}/simulations`,
    fn,
    access: ['admin', 'county'],
    scope: place('body', 'county', false),
    summary: '政策模拟测算：调整参数后按发放规则重算在保对象的支出、增减和陡坡效应（五）（六）（十三）（十八）',
  },
  { method: 'GET', path: `${API}/simulations`, fn, access: ['admin', 'county'], scope: OWN, summary: '模拟测算列表' },
  { method: 'GET', path: `${API}/simulations/{id}`, fn, access: ['admin', 'county'], scope: record('simulation'), summary: '模拟测算结果：按县区和类别的支出、增减户数、变化分布、陡坡' },
  { method: 'GET', path: `${API}/simulations/{id}/cases`, fn, access: ['admin', 'county'], scope: record('simulation'), summary: '模拟测算逐户结果（调整前后月金额）' },
  { method: 'GET', path: `${API}/simulations/{id}/csv`, fn, access: ['admin', 'county'], scope: record('simulation'), summary: '下载模拟测算结果表（CSV）' },
  { method: 'GET', path: `${API}/standards/simulations/{id}`, fn, access: PUBLIC, scope: OPEN, summary: '已发布标准所依据的模拟测算：全市支出和增减户数（不含任何家庭信息）' },
  { method: 'POST', path: `${API}/simulations/{id}/resume`, fn, access: ['admin', 'county'], scope: record('simulation'), summary: '从检查点继续未完成的模拟测算' },
];
