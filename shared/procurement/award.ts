import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, conflict, forbidden, invalidField } from '../http/problem.ts';
import type { Idempotency, StoredAnswer } from '../http/idempotency.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { addWorkingDaysProvisional } from '../calendar/index.ts';
import { procKeys } from './keys.ts';
import type { TenderState } from './model.ts';
import { awardRelease } from './ocds/releases.ts';
import { commitItem, ownCounty } from './planning.ts';
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
 */
export const CHALLENGE_WORKING_DAYS = 7;

export async function award(actor: Actor, tenderId: string, input: { organisation: string; legalReason?: string }, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (t.award) throw conflict('already-awarded', `该项目已于 ${t.award.at} 确定中标（成交）供应商，不能再次定标。`);
  if (t.status !== 'opened') throw conflict('tender-not-opened', `该项目当前状态为 ${t.status}，不能定标。`);
  const ranked = await ranking(t);
  if (!ranked) throw conflict('evaluation-incomplete', '评审专家尚未全部完成评分，不能定标。');
  const chosen = ranked.find((r) => r.organisation === input.organisation);
  if (!chosen) throw invalidField('organisation', 'not-ranked', '这家供应商不在评审排名中');
  const at = isoShanghai(now);
  if (chosen.rank !== 1) {
    if (!input.legalReason) throw invalidField('legalReason', 'required', `所选供应商排名第${chosen.rank}；不按排名定标须写明法定理由，并经县级另一名负责人复核同意`);
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

async function commitAward(actor: Actor, t: TenderState, organisation: string, now: Date, idempotency?: Idempotency, deviation?: { legalReason: string; proposedBy: string; signedOffBy: string }): Promise<StoredAnswer> {
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
    audit: { aggregate: `tender#${t.id}`, actor, action: deviation ? 'award-signed-off' : 'award', at, before: t, after: next, ...(deviation ? { note: deviation.legalReason } : {}) },
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

export interface Challenge {
  id: string;
  tenderId: string;
  organisation: string;
  grounds: string;
  filedAt: string;
  status: 'open' | 'upheld' | 'dismissed';
  answer?: { reply: string; at: string; by: string };
}

export async function fileChallenge(actor: Actor, tenderId: string, grounds: string, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const organisation = requireOrganisation(actor);
  const t = await loadTender(tenderId);
  if (!t.opening?.bids.some((b) => b.organisation === organisation)) throw forbidden('not-a-bidder', '只有参加本项目投标的供应商可以提出质疑。');
  if (!t.award) throw conflict('no-result', '中标（成交）结果公告后才能对结果提出质疑。');
  if (dateShanghai(now) > t.award.challengeUntil) throw conflict('challenge-period-closed', `质疑期已于 ${t.award.challengeUntil} 结束。`);
  const c: Challenge = { id: newChallengeId(), tenderId, organisation, grounds, filedAt: isoShanghai(now), status: 'open' };
  return commit({
    items: [{ Put: { TableName: T(), Item: { ...procKeys.challenge(tenderId, c.id), kind: 'challenge', ...c, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `tender#${tenderId}#challenge#${c.id}`, actor, action: 'file-challenge', at: c.filedAt, after: c },
    idempotency,
    answer: { status: 201, body: { id: c.id, status: c.status, filedAt: c.filedAt } },
    now,
    onConflict: () => conflict('concurrent-change', '请重试。'),
  });
}

export async function answerChallenge(actor: Actor, tenderId: string, challengeId: string, input: { outcome: 'upheld' | 'dismissed'; reply: string }, now: Date): Promise<Challenge> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  const c = await get<Challenge>(procKeys.challenge(tenderId, challengeId));
  if (!c) throw conflict('no-such-challenge', '没有这件质疑。');
  if (c.status !== 'open') throw conflict('challenge-answered', '这件质疑已经答复。');
  const at = isoShanghai(now);
  const next: Challenge = { ...c, status: input.outcome, answer: { reply: input.reply, at, by: actor.sub } };
  await commit({
    items: [{ Put: { TableName: T(), Item: { ...procKeys.challenge(tenderId, c.id), kind: 'challenge', ...next, schemaVersion: SCHEMA_VERSION }, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': 'open' } } }],
    audit: { aggregate: `tender#${tenderId}#challenge#${c.id}`, actor, action: `answer-${input.outcome}`, at, before: c, after: next },
    answer: { status: 200, body: next },
    now,
    onConflict: () => conflict('challenge-answered', '这件质疑已经答复。'),
  });
  return strip(next);
}

export const listChallenges = (tenderId: string) => queryAll<Challenge>(procKeys.tender(tenderId).pk, 'CHAL#').then((l) => l.map(strip));

function strip(c: Challenge): Challenge {
  const { pk: _a, sk: _b, kind: _k, schemaVersion: _v, ...rest } = c as Challenge & Record<string, unknown>;
  return rest as Challenge;
}
