import { createHash } from 'node:crypto';

/**
 * 评审专家随机抽取 (measure 十八; 政府采购评审专家管理办法 财库〔2016〕198号): evaluators are drawn at
 * random from the 专家库, and anyone can re-run the draw from what is recorded.
 *
 * The draw is a pure function of (eligible ids, seed, size):
 * 1. the eligible experts are the active pool minus every expert with a declared conflict with any
 *    bidder, sorted by id (so storage order cannot change the result);
 * 2. sfc32 (Chris Doty-Humphrey's Small Fast Counter, 32-bit) is seeded with the first 16 bytes of
 *    SHA-256(seed) as four little-endian 32-bit words, and warmed up with 15 outputs;
 * 3. a Fisher–Yates shuffle from the end, taking j = floor(next() × (i + 1)) using the 32-bit output
 *    as next() / 2^32, until `size` ids are fixed; those are the panel, in draw order.
 * The seed is 32 random bytes (hex) chosen when the draw is made and recorded with the pool, so an
 * auditor re-running `drawPanel(eligible, seed, size)` gets the same panel. Not for cryptographic use:
 * its unpredictability comes from the random seed, its reproducibility from the generator.
 */
export function sfc32(seed: string): () => number {
  const h = createHash('sha256').update(seed, 'utf8').digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

export function drawPanel(eligible: readonly string[], seed: string, size: number): string[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const ids = [...new Set(eligible)].sort();
  if (ids.length < size) throw new RangeError(`only ${ids.length} eligible experts for a panel of ${size}`);
  const next = sfc32(seed);
  const drawn: string[] = [];
  for (let i = ids.length - 1; drawn.length < size; i--) {
    const j = Math.floor((next() / 2 ** 32) * (i + 1));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    drawn.push(ids[i]!);
  }
  return drawn;
}

/** Who may sit: active experts with no declared conflict with any bidder (回避, 政府采购法实施条例 Art. 9). */
export function eligibleExperts(pool: readonly { sub: string; active: boolean; conflicts: readonly string[] }[], bidders: readonly string[]) {
  const eligible: string[] = [];
  const excluded: { sub: string; reason: string }[] = [];
  for (const e of pool) {
    if (!e.active) continue;
    const hit = e.conflicts.find((org) => bidders.includes(org));
    if (hit) excluded.push({ sub: e.sub, reason: `与投标人 ${hit} 存在利害关系（已申报回避）` });
    else eligible.push(e.sub);
  }
  return { eligible: eligible.sort(), excluded };
}
