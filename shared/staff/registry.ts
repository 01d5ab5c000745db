import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { StaffScope } from '../access/actor.ts';
import { countyReference } from '../reference/store.ts';
import { parametersOn } from '../policy/store.ts';
import { checkTownshipStaffing, STAFFING_BOUNDARY_READING } from '../rules/staffing.ts';
import type { Role } from '../definitions/roles.ts';

/**
 * The staff table (docs/architecture.md § Identity and scope): one item per person, `STAFF#<sub>` / `SCOPE`, authoritative for
 * the scope of every request (shared/http/auth.ts). Written here and only here — locally by
 * `POST /api/v1/dev/token`; in production the identity provisioning must call `registerStaff` too.
 *
 * Staff with a county also sit in their county's list on gsi4 (`STAFF#CTY#<county>`, `<township>#<sub>`),
 * so the 二十二 staffing check counts a county's people with one small query, never a scan. Deleting the
 * item (revocation) takes the person off the list at the same moment.
 *
 * `establishment` (编制内 / 其他专职) is what measure (二十二) counts; people registered without it are
 * counted as "not recorded" and never make a township compliant.
 */
/** The scope item of one person, read strongly so a revocation takes effect on the next request. */
export async function loadScope(sub: string): Promise<StaffScope | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.staff(sub), ConsistentRead: true }));
  return out.Item as StaffScope | undefined;
}

export type Establishment = 'established' | 'other';

export interface StaffRecord extends StaffScope {
  establishment?: Establishment;
}

export const staffListKey = (county: string) => `STAFF#CTY#${county}`;

export function staffItem(s: StaffRecord): Record<string, unknown> {
  return {
    ...keys.staff(s.sub),
    ...s,
    ...(s.county ? { gsi4pk: staffListKey(s.county), gsi4sk: `${s.township ?? '-'}#${s.sub}` } : {}),
    schemaVersion: SCHEMA_VERSION,
  };
}

/** Registers (or replaces) a person's scope. */
export async function registerStaff(s: StaffRecord): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: staffItem(s) }));
}

/** The township civil-affairs staff of (二十二): those who handle and sign cases in the township. */
const TOWNSHIP_STAFF: readonly Role[] = ['caseworker', 'approver'];

interface Count {
  established: number;
  other: number;
  notRecorded: number;
  /** Village 协理员 and grid workers (二十二 asks for them too, at village level); shown, not counted. */
  assistants: number;
}

/** (二十二) per township of one county, with the real counts from the staff table. */
export async function staffingCheck(county: string, date: string) {
  // Populations from the table's AREA item (entered by the admin), the code's seed only if it is missing.
  const c = await countyReference(county);
  if (!c) throw new Error(`unknown county ${county}`);
  const counts = new Map<string, Count>(c.townships.map((t) => [t.code, { established: 0, other: 0, notRecorded: 0, assistants: 0 }]));
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': staffListKey(county) },
        ProjectionExpression: '#r, township, establishment',
        ExpressionAttributeNames: { '#r': 'roles' },
        ExclusiveStartKey: start,
      }),
    );
    for (const s of (page.Items ?? []) as StaffRecord[]) {
      const n = s.township ? counts.get(s.township) : undefined;
      if (!n) continue;
      if (s.roles.some((r) => TOWNSHIP_STAFF.includes(r))) {
        if (s.establishment === 'established') n.established++;
        else if (s.establishment === 'other') n.other++;
        else n.notRecorded++;
      } else if (s.roles.includes('assistant')) n.assistants++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const params = await parametersOn(date);
  const townships = c.townships.map((t) => {
    const n = counts.get(t.code)!;
    const check = checkTownshipStaffing({ population: t.population, establishedStaff: n.established, otherStaff: n.other }, params);
    return {
      township: t.code,
      name: t.name,
      population: t.population,
      populationSample: t.sample,
      required: check.required,
      actual: { established: n.established, other: n.other, notRecorded: n.notRecorded, assistants: n.assistants },
      ok: check.ok,
      atBoundary: check.boundaryReading !== null,
      trace: check.trace,
    };
  });
  return {
    county,
    countyName: c.name,
    date,
    boundaryReading: STAFFING_BOUNDARY_READING,
    countedRoles: TOWNSHIP_STAFF,
    compliant: townships.filter((t) => t.ok).length,
    townships,
  };
}
