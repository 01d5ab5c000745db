import { readFileSync, existsSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { applicationChecks, hukouGate } from '../../../shared/cases/application-checks.ts';
import { TYPE_PROFILES } from '../../../shared/cases/assistance-types.ts';

describe('where people may apply (四), one rule for the API and the pages', () => {
  it('hukouGate refuses exactly what the type profiles do not call urgent, for every type and kind', () => {
    for (const [type, profile] of Object.entries(TYPE_PROFILES)) {
      for (const kind of [undefined, 'emergency', 'expenditure'] as const) {
        const allowed = profile.urgent || (type === 'linshi' && kind !== 'expenditure');
        expect(hukouGate(type, 'elsewhere', kind) === undefined, `${type} ${kind}`).toBe(allowed);
        expect(hukouGate(type, 'local', kind)).toBeUndefined();
        expect(hukouGate(type, 'residencePermit', kind)).toBeUndefined();
      }
    }
  });

  it('is what the schema reports, with the others, in one round', () => {
    const errors = applicationChecks({ type: 'dibao', applicant: {}, area: { county: '341602', township: '341602001', hukou: 'elsewhere' }, household: { members: [{}] } });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['area.hukou', 'not-resident'],
      ['consent.economicCheck', 'required'],
      ['applicant.idNumber', 'required'],
      ['household.members.0.idNumber', 'required'],
    ]);
  });

  it('the pages get the same function (portal/dist/apply-rules.js, when built): the same answer for every combination', () => {
    const built = new URL('../../../portal/dist/apply-rules.js', import.meta.url);
    if (!existsSync(built)) return;
    const window: { BozhouRules?: { hukouGate: typeof hukouGate } } = {};
    runInNewContext(readFileSync(built, 'utf8'), { window });
    for (const type of [...Object.keys(TYPE_PROFILES), 'nonsense', undefined]) {
      for (const hukou of ['local', 'residencePermit', 'elsewhere', undefined]) {
        for (const kind of [undefined, 'emergency', 'expenditure']) expect(window.BozhouRules!.hukouGate(type, hukou, kind), `${type} ${hukou} ${kind}`).toEqual(hukouGate(type, hukou, kind));
      }
    }
  });
});
