import type { Role } from '../definitions/roles.ts';
import type { CaseItem } from './case.ts';
import { consentMayFollow, TYPE_PROFILES } from './assistance-types.ts';
import { allowedActions, transition } from './states.ts';
import { doubtRaised, missingBeforeProposal } from './verification.ts';
import { countyReviewReason } from './proposal.ts';
import { currentDue } from './acceptance.ts';

/**
 * What a case waits for, and which of the caller's actions can succeed now (docs/architecture.md § Case
 * workflow). Beside the state machine (states.ts) and built from the same checks the steps run
 * (`missingBeforeProposal`, `doubtRaised`, `countyReviewReason`, the separation of duties of 二十), so the
 * workbench never offers an action that the step then refuses: an action allowed by the state but not yet
 * possible is returned disabled with the step's own reason. Checks that need other records (the registry's
 * relatives at approval, a 临时救助's earlier approvals) are still made by the step itself.
 */
export type Waiter = 'caseworker' | 'check' | 'household' | 'applicant' | 'visitStaff' | 'publicity' | 'county' | 'approver' | 'department';

export interface Wait {
  /** The step waited for, e.g. `recordCheck`. */
  step: string;
  who: Waiter;
  whoLabel: string;
  /** Plain Chinese: what happens next and who must do it. */
  text: string;
  /** The date the step is due (受理, 办结) or the wait ends (公示). */
  until?: string;
}

export interface ActionState {
  action: string;
  label: string;
  enabled: boolean;
  /** Why it cannot succeed yet (only when disabled). */
  reason?: string;
}

const WHO: Record<Waiter, string> = {
  caseworker: '乡镇（街道）经办人员',
  check: '县级经济状况核对机构',
  household: '申请家庭（成年成员授权）',
  applicant: '申请人',
  visitStaff: '乡镇（街道）经办人员（两名工作人员入户）',
  publicity: '公示期',
  county: '县级民政部门',
  approver: '乡镇（街道）审核确认人',
  department: '承办部门',
};

const wait = (step: string, who: Waiter, text: string, until?: string): Wait => ({ step, who, whoLabel: WHO[who], text, ...(until ? { until } : {}) });

/** The steps the case waits for now, first the one that holds it up. */
export function waitingFor(c: CaseItem): Wait[] {
  const profile = TYPE_PROFILES[c.type];
  const due = currentDue(c);
  const out: Wait[] = [];
  for (const r of c.referrals ?? []) if (r.status === 'open') out.push(wait('respond', 'department', `等待${r.department}答复转办事项`, r.dueDate));
  switch (c.status) {
    case 'reported':
      return [wait('consent', 'household', '等待家庭成年成员全部授权经济状况核对，授权后转为已提交'), ...out];
    case 'submitted':
      return [wait('accept', 'caseworker', '等待乡镇（街道）受理，或一次性告知需要补正的材料', due), ...out];
    case 'returned':
      return [wait('accept', 'applicant', '等待申请人补齐材料，补齐后受理'), ...out];
    case 'accepted':
    case 'checking':
    case 'visited':
    case 'appraisal': {
      const urgent = consentMayFollow(c.type, c.hardship?.kind) && profile.meansTested;
      if (profile.meansTested && !urgent && !c.consent?.economicCheck) out.unshift(wait('consent', 'household', '等待家庭成年成员全部授权经济状况核对，核对机构才能出具报告'));
      else if (profile.meansTested && !urgent && !c.check) out.unshift(wait('recordCheck', 'check', '等待县级核对机构录入经济状况核对报告', due));
      if (profile.enrolled && !c.visit) out.push(wait('recordVisit', 'visitStaff', '等待入户调查（至少两名工作人员）并录入结果', due));
      if (!missingBeforeProposal(c)) out.push(wait('propose', 'caseworker', '可以提出审核意见', due));
      else if (doubtRaised(c) && !c.appraisal?.held && (c.check || !profile.meansTested || urgent) && (c.visit || !profile.enrolled))
        out.push(wait('recordAppraisal', 'caseworker', '核对或入户调查有疑义：等待民主评议', due));
      return out;
    }
    case 'proposed':
      if (!c.proposal?.eligible) return [wait('reject', 'approver', '按规则计算不符合条件：等待审核确认人作出不予批准的决定', due), ...out];
      if (profile.enrolled) return [wait('publicize', 'caseworker', '等待经办人员公示', due), ...out];
      return [...decisionWait(c, due), ...out];
    case 'publicity':
      return [wait('closePublicity', 'publicity', `公示中，至${c.publicity?.end ?? '（未知）'}止；期满无异议后转审核确认`, c.publicity?.end), ...out];
    case 'objected':
      return [wait('triageObjection', 'caseworker', '公示有异议：等待经办人员核实处理', due), ...out];
    case 'readyForDecision':
      return [...decisionWait(c, due), ...out];
    default:
      return out;
  }
}

