import { enclosingAreas, type EmergencyDeclaration } from '../charity/emergency.ts';
import type { PriceIndices } from '../rules/price-linkage.ts';
import { firstDay } from './months.ts';
import { addDays, endOfMonth } from '../calendar/dates.ts';
import { declared } from './store.ts';

/**
 * What the monthly run reads from declarations made elsewhere (issue 6, shared/management):
 * - emergencies (十五): `EMERGENCY#<area>` / `DECL#<startDate>` in the shape of shared/charity/emergency.ts,
 *   plus `raise: { standards: ('dibao'|'tekun')[], multiplierBp? }` and `livingSubsidyRecipients` from the admin's
 *   declaration. A month is paid by the days: `emergencyMonth` says, day by day, which declaration covers the
 *   township (the most specific area first), and the run pays each stretch's share of the month (amounts.ts).
 * - price-linked subsidies (五)(十五): `PRICE` / `LINK#<month>` once confirmed (`status: 'confirmed'` or
 *   `decision: 'confirm'`), with the month's `cpiYoYBp` and `foodCpiYoYBp` (read from `PRICE`/`CPI#<month>`
 *   when the link item does not repeat them).
 */
export interface EmergencyRaise {
  title: string;
  standards: ('dibao' | 'tekun')[];
  multiplierBp?: number;
}

/** One declaration's part of a month: the days of the month it covers for the township. */
export interface EmergencyStretch {
  /** `<area>.<startDate>`: names the declaration in the ledger's parameter versions. */
  id: string;
  title: string;
  days: number;
  raise?: EmergencyRaise;
  /** 临时生活补贴 (十五): the cases it is paid to. */
  livingSubsidyRecipients?: string[];
}

export interface EmergencyMonth {
  daysInMonth: number;
  stretches: EmergencyStretch[];
}

type Declaration = Omit<EmergencyDeclaration, 'raise'> & { raise?: { standards?: ('dibao' | 'tekun')[]; multiplierBp?: number }; livingSubsidyRecipients?: string[]; revokedAt?: string };

const covers = (d: Declaration, day: string) => d.startDate <= day && (!d.endDate || day <= d.endDate);

/**
 * Emergencies by area, read once per run and container (most cases share a few townships; a run is one
 * county and month, so a declaration made while it runs applies from the next run — as a published
 * standard does).
 */
const perRun = new Map<string, Declarations>();
export function declarationsFor(runId: string): Declarations {
  let hit = perRun.get(`${process.env.TABLE_NAME}|${runId}`);
  if (!hit) {
    if (perRun.size > 50) perRun.clear();
    hit = new Declarations();
    perRun.set(`${process.env.TABLE_NAME}|${runId}`, hit);
  }
  return hit;
}

export class Declarations {
  private readonly byArea = new Map<string, Promise<Declaration[]>>();

  private declarations(area: string): Promise<Declaration[]> {
    let hit = this.byArea.get(area);
    if (!hit) {
      hit = declared.emergencies<Declaration>(area);
      this.byArea.set(area, hit);
    }
    return hit;
  }

  /**
   * The declarations covering a township in a month, day by day (on each day the most specific area's
   * declaration: township, county, city), as stretches with their day counts; undefined when none does.
   */
  async emergencyMonth(township: string, month: string): Promise<EmergencyMonth | undefined> {
    const from = firstDay(month);
    const to = endOfMonth(from);
    const areas = enclosingAreas(township);
    const lists = await Promise.all(areas.map((a) => this.declarations(a)));
    const byId = new Map<string, EmergencyStretch>();
    let daysInMonth = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      daysInMonth++;
      const d = lists.map((l) => l.find((x) => covers(x, day))).find(Boolean);
      if (!d) continue;
      const id = d.id ?? `${d.area}.${d.startDate}`;
      const hit = byId.get(id);
      if (hit) {
        hit.days++;
        continue;
      }
      byId.set(id, {
        id,
        title: d.title,
        days: 1,
        ...(d.raise?.standards?.length ? { raise: { title: d.title, standards: d.raise.standards, ...(d.raise.multiplierBp ? { multiplierBp: d.raise.multiplierBp } : {}) } } : {}),
        ...(d.livingSubsidy && d.livingSubsidyRecipients?.length ? { livingSubsidyRecipients: d.livingSubsidyRecipients } : {}),
      });
    }
    return byId.size ? { daysInMonth, stretches: [...byId.values()] } : undefined;
  }
}

/** Confirmed price-linkage months in [from, to], with their indices. */
export async function confirmedPriceLinks(from: string, to: string): Promise<{ month: string; indices: PriceIndices }[]> {
  const items = await declared.priceItems();
  const cpi = new Map(items.filter((i) => String(i.sk).startsWith('CPI#')).map((i) => [String(i.sk).slice(4), i]));
  const links: { month: string; indices: PriceIndices }[] = [];
  for (const i of items) {
    const sk = String(i.sk);
    if (!sk.startsWith('LINK#')) continue;
    const month = sk.slice(5);
    if (month < from || month > to) continue;
    if (!(i.status === 'confirmed' || i.decision === 'confirm' || i.decision?.decision === 'confirm')) continue;
    const src = typeof i.cpiYoYBp === 'number' ? i : cpi.get(month);
    if (!src || typeof src.cpiYoYBp !== 'number') continue;
    links.push({ month, indices: { cpiYoYBp: src.cpiYoYBp as number, foodCpiYoYBp: (src.foodCpiYoYBp as number) ?? 0 } });
  }
  return links;
}
