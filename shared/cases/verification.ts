import { randomUUID } from 'node:crypto';
import { AppError, conflict } from '../errors.ts';
import { formatYuan } from '../money.ts';
import { parametersOn } from '../policy/store.ts';
import { assessNeed as assessNeedRule, meansFailures, type NeedInput } from '../rules/linshi.ts';
import { Trace } from '../rules/trace.ts';
import { householdForRules } from './household-rules.ts';
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

const CHECK_SOURCE_TEXT: Record<(typeof CHECK_SOURCES)[number], string> = {
  income: '收入',
  deposits: '存款',
  vehicles: '车辆',
  housing: '住房',
  businessRegistration: '工商登记',
  tax: '纳税',
  socialInsurance: '社会保险',
};

/** The need as assessed and recorded (十三), with the figure the rules gave on that day. */
export type NeedAssessment = NeedInput & { assessedOn: string; needFen: number; assessedBy: string; at: string; note?: string };
/** 急难型 checked after the advance (十三). */
export interface PostCheck {
  eligible: boolean;
  reasons: string[];
  at: string;
}
export interface Recovery {
  status: 'awaitingCounty' | 'recover' | 'waive';
  since: string;
  reason?: string;
  by?: string;
  at?: string;
}

export const APPRAISAL_SKIPPED_NOTE = '民主评议：核对和入户调查均无疑义，依（二十）不进行';

export type CheckReport = ActionBody<'recordCheck'> & { doubt: boolean; recordedBy: string; at: string };
export type VisitRecord = Omit<ActionBody<'recordVisit'>, 'document'> & { recordedBy: string; at: string; documentKey?: string };
export type AppraisalRecord = (ActionBody<'recordAppraisal'> & { held: true; recordedBy: string; at: string }) | { held: false; reason: string; at: string };

/** Doubt raised by the check or by the visit: only then is a democratic appraisal held (二十). */
export const doubtRaised = (c: Pick<CaseItem, 'check' | 'visit'>): boolean => Boolean(c.check?.doubt || c.visit?.doubt);

export async function recordCheck(ctx: ActionContext<ActionBody<'recordCheck'>>): Promise<ActionOutcome> {
  const { case: c, body } = ctx;
  if (TYPE_PROFILES[c.type].meansTested && !c.consent?.economicCheck) {
    throw conflict('consent-missing', '家庭成年成员尚未全部授权核对（二十），不能录入核对报告。请先登记核对授权。');
  }
  const doubt = CHECK_SOURCES.some((s) => body.sources[s].doubt);
  const doubtful = CHECK_SOURCES.filter((s) => body.sources[s].doubt);
  if (c.status === 'approved') {
    // 小金额先行救助 (十三): paid first, checked after. An ineligible household is recorded; the county decides on recovery.
    if (c.type !== 'linshi' || c.hardship?.kind !== 'emergency') throw conflict('already-decided', '案件已批准，只有急难型临时救助可以事后录入核对报告（十三）。');
    if (c.check) throw conflict('check-recorded', '核对报告已录入。');
    const params = await parametersOn(ctx.today);
    const standard = params.value(c.area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural');
    const reasons = [...meansFailures(householdForRules(c), standard, params), ...doubtful.map((s) => `核对数据有疑义：${CHECK_SOURCE_TEXT[s]}`)];
    const postCheck: PostCheck = { eligible: reasons.length === 0, reasons, at: ctx.at };
    return {
      to: 'approved',
      set: { check: { ...body, doubt, recordedBy: ctx.actor!.sub, at: ctx.at }, postCheck, ...(postCheck.eligible ? {} : { recovery: { status: 'awaitingCounty', since: ctx.at } }) },
      note: postCheck.eligible ? '先行救助后核对：符合条件' : `先行救助后核对：不符合条件（${reasons.join('；')}），待县级决定是否追回`,
      answer: { doubt, doubtfulSources: doubtful, postCheck },
    };
  }
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

/** 临时救助 (十三): the need, assessed and recorded — documented expenses and who covers them, or the immediate need on the spot. */
export async function assessNeed(ctx: ActionContext<ActionBody<'assessNeed'>>): Promise<ActionOutcome> {
  const { case: c, body } = ctx;
  if (c.type !== 'linshi' || !c.hardship) throw conflict('not-linshi', '只有临时救助需要评估困难需要（十三）。');
  if (body.assessedOn > ctx.today)
    throw new AppError(422, 'assessed-in-future', '评估日期不能晚于今天', `评估日期${body.assessedOn}晚于今天（${ctx.today}）。`, [
      { field: 'assessedOn', code: 'future', message: '评估日期不能晚于今天' },
    ]);
  if (c.hardship.kind === 'expenditure' && !body.need.expenses?.length) {
    throw new AppError(422, 'need-incomplete', '支出型须逐项登记支出', '支出型临时救助须逐项登记有据可查的支出（need.expenses）。', [
      { field: 'need.expenses', code: 'required', message: '请逐项登记支出' },
    ]);
  }
  if (c.hardship.kind === 'emergency' && !body.need.immediate?.length) {
    throw new AppError(422, 'need-incomplete', '急难型须登记紧急需要', '急难型临时救助须现场评估并登记紧急需要（need.immediate）。', [
      { field: 'need.immediate', code: 'required', message: '请登记紧急需要' },
    ]);
  }
  const params = await parametersOn(ctx.today);
  const standard = params.value(c.area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural');
  const trace = new Trace();
  const needFen = assessNeedRule({ ...c.hardship, need: body.need }, c.hardship.kind === 'expenditure' ? householdForRules(c) : undefined, standard, params, trace);
  const needAssessment: NeedAssessment = { ...body.need, assessedOn: body.assessedOn, needFen, assessedBy: ctx.actor!.sub, at: ctx.at, ...(body.note ? { note: body.note } : {}) };
  return {
    set: { needAssessment },
    note: `已评估临时救助需要${formatYuan(needFen)}`,
    answer: { needAssessment: { needFen, trace: trace.steps } },
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
  if (c.type === 'linshi' && !c.needAssessment) return '尚未评估临时救助需要（十三）';
  if (profile.enrolled && !c.visit) return '尚未录入入户调查';
  if (doubtRaised(c) && !c.appraisal?.held) return '核对或入户调查有疑义，须先进行民主评议';
  return null;
}
