import type { Role } from '../definitions/roles.ts';

/**
 * The case state machine as data (docs/architecture.md § Case workflow): states × actions × roles → owning function.
 * A request for any other combination gets a 403 (role) or 409 (state) problem that says why.
 */
export const CASE_STATES = [
  'reported',
  'submitted',
  'returned',
  'accepted',
  'checking',
  'visited',
  'appraisal',
  'proposed',
  'publicity',
  'objected',
  'readyForDecision',
  'approved',
  'rejected',
  'withdrawn',
  'active',
  'suspended',
  'ended',
] as const;
export type CaseStatus = (typeof CASE_STATES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  reported: '已发现待授权',
  submitted: '已提交',
  returned: '已退回补正',
  accepted: '已受理',
  checking: '核对完成待入户',
  visited: '已入户调查',
  appraisal: '已民主评议',
  proposed: '已提出审核意见',
  publicity: '公示中',
  objected: '公示有异议',
  readyForDecision: '待审核确认',
  approved: '已批准',
  rejected: '未予批准',
  withdrawn: '已撤回',
  active: '正在享受救助',
  suspended: '暂停发放',
  ended: '已终止',
};

/** Still open: a second application of the same type by the same person is refused (十九). */
export const OPEN_STATES: readonly CaseStatus[] = ['reported', 'submitted', 'returned', 'accepted', 'checking', 'visited', 'appraisal', 'proposed', 'publicity', 'objected', 'readyForDecision'];

export type OwningFunction = 'application' | 'verification' | 'approval' | 'referral' | 'supervision' | 'management';

export interface Transition {
  action: string;
  fn: OwningFunction;
  /** Who may ask for it; `anyone` is a public route. A scheduled job's transition has no roles. */
  roles: readonly (Role | 'anyone')[];
  from: readonly CaseStatus[];
  /**
   * The state after: one state, `same` (e.g. a referral), or the list the domain chooses from
   * (e.g. triage sends a case back to publicity or to checking).
   */
  to: CaseStatus | 'same' | readonly (CaseStatus | 'same')[];
  label: string;
  measure: string;
  /** Run by this schedule, never over HTTP (so no route is generated for it). */
  job?: string;
  /** Served by this route of its owning function instead of an action route of its own (e.g. a task's outcome). */
  route?: string;
}

/** Closed: the open-application uniqueness item goes in the same transaction, so the person may apply again. */
export const CLOSED_STATES: readonly CaseStatus[] = ['rejected', 'withdrawn', 'ended', 'approved'];
/** Before any decision: the applicant may still withdraw. */
const UNDECIDED: readonly CaseStatus[] = ['reported', 'submitted', 'returned', 'accepted', 'checking', 'visited', 'appraisal', 'proposed', 'publicity', 'objected', 'readyForDecision'];

