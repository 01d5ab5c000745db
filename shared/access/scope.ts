import type { Actor } from '../access/actor.ts';
import { forbidden } from '../errors.ts';
import { ROLE_REACH, type RouteScope } from '../definitions/scopes.ts';
import { CITY_CODE, findCounty, findTownship } from '../reference/areas.ts';

/**
 * The one scope module (docs/architecture.md § Identity and scope): whether an actor reaches a place. The
 * reach of each role is data (shared/definitions/scopes.ts); the actor's county and township come from the
 * staff table, never from the token. The HTTP pipeline calls `requireRouteScope` for every route whose
 * scope names a place; the domain calls `requirePlace` on a record's area once it has read it.
 */
const townshipName = (code: string) => findTownship(code)?.name ?? code;
const countyName = (code: string) => (code === CITY_CODE ? '亳州市（市级）' : (findCounty(code)?.name ?? code));

/** The county a code lies in: a 6-digit county code, or the first 6 digits of a 9-digit township code. */
const countyOf = (code: string) => code.slice(0, 6);

/** Why this actor may not reach the place (a county or township code), or null when in reach. */
export function placeOutOfScope(actor: Pick<Actor, 'role' | 'county' | 'township'>, code: string): string | null {
  const reach = ROLE_REACH[actor.role];
  if (reach === 'city') return null;
  if (reach === 'township') {
    return code === actor.township
      ? null
      : `您只能办理本乡镇（街道）${actor.township ? `（${townshipName(actor.township)}）` : ''}的事项；所指地区属于${code.length === 9 ? townshipName(code) : countyName(code)}。`;
  }
  if (reach === 'county') {
    return actor.county && countyOf(code) === actor.county
      ? null
      : `您只能办理本县区${actor.county ? `（${countyName(actor.county)}）` : ''}的事项；所指地区属于${code.length === 9 ? townshipName(code) : countyName(code)}。`;
  }
  return '您的角色不能办理某一地区的事项。';
}

export function requirePlace(actor: Pick<Actor, 'role' | 'county' | 'township'>, code: string): void {
  const why = placeOutOfScope(actor, code);
  if (why) throw forbidden('out-of-scope', why);
}

function at(source: unknown, dotted: string): unknown {
  let v = source;
  for (const part of dotted.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/** A county (6 digits) or township (9 digits) code; anything else is left to validation, which names the field. */
const AREA_CODE = /^\d{6}(\d{3})?$/;

/**
 * The pipeline's check of a `place` route, on the request as sent (before validation: what is out of reach
 * is refused before it is parsed).
 */
export function requireRouteScope(scope: RouteScope, actor: Actor | null, request: { params: Record<string, string | undefined>; query: Record<string, string | undefined>; body: unknown }): void {
  if (scope.kind !== 'place' || !actor) return;
  const source = scope.in === 'path' ? request.params : scope.in === 'query' ? request.query : request.body;
  const value = at(source, scope.field);
  if (typeof value === 'string' && AREA_CODE.test(value)) requirePlace(actor, value);
  else if (value === undefined && scope.required && ROLE_REACH[actor.role] !== 'city') {
    throw forbidden('out-of-scope', `请指定您所属的地区（${scope.field}）：您只能办理本${ROLE_REACH[actor.role] === 'township' ? '乡镇（街道）' : '县区'}的事项。`);
  }
}
