import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { ROLES, ROLE_LABELS, type Access, type Role } from '../definitions/roles.ts';
import { claimList, type HttpEvent } from './event.ts';
import { AppError, forbidden, unauthorized } from './problem.ts';

/**
 * Who is calling, and over what. The role comes from the token (`cognito:groups`); the scope
 * (county, township, department, organisation) comes from the staff table by `sub`, never from token
 * attributes a user could edit. Deleting the staff item revokes access at once.
 */
export interface Actor {
  sub: string;
  role: Role;
  name?: string;
  county?: string;
  township?: string;
  department?: string;
  organisation?: string;
}

export interface StaffScope {
  sub: string;
  roles: Role[];
  name?: string;
  county?: string;
  township?: string;
  department?: string;
  organisation?: string;
}

export async function loadScope(sub: string): Promise<StaffScope | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.staff(sub), ConsistentRead: true }));
  return out.Item as StaffScope | undefined;
}

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
