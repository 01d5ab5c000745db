/**
 * Single-table key shapes, in one place. pk/sk are strings; GSIs are sparse (see shared/definitions/table.ts).
 */
export const keys = {
  staff: (sub: string) => ({ pk: `STAFF#${sub}`, sk: 'SCOPE' }),
  idempotency: (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  application: (reference: string) => ({ pk: `APP#${reference}`, sk: 'APP' }),
  /** One open application of a type per person: the uniqueness item (docs/architecture.md § Consistency). */
  openApplication: (idHash: string, type: string) => ({ pk: `UNIQ#APP#${idHash}#${type}`, sk: 'UNIQ' }),
  referenceCounter: (county: string, date: string) => ({ pk: `SEQ#APP#${county}#${date}`, sk: 'SEQ' }),
  lookupGuard: (reference: string) => ({ pk: `GUARD#LOOKUP#${reference}`, sk: 'GUARD' }),
  /** Failures of one caller (a hash of its address) on one reference: the lock is per caller. */
  lookupCallerGuard: (reference: string, callerHash: string) => ({ pk: `GUARD#LOOKUP#${reference}`, sk: `CALLER#${callerHash}` }),
  lookupRate: (client: string, minute: string) => ({ pk: `RATE#LOOKUP#${client}#${minute}`, sk: 'RATE' }),
  auditHead: (aggregate: string) => ({ pk: `AUDIT#${aggregate}`, sk: 'HEAD' }),
  auditEvent: (aggregate: string, seq: number) => ({ pk: `AUDIT#${aggregate}`, sk: `EVT#${String(seq).padStart(8, '0')}` }),
  parameterValue: (id: string, effectiveFrom: string) => ({ pk: 'PARAM', sk: `${id}#${effectiveFrom}` }),
  area: (code: string) => ({ pk: 'AREA', sk: code }),
  jobRun: (job: string, date: string) => ({ pk: `JOB#${job}`, sk: date }),
  /** A per-caller, per-minute counter for public writes (e.g. objections during 公示). */
  rate: (kind: string, client: string, minute: string) => ({ pk: `RATE#${kind}#${client}#${minute}`, sk: 'RATE' }),
  /** 转办: one item per referral, in its department's queue (gsi2) and its county's (gsi3). */
  referral: (id: string) => ({ pk: `REF#${id}`, sk: 'REF' }),
  /** 公示 roster entry of a case (gsi4 `PUBLICITY#current`), masked. */
  publicityRoster: (reference: string) => ({ pk: `PUBLICITY#${reference}`, sk: 'ROSTER' }),
  /** 长期公示 of an enrolled household (gsi4 `PUBLICITY#enrolled`), masked. */
  enrolledRoster: (reference: string) => ({ pk: `PUBLICITY#${reference}`, sk: 'ENROLLED' }),
  /** A person's assistance, by keyed ID hash, written at enrolment: answers departments' status queries. */
  personCase: (idHash: string, reference: string) => ({ pk: `PERSON#${idHash}`, sk: `CASE#${reference}` }),
  /** 近亲属备案: a relative of staff or village officials, by keyed ID hash only (二十三). */
  relative: (idHash: string, relatedTo: string) => ({ pk: `RELATIVE#${idHash}`, sk: `TO#${relatedTo}` }),
  /** 督办 marks of one county on one date (deadline-watch); rewriting them is idempotent. */
  /** An SMS notice in the outbox, one per event of a case (shared/notices/outbox.ts); pending ones on gsi4 `OUTBOX#pending`. */
  notice: (reference: string, event: string) => ({ pk: `NOTICE#${reference}`, sk: event }),
  supervisionMark: (county: string, date: string, subject: string) => ({ pk: `SUPV#${county}#${date}`, sk: subject }),
} as const;
