import { canonicalJson, sha256, type TransactItem } from '../audit/chain.ts';
import { addMonths } from '../calendar/dates.ts';
import { formatYuan, mulInt } from '../money.ts';
import { parametersOn } from '../policy/store.ts';
import type { CaseItem } from '../cases/case.ts';
import { getMany } from '../store/batch-get.ts';
import type { Actor } from '../access/actor.ts';
import { explainRegistryConflict } from './chain.ts';
import { linshiGrantsOf, linshiHeadWrite, ownedPut, personOf, registryKeys } from './store.ts';

/**
 * 临时救助 across applications (十三): the approvals for one household's members within the window
 * (`linshi.cumulativeWindowMonths`, an example until a notice sets it) add up against the 16 × ceiling and
 * the township's approval limit. Past either, only a county review (and above 16 ×, 一事一议) lets it through.
 * The same documented need — kind, amount and description — is paid once per person.
 *
 * Enforced where it is written: each member's 临时救助 head moves on from the version read, inside the
 * approval transaction, so two approvals racing for the same household cannot both pass the sum.
 */
export interface LinshiLimits {
  summary: { windowFrom: string; priorFen: number; priorReferences: string[]; totalFen: number; ceilingFen: number; townshipLimitFen: number };
  countyReviewReason: string | null;
  items: TransactItem[];
}

/** A need is its kind, amount and description without spacing or punctuation. */
export const needHash = (h: NonNullable<CaseItem['hardship']>): string =>
  sha256(canonicalJson({ kind: h.kind, amountFen: h.amountFen, description: h.description.replace(/[\s\p{P}]/gu, '') })).slice(0, 32);

export async function linshiLimits(c: CaseItem, today: string, amountFen: number, actor: Actor | null): Promise<LinshiLimits> {
  const params = await parametersOn(today);
  const months = params.value('linshi.cumulativeWindowMonths');
  const standard = params.value(c.area.residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural');
  const ceilingFen = mulInt(standard, params.value('linshi.multiplier.max'));
  const townshipLimitFen = params.value('linshi.townshipLimit');
  const windowFrom = addMonths(today, -months);
  const persons = [...new Set(c.household.members.map((m, i) => personOf(m, c.reference, i)))];
  const need = c.hardship ? needHash(c.hardship) : undefined;
  // The same need first: it is refused whatever the sums (the conditional items decide a race).
  const paid = need ? (await getMany<{ pk: string; sk: string; reference: string }>(persons.map((p) => registryKeys.need(p, need)))).find((n) => n.reference !== c.reference) : undefined;
  if (paid) {
    const error = await explainRegistryConflict({ Put: { TableName: '', Item: { pk: paid.pk } } }, actor);
    if (error) throw error;
  }
  const read = await Promise.all(persons.map((p) => linshiGrantsOf(p, windowFrom)));
  const prior = new Map<string, number>();
  for (const { grants } of read) for (const g of grants) if (g.reference !== c.reference) prior.set(g.reference, g.amountFen);
  const priorFen = [...prior.values()].reduce((a, b) => a + b, 0);
  const totalFen = priorFen + amountFen;
  const summary = { windowFrom, priorFen, priorReferences: [...prior.keys()], totalFen, ceilingFen, townshipLimitFen };

  const so = `本家庭自${windowFrom}以来已获批临时救助${formatYuan(priorFen)}，加上本次${formatYuan(amountFen)}，合计${formatYuan(totalFen)}`;
  const countyReviewReason =
    prior.size === 0
      ? null
      : totalFen > ceilingFen
        ? `${so}，超过低保标准${params.value('linshi.multiplier.max')}倍（${formatYuan(ceilingFen)}），须经“一事一议”集体研究并报县级复核（十三）`
        : totalFen > townshipLimitFen
          ? `${so}，超过乡镇（街道）审批额度${formatYuan(townshipLimitFen)}，须报县级审批（十三）`
          : null;

  const items: TransactItem[] = persons.flatMap((person, i) => [
    linshiHeadWrite(person, read[i]!.headVersion),
    ownedPut(registryKeys.linshiGrant(person, today, c.reference), { reference: c.reference, amountFen, date: today }),
    ...(need ? [ownedPut(registryKeys.need(person, need), { reference: c.reference, date: today, township: c.area.township, county: c.area.county })] : []),
  ]);
  return { summary, countyReviewReason, items };
}
