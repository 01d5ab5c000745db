/**
 * Money is integer fen; ratios are integer basis points (1.3 × = 13000, 1 % = 100).
 * No floating point touches an amount: products and quotients are taken in BigInt.
 *
 * THE rounding rule (the only one on the platform): round half up to the fen, i.e. to the
 * nearest fen, with an exact half fen going up (away from zero for the rare negative
 * intermediate, so rounding is symmetric). 0.5 fen → 1 fen; 0.49 fen → 0 fen.
 */

export const BP_PER_UNIT = 10_000;
const BP = 10_000n;

function assertFen(fen: number, what = 'fen'): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`${what} must be a safe integer, got ${fen}`);
}

function toSafeNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`result ${v} is outside the safe integer range`);
  return n;
}

/** numerator / denominator, rounded half up (half away from zero), exactly. */
function divRoundBig(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divRoundBig(-numerator, -denominator);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = abs / denominator;
  const r = abs % denominator;
  const rounded = r * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** fen × bp / 10000, rounded half up to the fen. `mulBp(100001, 13000)` = 130001 (130001.3). */
export function mulBp(fen: number, bp: number): number {
  assertFen(fen);
  assertFen(bp, 'bp');
  return toSafeNumber(divRoundBig(BigInt(fen) * BigInt(bp), BP));
}

/** fen / divisor, rounded half up to the fen (used for per-capita and monthly averages). */
export function divRound(fen: number, divisor: number): number {
  assertFen(fen);
  if (!Number.isSafeInteger(divisor) || divisor === 0) throw new RangeError(`divisor must be a non-zero integer, got ${divisor}`);
  return toSafeNumber(divRoundBig(BigInt(fen), BigInt(divisor)));
}

/** fen × an integer count (members, months), checked to stay a safe integer. */
export function mulInt(fen: number, factor: number): number {
  assertFen(fen);
  assertFen(factor, 'factor');
  return toSafeNumber(BigInt(fen) * BigInt(factor));
}

/** Exact comparison a ≥ b × bp / 10000, with no rounding at all ("不低于 1.3 倍" means exactly that). */
export function isAtLeastRatio(a: number, b: number, bp: number): boolean {
  assertFen(a);
  assertFen(b);
  assertFen(bp, 'bp');
  return BigInt(a) * BP >= BigInt(b) * BigInt(bp);
}

/**
 * Splits `totalFen` into parts that sum exactly to it (largest-remainder method).
 * `parts` is a count (equal shares) or a list of non-negative integer weights.
 * Each part first gets floor(total × weight / Σweights); the fen left over go one each to the
 * parts with the largest remainders, ties to the earlier part, so the result is deterministic.
 */
export function allocate(totalFen: number, parts: number | readonly number[]): number[] {
  assertFen(totalFen);
  if (totalFen < 0) throw new RangeError('allocate: total must be ≥ 0');
  const weights =
    typeof parts === 'number'
      ? (() => {
          if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError('allocate: count must be an integer ≥ 1');
          return Array.from({ length: parts }, () => 1);
        })()
      : [...parts];
  if (weights.length === 0) throw new RangeError('allocate: at least one part');
  for (const w of weights) if (!Number.isSafeInteger(w) || w < 0) throw new RangeError('allocate: weights must be integers ≥ 0');
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  if (sum === 0n) throw new RangeError('allocate: weights must not all be zero');
  const total = BigInt(totalFen);
  const base = weights.map((w) => (total * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * BigInt(w)) % sum }));
  let left = total - base.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    base[i] = (base[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return base.map(Number);
}

/** "1,234.56 元" — fen as yuan with thousands separators and always two decimals. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const negative = fen < 0;
  const abs = BigInt(negative ? -fen : fen);
  const yuan = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents} 元`;
}

/** "1234.56" — fen as yuan with two decimals and no separators, for files people read (bank files, CSV). */
export function plainYuan(fen: number): string {
  assertFen(fen);
  const abs = BigInt(fen < 0 ? -fen : fen);
  return `${fen < 0 ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Yuan written as a decimal string ("3000", "1234.5", "0.07") → fen, exactly. */
export function parseYuan(text: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) throw new RangeError(`not an amount in yuan: ${text}`);
  const fen = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return toSafeNumber(m[1] ? -fen : fen);
}
