import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameterSet } from '../../../shared/policy/parameters.ts';
import { addToIndex, matchLines, type RegisterIndex, type StoredLine } from '../../../shared/monitoring/match.ts';
import type { RegisterEntry } from '../../../shared/registry/register.ts';
import { FEED_SOURCE_IDS } from '../../../shared/contract/monitoring.ts';

/**
 * Property (issue 21): matching a feed against the register is idempotent — the same lines, again, in
 * another order or twice over, give the same alerts, and matching into what was already found adds
 * nothing — and no alert names a person who is not in the feed, or one who is not on the register.
 */
const params = parameterSet('2026-03-02');
const person = fc.integer({ min: 0, max: 30 }).map((n) => `h${n}`);

const register = fc.array(fc.record({ persons: fc.uniqueArray(person, { minLength: 1, maxLength: 3 }), income: fc.integer({ min: 0, max: 500_000 }), active: fc.boolean() }), { maxLength: 8 });
const values = fc.record({
  periodEnd: fc.constantFrom('2026-01', '2026-02'),
  selfPaidYuan: fc.integer({ min: 0, max: 8_000_000 }),
  certifiedOn: fc.constantFrom('2026-02-01', '2026-02-02'),
  category: fc.constant('physical'),
  grade: fc.constantFrom('1', '2', '3', '4'),
  registeredOn: fc.constant('2026-02-03'),
  event: fc.constantFrom('unemployed', 'death', 'moveOut'),
  identifiedOn: fc.constant('2026-02-04'),
  level: fc.constantFrom('hardship', 'special'),
  date: fc.constantFrom('2026-02-05', '2026-02-06'),
  assessedOn: fc.constant('2026-02-07'),
  rating: fc.constantFrom('C', 'D'),
  lossYuan: fc.integer({ min: 0, max: 2_000_000 }),
});
const feed = fc.array(fc.record({ hash: person, values }), { maxLength: 25 }).map((ls) => ls.map((l, i): StoredLine => ({ line: i + 2, hash: l.hash, values: l.values })));

function indexOf(households: { persons: string[]; income: number; active: boolean }[]): RegisterIndex {
  const index: RegisterIndex = new Map();
  // One person in one household: a later household does not take a person an earlier one holds.
  const taken = new Set<string>();
  const entries = households.map((h, i): RegisterEntry => {
    const persons = h.persons.filter((p) => !taken.has(p));
    for (const p of persons) taken.add(p);
    return {
      pk: 'LOWREG#341602',
      sk: `H-${i}#marginal`,
      householdId: `H-${i}`,
      class: 'marginal',
      classLabel: '低保边缘家庭',
      county: '341602',
      township: '341602001',
      residence: 'urban',
      persons,
      reason: '评估',
      since: '2026-01-01',
      entry: { by: 'assessment' },
      status: h.active ? 'active' : 'left',
      members: Math.max(1, persons.length),
      monthlyIncomeFen: h.income,
      version: 1,
      enteredBy: 'cw',
      enteredAt: '2026-01-01T09:00:00+08:00',
      schemaVersion: 2,
    };
  });
  addToIndex(index, entries);
  return index;
}

const ids = (m: Map<string, unknown>) => [...m.keys()].sort();

describe('matching a feed against the register', () => {
  it('is idempotent and never alerts a person outside the feed or the register', () => {
    fc.assert(
      fc.property(register, feed, fc.constantFrom(...FEED_SOURCE_IDS), fc.integer(), (households, lines, source, seed) => {
        const index = indexOf(households);
        const once = matchLines(index, source, lines, params);
        const shuffled = [...lines].sort((a, b) => ((a.line * 7919 + seed) % 13) - ((b.line * 7919 + seed) % 13));
        expect(ids(matchLines(index, source, [...shuffled, ...lines], params))).toEqual(ids(once));
        const again = new Map(once);
        matchLines(index, source, lines, params, again);
        expect(ids(again)).toEqual(ids(once));
        const inFeed = new Set(lines.map((l) => l.hash));
        for (const a of once.values()) {
          expect(inFeed.has(a.person)).toBe(true);
          expect(index.get(a.person)?.h.householdId).toBe(a.householdId);
          expect(lines.some((l) => l.hash === a.person && l.line === a.line)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