export const TRANSITIONS: readonly Transition[] = [
  // 急难型临时救助 is helped first; the consent may be recorded after approval (十三).
  {
    action: 'consent',
    fn: 'application',
    roles: ['caseworker', 'assistant'],
    from: ['reported', 'submitted', 'accepted', 'checking', 'visited', 'approved'],
    to: ['submitted', 'same'],
    label: '登记核对授权',
    measure: '(二十)',
  },
  { action: 'accept', fn: 'application', roles: ['caseworker'], from: ['submitted', 'returned'], to: 'accepted', label: '受理', measure: '(十九)(二十)' },
  { action: 'return', fn: 'application', roles: ['caseworker'], from: ['submitted'], to: 'returned', label: '退回补正', measure: '(二十)' },
  { action: 'route', fn: 'application', roles: ['caseworker'], from: ['accepted', 'checking', 'visited', 'active'], to: 'same', label: '转办', measure: '(十九)' },
  { action: 'withdraw', fn: 'application', roles: ['caseworker'], from: UNDECIDED, to: 'withdrawn', label: '撤回', measure: '(二十)' },
  // The check report may arrive before or after the home visit; after the visit the case stays `visited`.
  // 急难型临时救助 is paid first and checked after (十三): its check may arrive once it is approved.
  {
    action: 'recordCheck',
    fn: 'verification',
    roles: ['check'],
    from: ['accepted', 'checking', 'visited', 'approved'],
    to: ['checking', 'visited', 'approved'],
    label: '录入核对报告',
    measure: '(二十)(十三)',
  },
  { action: 'assessNeed', fn: 'verification', roles: ['caseworker'], from: ['accepted', 'checking', 'visited', 'appraisal'], to: 'same', label: '评估临时救助需要', measure: '(十三)' },
  { action: 'recordVisit', fn: 'verification', roles: ['caseworker'], from: ['accepted', 'checking'], to: 'visited', label: '录入入户调查', measure: '(二十)' },
  { action: 'recordAppraisal', fn: 'verification', roles: ['caseworker'], from: ['visited'], to: 'appraisal', label: '录入民主评议', measure: '(二十)' },
  { action: 'propose', fn: 'approval', roles: ['caseworker'], from: ['accepted', 'checking', 'visited', 'appraisal'], to: 'proposed', label: '提出审核意见', measure: '(二十)' },
  { action: 'publicize', fn: 'approval', roles: ['caseworker'], from: ['proposed'], to: 'publicity', label: '公示', measure: '(二十)(二十三)' },
  { action: 'object', fn: 'approval', roles: ['anyone'], from: ['publicity'], to: 'objected', label: '提出异议', measure: '(二十三)' },
  { action: 'triageObjection', fn: 'approval', roles: ['caseworker'], from: ['objected'], to: ['publicity', 'checking'], label: '处理异议', measure: '(二十)' },
  { action: 'closePublicity', fn: 'supervision', roles: [], from: ['publicity'], to: 'readyForDecision', label: '公示期满无异议', measure: '(二十)', job: 'publicity-close' },
  // 近亲属备案 (二十三) and 临时救助 above the township's limit (十三) need the county before approval.
  { action: 'countyReview', fn: 'approval', roles: ['county'], from: ['proposed', 'publicity', 'objected', 'readyForDecision'], to: 'same', label: '县级复核', measure: '(十三)(二十三)' },
  // 一事一议 (十三): above 16 × (or the household's sum in the window), the township records the collective decision and the county signs it.
  { action: 'recordOneMatter', fn: 'approval', roles: ['caseworker'], from: ['proposed'], to: 'same', label: '录入“一事一议”集体决定', measure: '(十三)' },
  { action: 'signOneMatter', fn: 'approval', roles: ['county'], from: ['proposed'], to: 'same', label: '县级复核签署“一事一议”', measure: '(十三)' },
  { action: 'approve', fn: 'approval', roles: ['approver'], from: ['readyForDecision', 'proposed'], to: ['active', 'approved'], label: '审核确认（批准）', measure: '(二十)' },
  { action: 'reject', fn: 'approval', roles: ['approver'], from: ['readyForDecision', 'proposed'], to: 'rejected', label: '审核确认（不予批准）', measure: '(二十)' },
  // The answer to the case's own referral decides a referred type; other referrals leave the state as it is.
  // 动态管理 (五)(六)(十)(二十三): the outcome of a re-check, visit or data-match task; the domain picks the state.
  {
    action: 'taskOutcome',
    fn: 'management',
    roles: ['caseworker'],
    from: ['active', 'suspended'],
    to: ['active', 'suspended', 'ended'],
    label: '复核结果',
    measure: '(五)(六)(十)(二十三)',
    route: '/api/v1/tasks/{id}/outcome',
  },
  // 暂停发放 is never a dead end (五)(六)(二十): the caseworker resumes it (the rules again) or ends it, with reasons and a notice.
  { action: 'resume', fn: 'management', roles: ['caseworker'], from: ['suspended'], to: 'active', label: '恢复发放', measure: '(五)(六)' },
  { action: 'terminate', fn: 'management', roles: ['caseworker'], from: ['suspended'], to: 'ended', label: '终止救助', measure: '(五)(六)(二十)' },
  { action: 'graduatedExit', fn: 'management', roles: [], from: ['active'], to: 'ended', label: '渐退期满终止', measure: '(五)(十)', job: 'graduated-exit' },
  // 急难型 found ineligible by the later check: the county decides whether to recover (十三).
  { action: 'decideRecovery', fn: 'approval', roles: ['county'], from: ['approved'], to: 'same', label: '县级决定是否追回', measure: '(十三)' },
  {
    action: 'respond',
    fn: 'referral',
    roles: ['department'],
    from: ['accepted', 'checking', 'visited', 'approved', 'active'],
    to: ['same', 'approved', 'rejected'],
    label: '部门答复转办',
    measure: '(十九)',
  },
];

/** The actions callers may ask for over HTTP: one literal route each (shared/definitions/routes.ts). */
export const HTTP_TRANSITIONS: readonly Transition[] = TRANSITIONS.filter((t) => !t.job && !t.route);

/** Which actions a caller in this role may take on a case in this state (shown with the case). */
export function allowedActions(role: Role | undefined, status: CaseStatus): string[] {
  return HTTP_TRANSITIONS.filter((t) => t.from.includes(status) && (t.roles.includes('anyone') || (role !== undefined && t.roles.includes(role)))).map((t) => t.action);
}

/** The states a transition may end in, given the state it starts from. */
export function targetsOf(t: Transition, from: CaseStatus): CaseStatus[] {
  const list = typeof t.to === 'string' ? [t.to] : [...t.to];
  return list.map((s) => (s === 'same' ? from : s));
}

export const transition = (action: string): Transition | undefined => TRANSITIONS.find((t) => t.action === action);

/** Township inbox (gsi1) and county supervision (gsi3) keys, sorted by status then due date. */
export function inboxKeys(c: { reference: string; status: CaseStatus; township: string; county: string; dueDate?: string }) {
  const due = c.dueDate ?? '9999-12-31';
  return {
    gsi1pk: `TWP#${c.township}`,
    gsi1sk: `${c.status}#${due}#${c.reference}`,
    gsi3pk: `CTY#${c.county}`,
    gsi3sk: `APP#${c.status}#${due}#${c.reference}`,
  };
}
