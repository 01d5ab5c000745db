/**
 * Single-table keys of government purchase of services (measure 十八). Kept beside the domain rather
 * than in shared/store/keys.ts so the procurement aggregate owns its shapes; every prefix starts
 * with `PROC#` or `OCDS#`, which the tests count to prove that a refused request wrote nothing.
 */
export const procKeys = {
  /** 政府购买社会救助服务清单 of a county and year. */
  serviceList: (county: string, year: number) => ({ pk: `PROC#LIST#${county}#${year}`, sk: 'LIST' }),
  /** The year's funds, the 1 % allocation and the spending against it; `remainingFen` is what an award may still commit. */
  budget: (county: string, year: number) => ({ pk: `PROC#BUDGET#${county}#${year}`, sk: 'BUDGET' }),
  tenderCounter: (county: string, year: number) => ({ pk: `PROC#SEQ#${county}#${year}`, sk: 'SEQ' }),
  tender: (id: string) => ({ pk: `PROC#TENDER#${id}`, sk: 'TENDER' }),
  /** Only the last bid of an organisation counts: one item per bidder, replaced in place. */
  bid: (tenderId: string, organisation: string) => ({ pk: `PROC#TENDER#${tenderId}`, sk: `BID#${organisation}` }),
  score: (tenderId: string, evaluator: string, organisation: string) => ({ pk: `PROC#TENDER#${tenderId}`, sk: `SCORE#${evaluator}#${organisation}` }),
  challenge: (tenderId: string, id: string) => ({ pk: `PROC#TENDER#${tenderId}`, sk: `CHAL#${id}` }),
  /** A 澄清 question and, once answered, its answer. */
  clarification: (tenderId: string, id: string) => ({ pk: `PROC#TENDER#${tenderId}`, sk: `CLAR#${id}` }),
  /** A bid receipt's 回执码 → the tender, bidder and hash (receipt-code.ts). */
  receiptCode: (code: string) => ({ pk: `PROC#RCPT#${code}`, sk: 'RCPT' }),
  contractor: (organisation: string) => ({ pk: `PROC#ORG#${organisation}`, sk: 'ORG' }),
  /** One registration per credit code, enforced inside the registering transaction. */
  creditCode: (code: string) => ({ pk: `PROC#USCC#${code}`, sk: 'UNIQ' }),
  expert: (sub: string) => ({ pk: `PROC#EXPERT#${sub}`, sk: 'EXPERT' }),
  contract: (id: string) => ({ pk: `PROC#CONTRACT#${id}`, sk: 'CONTRACT' }),
  delivery: (contractId: string, milestoneId: string, n: number) => ({ pk: `PROC#CONTRACT#${contractId}`, sk: `REPORT#${milestoneId}#${String(n).padStart(4, '0')}` }),
  /** An immutable OCDS release: written once (attribute_not_exists) and never updated. */
  release: (ocid: string, seq: number) => ({ pk: `OCDS#${ocid}`, sk: `REL#${String(seq).padStart(6, '0')}` }),
} as const;

/** gsi4 collections (city-wide lists). */
export const COLLECTIONS = {
  tenders: 'PROC#TENDERS',
  experts: 'PROC#EXPERTS',
  contractors: 'PROC#CONTRACTORS',
  releases: 'OCDS#RELEASES',
} as const;

export const PROCUREMENT_PREFIXES = ['PROC#', 'OCDS#'];
