import type { Actor } from '../access/actor.ts';
import { forbidden } from '../errors.ts';
import { ROLE_REACH } from '../definitions/scopes.ts';
import { placeOutOfScope } from '../access/scope.ts';
import type { CaseItem } from './case.ts';

/**
 * Who may touch which case (docs/architecture.md § Identity and scope): the reach of the role
 * (shared/definitions/scopes.ts) over the case's township, through the one scope module; a department
 * only cases referred to it; the auditor everything (read-only). The scope comes from the staff table,
 * never from the token.
 */
/** Why this actor may not act on this case, or null when in scope. */
export function outOfScope(actor: Actor, c: Pick<CaseItem, 'area' | 'referrals'>, mode: 'read' | 'write'): string | null {
  const reach = ROLE_REACH[actor.role];
  if (reach === 'township' || reach === 'county') return placeOutOfScope(actor, c.area.township);
  if (actor.role === 'department') {
    return (c.referrals ?? []).some((r) => r.department === actor.department) ? null : '部门只能查看和答复转办给本部门的案件。';
  }
  if (actor.role === 'auditor' && mode === 'read') return null;
  return '您的角色不能办理案件。';
}

export function requireScope(actor: Actor, c: Pick<CaseItem, 'area' | 'referrals'>, mode: 'read' | 'write'): void {
  const why = outOfScope(actor, c, mode);
  if (why) throw forbidden('out-of-scope', why);
}
