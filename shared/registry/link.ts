import type { TransactItem } from '../audit/chain.ts';
import { tableName } from '../store/client.ts';
import { firstOnly, linkItems, loadHousehold, personOf, profiles, registryKeys, type HouseholdFacts, type HouseholdItem, type RegistryMember } from './store.ts';
import type { CaseItem } from '../cases/case.ts';

/**
 * Every case points at its household and persons. At 受理 (and for older cases at 审核确认 or in the
 * backfill) a case is linked: its members become persons (by keyed ID hash), and the case joins the
 * household its applicant — or failing that, any member — already belongs to; otherwise a new household
 * `H-<reference>` is created from the case, with its facts as the household's first dated snapshot.
 * Nothing that exists is overwritten: a person's household changes only through a household event.
 */
export const BASELINE_DATE = '1900-01-01';

/** The facts about a member that the rules read and that household events change. */
export const FACT_FIELDS = ['monthlyIncomeFen', 'employmentCostFen', 'employed', 'inSchool', 'disability', 'illness', 'orphanBenefit'] as const;

export interface Link {
  householdId: string;
  /** The case's members with their person keys. */
  members: CaseItem['household']['members'];
  /** Members recorded in another household than the one the case joins (a move to record, or a conflict). */
  elsewhere: { index: number; householdId: string }[];
  items: TransactItem[];
}

export const factsOf = (
  members: readonly (RegistryMember | (CaseItem['household']['members'][number] & { person: string }))[],
  household: Pick<CaseItem['household'], 'assets' | 'obligors'>,
): HouseholdFacts => ({
  members: members.map(({ id: _id, ...m }) => ({ ...m, person: m.person })),
  assets: household.assets,
  ...(household.obligors ? { obligors: household.obligors } : {}),
});

/**
 * A case's household as the registry's facts of another date describe it (补发 for a past month): 低保 the
 * whole household then; 特困 its own members, each with that date's facts.
 */
export function asOf<C extends Pick<CaseItem, 'type' | 'household'>>(c: C, facts: HouseholdFacts): C {
  const byPerson = new Map(facts.members.map((m) => [m.person, Object.fromEntries(FACT_FIELDS.filter((f) => m[f] !== undefined).map((f) => [f, m[f]]))]));
  const members =
    c.type === 'dibao'
      ? facts.members.map(({ person, ...m }) => ({ ...m, person }))
      : c.household.members.map((m) => ({ ...m, ...(m.person && byPerson.has(m.person) ? byPerson.get(m.person) : {}) }));
  return { ...c, household: { ...c.household, members, assets: facts.assets, ...(facts.obligors ? { obligors: facts.obligors } : {}) } };
}

export async function linkCase(c: CaseItem, at: string): Promise<Link> {
  const members = c.household.members.map((m, i) => ({ ...m, person: personOf(m, c.reference, i) }));
  const known = new Map((await profiles(members.map((m) => m.person))).map((p) => [p.person, p.householdId]));
  const applicant = c.applicant.id ? known.get(c.applicant.id.hash) : undefined;
  const householdId = c.householdId ?? applicant ?? members.map((m) => known.get(m.person)).find(Boolean) ?? `H-${c.reference}`;
  const elsewhere = members.flatMap((m, index) => {
    const other = known.get(m.person);
    return other && other !== householdId ? [{ index, householdId: other }] : [];
  });
  const since = at.slice(0, 10);
  const registryMembers: RegistryMember[] = members.map((m) => ({ ...m, since }));
  const existing = await loadHousehold(householdId);
  const items = linkItems(
    householdId,
    existing
      ? undefined
      : {
          seed: { householdId, area: c.area, members: registryMembers, former: [], assets: c.household.assets, ...(c.household.obligors ? { obligors: c.household.obligors } : {}), createdAt: at },
          baseline: { from: BASELINE_DATE, seq: 1, event: { kind: 'baseline', reference: c.reference }, facts: factsOf(members, c.household), recordedAt: at, recordedBy: 'registry' },
        },
    c.reference,
    c.type,
    [...new Map(members.map((m) => [m.person, { person: m.person, name: m.name }])).values()],
    at,
  );
  // Joining an existing household: the case's members not yet in it — and in no other household — join it, as
  // a dated change of its own, so every person linked to the household is one of its members (never the dead).
  if (existing) {
    const newcomers = registryMembers.filter(
      (m) =>
        !existing.members.some((x) => x.person === m.person) && !existing.former.some((x) => x.person === m.person && x.reason === 'death') && (known.get(m.person) ?? householdId) === householdId,
    );
    if (newcomers.length) {
      const joined: HouseholdItem = { ...existing, members: [...existing.members, ...newcomers], version: existing.version + 1, updatedAt: at };
      items.push(
        { Put: { TableName: tableName(), Item: joined, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } } },
        firstOnly(registryKeys.facts(householdId, since, joined.version), {
          householdId,
          from: since,
          seq: joined.version,
          event: { kind: 'joined', reference: c.reference },
          facts: factsOf(joined.members, joined),
          recordedAt: at,
          recordedBy: 'registry',
        }),
      );
    }
  }
  return { householdId, members, elsewhere, items };
}
