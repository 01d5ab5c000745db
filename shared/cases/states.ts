import type { Role } from '../definitions/roles.ts';

/**
 * The case state machine as data (DESIGN §3): states × actions × roles → owning function.
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

export type OwningFunction = 'application' | 'verification' | 'approval' | 'referral';

export interface Transition {
  action: string;
  fn: OwningFunction;
  roles: readonly (Role | 'anyone')[];
  from: readonly CaseStatus[];
  /** The state after; `same` keeps it (e.g. a referral). Some targets are chosen by the domain (see `to`). */
  to: CaseStatus | 'same' | readonly CaseStatus[];
  label: string;
  measure: string;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'consent', fn: 'application', roles: ['caseworker', 'assistant'], from: ['reported', 'submitted', 'accepted', 'checking', 'visited'], to: 'same', label: '登记核对授权', measure: '(二十)' },
  { action: 'accept', fn: 'application', roles: ['caseworker'], from: ['submitted', 'returned'], to: 'accepted', label: '受理', measure: '(十九)(二十)' },
  { action: 'return', fn: 'application', roles: ['caseworker'], from: ['submitted'], to: 'returned', label: '退回补正', measure: '(二十)' },
  { action: 'route', fn: 'application', roles: ['caseworker'], from: ['accepted'], to: 'same', label: '转办', measure: '(十九)' },
  { action: 'withdraw', fn: 'application', roles: ['caseworker'], from: ['reported', 'submitted', 'returned', 'accepted', 'checking', 'visited', 'appraisal', 'proposed'], to: 'withdrawn', label: '撤回', measure: '(二十)' },
  { action: 'recordCheck', fn: 'verification', roles: ['check'], from: ['accepted'], to: 'checking', label: '录入核对报告', measure: '(二十)' },
  { action: 'recordVisit', fn: 'verification', roles: ['caseworker'], from: ['accepted', 'checking'], to: 'visited', label: '录入入户调查', measure: '(二十)' },
  { action: 'recordAppraisal', fn: 'verification', roles: ['caseworker'], from: ['visited'], to: 'appraisal', label: '录入民主评议', measure: '(二十)' },
  { action: 'propose', fn: 'approval', roles: ['caseworker'], from: ['accepted', 'checking', 'visited', 'appraisal'], to: 'proposed', label: '提出审核意见', measure: '(二十)' },
  { action: 'publicize', fn: 'approval', roles: ['caseworker'], from: ['proposed'], to: 'publicity', label: '公示', measure: '(二十)(二十三)' },
  { action: 'object', fn: 'approval', roles: ['anyone'], from: ['publicity'], to: 'objected', label: '提出异议', measure: '(二十三)' },
  { action: 'triageObjection', fn: 'approval', roles: ['caseworker'], from: ['objected'], to: ['publicity', 'checking'], label: '处理异议', measure: '(二十)' },
  { action: 'approve', fn: 'approval', roles: ['approver'], from: ['readyForDecision', 'proposed'], to: ['active', 'approved'], label: '审核确认（批准）', measure: '(二十)' },
  { action: 'reject', fn: 'approval', roles: ['approver'], from: ['readyForDecision', 'proposed'], to: 'rejected', label: '审核确认（不予批准）', measure: '(二十)' },
  { action: 'respond', fn: 'referral', roles: ['department'], from: ['accepted', 'checking', 'visited', 'approved', 'active'], to: 'same', label: '部门答复转办', measure: '(十九)' },
];

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
