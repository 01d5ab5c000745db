/**
 * Page weight of the built portal (docs/architecture.md § Performance budgets: each public page ≤ 60 KB gzip in total, HTML, CSS
 * and JS together). Used by test/portal/build.test.ts and reusable by the bench.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DISPLAY_STYLESHEET } from '../../shared/http/site-page.ts';

export const PAGE_BUDGET_BYTES = 60 * 1024;

export interface PageWeight {
  /** URL path of the page, e.g. '/policy/5/'. */
  page: string;
  /** Gzip bytes (level 9) of the HTML. */
  html: number;
  /** Gzip bytes of the stylesheets the page links. */
  css: number;
  /** Gzip bytes of the scripts the page loads. */
  js: number;
  total: number;
  /** The referenced assets, as URL paths. */
  assets: string[];
}

export function htmlFiles(distDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) out.push(full);
    }
  };
  walk(distDir);
  return out.sort();
}

/** '/work/.../dist/policy/5/index.html' → '/policy/5/'; '404.html' → '/404.html'. */
export function pagePath(distDir: string, file: string): string {
  const rel = relative(distDir, file).split(sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

const gz = (buf: Buffer | string) => gzipSync(buf, { level: 9 }).length;

/** Local stylesheets and scripts an HTML document references (absolute or root-relative URLs only). */
export function referencedAssets(html: string): { css: string[]; js: string[] } {
  const css = [...html.matchAll(/<link\b[^>]*\brel=["']?stylesheet["']?[^>]*>/giu)]
    .map((m) => /\bhref=["']?([^"'\s>]+)/iu.exec(m[0])?.[1])
    .filter((h): h is string => !!h && h.startsWith('/') && !h.startsWith('//'));
  const js = [...html.matchAll(/<script\b[^>]*\bsrc=["']?([^"'\s>]+)/giu)].map((m) => m[1]).filter((h): h is string => !!h && h.startsWith('/') && !h.startsWith('//'));
  return { css, js };
}

/** Module scripts (portal/src/scripts, bundled into /_astro/) load their shared chunks too: weigh those once each. */
function withImports(distDir: string, scripts: string[]): string[] {
  const seen = new Set<string>();
  const visit = (url: string) => {
    const path = url.split(/[?#]/u)[0]!;
    if (seen.has(path)) return;
    seen.add(path);
    if (!path.startsWith('/_astro/')) return;
    const code = readFileSync(join(distDir, path), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.\/[^"']+\.js)["']/gu)) visit(posix.join(posix.dirname(path), m[1]!));
  };
  for (const s of scripts) visit(s);
  return [...seen];
}

export function pageWeights(distDir: string): PageWeight[] {
  const cache = new Map<string, number>();
  // The display stylesheet is chosen by a cookie (shared/http/display.ts): weigh its largest variant.
  const displayDir = join(distDir, 'display');
  const largestDisplay = () => Math.max(0, ...readdirSync(displayDir).map((f) => gz(readFileSync(join(displayDir, f)))));
  const asset = (url: string) => {
    const path = url.split(/[?#]/u)[0]!;
    if (path === DISPLAY_STYLESHEET) return largestDisplay();
    let n = cache.get(path);
    if (n === undefined) {
      n = gz(readFileSync(join(distDir, path)));
      cache.set(path, n);
    }
    return n;
  };
  return htmlFiles(distDir).map((file) => {
    const text = readFileSync(file, 'utf8');
    const { css, js: scripts } = referencedAssets(text);
    const js = withImports(distDir, scripts);
    const html = gz(text);
    const cssBytes = css.reduce((s, u) => s + asset(u), 0);
    const jsBytes = js.reduce((s, u) => s + asset(u), 0);
    return { page: pagePath(distDir, file), html, css: cssBytes, js: jsBytes, total: html + cssBytes + jsBytes, assets: [...css, ...js] };
  });
}
