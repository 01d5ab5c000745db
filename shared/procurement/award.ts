import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, conflict, forbidden, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { addWorkingDaysProvisional } from '../calendar/index.ts';
import { procKeys } from './keys.ts';
import type { CancelledAward, TenderState } from './model.ts';
import { awardIdOf, awardRelease } from './ocds/releases.ts';
import { commitItem, ownCounty, releaseItem } from './planning.ts';
import { auditItems } from '../audit/chain.ts';
import { ranking } from './evaluation.ts';
import { requireOrganisation } from './registry.ts';
import { commit, get, loadTender, putRelease, putTender, queryAll, T, type Actor } from './store.ts';
import { newChallengeId } from './tenders.ts';

/**
 * 定标、结果公告、质疑 (measure 十八). The award follows the ranking; choosing anyone but the first
 * needs a recorded legal reason and the sign-off of a second county officer. Awarding commits the
 * price against the county's allocation in the same transaction (planning.ts `commitItem`), so the
 * last yuan can be committed once. The result starts the 质疑 period: 7 working days on the official
 * calendar (政府采购质疑和投诉办法 财政部令第94号 Art. 10), during which bidders may file a 质疑.
 *
 * A 质疑 upheld as affecting the result cancels the award in the same transaction as the answer (94号令
 * Art. 32): the award moves to `cancelledAwards`, its commitment goes back to the allocation, the
 * cancellation is audited on the tender's chain and announced as an OCDS `awardCancellation` release.
 * The county then awards the next candidate in the ranking (the cancelled suppliers left out; anyone but
 * the first remaining needs a legal reason and sign-off, as before) — a new result announcement with a
 * new 7-working-day 质疑 period — or terminates the tender and publishes a new one. Reading of Art. 32:
 * the legal number of bidders was met at opening, so any valid bid not cancelled may be the next award;
 * no re-scoring. A 质疑 upheld as NOT affecting the result (the procurement continues, Art. 32) does not
 * block signing; one upheld as affecting it always cancels, so signing waits for a period that closes
 * with no such 质疑.
 */
export const CHALLENGE_WORKING_DAYS = 7;

export async function award(actor: Actor, tenderId: string, input: { organisation: string; legalReason?: string }, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (t.award) throw conflict('already-awarded', `该项目已于 ${t.award.at} 确定中标（成交）供应商，不能再次定标。`);
  if (t.status !== 'opened') throw conflict('tender-not-opened', `该项目当前状态为 ${t.status}，不能定标。`);
  const ranked = await ranking(t);
  if (!ranked) throw conflict('evaluation-incomplete', '评审专家尚未全部完成评分，不能定标。');
  if (t.cancelledAwards?.some((c) => c.organisation === input.organisation)) {
    throw invalidField('organisation', 'award-cancelled', '这家供应商的中标（成交）结果已因质疑成立被撤销，不能再确定为中标（成交）供应商');
  }
  const chosen = ranked.find((r) => r.organisation === input.organisation);
  if (!chosen) throw invalidField('organisation', 'not-ranked', '这家供应商不在评审排名中');
  const first = candidates(t, ranked)[0];
  if (!first) throw conflict('no-candidate-left', '评审排名中已没有可以另行确定的供应商，请终止本项目并重新采购（政府采购质疑和投诉办法第三十二条）。');
  const at = isoShanghai(now);
  if (chosen.organisation !== first.organisation) {
    if (!input.legalReason)
      throw invalidField('legalReason', 'required', `所选供应商排名第${chosen.rank}，按排名应确定排名第${first.rank}的供应商；不按排名定标须写明法定理由，并经县级另一名负责人复核同意`);
    if (t.proposedAward) throw conflict('award-awaiting-sign-off', '已有待复核的定标意见。');
    const next: TenderState = { ...t, proposedAward: { organisation: input.organisation, legalReason: input.legalReason, proposedBy: actor.sub, at }, version: t.version + 1 };
    return commit({
      items: [putTender(next, t.version)],
      audit: { aggregate: `tender#${tenderId}`, actor, action: 'propose-deviating-award', at, before: t, after: next, note: input.legalReason },
      idempotency,
      answer: { status: 202, body: { status: 'awaiting-sign-off', organisation: input.organisation, rank: chosen.rank } },
      now,
      onConflict: () => conflict('concurrent-change', '项目刚被其他操作修改，请刷新后重试。'),
    });
  }
  return commitAward(actor, t, chosen.organisation, now, idempotency);
}

export async function signOffAward(actor: Actor, tenderId: string, now: Date): Promise<StoredAnswer> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (!t.proposedAward) throw conflict('nothing-to-sign-off', '没有待复核的定标意见。');
  if (t.proposedAward.proposedBy === actor.sub) throw forbidden('same-officer', '提出定标意见的人不能自己复核，须由县级另一名负责人复核。');
  return commitAward(actor, t, t.proposedAward.organisation, now, undefined, { legalReason: t.proposedAward.legalReason, proposedBy: t.proposedAward.proposedBy, signedOffBy: actor.sub });
}

