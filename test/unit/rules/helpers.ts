import { residentIdCheckChar } from '../../../shared/identifiers/resident-id.ts';
import type { AreaInput, HouseholdInput, MemberInput } from '../../../shared/rules/household.ts';

/** A valid ID number for a Bozhou resident born on `birthDate`, check character computed. */
export function idFor(birthDate: string, seq = '123', region = '341602'): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

export const urban: AreaInput = { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' };
export const rural: AreaInput = { county: '341621', township: '341621101', residence: 'rural', hukou: 'local' };

export const member = (over: Partial<MemberInput> & { birthDate?: string }): MemberInput => {
  const { birthDate = '1980-05-05', ...rest } = over;
  return { name: '王五', idNumber: idFor(birthDate), relation: 'self', monthlyIncomeFen: 0, ...rest };
};

export const household = (members: MemberInput[], over: Partial<HouseholdInput> = {}): HouseholdInput => ({
  members,
  assets: { financialFen: 0, vehicles: 0, properties: 1 },
  ...over,
});
