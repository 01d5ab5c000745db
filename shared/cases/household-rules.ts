import type { HouseholdInput } from '../rules/household.ts';
import type { CaseItem } from './case.ts';

/** The household as the rules see it: birth dates from the sealed ID numbers, never the numbers. */
export function householdForRules(c: Pick<CaseItem, 'household'>): HouseholdInput {
  return {
    ...c.household,
    members: c.household.members.map(({ id: _id, sex: _sex, ...m }) => m),
  };
}
