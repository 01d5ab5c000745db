import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { compareDates, type IsoDate } from '../calendar/dates.ts';
import { findTownship } from '../reference/areas.ts';
import { charityKeys } from './keys.ts';

/**
 * Emergency declarations (十五), as the charity registry reads them. The admin declares them with
 * `POST /api/v1/emergencies` (shared/management/emergencies.ts), which writes items of this shape:
 *
 *   pk  `EMERGENCY#<area>`   area = a county code (6 digits), a township code (9 digits) or the city
 *                             `341600` (the whole of Bozhou)
 *   sk  `DECL#<startDate>`   one item per declaration; an area may have several over the years
 *   area, startDate, endDate? (inclusive; absent while the emergency lasts), title, declaredBy,
 *   declaredAt (ISO timestamp), source (the document that declared it), schemaVersion
 *
 * and, added by the declaration route (all optional for readers that do not need them): `id`
 * (`<area>.<startDate>`), `raise` (which standards rise and the multiplier in basis points),
 * `livingSubsidy`, `simplifiedProcedure` (e.g. a shortened 公示) and `revocation`. A revocation sets
 * `endDate` to the last day it applies, so `covers` needs nothing else.
 *
 * A declaration for a county covers its townships, and one for the city covers everything.
 */
export const CITY_AREA = '341600';

export interface EmergencyDeclaration {
  area: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  title: string;
  declaredBy: string;
  declaredAt: string;
  source: string;
  id?: string;
  /** 提高保障标准 (十五): the standards raised and the multiplier (bp) recorded at declaration. */
  raise?: { standards: ('dibao' | 'tekun')[]; multiplierBp: number };
  /** 临时生活补贴 (十五) paid to people in the area. */
  livingSubsidy?: boolean;
  /** 简化程序 (十五): e.g. a shortened 公示 in days. */
  simplifiedProcedure?: { publicityDays?: number; skipAppraisal?: boolean; note?: string };
  /** The end date the declaration first named, when a revocation shortened it. */
  plannedEndDate?: string;
  revocation?: { lastDay: string; reason: string; source: string; at: string; by: string };
}

/** The area itself and every area that contains it, most specific first. */
export function enclosingAreas(area: string): string[] {
  const out = [area];
  const township = findTownship(area);
  if (township) out.push(township.county);
  if (area !== CITY_AREA) out.push(CITY_AREA);
  return out;
}

export const covers = (d: EmergencyDeclaration, date: IsoDate): boolean => compareDates(d.startDate, date) <= 0 && (!d.endDate || compareDates(date, d.endDate) <= 0);

/** The declaration in force for `area` on `date`, if any. */
export async function emergencyInForce(area: string, date: IsoDate): Promise<EmergencyDeclaration | undefined> {
  for (const a of enclosingAreas(area)) {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk <= :sk',
        ExpressionAttributeValues: { ':pk': charityKeys.emergencyPk(a), ':sk': `DECL#${date}` },
        ScanIndexForward: false,
        ConsistentRead: true,
      }),
    );
    const hit = ((page.Items ?? []) as EmergencyDeclaration[]).find((d) => covers(d, date));
    if (hit) return hit;
  }
  return undefined;
}
