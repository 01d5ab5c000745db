/**
 * 申请编号: county prefix, date, a daily sequence and a check character, e.g. `QC-261128-0007-K`.
 * Easy to read aloud on the phone to 12345: the alphabet leaves out I, O, S, V and Z (as GB 32100 does),
 * and the check character catches a mistyped digit or two swapped ones.
 */
export const COUNTY_PREFIX: Record<string, string> = { '341602': 'QC', '341621': 'GY', '341622': 'MC', '341623': 'LX' };
export const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function checkChar(body: string): string {
  let sum = 0;
  for (const [i, ch] of [...body].entries()) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    sum += v * (i + 1);
  }
  return ALPHABET[sum % 31]!;
}

export function makeReference(county: string, date: string, seq: number): string {
  const prefix = COUNTY_PREFIX[county];
  if (!prefix) throw new Error(`no prefix for county ${county}`);
  const body = `${prefix}-${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}-${String(seq).padStart(4, '0')}`;
  return `${body}-${checkChar(body)}`;
}

export const REFERENCE_SHAPE = /^(QC|GY|MC|LX)-\d{6}-\d{4,6}-[0-9A-HJ-NPQRTUWXY]$/;

/**
 * As people type it from a slip of paper: lower case, spaces, full-width characters, other dashes or none
 * ("qc 261202 0019 f" → "QC-261202-0019-F"); O and I, which the alphabet leaves out, read as 0 and 1.
 * Anything not shaped like a reference is returned upper-cased without spaces, and then not found.
 */
export function normalizeReference(input: string): string {
  const plain = input.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  const bare = plain.replace(/[-‐‑‒–—―－_.·]/gu, '');
  const m = /^([A-Z]{2})([0-9OI]{6})([0-9OI]{4,6})([0-9A-Z])$/u.exec(bare);
  if (!m) return plain;
  const digits = (t: string) => t.replace(/O/gu, '0').replace(/I/gu, '1');
  return `${m[1]}-${digits(m[2]!)}-${digits(m[3]!)}-${digits(m[4]!)}`;
}

export function isValidReference(input: string): boolean {
  const ref = normalizeReference(input);
  if (!REFERENCE_SHAPE.test(ref)) return false;
  return checkChar(ref.slice(0, -2)) === ref.slice(-1);
}
