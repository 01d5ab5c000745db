/** Masking for anything shown in public (docs/architecture.md § Personal data): 张*三, 341602********123X, 138****1234. */

/** 张三 → 张*; 张小三 → 张*三; 欧阳小明 → 欧**明. Counts characters, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Keeps the 6-digit region code and the last 4 characters: 341602********123X. */
export function maskIdNumber(idNumber: string): string {
  const id = idNumber.replace(/[\s\u3000]/g, '').toUpperCase();
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 13812341234 → 138****1234; other lengths keep at most the first 3 and last 4. */
export function maskPhone(phone: string): string {
  const p = phone.replace(/[\s\u3000-]/g, '');
  if (p.length <= 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}
