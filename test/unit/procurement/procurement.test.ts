import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { drawPanel, eligibleExperts, sfc32 } from '../../../shared/procurement/draw.ts';
import { checkCriteria, rankBids, type Criterion } from '../../../shared/procurement/scoring.ts';
import { mergePatch } from '../../../shared/procurement/ocds/merge-patch.ts';
import { checkPackage, checkRelease } from '../../../shared/procurement/ocds/validate.ts';
import { compileRecord } from '../../../shared/procurement/ocds/record.ts';
import { GENERATED_FILE, generateValidatorsSource } from '../../../infra/local/ocds-validators.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('evaluator draw (十八)', () => {
  it('is a pure function of eligible ids, seed and size', () => {
    const ids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'];
    expect(drawPanel(ids, 'seed-1', 3)).toEqual(drawPanel([...ids].reverse(), 'seed-1', 3));
    expect(sfc32('x')()).toBe(sfc32('x')());
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 3, maxLength: 30 }), fc.string(), (pool, seed) => {
        const drawn = drawPanel(pool, seed, 3);
        expect(new Set(drawn).size).toBe(3);
        for (const d of drawn) expect(pool).toContain(d);
        expect(drawPanel(pool, seed, 3)).toEqual(drawn);
      }),
    );
  });

  it('excludes an expert with a declared conflict with any bidder, and inactive experts', () => {
    const { eligible, excluded } = eligibleExperts(
      [
        { sub: 'a', active: true, conflicts: ['org-1'] },
        { sub: 'b', active: true, conflicts: ['org-9'] },
        { sub: 'c', active: false, conflicts: [] },
      ],
      ['org-1', 'org-2'],
    );
    expect(eligible).toEqual(['b']);
    expect(excluded.map((e) => e.sub)).toEqual(['a']);
  });

  it('spreads draws roughly evenly over the pool', () => {
    const counts = new Map<string, number>();
    const pool = ['a', 'b', 'c', 'd', 'e'];
    for (let i = 0; i < 2000; i++) for (const d of drawPanel(pool, `s${i}`, 1)) counts.set(d, (counts.get(d) ?? 0) + 1);
    for (const id of pool) expect(counts.get(id)).toBeGreaterThan(300);
  });
});

describe('综合评分法', () => {
  const criteria: Criterion[] = [
    { id: 'price', name: '价格', kind: 'price', weight: 30 },
    { id: 'plan', name: '方案', kind: 'technical', weight: 70 },
  ];
  it('checks weights and the service price weight of 87号令 Art. 55', () => {
    expect(checkCriteria(criteria)).toBeUndefined();
    expect(
      checkCriteria([
        { ...criteria[0]!, weight: 31 },
        { ...criteria[1]!, weight: 69 },
      ]),
    ).toMatch(/10至30/);
    expect(
      checkCriteria([
        { ...criteria[0]!, weight: 30 },
        { ...criteria[1]!, weight: 60 },
      ]),
    ).toMatch(/之和应为100/);
  });
  it('scores price by the lowest valid price and breaks ties by price', () => {
    const ranked = rankBids(
      [
        { organisation: 'x', priceFen: 100, submittedAt: '2026-01-01T00:00:00+08:00' },
        { organisation: 'y', priceFen: 200, submittedAt: '2026-01-01T00:00:00+08:00' },
      ],
      criteria,
      [
        { evaluator: 'e', organisation: 'x', points: { plan: 50 } },
        { evaluator: 'e', organisation: 'y', points: { plan: 65 } },
      ],
      ['e'],
    );
    expect(ranked.map((r) => [r.organisation, r.priceScore, r.technicalScore, r.rank])).toEqual([
      // 80.00 each: the lower price ranks first (87号令 Art. 55).
      ['x', 3000, 5000, 1],
      ['y', 1500, 6500, 2],
    ]);
  });
});

describe('OCDS 1.1.5 validation', () => {
  it('the committed validators are what the build step generates', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generateValidatorsSource());
  });
  it('accepts the official worked examples and refuses a broken release', () => {
    for (const name of ['worked-example-1-tender.json', 'worked-example-1-award.json']) {
      const pkg = fixture(name);
      expect(checkPackage(pkg).errors).toEqual([]);
      for (const r of pkg.releases) expect(checkRelease(r).ok).toBe(true);
    }
    const broken = fixture('worked-example-1-award.json').releases[0];
    expect(checkRelease({ ...broken, tag: ['signed'] }).ok).toBe(false);
    const { ocid: _ocid, ...noOcid } = broken;
    expect(checkRelease(noOcid).errors[0]!.keyword).toBe('required');
    expect(checkRelease({ ...broken, date: '2026-06-01 09:00' }).errors[0]!.keyword).toBe('format');
  });
  it('validates the bid extension merged in: bids.details need an id', () => {
    const release = fixture('worked-example-1-award.json').releases[0];
    expect(checkRelease({ ...release, bids: { details: [{ id: 'b1', status: 'valid' }] } }).ok).toBe(true);
    expect(checkRelease({ ...release, bids: { details: [{ status: 'valid' }] } }).ok).toBe(false);
    expect(checkRelease({ ...release, bids: { details: [{ id: 'b1', status: 'won' }] } }).ok).toBe(false);
  });
  it('merges patches by RFC 7396', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
  it('compiles a record by identifier merge', () => {
    const base = { ocid: 'o', initiationType: 'tender' };
    const { compiledRelease } = compileRecord([
      { ...base, id: 'o-2', date: '2026-01-02T00:00:00+08:00', tag: ['award'], awards: [{ id: 'a', status: 'active' }] },
      { ...base, id: 'o-1', date: '2026-01-01T00:00:00+08:00', tag: ['award'], awards: [{ id: 'a', status: 'pending', title: 't' }] },
    ]);
    expect(compiledRelease.awards).toEqual([{ id: 'a', status: 'active', title: 't' }]);
    expect(compiledRelease.tag).toEqual(['compiled']);
    expect(checkRelease(compiledRelease).ok).toBe(true);
  });
});
