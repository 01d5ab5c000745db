import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addDays } from '../calendar/dates.ts';
import { CalendarNotCoveredError } from '../calendar/working-days.ts';
import { parametersOn } from '../policy/store.ts';
import { ParameterNotInForceError } from '../policy/parameters.ts';
import { calculate, type CalculationOptions, type CalculationResult } from '../rules/calculate.ts';
import { MemberBirthDateError } from '../rules/household.ts';
import { maskName } from '../identifiers/mask.ts';
import { seal, type Sealed } from '../crypto/pii.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import { AppError, conflict } from '../errors.ts';
import { formatYuan } from '../money.ts';
import type { Actor } from '../access/actor.ts';
import type { ActionBody } from '../contract/cases.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { householdForRules } from './household-rules.ts';
import type { CaseItem } from './case.ts';
import { APPRAISAL_SKIPPED_NOTE, doubtRaised, missingBeforeProposal } from './verification.ts';
import { limitPerMinute } from './rate-limit.ts';
import { runAction, type ActionContext, type ActionOutcome } from './workflow.ts';
import { emergencyParameters, simplifiedProcedureFor } from '../management/emergencies.ts';
import { linshiLimits } from '../registry/linshi.ts';

/**
 * 审核意见, 公示 and 异议 (二十)(二十三). The amount is always the rules' (shared/rules), computed on the
 * stored household as of the day of the proposal, and kept with its trace and parameter versions;
 * nobody types an amount. The roster shows a masked name, the township, the type and the amount —
 * never an ID number or an address.
 */
export interface Proposal {
  eligible: boolean;
  monthlyAmountFen: number;
  oneOffAmountFen: number;
  trace: CalculationResult['trace'];
  parameterVersions: CalculationResult['parameterVersions'];
  details: Record<string, unknown>;
  date: string;
  options: ActionBody<'propose'>;
  proposedBy: string;
  at: string;
}

export interface PublicityRecord {
  start: string;
  /** The last day of the period (inclusive); publicity-close moves the case the day after. */
  end: string;
  days: number;
}

export interface Objection {
  n: number;
  reason: string;
  at: string;
  contactPhone?: Sealed;
  contactName?: Sealed;
  /** Made on the 公示 page (shared/http/objection-form.ts) rather than at a window. */
  channel?: 'online';
  status: 'open' | 'dismissed' | 'upheld';
  triage?: { reason: string; at: string; by: string };
}

export interface CountyReview {
  cleared: boolean;
  opinion: string;
  by: string;
  at: string;
}

// The household as the rules see it lives in its own module, so verification.ts can use it without a cycle.
export { householdForRules };

function calculationOptions(c: CaseItem, body: ActionBody<'propose'>): CalculationOptions {
  if (c.type === 'tekun') return { tekun: { ...(body.careLevel ? { careLevel: body.careLevel } : {}), ...(body.supportMode ? { supportMode: body.supportMode } : {}) } };
  if (c.type === 'linshi') {
    const signed = c.oneMatter?.status === 'signed' ? c.oneMatter : undefined;
    return {
      linshi: {
        ...(body.degree ? { degree: body.degree } : {}),
        ...(body.degreeReason ? { degreeReason: body.degreeReason } : {}),
        ...(signed ? { oneMatterRecord: { minutesRef: signed.minutesRef, meetingOn: signed.meetingOn, amountFen: signed.amountFen, countySignedOn: signed.county!.at.slice(0, 10) } } : {}),
      },
    };
  }
  return {};
}

/** The hardship as the rules see it: with the need as assessed and recorded (十三). */
const hardshipForRules = (c: CaseItem) => (c.hardship ? { hardship: { ...c.hardship, ...(c.needAssessment ? { need: c.needAssessment } : {}) } } : {});

/** The case's calculation on `today`, with a declared emergency's raised standards first (十五). */
async function calculateCase(c: CaseItem, body: ActionBody<'propose'>, today: string): Promise<CalculationResult> {
  try {
    // An emergency declared for the area raises the standards (十五); its trace steps come first.
    const emergency = await emergencyParameters(await parametersOn(today), c.area, today);
    const result = calculate({ type: c.type, date: today, area: c.area, household: householdForRules(c), ...hardshipForRules(c) }, emergency.params, calculationOptions(c, body));
    return { ...result, trace: [...emergency.trace, ...result.trace] };
  } catch (error) {
    if (error instanceof MemberBirthDateError || error instanceof ParameterNotInForceError || error instanceof CalendarNotCoveredError) {
      throw new AppError(422, 'cannot-calculate', '无法按规则计算', error.message);
    }
    throw error;
  }
}

