import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, divRound, formatYuan, isAtLeastRatio, mulBp, parseYuan } from '../../../shared/money.ts';

describe('money: integer fen, basis points, one rounding rule (round half up)', () => {
  it.each([
    [100000, 13000, 130000],
    [100001, 13000, 130001], // 130001.3 → down
    [5, 1000, 1], // 0.5 fen → up
    [4, 1000, 0], // 0.4 fen → down
    [15, 100, 0], // 0.15 fen → down
    [50, 100, 1], // 0.5 fen → up
    [-5, 1000, -1], // symmetric
    [0, 13000, 0],
  ])('mulBp(%i, %i) = %i', (fen, bp, expected) => expect(mulBp(fen, bp)).toBe(expected));

  it('divides with the same rule', () => {
    expect(divRound(10, 4)).toBe(3); // 2.5 → 3
    expect(divRound(10, 3)).toBe(3);
    expect(divRound(11, 3)).toBe(4);
  });

  it('compares ratios exactly, without rounding', () => {
    expect(isAtLeastRatio(130000, 100000, 13000)).toBe(true);
    expect(isAtLeastRatio(129999, 100000, 13000)).toBe(false);
    expect(isAtLeastRatio(130001, 100001, 13000)).toBe(false); // 130001.3 needed
    expect(isAtLeastRatio(130002, 100001, 13000)).toBe(true);
  });

  it('refuses non-integers instead of rounding them silently', () => {
    expect(() => mulBp(1.5, 100)).toThrow(RangeError);
    expect(() => mulBp(100, 1.5)).toThrow(RangeError);
  });

  it.each([
    [123456, '1,234.56 元'],
    [0, '0.00 元'],
    [5, '0.05 元'],
    [300000, '3,000.00 元'],
    [20000000, '200,000.00 元'],
    [-150, '-1.50 元'],
  ])('formatYuan(%i) = %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

  it('parses yuan exactly', () => {
    expect(parseYuan('3000')).toBe(300000);
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan('0.07')).toBe(7);
  });

  it('allocates by largest remainder, ties to the earlier part', () => {
    expect(allocate(100, 3)).toEqual([34, 33, 33]);
    expect(allocate(101, 3)).toEqual([34, 34, 33]);
    expect(allocate(100, [1, 1, 2])).toEqual([25, 25, 50]);
    expect(allocate(10, [1, 0, 2])).toEqual([3, 0, 7]);
    expect(() => allocate(10, [0, 0])).toThrow(RangeError);
  });

  it('property: allocation sums exactly and parts differ from the exact share by less than one fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = allocate(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => {
          const exactTimesSum = BigInt(total) * BigInt(weights[i] ?? 0);
          expect(BigInt(p) * BigInt(sum) - exactTimesSum < BigInt(sum)).toBe(true);
          expect(exactTimesSum - BigInt(p) * BigInt(sum) < BigInt(sum)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('property: rounding never creates or loses a fen — |mulBp − exact| ≤ ½ fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 200_000 }), (fen, bp) => {
        const r = BigInt(mulBp(fen, bp));
        const exact = BigInt(fen) * BigInt(bp); // in 1/10000 fen
        const diff = r * 10000n - exact;
        expect(diff <= 5000n && diff > -5000n).toBe(true); // half rounds up, so −½ is excluded
      }),
    );
  });
});
