import { ROLES, ROLE_LABELS, type Access, type Role } from '../definitions/roles.ts';
import type { Actor, StaffScope } from '../access/actor.ts';
import { loadScope } from '../staff/registry.ts';
import { claimList, type HttpEvent } from './event.ts';
import { AppError, forbidden, unauthorized } from './problem.ts';

export type { Actor, StaffScope };

export async function authenticate(event: HttpEvent, access: Access): Promise<Actor | null> {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (access === 'public' && !claims) return null;
  if (!claims || typeof claims.sub !== 'string') throw unauthorized();
  const groups = claimList(claims['cognito:groups']).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  const role = access === 'public' ? groups[0] : groups.find((g) => access.includes(g));
  if (access !== 'public' && !role) {
    throw new AppError(403, 'role-not-allowed', '没有权限', `此操作仅限${access.map((r) => ROLE_LABELS[r]).join('、')}办理。`, undefined, { allowedRoles: access });
  }
  const scope = await loadScope(claims.sub);
  if (!scope) {
    if (access === 'public') return null;
    throw new AppError(403, 'scope-missing', '没有权限', '您的账号尚未登记工作范围，请联系管理员。');
  }
  if (!role || !scope.roles.includes(role)) {
    if (access === 'public') return null;
    throw forbidden('role-revoked', '您的账号已不再具有此角色，请联系管理员。');
  }
  const { roles: _roles, ...rest } = scope;
  return { ...rest, role };
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw unauthorized();
  return actor;
}
