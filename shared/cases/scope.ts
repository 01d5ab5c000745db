import type { Actor } from '../http/auth.ts';
import { forbidden } from '../http/problem.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import type { CaseItem } from './case.ts';

/**
 * Who may touch which case (docs/architecture.md § Identity and scope): township staff their township, the county roles their
 * county, a department only cases referred to it, the auditor everything (read-only). The scope comes
 * from the staff table, never from the token.
 */
const TOWNSHIP_ROLES = ['caseworker', 'assistant', 'approver'];
const COUNTY_ROLES = ['check', 'county'];

const townshipName = (code: string) => findTownship(code)?.name ?? code;
const countyName = (code: string) => findCounty(code)?.name ?? code;

/** Why this actor may not act on this case, or null when in scope. */
export function outOfScope(actor: Actor, c: Pick<CaseItem, 'area' | 'referrals'>, mode: 'read' | 'write'): string | null {
  if (TOWNSHIP_ROLES.includes(actor.role)) {
    return actor.township === c.area.township
      ? null
      : `您只能办理本乡镇（街道）${actor.township ? `（${townshipName(actor.township)}）` : ''}的案件；此案件属于${townshipName(c.area.township)}。`;
  }
  if (COUNTY_ROLES.includes(actor.role)) {
    return actor.county === c.area.county ? null : `您只能办理本县区${actor.county ? `（${countyName(actor.county)}）` : ''}的案件；此案件属于${countyName(c.area.county)}。`;
  }
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
