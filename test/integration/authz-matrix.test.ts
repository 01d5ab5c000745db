import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC, ROLES, type Role } from '../../shared/definitions/roles.ts';
import { ROUTES, routeKey, type RouteDef } from '../../shared/definitions/routes.ts';
import { ROLE_REACH } from '../../shared/definitions/scopes.ts';
import { ROLE_SCOPES } from '../support/scopes.ts';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { countItems } from '../support/people.ts';

/**
 * Every cell of docs/authz-matrix.md, called: a role without ✓ gets 403 `role-not-allowed`; no token gets 401;
 * a route whose scope names a place refuses a township- or county-reach caller naming a place out of reach
 * with 403 `out-of-scope`, and nothing is written. Removing a route's role check or the pipeline's scope
 * check fails a cell here. (A `record` scope is checked by the domain after the read; its cells are the
 * module tests' cross-township and cross-county cases.)
 */
let p: TestPlatform;
const tokens = {} as Record<Role, string>;
beforeAll(async () => {
  p = await startTestPlatform();
  for (const role of ROLES) tokens[role] = await p.tokenFor(role, ROLE_SCOPES[role]);
});
afterAll(async () => {
  await p.stop();
});

/** The home of the matrix's tokens is 谯城区 (341602) and its first township; the far place is 涡阳县's. */
const FAR = { county: '341621', township: '341621001' };
const NEAR = { county: '341602', township: '341602001' };

function setAt(target: Record<string, unknown>, dotted: string, value: string): void {
  const parts = dotted.split('.');
  let o = target;
  for (const part of parts.slice(0, -1)) o = (o[part] ??= {}) as Record<string, unknown>;
  o[parts.at(-1)!] = value;
}

/** The request for a route with its place field (if any) set to `area`'s county or township code. */
function requestFor(route: RouteDef, area: { county: string; township: string } | null) {
  const body: Record<string, unknown> = {};
  const query: Record<string, string> = {};
  let path = route.path;
  if (area && route.scope.kind === 'place') {
    const leaf = route.scope.field.split('.').at(-1)!;
    const code = leaf.includes('township') ? area.township : area.county;
    if (route.scope.in === 'path') path = path.replace(`{${route.scope.field}}`, code);
    else if (route.scope.in === 'query') query[route.scope.field] = code;
    else setAt(body, route.scope.field, code);
  }
  path = path.replace(/\{[^}]+\}/g, 'X1');
  const qs = new URLSearchParams(query).toString();
  return { path: qs ? `${path}?${qs}` : path, body: route.method === 'GET' ? undefined : body };
}

const guarded = ROUTES.filter((r) => r.access !== PUBLIC && !r.localOnly);

describe('role cells: every route × every role it does not name', () => {
  it.each(guarded.map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const before = await countItems();
    const req = requestFor(route, NEAR);
    const anonymous = await p.call(route.method, req.path, { body: req.body, headers: { 'idempotency-key': `authz-${routeKey(route)}` } });
    expect(anonymous.status, `no token: ${anonymous.text}`).toBe(401);
    for (const role of ROLES.filter((r) => !(route.access as readonly Role[]).includes(r))) {
      const res = await p.call(route.method, req.path, { token: tokens[role], body: req.body, headers: { 'idempotency-key': `authz-${role}-${routeKey(route)}` } });
      expect(res.status, `${role}: ${res.text}`).toBe(403);
      expect(res.body.code, role).toBe('role-not-allowed');
    }
    expect(await countItems()).toBe(before);
  });
});

const placed = guarded.filter((r) => r.scope.kind === 'place');

describe('scope cells: every route whose scope names a place × every township- or county-reach role it names', () => {
  it('covers routes of both reaches', () => {
    expect(placed.length).toBeGreaterThan(10);
  });

  it.each(placed.map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const before = await countItems();
    const roles = (route.access as readonly Role[]).filter((r) => ROLE_REACH[r] === 'township' || ROLE_REACH[r] === 'county');
    for (const role of roles) {
      const far = requestFor(route, FAR);
      const res = await p.call(route.method, far.path, { token: tokens[role], body: far.body, headers: { 'idempotency-key': `authz-far-${role}-${routeKey(route)}` } });
      expect(res.status, `${role} far: ${res.text}`).toBe(403);
      expect(res.body.code, role).toBe('out-of-scope');
      if (route.scope.kind === 'place' && route.scope.required && route.scope.in !== 'path') {
        const missing = requestFor(route, null);
        const none = await p.call(route.method, missing.path, { token: tokens[role], body: missing.body, headers: { 'idempotency-key': `authz-none-${role}-${routeKey(route)}` } });
        expect(none.status, `${role} without a place: ${none.text}`).toBe(403);
        expect(none.body.code, role).toBe('out-of-scope');
      }
      const near = requestFor(route, NEAR);
      const own = await p.call(route.method, near.path, { token: tokens[role], body: near.body, headers: { 'idempotency-key': `authz-near-${role}-${routeKey(route)}` } });
      expect(own.body?.code, `${role} near: ${own.text}`).not.toBe('out-of-scope');
    }
    expect(await countItems()).toBe(before);
  });
});
