import type { Role } from './roles.ts';

/**
 * Who reaches what (docs/architecture.md § Identity and scope). A role's reach says how far its staff may
 * go; a route's scope says where the thing it touches sits. Both are data, read by the HTTP pipeline
 * (shared/access/scope.ts), the domain and the generated authz matrix (docs/authz-matrix.md).
 */
export type Reach = 'township' | 'county' | 'department' | 'organisation' | 'assigned' | 'city';

export const ROLE_REACH: Record<Role, Reach> = {
  caseworker: 'township',
  assistant: 'township',
  approver: 'township',
  check: 'county',
  county: 'county',
  department: 'department',
  inspector: 'assigned',
  evaluator: 'assigned',
  charity: 'organisation',
  contractor: 'organisation',
  auditor: 'city',
  admin: 'city',
};

export const REACH_LABELS: Record<Reach, string> = {
  township: '本乡镇（街道）',
  county: '本县区',
  department: '本部门（转办给本部门的）',
  organisation: '本机构',
  assigned: '抽中或指派给本人的',
  city: '全市',
};

/**
 * Where a route's resource sits:
 * - `open`: no place — public reading, 试算, look-ups by 申请编号 + ID number, city reference data;
 * - `own`: the caller's own account or organisation (the domain selects by the caller, never by input);
 * - `place`: an area the request names (a county or township code at `field` of the path, query or body),
 *   checked by the pipeline before validation, so nothing out of reach is parsed, started or written;
 * - `record`: a stored record (a case, a run, a tender …) whose area is known only once it is read: the
 *   domain checks it through shared/access/scope.ts right after loading.
 */
export type RouteScope = { kind: 'open' } | { kind: 'own' } | { kind: 'place'; in: 'path' | 'query' | 'body'; field: string; required: boolean } | { kind: 'record'; record: string };

export const OPEN = { kind: 'open' } as const satisfies RouteScope;
export const OWN = { kind: 'own' } as const satisfies RouteScope;
/** An area named by the request; `required` refuses a caller below city reach who leaves it out. */
export const place = (from: 'path' | 'query' | 'body', field: string, required = true): RouteScope => ({ kind: 'place', in: from, field, required });
export const record = (name: string): RouteScope => ({ kind: 'record', record: name });

/** The words of the matrix. */
export function scopeLabel(s: RouteScope): string {
  switch (s.kind) {
    case 'open':
      return '不限地区';
    case 'own':
      return '本人或本机构的';
    case 'place':
      return `请求所指地区（${{ path: '路径', query: '查询参数', body: '请求体' }[s.in]} \`${s.field}\`${s.required ? '' : '，可不填'}）`;
    case 'record':
      return `读取后核对记录所属（${s.record}）`;
  }
}
