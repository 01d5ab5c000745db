import { randomUUID } from 'node:crypto';
import { conflict } from '../http/problem.ts';
import type { ActionBody } from '../contract/cases.ts';
import { TYPE_PROFILES, consentMayFollow } from './assistance-types.ts';
import type { CaseItem } from './case.ts';
import { presignUpload } from './documents.ts';
import type { ActionContext, ActionOutcome } from './workflow.ts';

/**
 * 核对 and 调查 (二十): the economic-check report from the provincial platform, the home visit by at
 * least two staff, and the democratic appraisal — held only where the check or the visit raised doubt.
 */
export const CHECK_SOURCES = ['income', 'deposits', 'vehicles', 'housing', 'businessRegistration', 'tax', 'socialInsurance'] as const;

export const APPRAISAL_SKIPPED_NOTE = '民主评议：核对和入户调查均无疑义，依（二十）不进行';

export type CheckReport = ActionBody<'recordCheck'> & { doubt: boolean; recordedBy: string; at: string };
export type VisitRecord = Omit<ActionBody<'recordVisit'>, 'document'> & { recordedBy: string; at: string; documentKey?: string };
export type AppraisalRecord =
  | (ActionBody<'recordAppraisal'> & { held: true; recordedBy: string; at: string })
  | { held: false; reason: string; at: string };

/** Doubt raised by the check or by the visit: only then is a democratic appraisal held (二十). */
export const doubtRaised = (c: Pick<CaseItem, 'check' | 'visit'>): boolean => Boolean(c.check?.doubt || c.visit?.doubt);

export function recordCheck(ctx: ActionContext<ActionBody<'recordCheck'>>): ActionOutcome {
  const { case: c, body } = ctx;
  if (TYPE_PROFILES[c.type].meansTested && !c.consent?.economicCheck) {
    throw conflict('consent-missing', '家庭成年成员尚未全部授权核对（二十），不能录入核对报告。请先登记核对授权。');
  }
  const doubt = CHECK_SOURCES.some((s) => body.sources[s].doubt);
  const doubtful = CHECK_SOURCES.filter((s) => body.sources[s].doubt);
  return {
    to: c.status === 'visited' ? 'visited' : 'checking',
    set: { check: { ...body, doubt, recordedBy: ctx.actor!.sub, at: ctx.at } },
    note: doubt ? `核对报告已录入，${doubtful.length}项数据有疑义` : '核对报告已录入，各项数据无疑义',
    answer: { doubt, doubtfulSources: doubtful },
  };
}

export async function recordVisit(ctx: ActionContext<ActionBody<'recordVisit'>>): Promise<ActionOutcome> {
  const { case: c, body } = ctx;
  const names = new Set(body.staff.map((s) => s.name));
  if (names.size < 2) throw conflict('visit-staff', '入户调查须由至少两名不同的工作人员进行（二十）。');
  const { document, ...visit } = body;
  const documentKey = document ? `cases/${c.reference}/visit/${randomUUID()}-${document.fileName}` : undefined;
  const upload = document && documentKey ? await presignUpload(documentKey, document.contentType) : undefined;
  return {
    set: { visit: { ...visit, recordedBy: ctx.actor!.sub, at: ctx.at, ...(documentKey ? { documentKey } : {}) } },
    note: body.doubt ? '入户调查已完成，有疑义' : '入户调查已完成',
    answer: { ...(documentKey ? { documentKey, upload: upload ?? null } : {}) },
  };
}

export function recordAppraisal(ctx: ActionContext<ActionBody<'recordAppraisal'>>): ActionOutcome {
  if (!doubtRaised(ctx.case)) {
    throw conflict('appraisal-not-needed', '核对和入户调查均无疑义，依（二十）不需要民主评议；请直接提出审核意见。');
  }
  return {
    set: { appraisal: { ...ctx.body, held: true, recordedBy: ctx.actor!.sub, at: ctx.at } },
    note: '已进行民主评议',
  };
}

/**
 * What must be on record before a proposal (二十): the check (where the type is means-tested, except
 * 急难型 help, which the check never holds up (十三)), the visit for enrolled types, and the
 * appraisal where there was doubt.
 */
export function missingBeforeProposal(c: CaseItem): string | null {
  const profile = TYPE_PROFILES[c.type];
  const urgent = consentMayFollow(c.type, c.hardship?.kind) && profile.meansTested;
  if (profile.meansTested && !urgent && !c.check) return '尚未录入经济状况核对报告';
  if (profile.enrolled && !c.visit) return '尚未录入入户调查';
  if (doubtRaised(c) && !(c.appraisal?.held)) return '核对或入户调查有疑义，须先进行民主评议';
  return null;
}
