/**
 * Single-table key shapes, in one place. pk/sk are strings; GSIs are sparse (see shared/definitions/table.ts).
 */
export const keys = {
  staff: (sub: string) => ({ pk: `STAFF#${sub}`, sk: 'SCOPE' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  application: (reference: string) => ({ pk: `APP#${reference}`, sk: 'APP' }),
  /** One open application of a type per person: the uniqueness item (DESIGN §3 Consistency). */
  openApplication: (idHash: string, type: string) => ({ pk: `UNIQ#APP#${idHash}#${type}`, sk: 'UNIQ' }),
  referenceCounter: (county: string, date: string) => ({ pk: `SEQ#APP#${county}#${date}`, sk: 'SEQ' }),
  lookupGuard: (reference: string) => ({ pk: `GUARD#LOOKUP#${reference}`, sk: 'GUARD' }),
  lookupRate: (client: string, minute: string) => ({ pk: `RATE#LOOKUP#${client}#${minute}`, sk: 'RATE' }),
  auditHead: (aggregate: string) => ({ pk: `AUDIT#${aggregate}`, sk: 'HEAD' }),
  auditEvent: (aggregate: string, seq: number) => ({ pk: `AUDIT#${aggregate}`, sk: `EVT#${String(seq).padStart(8, '0')}` }),
  parameterValue: (id: string, effectiveFrom: string) => ({ pk: 'PARAM', sk: `${id}#${effectiveFrom}` }),
  area: (code: string) => ({ pk: 'AREA', sk: code }),
  jobRun: (job: string, date: string) => ({ pk: `JOB#${job}`, sk: date }),
} as const;