/** The part of a proposal that the rules decide: the amounts with their trace, as of the day calculated. */
function calculated(result: CalculationResult, today: string) {
  const { eligible, monthlyAmountFen, oneOffAmountFen, trace, parameterVersions, details } = result;
  return { eligible, monthlyAmountFen, oneOffAmountFen, trace, parameterVersions, details, date: today };
}

export async function propose(ctx: ActionContext<ActionBody<'propose'>>): Promise<ActionOutcome> {
  const { case: c, body, today } = ctx;
  // 简化程序 (十五): an application made in the area during a declared emergency may go without the appraisal.
  const simplified = await simplifiedProcedureFor(c);
  const withoutAppraisal = simplified?.skipAppraisal && doubtRaised(c) && !c.appraisal?.held;
  const missing = missingBeforeProposal(withoutAppraisal ? { ...c, appraisal: { held: true } as CaseItem['appraisal'] } : c);
  if (missing) throw conflict('not-ready-to-propose', `${missing}，暂不能提出审核意见（二十）。`);
  const proposal: Proposal = { ...calculated(await calculateCase(c, body, today), today), options: body, proposedBy: ctx.actor!.sub, at: ctx.at };
  // Without doubt there is no appraisal, and the record says why (二十).
  const skipAppraisal = TYPE_PROFILES[c.type].meansTested && (!doubtRaised(c) || Boolean(withoutAppraisal));
  const skippedReason = withoutAppraisal ? `紧急救助状态简化审核确认程序（十五），免于民主评议：${simplified!.declaration}` : APPRAISAL_SKIPPED_NOTE;
  return {
    set: { proposal, ...(skipAppraisal ? { appraisal: { held: false, reason: skippedReason, at: ctx.at } } : {}) },
    note: proposal.eligible ? '已按规则计算并提出审核意见' : '已按规则计算，不符合条件',
    answer: {
      proposal: { eligible: proposal.eligible, monthlyAmountFen: proposal.monthlyAmountFen, oneOffAmountFen: proposal.oneOffAmountFen, trace: proposal.trace },
      ...(skipAppraisal ? { appraisal: skippedReason } : {}),
    },
  };
}

const placeOf = (c: Pick<CaseItem, 'area'>) => ({
  county: c.area.county,
  countyName: findCounty(c.area.county)?.name ?? c.area.county,
  township: c.area.township,
  // The application records the township, not the village: the roster names the township.
  townshipName: findTownship(c.area.township)?.name ?? c.area.township,
});

function rosterItem(c: CaseItem, p: PublicityRecord, status: 'publicity' | 'objected') {
  return {
    ...keys.publicityRoster(c.reference),
    kind: 'publicity',
    reference: c.reference,
    name: maskName(c.applicant.name),
    ...placeOf(c),
    type: c.type,
    typeLabel: TYPE_PROFILES[c.type].label,
    monthlyAmountFen: c.proposal?.monthlyAmountFen ?? 0,
    oneOffAmountFen: c.proposal?.oneOffAmountFen ?? 0,
    periodStart: p.start,
    periodEnd: p.end,
    status,
    gsi4pk: 'PUBLICITY#current',
    gsi4sk: `${p.end}#${c.reference}`,
    schemaVersion: SCHEMA_VERSION,
  };
}

export async function publicize(ctx: ActionContext<ActionBody<'publicize'>>): Promise<ActionOutcome> {
  const { case: c, today } = ctx;
  if (!c.proposal?.eligible) throw conflict('proposal-not-eligible', '按规则计算不符合条件，不予公示；审核确认人可直接作出不予批准的决定。');
  // 简化程序 (十五): a declared emergency shortens the 公示 of applications made in its area and period only.
  const days = (await simplifiedProcedureFor(c))?.publicityDays ?? (await parametersOn(today)).value('publicity.days');
  const record: PublicityRecord = { start: today, end: addDays(today, days - 1), days };
  return {
    set: { publicity: record },
    items: [{ Put: { TableName: tableName(), Item: rosterItem(c, record, 'publicity') } }],
    note: `公示${days}天，至${record.end}止`,
    answer: { publicity: record },
  };
}

