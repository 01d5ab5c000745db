/**
 * Single-table keys of disbursement, kept beside the domain (like shared/charity/keys.ts). Every item
 * starts with `PAY#` so tests can prove that a refused request wrote nothing; the social-worker register
 * is deliberately under its own prefix, because it is payroll, never assistance (十七).
 *
 *   run            PAY#RUN#<runId> / RUN            gsi4 PAYRUNS#<county> / <month>   (the county's list)
 *   batch          PAY#RUN#<runId> / BATCH#<n>      the producer's checkpoint of what it sent
 *   ledger entry   PAY#CASE#<ref>  / ENTRY#<period>#<kind>   gsi4 PAYRUN#<runId> / <paymentId>
 *   bank result    PAY#CASE#<ref>  / RESULT#<period>#<kind>  gsi4 PAYRUN#<runId> / <paymentId>#result
 *   retry marker   PAY#RETRY#<paymentId> / RETRY    gsi3 CTY#<county> / PAYRETRY#<paymentId>
 *   payee accounts PAY#PAYEE#<ref> / PAYEE
 *   funeral claim  PAY#FUNERAL#<ref> / CLAIM        gsi3 CTY#<county> / PAYDUE#funeral#<ref> (until paid)
 *   advance docs   PAY#DOC#<ref> / DOC              gsi3 CTY#<county> / PAYDOC#<status>#<due>#<ref>
 *   reserve        PAY#RESERVE#<township> / ACCOUNT, MOVE#<at>#<id>, RECON#<month>   (township-reserve.ts)
 *   social worker  SOCIALWORKER#<county> / SW#<certificate>   payroll, not assistance (social-workers.ts)
 *
 * The access patterns over these keys are in store.ts, the module's only file that talks to DynamoDB.
 */
export const payKeys = {
  run: (runId: string) => ({ pk: `PAY#RUN#${runId}`, sk: 'RUN' }),
  batch: (runId: string, n: number) => ({ pk: `PAY#RUN#${runId}`, sk: `BATCH#${String(n).padStart(8, '0')}` }),
  entry: (reference: string, period: string, kind: string) => ({ pk: `PAY#CASE#${reference}`, sk: `ENTRY#${period}#${kind}` }),
  result: (reference: string, period: string, kind: string) => ({ pk: `PAY#CASE#${reference}`, sk: `RESULT#${period}#${kind}` }),
  casePk: (reference: string) => `PAY#CASE#${reference}`,
  retry: (paymentId: string) => ({ pk: `PAY#RETRY#${paymentId}`, sk: 'RETRY' }),
  payee: (reference: string) => ({ pk: `PAY#PAYEE#${reference}`, sk: 'PAYEE' }),
  funeral: (reference: string) => ({ pk: `PAY#FUNERAL#${reference}`, sk: 'CLAIM' }),
  documentation: (reference: string) => ({ pk: `PAY#DOC#${reference}`, sk: 'DOC' }),
  runList: (county: string) => `PAYRUNS#${county}`,
  runIndex: (runId: string) => `PAYRUN#${runId}`,
} as const;

/**
 * 乡镇（街道）临时救助备用金 (十三), shared/payments/township-reserve.ts:
 *   account   PAY#RESERVE#<township> / ACCOUNT            balanceFen, fundedFen, drawnFen
 *   movement  PAY#RESERVE#<township> / MOVE#<at>#<id>     kind fund | draw, amountFen, reference, entryKind, month
 *   result    PAY#RESERVE#<township> / RECON#<month>        the month's reconciliation, as the job last found it
 */
export const reserveKeys = {
  account: (township: string) => ({ pk: `PAY#RESERVE#${township}`, sk: 'ACCOUNT' }),
  movement: (township: string, at: string, id: string) => ({ pk: `PAY#RESERVE#${township}`, sk: `MOVE#${at}#${id}` }),
  reconciliation: (township: string, month: string) => ({ pk: `PAY#RESERVE#${township}`, sk: `RECON#${month}` }),
  isAccount: (pk: string) => pk.startsWith('PAY#RESERVE#'),
} as const;

/** The social-worker register (十七): one partition per county, one item per certificate. */
export const socialWorkerKeys = {
  county: (county: string) => `SOCIALWORKER#${county}`,
  worker: (county: string, certificateNumber: string) => ({ pk: `SOCIALWORKER#${county}`, sk: `SW#${certificateNumber}` }),
} as const;

/** A run is one county and one month: `341602-2026-03` (docs/architecture.md § Consistency). */
export const runIdOf = (county: string, month: string): string => `${county}-${month}`;
export const RUN_ID_SHAPE = /^(\d{6})-(\d{4}-\d{2})$/;
export function parseRunId(runId: string): { county: string; month: string } | null {
  const m = RUN_ID_SHAPE.exec(runId);
  return m ? { county: m[1]!, month: m[2]! } : null;
}

/** A payment is case + period + kind: `QC-260302-0001-X/2026-03/basic` (deterministic, so never paid twice). */
export const paymentIdOf = (reference: string, period: string, kind: string): string => `${reference}/${period}/${kind}`;
export function parsePaymentId(id: string): { reference: string; period: string; kind: string } | null {
  const m = /^([A-Z]{2}-\d{6}-\d{4,6}-[0-9A-Z])\/(\d{4}-\d{2})\/([a-zA-Z][\w.]{0,60})$/.exec(id);
  return m ? { reference: m[1]!, period: m[2]!, kind: m[3]! } : null;
}
