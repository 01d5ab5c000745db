import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { compareDates, type IsoDate } from '../calendar/dates.ts';
import { findTownship } from '../reference/areas.ts';
import { charityKeys } from './keys.ts';

/**
 * Emergency declarations (十五), as the charity registry reads them. The platform has no declaration
 * route yet; whoever adds it (role `county` or `admin`) writes items of exactly this shape:
 *
 *   pk  `EMERGENCY#<area>`   area = a county code (6 digits), a township code (9 digits) or the city
 *                             `341600` (the whole of Bozhou)
 *   sk  `DECL#<startDate>`   one item per declaration; an area may have several over the years
 *   area, startDate, endDate? (inclusive; absent while the emergency lasts), title, declaredBy,
 *   declaredAt (ISO timestamp), source (the document that declared it), schemaVersion
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
}

/** The area itself and every area that contains it, most specific first. */
export function enclosingAreas(area: string): string[] {
  const out = [area];
  const township = findTownship(area);
  if (township) out.push(township.county);
  if (area !== CITY_AREA) out.push(CITY_AREA);
  return out;
}

export const covers = (d: EmergencyDeclaration, date: IsoDate): boolean =>
  compareDates(d.startDate, date) <= 0 && (!d.endDate || compareDates(date, d.endDate) <= 0);

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