/** Objections are public: limited per caller like the look-up. */
export const OBJECTION_LIMIT_PER_MINUTE = 5;

/**
 * An objection during 公示 (二十三), at a window (the action route) or online (`POST /api/v1/objections`, with a
 * contact): either way the case goes back to its township's inbox as `objected`. The contact is sealed and never
 * shown with the case; online objections say so (`channel`).
 */
export async function raiseObjection(reference: string, body: ActionBody<'object'>, caller: string, now: Date, actor: Actor | null, online?: { contactName?: string | undefined }) {
  await limitPerMinute('object', caller, now, OBJECTION_LIMIT_PER_MINUTE, '提交异议过于频繁，请一分钟后再试。');
  const [contactPhone, contactName] = await Promise.all([body.contactPhone ? seal(body.contactPhone) : undefined, online?.contactName ? seal(online.contactName) : undefined]);
  return runAction('object', reference, { actor, body, now }, (ctx) => {
    const { case: c } = ctx;
    const objections = c.objections ?? [];
    const objection: Objection = {
      n: objections.length + 1,
      reason: body.reason,
      at: ctx.at,
      status: 'open',
      ...(contactPhone ? { contactPhone } : {}),
      ...(contactName ? { contactName } : {}),
      ...(online ? { channel: 'online' as const } : {}),
    };
    return {
      set: { objections: [...objections, objection] },
      items: c.publicity ? [{ Put: { TableName: tableName(), Item: rosterItem(c, c.publicity, 'objected') } }] : [],
      note: '公示期间收到异议，待核查',
      answer: { objection: objection.n },
    };
  });
}

export function triageObjection(ctx: ActionContext<ActionBody<'triageObjection'>>): ActionOutcome {
  const { case: c, body } = ctx;
  const status = body.decision === 'dismiss' ? 'dismissed' : 'upheld';
  const objections = (c.objections ?? []).map((o) => (o.status === 'open' ? { ...o, status, triage: { reason: body.reason, at: ctx.at, by: ctx.actor!.sub } } : o)) as Objection[];
  if (body.decision === 'dismiss') {
    return {
      to: 'publicity',
      set: { objections },
      items: c.publicity ? [{ Put: { TableName: tableName(), Item: rosterItem(c, c.publicity, 'publicity') } }] : [],
      note: '异议经核查不成立，继续公示',
    };
  }
  // Sent back: off the roster, and back to checking; a new proposal and publicity follow (二十).
  return {
    to: 'checking',
    set: { objections, publicity: undefined },
    items: [{ Delete: { TableName: tableName(), Key: keys.publicityRoster(c.reference) } }],
    note: '异议经核查需重新调查核实',
  };
}

/** Why the county must sign off before approval, or null (十三)(二十三). */
export function countyReviewReason(c: CaseItem): string | null {
  if (c.relativeFlag?.relatedTo.length) return `申请人或家庭成员为${c.relativeFlag.relatedTo.join('、')}的近亲属（近亲属备案，二十三）`;
  if (c.type === 'linshi' && c.hardship?.kind === 'expenditure' && c.check?.doubt) return '支出型临时救助的家庭经济状况核对有疑义，须报县级复核（十三）';
  if (c.type === 'linshi' && c.hardship?.kind === 'expenditure' && c.appraisal?.held && c.appraisal.outcome === 'doesNotSupport') return '支出型临时救助的民主评议不支持，须报县级复核（十三）';
  if (c.type === 'linshi' && c.proposal?.details.approvalTier === 'county') return '临时救助金额超过乡镇（街道）审批额度，须报县级审批（十三）';
  return null;
}

/**
 * 一事一议 (十三): above 16 × the standard — by this need, or by the household's sum in the window — the township
 * records its collective decision (a meeting already held, the members present, the vote, the minutes and the
 * reasons); the county reviews and signs; only then is the proposal recalculated with the decision and may be
 * approved above the ceiling. The amount decided is never above the assessed need.
 */
export interface OneMatter {
  meetingOn: string;
  members: { name: string; post?: string }[];
  vote: { for: number; against: number; abstain: number };
  minutesRef: string;
  reasons: string;
  amountFen: number;
  status: 'awaitingCounty' | 'signed' | 'refused';
  recordedBy: string;
  at: string;
  county?: { approved: boolean; opinion: string; by: string; at: string };
}

