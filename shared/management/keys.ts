/**
 * Key shapes of dynamic management, in one place (single table, docs/architecture.md § Data model). Ids that appear in URLs are
 * the key parts joined with `.`, so they need no escaping; every id is deterministic where a job creates
 * the item, which is what makes running a job twice for a date create nothing twice.
 */
export const managementKeys = {
  /** A re-check, visit or data-match task: `TASK#<kind>#<period>#<reference>`. */
  task: (kind: string, period: string, reference: string) => ({ pk: `TASK#${kind}#${period}#${reference}`, sk: 'TASK' }),
  /** Progress of one job run over one county: the LastEvaluatedKey checkpoint. */
  checkpoint: (job: string, date: string, county: string) => ({ pk: `JOB#${job}`, sk: `${date}#${county}` }),
  dataMatchList: (id: string) => ({ pk: `DMLIST#${id}`, sk: 'LIST' }),
  dataMatchEntry: (id: string, hash: string, line: number) => ({ pk: `DMLIST#${id}`, sk: `E#${hash}#${String(line).padStart(6, '0')}` }),
  inspector: (county: string, sub: string) => ({ pk: `INSPECTORS#${county}`, sk: sub }),
  inspectionDraw: (county: string, month: string) => ({ pk: `INSPDRAW#${county}#${month}`, sk: 'DRAW' }),
  inspectionPool: (county: string, month: string, chunk: number) => ({ pk: `INSPDRAW#${county}#${month}`, sk: `POOL#${String(chunk).padStart(4, '0')}` }),
  inspection: (county: string, month: string, reference: string) => ({ pk: `INSP#${county}#${month}#${reference}`, sk: 'INSP' }),
  priceIndex: (month: string) => ({ pk: 'PRICE', sk: `CPI#${month}` }),
  priceLinkage: (month: string) => ({ pk: 'PRICE', sk: `LINK#${month}` }),
  reserve: (area: string, asOf: string) => ({ pk: `RESERVE#${area}`, sk: `AT#${asOf}` }),
  alert: (county: string, subject: string) => ({ pk: `ALERT#${county}`, sk: subject }),
  anchor: (date: string) => ({ pk: 'ANCHOR', sk: date }),
} as const;

/** URL ids: the parts of a key joined with `.` (references, dates, months and codes never contain one). */
export const joinId = (...parts: string[]): string => parts.join('.');
export const splitId = (id: string, parts: number): string[] | null => {
  const out = id.split('.');
  return out.length === parts && out.every((p) => /^[A-Za-z0-9-]{1,40}$/.test(p)) ? out : null;
};
