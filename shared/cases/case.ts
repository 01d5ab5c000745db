import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { notFound } from '../errors.ts';
import type { ApplicationItem } from './application.ts';
import { isValidReference, normalizeReference } from './reference-number.ts';
import type { CaseStatus } from './states.ts';
import type { CheckReport, VisitRecord, AppraisalRecord, NeedAssessment, PostCheck, Recovery } from './verification.ts';
import type { Proposal, PublicityRecord, Objection, CountyReview, OneMatter } from './proposal.ts';
import type { Decision, Enrolment, LinshiPlan } from './decision.ts';
import type { ReferralSummary } from './referrals.ts';
import type { RejectionNotice } from './notice.ts';

/**
 * A case is the application item as it moves through the workflow: one item per case, so a state change
 * is one conditional write on its `version`. What each step records is added under its own field.
 */
export interface CaseItem extends ApplicationItem {
  updatedAt?: string;
  /** The registry household the case belongs to (shared/registry), linked at 受理. */
  householdId?: string;
  consent: ApplicationItem['consent'] & ({ members?: { index: number; at: string }[] } | null);
  returned?: { items: { item: string; note?: string }[]; note?: string; at: string };
  withdrawal?: { reason: string; at: string };
  check?: CheckReport;
  visit?: VisitRecord;
  appraisal?: AppraisalRecord;
  /** 临时救助 (十三): the assessed need, the 一事一议 record, the check after an advance and the county's decision on recovery. */
  needAssessment?: NeedAssessment;
  oneMatter?: OneMatter;
  postCheck?: PostCheck;
  recovery?: Recovery;
  proposal?: Proposal;
  publicity?: PublicityRecord;
  objections?: Objection[];
  countyReview?: CountyReview;
  /** 近亲属备案 hit (二十三): to whom the applicant or a member is related; no personal data of the relative. */
  relativeFlag?: { relatedTo: string[]; at: string };
  decision?: Decision;
  enrolment?: Enrolment;
  plan?: LinshiPlan;
  referrals?: ReferralSummary[];
  /** Notices given after a household change lowered, paused or ended the assistance (shared/registry/events.ts). */
  notices?: RejectionNotice[];
  history: { status: CaseStatus; at: string; note?: string; action?: string; by?: string }[];
}

export async function loadCase(referenceInput: string): Promise<CaseItem> {
  const reference = normalizeReference(referenceInput);
  const missing = () => notFound('no-such-case', `没有申请编号为 ${reference.slice(0, 40)} 的案件。`);
  if (!isValidReference(reference)) throw missing();
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(reference), ConsistentRead: true }));
  if (!out.Item) throw missing();
  return out.Item as CaseItem;
}

/** ID hashes of the applicant and every member with an ID number (de-duplicated). */
export function personHashes(c: Pick<CaseItem, 'applicant' | 'household'>): string[] {
  const hashes = new Set<string>();
  if (c.applicant.id) hashes.add(c.applicant.id.hash);
  for (const m of c.household.members) if (m.id) hashes.add(m.id.hash);
  return [...hashes];
}