const invalid = (field: string, code: string, message: string) => new AppError(422, code, '“一事一议”记录有误', message, [{ field, code, message }]);

export async function recordOneMatter(ctx: ActionContext<ActionBody<'recordOneMatter'>>): Promise<ActionOutcome> {
  const { case: c, body, today } = ctx;
  if (c.type !== 'linshi' || !c.proposal?.eligible) throw conflict('one-matter-not-applicable', '“一事一议”只用于已按规则计算、符合条件的临时救助（十三）。');
  if (c.oneMatter && c.oneMatter.status !== 'refused') throw conflict('one-matter-recorded', '“一事一议”决定已录入。');
  const needFen = (c.proposal.details.needFen as number | undefined) ?? 0;
  const above = (c.proposal.details.needAboveCeilingFen as number | undefined) ?? 0;
  const cumulative = (await linshiLimits(c, today, c.proposal.oneOffAmountFen, ctx.actor)).summary;
  if (above <= 0 && cumulative.totalFen <= cumulative.ceilingFen) {
    throw conflict('one-matter-not-needed', `评估需要${formatYuan(needFen)}未超过低保标准16倍（${formatYuan(cumulative.ceilingFen)}），家庭期内合计也未超过，不需要“一事一议”。`);
  }
  if (body.meetingOn > today) throw invalid('meetingOn', 'meeting-in-future', `会议日期${body.meetingOn}晚于今天（${today}），须是已经召开的会议。`);
  const votes = body.vote.for + body.vote.against + body.vote.abstain;
  if (votes > body.members.length) throw invalid('vote', 'vote-exceeds-members', `表决票数${votes}多于参会人数${body.members.length}。`);
  if (body.vote.for * 2 <= body.members.length) throw invalid('vote.for', 'not-carried', `赞成${body.vote.for}票，未超过参会人数${body.members.length}的半数，集体研究未通过。`);
  if (new Set(body.members.map((m) => m.name)).size < body.members.length) throw invalid('members', 'duplicate-member', '参会人员有重复。');
  if (body.amountFen > needFen) throw invalid('amountFen', 'above-need', `议定金额${formatYuan(body.amountFen)}超过评估需要${formatYuan(needFen)}，临时救助不超过实际需要（十三）。`);
  const oneMatter: OneMatter = { ...body, status: 'awaitingCounty', recordedBy: ctx.actor!.sub, at: ctx.at };
  return { set: { oneMatter }, note: `“一事一议”集体决定已录入（${body.minutesRef}，议定${formatYuan(body.amountFen)}），待县级复核签署`, answer: { oneMatter } };
}

export async function signOneMatter(ctx: ActionContext<ActionBody<'signOneMatter'>>): Promise<ActionOutcome> {
  const { case: c, body, today } = ctx;
  if (c.oneMatter?.status !== 'awaitingCounty') throw conflict('no-one-matter', '没有待复核的“一事一议”决定。');
  const county = { approved: body.approved, opinion: body.opinion, by: ctx.actor!.sub, at: ctx.at };
  const oneMatter: OneMatter = { ...c.oneMatter, status: body.approved ? 'signed' : 'refused', county };
  if (!body.approved) return { set: { oneMatter }, note: '县级复核不同意“一事一议”决定', answer: { oneMatter } };
  // Signed: the proposal is recalculated with the decision, so its amount and trace cite it; the signature is the county's review.
  const withRecord = { ...c, oneMatter };
  const proposal: Proposal = { ...c.proposal!, ...calculated(await calculateCase(withRecord, c.proposal!.options, today), today) };
  return {
    set: { oneMatter, proposal, countyReview: { cleared: true, opinion: body.opinion, by: ctx.actor!.sub, at: ctx.at } },
    note: `县级复核签署“一事一议”决定，救助金额${formatYuan(proposal.oneOffAmountFen)}`,
    answer: { oneMatter, proposal: { oneOffAmountFen: proposal.oneOffAmountFen, trace: proposal.trace } },
  };
}

