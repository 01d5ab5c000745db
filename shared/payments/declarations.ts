import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { charityKeys } from '../charity/keys.ts';
import { enclosingAreas, type EmergencyDeclaration } from '../charity/emergency.ts';
import type { PriceIndices } from '../rules/price-linkage.ts';
import { firstDay } from './months.ts';
import { endOfMonth } from '../calendar/dates.ts';

/**
 * What the monthly run reads from declarations made elsewhere (issue 6, shared/management):
 * - emergencies (十五): `EMERGENCY#<area>` / `DECL#<startDate>` in the shape of shared/charity/emergency.ts,
 *   plus `raise: { standards: ('dibao'|'tekun')[], multiplierBp? }` from the admin's declaration. A month is
 *   affected when the declaration covers any day of it (the whole month is paid at the raised standard).
 * - price-linked subsidies (五)(十五): `PRICE` / `LINK#<month>` once confirmed (`status: 'confirmed'` or
 *   `decision: 'confirm'`), with the month's `cpiYoYBp` and `foodCpiYoYBp` (read from `PRICE`/`CPI#<month>`
 *   when the link item does not repeat them).
 */
export interface EmergencyRaise {
  title: string;
  standards: ('dibao' | 'tekun')[];
  multiplierBp?: number;
}

type Declaration = EmergencyDeclaration & { raise?: { standards?: ('dibao' | 'tekun')[]; multiplierBp?: number }; revokedAt?: string };

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
      hit = db()
        .send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': charityKeys.emergencyPk(area), ':d': 'DECL#' } }))
        .then((out) => (out.Items ?? []) as Declaration[]);
      this.byArea.set(area, hit);
    }
    return hit;
  }

  /** The raise in force for a township in a month: the most specific area first (township, county, city). */
  async emergencyFor(township: string, month: string): Promise<EmergencyRaise | undefined> {
    const from = firstDay(month);
    const to = endOfMonth(from);
    for (const area of enclosingAreas(township)) {
      const hit = (await this.declarations(area)).find((d) => d.raise?.standards?.length && d.startDate <= to && (!d.endDate || d.endDate >= from));
      if (hit) return { title: hit.title, standards: hit.raise!.standards!, ...(hit.raise!.multiplierBp ? { multiplierBp: hit.raise!.multiplierBp } : {}) };
    }
    return undefined;
  }
}

/** Confirmed price-linkage months in [from, to], with their indices. */
export async function confirmedPriceLinks(from: string, to: string): Promise<{ month: string; indices: PriceIndices }[]> {
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': 'PRICE', ':a': 'CPI#', ':b': 'LINK#~' }, ConsistentRead: true }),
  );
  const items = out.Items ?? [];
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
