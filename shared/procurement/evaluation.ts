import { randomBytes } from 'node:crypto';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, forbidden, invalidField } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import { COLLECTIONS, procKeys } from './keys.ts';
import type { TenderState } from './model.ts';
import { drawPanel, eligibleExperts } from './draw.ts';
import { rankBids, type EvaluatorSheet, type RankedBid } from './scoring.ts';
import { ownCounty } from './planning.ts';
import { listCollection, type Expert } from './registry.ts';
import { commit, listBids, loadTender, putTender, queryAll, T, type Actor } from './store.ts';

/**
 * 专家抽取、评审 (measure 十八). Opening — the only step that decrypts — is in opening.ts, served by
 * its own function; evaluators are drawn reproducibly (draw.ts); each evaluator scores each valid bid;
 * the ranking follows from the scores (scoring.ts).
 */

export async function drawEvaluators(actor: Actor, tenderId: string, input: { size: number; seed?: string }, now: Date) {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (t.status !== 'opened') throw conflict('tender-not-opened', '开标后才能抽取评审专家（此时投标人已确定，才能逐一回避）。');
  if (t.panel) throw conflict('panel-drawn', '本项目已抽取评审专家，抽取结果不能重抽。');
  const pool = await listCollection<Expert>(COLLECTIONS.experts);
  const bidders = t.opening!.bids.map((b) => b.organisation);
  const { eligible, excluded } = eligibleExperts(pool, bidders);
  if (eligible.length < input.size) throw conflict('pool-too-small', `回避后可抽取的专家只有${eligible.length}人，不足${input.size}人。`);
  const seed = input.seed ?? randomBytes(32).toString('hex');
  const drawn = drawPanel(eligible, seed, input.size);
  const at = isoShanghai(now);
  const next: TenderState = { ...t, panel: { seed, size: input.size, at, by: actor.sub, eligible, excluded, drawn }, version: t.version + 1 };
  await commit({
    items: [putTender(next, t.version)],
    audit: { aggregate: `tender#${tenderId}`, actor, action: 'draw-evaluators', at, after: next.panel, note: `seed=${seed}` },
    answer: { status: 200, body: null },
    now,
    onConflict: () => conflict('panel-drawn', '本项目已抽取评审专家。'),
  });
  return next.panel!;
}

interface ScoreItem extends EvaluatorSheet {
  at: string;
}

function onPanel(t: TenderState, actor: Actor): void {
  if (!t.panel?.drawn.includes(actor.sub)) throw forbidden('not-on-panel', '您不是本项目抽取的评审专家。');
}

export async function submitScore(actor: Actor, tenderId: string, input: { organisation: string; points: Record<string, number> }, now: Date) {
  const t = await loadTender(tenderId);
  onPanel(t, actor);
  // After a cancelled award the ranking stands (the next award follows it); nobody re-scores.
  if (t.status !== 'opened' || t.award || t.proposedAward || t.cancelledAwards?.length) throw conflict('evaluation-closed', '评审已结束或尚未开标。');
  const bid = t.opening!.bids.find((b) => b.organisation === input.organisation);
  if (bid?.status !== 'valid') throw invalidField('organisation', 'not-a-valid-bid', '没有这家投标人的有效投标');
  for (const c of t.criteria.filter((x) => x.kind === 'technical')) {
    const p = input.points[c.id];
    if (p === undefined) throw invalidField(`points.${c.id}`, 'required', `请为“${c.name}”打分`);
    if (!Number.isInteger(p) || p < 0 || p > c.weight) throw invalidField(`points.${c.id}`, 'range', `“${c.name}”的得分应为0至${c.weight}之间的整数`);
  }
  const unknown = Object.keys(input.points).find((k) => !t.criteria.some((c) => c.id === k && c.kind === 'technical'));
  if (unknown) throw invalidField(`points.${unknown}`, 'unknown', '价格分由系统按低价优先法计算；这里只给技术（商务）评分因素打分');
  const at = isoShanghai(now);
  const item: ScoreItem = { evaluator: actor.sub, organisation: input.organisation, points: input.points, at };
  await commit({
    items: [
      { Put: { TableName: T(), Item: { ...procKeys.score(tenderId, actor.sub, input.organisation), kind: 'score', ...item, schemaVersion: SCHEMA_VERSION } } },
      {
        ConditionCheck: {
          TableName: T(),
          Key: procKeys.tender(tenderId),
          ConditionExpression: '#s = :o AND attribute_not_exists(award) AND attribute_not_exists(proposedAward) AND attribute_not_exists(cancelledAwards)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':o': 'opened' },
        },
      },
    ],
    audit: { aggregate: `tender#${tenderId}#score#${actor.sub}`, actor, action: 'score', at, after: item },
    answer: { status: 200, body: null },
    now,
    onConflict: () => conflict('evaluation-closed', '评审已结束。'),
  });
  return item;
}

/** The ranking once every panel member has scored every valid bid; undefined until then. */
export async function ranking(t: TenderState): Promise<RankedBid[] | undefined> {
  if (!t.opening || !t.panel) return undefined;
  const sheets = await queryAll<ScoreItem>(procKeys.tender(t.id).pk, 'SCORE#');
  const valid = t.opening.bids.filter((b) => b.status === 'valid');
  const complete = valid.every((b) => t.panel!.drawn.every((ev) => sheets.some((s) => s.evaluator === ev && s.organisation === b.organisation)));
  if (!complete) return undefined;
  return rankBids(valid, t.criteria, sheets, t.panel.drawn);
}

/** For the county, the auditor and the panel: the opened bids, the sheets and the ranking. */
export async function evaluationView(actor: Actor, tenderId: string) {
  const t = await loadTender(tenderId);
  if (actor.role === 'county') ownCounty(actor, t.county);
  if (actor.role === 'evaluator') onPanel(t, actor);
  if (!t.opening) throw conflict('not-opened', '尚未开标，任何人都不能查看投标内容。');
  const bids = await listBids(tenderId);
  const sheets = await queryAll<ScoreItem>(procKeys.tender(t.id).pk, 'SCORE#');
  const ranked = await ranking(t);
  return {
    tenderId,
    status: t.status,
    criteria: t.criteria,
    panel: t.panel ? { drawn: t.panel.drawn, seed: t.panel.seed, eligible: t.panel.eligible, excluded: t.panel.excluded } : null,
    bids: t.opening.bids.map((b) => {
      const opened = bids.find((x) => x.organisation === b.organisation)?.opened;
      return { ...b, technicalProposal: opened?.technicalProposal ?? null, documents: opened?.documents ?? [] };
    }),
    sheets: actor.role === 'evaluator' ? sheets.filter((s) => s.evaluator === actor.sub).map(cleanSheet) : sheets.map(cleanSheet),
    ranking: ranked ?? null,
    award: t.award ?? null,
    proposedAward: t.proposedAward ?? null,
    cancelledAwards: t.cancelledAwards ?? [],
  };
}

const cleanSheet = (s: ScoreItem) => ({ evaluator: s.evaluator, organisation: s.organisation, points: s.points, at: s.at });