/** 急难型 found ineligible after the advance (十三): the county decides whether to recover. */
export function decideRecovery(ctx: ActionContext<ActionBody<'decideRecovery'>>): ActionOutcome {
  const c = ctx.case;
  if (c.recovery?.status !== 'awaitingCounty') throw conflict('no-recovery-pending', '此案件没有待决定的追回事项（事后核对未发现不符合条件）。');
  const recovery = { ...c.recovery, status: ctx.body.decision, reason: ctx.body.reason, by: ctx.actor!.sub, at: ctx.at };
  return { set: { recovery }, note: ctx.body.decision === 'recover' ? '县级决定追回先行救助款' : '县级决定不予追回', answer: { recovery } };
}

export async function countyReview(ctx: ActionContext<ActionBody<'countyReview'>>): Promise<ActionOutcome> {
  const c = ctx.case;
  // 临时救助 may also need the county because of the household's earlier approvals (十三, shared/registry/linshi.ts).
  const cumulative = c.type === 'linshi' && c.proposal ? (await linshiLimits(c, ctx.today, c.proposal.oneOffAmountFen, ctx.actor)).countyReviewReason : null;
  if (!countyReviewReason(c) && !cumulative) throw conflict('county-review-not-needed', '此案件不属于近亲属备案或超额度临时救助，不需要县级复核。');
  return {
    set: { countyReview: { cleared: ctx.body.cleared, opinion: ctx.body.opinion, by: ctx.actor!.sub, at: ctx.at } },
    note: ctx.body.cleared ? '县级复核通过' : '县级复核未通过',
  };
}

/** The publicity-close job's step for one case: only once the last day of the period has passed. */
export function closePublicity(ctx: ActionContext<{ date: string }>): ActionOutcome {
  const end = ctx.case.publicity?.end;
  if (!end || end >= ctx.body.date) throw conflict('publicity-running', `公示期至${end ?? '（未知）'}止，尚未期满。`);
  return {
    items: [{ Delete: { TableName: tableName(), Key: keys.publicityRoster(ctx.case.reference) } }],
    note: `公示期满（${end}）无异议，待审核确认`,
  };
}

/**
 * publicity-close (daily): cases whose period ended before `date` and that nobody contested move to
 * `readyForDecision`. It never approves. Running it twice for a date moves nothing the second time.
 */
export async function closeEndedPublicity(date: string): Promise<{ moved: number; contested: number; skipped: number }> {
  const now = new Date(`${date}T01:10:00+08:00`);
  let moved = 0;
  let contested = 0;
  let skipped = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :date',
        ExpressionAttributeValues: { ':pk': 'PUBLICITY#current', ':date': date },
        ExclusiveStartKey: start,
      }),
    );
    for (const entry of page.Items ?? []) {
      if (entry.status !== 'publicity') {
        contested++;
        continue;
      }
      try {
        await runAction('closePublicity', entry.reference as string, { actor: null, body: { date }, now, job: 'publicity-close' }, closePublicity);
        moved++;
      } catch (error) {
        // Changed meanwhile (objected, withdrawn): the conditional write refused it; nothing to do.
        if (error instanceof AppError && error.status === 409) skipped++;
        else throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { moved, contested, skipped };
}

const rosterView = (i: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, gsi4pk: _g, gsi4sk: _s, schemaVersion: _v, kind: _k, ...rest } = i;
  return rest;
};

/** 公示 (current rosters) and 长期公示 (enrolled households), masked. */
export async function listPublicity(query: { county?: string; cursor?: string; limit?: string }) {
  const current = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PUBLICITY#current', ...(query.county ? { ':county': query.county } : {}) },
      ...(query.county ? { FilterExpression: 'county = :county' } : {}),
      Limit: 200,
    }),
  );
  const enrolled = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi4',
      KeyConditionExpression: query.county ? 'gsi4pk = :pk AND begins_with(gsi4sk, :county)' : 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PUBLICITY#enrolled', ...(query.county ? { ':county': `${query.county}#` } : {}) },
      Limit: Math.min(Number(query.limit ?? 100) || 100, 200),
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  return {
    notice: '公示内容已隐去身份证号码和详细住址。对公示对象有异议的，可在公示期内提出。',
    current: (current.Items ?? []).map(rosterView),
    enrolled: (enrolled.Items ?? []).map(rosterView),
    cursor: encodeCursor(enrolled.LastEvaluatedKey),
  };
}

export { placeOf };
