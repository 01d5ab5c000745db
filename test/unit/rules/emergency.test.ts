import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAtLeastRatio } from '../../../shared/money.ts';
import { checkPublication, parameterSet, type PublishedValue } from '../../../shared/policy/parameters.ts';
import { byDays, ceilRatio, emergencyLivingSubsidy, raisedStandards, raiseViolations, raiseViolationsOverPeriod } from '../../../shared/rules/emergency.ts';
import { addDays } from '../../../shared/calendar/dates.ts';
import { withEmergency } from '../../../shared/payments/amounts.ts';

/** Emergency mode (十五) keeps the measures: 特困 ≥ 1.3 × 低保 (六) on every day, months paid by the days. */
const params = parameterSet('2027-02-01');
const pub = (id: string, value: number, effectiveFrom: string): PublishedValue => ({ id, value, unit: 'fen', effectiveFrom, source: '测试', version: `published:${id}:${effectiveFrom}` });

describe('raised standards (十五)(六)', () => {
  it('the issue: 低保 alone × 1.2 is refused naming (六); both together keep 1.3 ×', () => {
    // Defaults: rural 低保 700, 特困 910 = exactly 1.3 ×; 低保 × 1.2 = 840, and 910 / 840 = 1.083.
    const alone = raiseViolations(params, { standards: ['dibao'], multiplierBp: 12000 });
    expect(alone.map((v) => v.residence)).toEqual(['urban', 'rural']);
    expect(alone[1]!.message).toContain('措施（六）');
    expect(raiseViolations(params, { standards: ['dibao', 'tekun'], multiplierBp: 12000 })).toEqual([]);
    const r = raisedStandards(params, { standards: ['dibao', 'tekun'], multiplierBp: 12000 });
    expect(r.values.get('dibao.standard.rural')).toBe(84000);
    expect(r.values.get('tekun.standard.rural')).toBe(109200);
  });

  it('a 低保-only raise stored anyway still pays 特困 at 1.3 × the raised 低保, with a (六) step', () => {
    const r = raisedStandards(params, { standards: ['dibao'], multiplierBp: 12000 });
    expect(r.values.get('tekun.standard.rural')).toBe(109200);
    expect(r.trace.rural.map((s) => s.measure)).toEqual(['(十五)', '(六)']);
  });

  it('property: on any day, whatever is raised and by what, 特困 is never under 1.3 × 低保', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30_000, max: 300_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 10_000, max: 30_000 }),
        fc.subarray(['dibao', 'tekun'] as const, { minLength: 1 }),
        fc.constantFrom('urban' as const, 'rural' as const),
        (dibao, slack, multiplierBp, standards, residence) => {
          const tekun = ceilRatio(dibao, 13000) + slack;
          const published = [pub(`dibao.standard.${residence}`, dibao, '2027-01-01'), pub(`tekun.standard.${residence}`, tekun, '2027-01-01')];
          // The standards themselves pass the publication check (六).
          expect(checkPublication(published[1]!, [published[0]!])).toEqual([]);
          const day = parameterSet('2027-02-28', published);
          const raised = withEmergency(day, { title: '测试', standards: [...standards], multiplierBp }, residence).params;
          const d = raised.value(`dibao.standard.${residence}`);
          const t = raised.value(`tekun.standard.${residence}`);
          expect(isAtLeastRatio(t, d, 13000)).toBe(true);
          // And nothing falls: a raise never lowers a standard.
          expect(d).toBeGreaterThanOrEqual(dibao);
          expect(t).toBeGreaterThanOrEqual(tekun);
          // A declaration the check accepts needs no floor for the residence: the ratio holds as declared.
          if (raiseViolations(day, { standards, multiplierBp }).every((v) => v.residence !== residence) && standards.length === 1 && standards[0] === 'dibao') {
            expect(t).toBe(tekun);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the declaration check covers every day of its period (六)', () => {
  it('property: the check finds a failing residence exactly when some day of the period fails', () => {
    const day = fc.integer({ min: 0, max: 89 }).map((n) => addDays('2027-01-01', n));
    const change = fc.record({ residence: fc.constantFrom('urban', 'rural'), on: day, dibao: fc.integer({ min: 50_000, max: 120_000 }), slack: fc.integer({ min: 0, max: 40_000 }) });
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 4 }),
        day,
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.subarray(['dibao', 'tekun'] as const, { minLength: 1 }),
        fc.integer({ min: 10_000, max: 20_000 }),
        (changes, startDate, length, open, standards, multiplierBp) => {
          // Each change publishes a valid pair (特困 ≥ 1.3 × 低保 on its own: the publication check holds).
          const published = changes.flatMap((c, i) => [
            { id: `dibao.standard.${c.residence}`, value: c.dibao, unit: 'fen', effectiveFrom: c.on, source: '测试', version: `published:${String(2 * i).padStart(6, '0')}` },
            {
              id: `tekun.standard.${c.residence}`,
              value: ceilRatio(c.dibao, 13000) + c.slack,
              unit: 'fen',
              effectiveFrom: c.on,
              source: '测试',
              version: `published:${String(2 * i + 1).padStart(6, '0')}`,
            },
          ]);
          const endDate = open ? undefined : addDays(startDate, length);
          const found = new Set(raiseViolationsOverPeriod(published, { startDate, endDate }, { standards, multiplierBp }).map((v) => v.field));
          const seen = new Set<string>();
          for (let d = startDate; d <= (endDate ?? '2027-04-30'); d = addDays(d, 1)) {
            for (const v of raiseViolations(parameterSet(d, published), { standards, multiplierBp })) seen.add(`raise.standards.${v.residence}`);
          }
          expect(found).toEqual(seen);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('by the days (十五)', () => {
  it('one day of February 2027 (28 days) raised: 1/28 of the difference, half up to the fen', () => {
    expect(byDays(130000, [{ raisedFen: 158000, days: 1 }], 28)).toBe(131000);
    expect(byDays(100000, [{ raisedFen: 100001, days: 14 }], 28)).toBe(100001); // 0.5 fen goes up
    expect(byDays(100000, [{ raisedFen: 100001, days: 13 }], 28)).toBe(100000);
    expect(byDays(100000, [], 30)).toBe(100000);
    expect(byDays(100000, [{ raisedFen: 120000, days: 31 }], 31)).toBe(120000); // the whole month is the raised amount
    expect(() => byDays(1, [{ raisedFen: 2, days: 29 }], 28)).toThrow(RangeError);
  });

  it('the living subsidy is per person by the days covered', () => {
    expect(emergencyLivingSubsidy(2, 1, 28, params).amountFen).toBe(1429); // 200 yuan × 2 × 1/28 = 14.2857…
    expect(emergencyLivingSubsidy(2, 28, 28, params).amountFen).toBe(40000);
  });
});