function decisionWait(c: CaseItem, due: string | undefined): Wait[] {
  const why = countyReviewReason(c);
  if (why && !c.countyReview) return [wait('countyReview', 'county', `${why}：等待县级民政部门复核`, due)];
  return [wait('approve', 'approver', '等待审核确认人作出决定（提出审核意见的人不能同时审核确认）', due)];
}

/** Why an action allowed in this state cannot succeed yet for this caller, or null. */
function blocked(c: CaseItem, action: string, actor: { role?: Role | undefined; sub?: string | undefined }): string | null {
  const profile = TYPE_PROFILES[c.type];
  switch (action) {
    case 'recordCheck':
      return profile.meansTested && !c.consent?.economicCheck ? '家庭成年成员尚未全部授权核对（二十），请先登记核对授权' : null;
    case 'consent':
      return !profile.meansTested && c.status !== 'reported' ? `${profile.label}不做经济状况核对，不需要核对授权` : null;
    case 'recordAppraisal':
      return doubtRaised(c) ? null : '核对和入户调查均无疑义，依（二十）不需要民主评议';
    case 'propose': {
      const missing = missingBeforeProposal(c);
      return missing ? `${missing}（二十）` : null;
    }
    case 'publicize':
      return c.proposal?.eligible ? null : '按规则计算不符合条件，不予公示';
    case 'countyReview':
      return c.type === 'linshi' || countyReviewReason(c) ? null : '不属于近亲属备案或超额度临时救助，不需要县级复核';
    case 'approve':
    case 'reject': {
      if (c.proposal && actor.sub && c.proposal.proposedBy === actor.sub) return '提出审核意见的人不能同时作出审核确认决定（二十）';
      if (action === 'reject') return null;
      if (!c.proposal) return '尚无审核意见';
      if (!c.proposal.eligible) return '按规则计算不符合条件，不能批准';
      if (profile.enrolled && c.status !== 'readyForDecision') return `须经公示、公示期满无异议后才能审核确认${c.publicity?.end ? `（公示至${c.publicity.end}止）` : ''}`;
      const why = countyReviewReason(c);
      if (why && !c.countyReview) return `${why}，须先由县级民政部门复核`;
      if (why && c.countyReview && !c.countyReview.cleared) return '县级复核未通过，不能批准';
      return null;
    }
    default:
      return null;
  }
}

/** The caller's actions in this state, each enabled or disabled with its reason. */
export function actionStates(c: CaseItem, actor: { role?: Role | undefined; sub?: string | undefined }): ActionState[] {
  return allowedActions(actor.role, c.status).map((action) => {
    const reason = blocked(c, action, actor);
    return { action, label: transition(action)?.label ?? action, enabled: reason === null, ...(reason ? { reason } : {}) };
  });
}

/** The case view's `next`: what it waits for, and the caller's actions. */
export const nextStep = (c: CaseItem, actor: { role?: Role | undefined; sub?: string | undefined }) => ({ waiting: waitingFor(c), actions: actionStates(c, actor) });
