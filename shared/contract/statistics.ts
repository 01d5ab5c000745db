import * as z from 'zod/mini';
import { COUNTY_CODES } from '../rules/schemas.ts';
import type { RouteContract } from './index.ts';

/**
 * Request schemas of the county dashboard's statistics and the 二十二 staffing check (function
 * `supervision`), merged into CONTRACT by shared/contract/index.ts. A county supervisor may ask only about
 * their own county; auditors and the municipal bureau about any (checked in functions/supervision).
 */
const county = z.enum(COUNTY_CODES, { error: `县区代码应为 ${COUNTY_CODES.join('、')} 之一` });

export const STATISTICS_CONTRACT = {
  'GET /api/v1/statistics': {
    query: z.strictObject({ county }),
    responses: {
      200:
        '`{ county, countyName, snapshot }` — `snapshot` is null until the daily `statistics` job has run, else `{ date, asOf, ' +
        'caseload: { total, byType: [{ type, typeLabel, total, byStatus }] }, timeliness: { basis, months: [{ month, decided, withinDeadline, shareBp }] }, ' +
        'payments: { categories, months: [{ month, runStatus, totalFen, byCategory: { dibao, tekun, linshi } }] }, ' +
        'rechecks: { quarters: [{ quarter, created, completed, open, overdue, completedBp }] } }`; shares are basis points (10000 = 100 %), null when nothing was decided',
      403: 'a county supervisor asked about another county',
    },
  },
  'GET /api/v1/staffing': {
    query: z.strictObject({ county }),
    responses: {
      200:
        '`{ county, countyName, date, boundaryReading, countedRoles, compliant, townships: [{ township, name, population, required: { established, other }, ' +
        'actual: { established, other, notRecorded, assistants }, ok, atBoundary, trace }] }` — counts are the registered caseworkers and approvers of each township in the staff table',
      403: 'a county supervisor asked about another county',
    },
  },
} as const satisfies Record<string, RouteContract>;
