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
    return actor.township === c.area.township ? null : `您只能办理本乡镇（街道）${actor.township ? `（${townshipName(actor.township)}）` : ''}的案件；此案件属于${townshipName(c.area.township)}。`;
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

/**
 * A creating request names an area (a grid worker's report, a registration): township staff may file
 * only into their own township, county staff only into their county. The area comes from the body, the
 * scope from the staff table, so the two must be compared before anything is written.
 */
export function requireAreaInScope(actor: Actor, area: { county?: string | undefined; township?: string | undefined }): void {
  if (TOWNSHIP_ROLES.includes(actor.role)) {
    if (!area.township || area.township.slice(0, 9) !== actor.township) {
      throw forbidden(
        'out-of-scope',
        `您只能为本乡镇（街道）${actor.township ? `（${townshipName(actor.township)}）` : ''}报告或登记；所填地区属于${area.township ? townshipName(area.township) : '其他地区'}。`,
      );
    }
  }
  if (COUNTY_ROLES.includes(actor.role)) {
    const county = area.county ?? (area.township ? findTownship(area.township)?.county : undefined);
    if (!county || county !== actor.county) {
      throw forbidden('out-of-scope', `您只能为本县区${actor.county ? `（${countyName(actor.county)}）` : ''}登记；所填地区属于${county ? countyName(county) : '其他地区'}。`);
    }
  }
}