async function commitAward(
  actor: Actor,
  t: TenderState,
  organisation: string,
  now: Date,
  idempotency?: Idempotency,
  deviation?: { legalReason: string; proposedBy: string; signedOffBy: string },
): Promise<StoredAnswer> {
  const ranked = (await ranking(t))!;
  const chosen = ranked.find((r) => r.organisation === organisation)!;
  const bid = t.opening!.bids.find((b) => b.organisation === organisation)!;
  const at = isoShanghai(now);
  const until = addWorkingDaysProvisional(dateShanghai(now), CHALLENGE_WORKING_DAYS);
  const { proposedAward: _p, ...rest } = t;
  const next: TenderState = {
    ...rest,
    status: 'awarded',
    award: {
      id: awardIdOf({ ...t, award: undefined }),
      organisation,
      name: bid.name,
      creditCode: bid.creditCode,
      priceFen: bid.priceFen,
      total: chosen.total,
      rank: chosen.rank,
      at,
      awardedBy: actor.sub,
      challengeUntil: until.date,
      challengeUntilProvisional: until.provisional,
      ...(deviation ? { deviation } : {}),
    },
    version: t.version + 1,
    releaseSeq: t.releaseSeq + 1,
  };
  return commit({
    items: [putTender(next, t.version), commitItem(t.county, t.year, bid.priceFen), putRelease(awardRelease(next, next.releaseSeq, at), next.releaseSeq)],
    audit: {
      aggregate: `tender#${t.id}`,
      actor,
      action: (deviation ? 'award-signed-off' : 'award') + (t.cancelledAwards?.length ? '-again' : ''),
      at,
      before: t,
      after: next,
      ...(deviation ? { note: deviation.legalReason } : {}),
    },
    idempotency,
    answer: { status: 201, body: { status: 'awarded', organisation, priceFen: bid.priceFen, rank: chosen.rank, challengeUntil: until.date } },
    now,
    onConflict: async (i) => {
      if (i === 1) return new AppError(409, 'over-allocation', '超出购买服务额度', `中标金额超过本县区${t.year}年购买服务额度的剩余部分，未定标（十八）。`);
      const fresh = await loadTender(t.id);
      return fresh.award ? conflict('already-awarded', '该项目已确定中标（成交）供应商，不能再次定标。') : conflict('concurrent-change', '项目刚被其他操作修改，请刷新后重试。');
    },
  });
}

/** The suppliers still in the running: the ranking without those whose award was cancelled. */
export function candidates<R extends { organisation: string }>(t: TenderState, ranked: readonly R[]): R[] {
  const out = new Set((t.cancelledAwards ?? []).map((c) => c.organisation));
  return ranked.filter((r) => !out.has(r.organisation));
}

export interface Challenge {
  id: string;
  tenderId: string;
  /** The award (result announcement) it is against; older items lack it (A1). */
  awardId?: string;
  organisation: string;
  grounds: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'dismissed';
  /** For an upheld 质疑: whether it affects the result (then the award was cancelled with the answer). */
  affectsResult?: boolean;
  answer?: { reply: string; at: string; by: string };
}

export const challengeAwardId = (c: Challenge): string => c.awardId ?? `${c.tenderId}-A1`;

