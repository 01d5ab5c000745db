import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Comments cite the design as `docs/architecture.md § <heading>`; a citation of a heading that does not
 * exist (renamed, never written) is as useless as the old "DESIGN §n", so every one is checked here.
 */
const ROOT = join(import.meta.dirname, '../../..');
const DOC = 'docs/architecture.md';
const SKIP = new Set(['node_modules', '.git', 'dist', 'cdk.out', '.data', '.astro', 'coverage']);
const EXTENSIONS = /\.(ts|js|mjs|astro|md)$/;

/** `## 6. Consistency` → `Consistency`; headings of levels 2–4. */
export function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{2,4}\s+(?:\d+\.\s+)?(.+?)\s*$/gm)].map((m) => m[1]!);
}

/**
 * Every cited heading: after `docs/architecture.md §` the longest heading the text starts with, then more
 * after `, §`. Comment continuation lines (` * `, `// `) are joined first, so a citation may wrap.
 * Returns what could not be matched, with its file.
 */
export function unknownCitations(file: string, text: string, headings: string[]): string[] {
  const joined = text.replace(/\n[ \t]*(?:\*(?!\/)|\/\/|#)?[ \t]*/g, ' ');
  const byLength = [...headings].sort((a, b) => b.length - a.length);
  const bad: string[] = [];
  for (const m of joined.matchAll(/docs\/architecture\.md §/g)) {
    let rest = joined.slice(m.index + m[0].length);
    for (;;) {
      rest = rest.replace(/^\s+/, '');
      const h = byLength.find((x) => rest.startsWith(x) && !/^[\p{L}\p{N}]/u.test(rest.slice(x.length)));
      if (!h) {
        bad.push(`${file}: § ${rest.slice(0, 40)}`);
        break;
      }
      rest = rest.slice(h.length);
      const more = /^,\s*§/.exec(rest);
      if (!more) break;
      rest = rest.slice(more[0].length);
    }
  }
  return bad;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (EXTENSIONS.test(entry.name)) yield path;
  }
}

describe(`citations of ${DOC}`, () => {
  const headings = headingsOf(readFileSync(join(ROOT, DOC), 'utf8'));

  it('finds the headings and a citation in each form (wrapped, chained)', () => {
    expect(headings).toEqual(expect.arrayContaining(['Consistency', 'Audit', 'One definition, two runtimes']));
    const cite = `${DOC} §`;
    expect(unknownCitations('x', `(${cite} Consistency, § Audit)`, headings)).toEqual([]);
    expect(unknownCitations('x', ` * (${cite}\n * One definition, two runtimes).`, headings)).toEqual([]);
    expect(unknownCitations('x', `(${cite} Consistent)`, headings)).toEqual(['x: § Consistent)']);
    expect(unknownCitations('x', `(${cite} Audits)`, headings)).toEqual(['x: § Audits)']);
    expect(unknownCitations('x', `(${cite} Audit, § Nowhere)`, headings)).toEqual(['x: § Nowhere)']);
  });

  it('every citation in the code and docs names a heading that exists', () => {
    const bad: string[] = [];
    let count = 0;
    for (const path of sourceFiles(ROOT)) {
      const file = relative(ROOT, path);
      if (file === DOC || file === 'test/unit/docs/citations.test.ts') continue;
      const text = readFileSync(path, 'utf8');
      count += text.split(`${DOC} §`).length - 1;
      bad.push(...unknownCitations(file, text, headings));
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(50);
  });

  it('nothing cites the old design document that is not in the repository', () => {
    const old: string[] = [];
    for (const path of sourceFiles(ROOT)) {
      const file = relative(ROOT, path);
      if (file === 'test/unit/docs/citations.test.ts') continue;
      if (/DESIGN(\.md)? ?§|DESIGN\.md "/.test(readFileSync(path, 'utf8'))) old.push(file);
    }
    expect(old).toEqual([]);
  });
});
