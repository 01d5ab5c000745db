import { divRound } from '../money.ts';

/**
 * 综合评分法 (measure 十八; 政府采购货物和服务招标投标管理办法 财政部令第87号 Art. 55).
 * Scores are integer centipoints (1 point = 100) so no floating point touches a ranking.
 * - Price uses 低价优先法: the lowest valid price is the benchmark and scores the full price weight;
 *   every other bid scores benchmark / price × weight (rounded half up to the centipoint).
 * - Each evaluator gives each technical criterion whole points from 0 to its weight; a bid's technical
 *   score is the mean over the panel (rounded half up).
 * - Ranking: total score descending; equal totals rank by price ascending (Art. 55); then by the time
 *   of the counting bid and the organisation id, so the order is total and reproducible.
 */
export interface Criterion {
  id: string;
  name: string;
  kind: 'price' | 'technical';
  weight: number;
}

/** 87号令 Art. 55: 服务项目的价格分值占总分值的比重不得低于10%，不得高于30%. */
export const SERVICE_PRICE_WEIGHT = { min: 10, max: 30 } as const;

export function checkCriteria(criteria: readonly Criterion[]): string | undefined {
  const total = criteria.reduce((s, c) => s + c.weight, 0);
  if (total !== 100) return `各评分因素的权重之和应为100，现为${total}`;
  const price = criteria.filter((c) => c.kind === 'price');
  if (price.length !== 1) return '综合评分法应有且只有一项价格分';
  const w = price[0]!.weight;
  if (w < SERVICE_PRICE_WEIGHT.min || w > SERVICE_PRICE_WEIGHT.max) return `服务项目价格分权重应在${SERVICE_PRICE_WEIGHT.min}至${SERVICE_PRICE_WEIGHT.max}之间（财政部令第87号第五十五条），现为${w}`;
  if (new Set(criteria.map((c) => c.id)).size !== criteria.length) return '评分因素编号不能重复';
  return undefined;
}

export interface ScoredBid {
  organisation: string;
  priceFen: number;
  submittedAt: string;
}

export interface EvaluatorSheet {
  evaluator: string;
  organisation: string;
  points: Record<string, number>;
}

export interface RankedBid {
  organisation: string;
  priceFen: number;
  priceScore: number;
  technicalScore: number;
  total: number;
  rank: number;
}

export function priceScore(priceFen: number, benchmarkFen: number, weight: number): number {
  return divRound(benchmarkFen * weight * 100, priceFen);
}

export function rankBids(bids: readonly ScoredBid[], criteria: readonly Criterion[], sheets: readonly EvaluatorSheet[], panel: readonly string[]): RankedBid[] {
  if (bids.length === 0) return [];
  const price = criteria.find((c) => c.kind === 'price')!;
  const technical = criteria.filter((c) => c.kind === 'technical');
  const benchmark = Math.min(...bids.map((b) => b.priceFen));
  const scored = bids.map((b) => {
    const sums = panel.map((ev) => {
      const sheet = sheets.find((s) => s.evaluator === ev && s.organisation === b.organisation);
      if (!sheet) throw new RangeError(`missing score of ${ev} for ${b.organisation}`);
      return technical.reduce((s, c) => s + (sheet.points[c.id] ?? 0), 0);
    });
    const technicalScore = divRound(sums.reduce((a, x) => a + x, 0) * 100, panel.length);
    const p = priceScore(b.priceFen, benchmark, price.weight);
    return { ...b, priceScore: p, technicalScore, total: p + technicalScore };
  });
  scored.sort((x, y) => y.total - x.total || x.priceFen - y.priceFen || x.submittedAt.localeCompare(y.submittedAt) || x.organisation.localeCompare(y.organisation));
  return scored.map(({ submittedAt: _s, ...b }, i) => ({ ...b, rank: i + 1 }));
}

/** "87.35" from 8735 centipoints, for people (string formatting, not division). */
export const formatPoints = (centi: number): string => `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