export async function fileChallenge(actor: Actor, tenderId: string, grounds: string, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const organisation = requireOrganisation(actor);
  const t = await loadTender(tenderId);
  if (!t.opening?.bids.some((b) => b.organisation === organisation)) throw forbidden('not-a-bidder', '只有参加本项目投标的供应商可以提出质疑。');
  if (!t.award) throw conflict('no-result', '中标（成交）结果公告后才能对结果提出质疑。');
  if (dateShanghai(now) > t.award.challengeUntil) throw conflict('challenge-period-closed', `质疑期已于 ${t.award.challengeUntil} 结束。`);
  const c: Challenge = { id: newChallengeId(), tenderId, awardId: awardIdOf(t), organisation, grounds, filedAt: isoShanghai(now), status: 'open' };
  return commit({
    items: [{ Put: { TableName: T(), Item: { ...procKeys.challenge(tenderId, c.id), kind: 'challenge', ...c, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `tender#${tenderId}#challenge#${c.id}`, actor, action: 'file-challenge', at: c.filedAt, after: c },
    idempotency,
    answer: { status: 201, body: { id: c.id, status: c.status, filedAt: c.filedAt } },
    now,
    onConflict: () => conflict('concurrent-change', '请重试。'),
  });
}

export async function answerChallenge(
  actor: Actor,
  tenderId: string,
  challengeId: string,
  input: { outcome: 'upheld' | 'dismissed'; reply: string; affectsResult?: boolean },
  now: Date,
): Promise<Challenge> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  const c = await get<Challenge>(procKeys.challenge(tenderId, challengeId));
  if (!c) throw conflict('no-such-challenge', '没有这件质疑。');
  if (c.status !== 'open') throw conflict('challenge-answered', '这件质疑已经答复。');
  if (input.outcome === 'upheld' && input.affectsResult === undefined) {
    throw invalidField('affectsResult', 'required', '质疑成立时，请选择是否影响中标（成交）结果：影响的，原结果将被撤销');
  }
  if (input.outcome === 'dismissed' && input.affectsResult) throw invalidField('affectsResult', 'not-upheld', '质疑不成立时，不会影响中标（成交）结果');
  const cancels = input.outcome === 'upheld' && input.affectsResult === true;
  const at = isoShanghai(now);
  const next: Challenge = { ...strip(c), status: input.outcome, ...(input.outcome === 'upheld' ? { affectsResult: input.affectsResult } : {}), answer: { reply: input.reply, at, by: actor.sub } };
  const challengeItem = {
    Put: {
      TableName: T(),
      Item: { ...procKeys.challenge(tenderId, c.id), kind: 'challenge', ...next, schemaVersion: SCHEMA_VERSION },
      ConditionExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    },
  };
  const items = [challengeItem];
  if (cancels) items.push(...(await cancellation(actor, t, next, at)));
  await commit({
    items,
    audit: { aggregate: `tender#${tenderId}#challenge#${c.id}`, actor, action: `answer-${input.outcome}`, at, before: c, after: next },
    answer: { status: 200, body: next },
    now,
    onConflict: (i) => (i === 0 ? conflict('challenge-answered', '这件质疑已经答复。') : conflict('concurrent-change', '项目刚被其他操作修改，请刷新后重试。')),
  });
  return next;
}

/**
 * Cancelling the award a 质疑 was upheld against (94号令 Art. 32): the tender goes back to `opened` without
 * an award, the commitment is released, the cancellation is announced (OCDS `awardCancellation`) and
 * audited on the tender's chain — all in the answer's transaction.
 */
async function cancellation(actor: Actor, t: TenderState, c: Challenge, at: string): Promise<never[]> {
  if (t.status === 'contracted') throw conflict('already-contracted', '合同已经签订，不能再撤销中标（成交）结果；请依法另行处理（政府采购质疑和投诉办法第三十二条）。');
  if (t.status !== 'awarded' || !t.award) throw conflict('no-award-to-cancel', '该项目当前没有可以撤销的中标（成交）结果。');
  if (challengeAwardId(c) !== awardIdOf(t)) throw conflict('award-already-cancelled', '这件质疑针对的中标（成交）结果已经撤销；对新的结果须另行提出质疑。');
  const a = t.award;
  const cancelled: CancelledAward = {
    id: awardIdOf(t),
    organisation: a.organisation,
    name: a.name,
    creditCode: a.creditCode,
    priceFen: a.priceFen,
    rank: a.rank,
    awardedAt: a.at,
    cancelledAt: at,
    cancelledBy: actor.sub,
    challengeId: c.id,
    reason: c.answer?.reply ?? '',
  };
  const { award: _a, ...rest } = t;
  const next: TenderState = { ...rest, status: 'opened', cancelledAwards: [...(t.cancelledAwards ?? []), cancelled], version: t.version + 1, releaseSeq: t.releaseSeq + 1 };
  const audit = await auditItems({
    aggregate: `tender#${t.id}`,
    actor: { sub: actor.sub, role: actor.role },
    action: 'cancel-award',
    at,
    before: t,
    after: next,
    note: `质疑 ${c.id} 成立：${cancelled.reason}`,
  });
  return [putTender(next, t.version), releaseItem(t.county, t.year, a.priceFen), putRelease(awardRelease(next, next.releaseSeq, at, 'awardCancellation'), next.releaseSeq), ...audit] as never[];
}

/** The 质疑 of a tender: the county (its own), the auditor; a contractor sees only its own. */
export async function challengesFor(actor: Actor, tenderId: string): Promise<Challenge[]> {
  const t = await loadTender(tenderId);
  if (actor.role === 'county') ownCounty(actor, t.county);
  const all = await listChallenges(tenderId);
  if (actor.role !== 'contractor') return all;
  const organisation = requireOrganisation(actor);
  return all.filter((c) => c.organisation === organisation);
}

export const listChallenges = (tenderId: string) => queryAll<Challenge>(procKeys.tender(tenderId).pk, 'CHAL#').then((l) => l.map(strip));

function strip(c: Challenge): Challenge {
  const { pk: _a, sk: _b, kind: _k, schemaVersion: _v, ...rest } = c as Challenge & Record<string, unknown>;
  return rest as Challenge;
}
