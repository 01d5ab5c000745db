import { writeFileSync } from 'node:fs';

/** One line of `npm run bench`, and of the git-ignored bench-results.json. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  /** The largest ratio (or, with no baseline, value) allowed; null when the row is context only. */
  budget: number | null;
}

const fmt = (n: number | null, digits = 1) => (n === null ? '—' : n.toFixed(digits));

export function verdict(r: Row): string {
  if (r.budget === null) return '';
  const measured = r.ratio ?? r.value;
  return measured <= r.budget ? 'ok' : 'OVER';
}

export function printTable(rows: Row[]): void {
  const header = ['name', 'value', 'unit', 'baseline', 'ratio', 'budget', ''];
  const body = rows.map((r) => [r.name, fmt(r.value), r.unit, fmt(r.baseline), fmt(r.ratio, 2), r.budget === null ? '—' : String(r.budget), verdict(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const b of body) console.log(line(b));
}

export function writeResults(rows: Row[], file = 'bench-results.json'): void {
  writeFileSync(
    file,
    `${JSON.stringify(
      rows.map((r) => ({ ...r, value: Number(r.value.toFixed(3)), ratio: r.ratio === null ? null : Number(r.ratio.toFixed(3)) })),
      null,
      2,
    )}\n`,
  );
}
