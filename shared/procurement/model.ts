import type { ProcurementMethod } from './methods.ts';
import type { Criterion } from './scoring.ts';

/**
 * A 采购文件 as the tender holds it (shared/procurement/documents.ts): `contentType`, `size` and `sha256` are the
 * platform's own reading of the stored object. Tenders published before uploads existed hold `key` and `title` only.
 */
export interface TenderDocument {
  id?: string;
  key: string;
  title: string;
  contentType?: string;
  size?: number;
  sha256?: string;
}

/** An answered 澄清 as the tender holds and publishes it (shared/procurement/clarifications.ts); the asker is not in it. */
export interface PublishedClarification {
  id: string;
  question: string;
  answer: { text: string; at: string; changesDocuments: boolean; deadlineMoved: { from: string; to: string; source: string } | null };
}

/** Whom bidders ask: the 采购人's office, named in the announcement (政府采购公告和公示信息格式规范: 采购人信息). */
export interface TenderContact {
  name: string;
  phone: string;
  address?: string;
}

/** Shapes of the procurement aggregates (measure 十八). Money is integer fen; times are ISO 8601 with +08:00. */
export type TenderStatus = 'active' | 'terminated' | 'opened' | 'unsuccessful' | 'awarded' | 'contracted';

export interface OpenedBid {
  organisation: string;
  name: string;
  creditCode: string;
  priceFen: number;
  submittedAt: string;
  receipt: string;
  /** `disqualified`: over the value cap (投标报价超过最高限价的，投标无效, 87号令 Art. 63). */
  status: 'valid' | 'disqualified';
}

export interface Award {
  /** `<tenderId>-A<n>`: A1 first, A2 after one award was cancelled… (older items lack it: A1). */
  id?: string;
  organisation: string;
  name: string;
  creditCode: string;
  priceFen: number;
  total: number;
  rank: number;
  at: string;
  awardedBy: string;
  /** Last day (inclusive) on which a 质疑 may be filed: 7 working days after the announcement. */
  challengeUntil: string;
  challengeUntilProvisional: boolean;
  deviation?: { legalReason: string; proposedBy: string; signedOffBy: string };
}

export interface TenderState {
  id: string;
  ocid: string;
  county: string;
  year: number;
  service: { id: string; name: string; description: string; unit: string };
  title: string;
  description: string;
  method: ProcurementMethod;
  valueCapFen: number;
  deadline: string;
  criteria: Criterion[];
  documents: TenderDocument[];
  /** 采购人's contact for questions about the tender (an office, not a person's private number); older items lack it. */
  contact?: TenderContact;
  status: TenderStatus;
  version: number;
  releaseSeq: number;
  publishedAt: string;
  createdBy: string;
  amendments: { id: string; at: string; rationale: string; description: string }[];
  /** Answered 澄清, published to everyone (older items lack it: none). */
  clarifications?: PublishedClarification[];
  termination?: { reason: string; at: string; by: string };
  biddingClosedAt?: string;
  opening?: { at: string; by: string; bids: OpenedBid[] };
  panel?: { seed: string; size: number; at: string; by: string; eligible: string[]; excluded: { sub: string; reason: string }[]; drawn: string[] };
  proposedAward?: { organisation: string; legalReason: string; proposedBy: string; at: string };
  award?: Award;
  /** Awards cancelled after a 质疑 upheld as affecting the result (政府采购质疑和投诉办法 第三十二条). */
  cancelledAwards?: CancelledAward[];
  contractId?: string;
}

export interface CancelledAward {
  id: string;
  organisation: string;
  name: string;
  creditCode: string;
  priceFen: number;
  rank: number;
  awardedAt: string;
  cancelledAt: string;
  cancelledBy: string;
  challengeId: string;
  reason: string;
}

export interface Milestone {
  id: string;
  title: string;
  dueDate: string;
  amountFen: number;
  paidFen: number;
  casesServed: number;
  evaluation?: { rating: 'excellent' | 'good' | 'fair' | 'poor'; findings: string; at: string; by: string };
}

export interface ContractState {
  id: string;
  tenderId: string;
  ocid: string;
  county: string;
  year: number;
  supplier: { organisation: string; name: string; creditCode: string };
  valueFen: number;
  paidFen: number;
  period: { startDate: string; endDate: string };
  signedAt: string;
  milestones: Milestone[];
  payments: { id: string; milestoneId: string; amountFen: number; at: string }[];
  /** Poor performance (监督评估 不合格) flags the contract publicly. */
  flagged: boolean;
  casesServed: number;
  version: number;
  releaseSeq: number;
}
