/**
 * The portal build: every page exists, no inline scripts or styles (CSP), zh-CN, the page-weight
 * budget (docs/architecture.md § Performance budgets), and the content-integrity refusal (docs/architecture.md § Content integrity) both through the function
 * the pages use and through a real Astro build fed the as-received text.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentIntegrityError, loadPolicy } from '../../portal/src/lib/content.ts';
import { readMeasuresText } from '../../shared/policy/load-measures.ts';
import { buildPortalOnce, DIST, PORTAL, REPO, runAstro, withBuildLock, type RunResult } from './build-portal.ts';
import { htmlFiles, PAGE_BUDGET_BYTES, pagePath, pageWeights } from './weights.ts';

const AS_RECEIVED_CANDIDATES = [join(REPO, '..', 'shared', 'fixtures', 'content', 'measures-as-received.txt'), '/work/shared/fixtures/content/measures-as-received.txt'];
const AS_RECEIVED = AS_RECEIVED_CANDIDATES.find((p) => existsSync(p));

let build: RunResult | undefined;
const read = (path: string) => readFileSync(join(DIST, path), 'utf8');

beforeAll(async () => {
  build = await buildPortalOnce();
}, 180_000);

describe('portal build', () => {
  it('builds (timing logged)', () => {
    if (build) console.log(`astro build: ${(build.ms / 1000).toFixed(1)} s`);
    expect(existsSync(join(DIST, 'index.html'))).toBe(true);
  });

  it('has a page for every measure, with its numeral, title and text', () => {
    const { measures } = loadPolicy(readMeasuresText());
    expect(measures).toHaveLength(23);
    for (const m of measures) {
      const html = read(`policy/${m.id}/index.html`);
      expect(html).toContain(`<h1>（${m.numeral}）${m.title}</h1>`);
      expect(html).toContain(m.text.slice(0, 20));
      expect(html).not.toMatch(/按职责分工负责<\/p>\s*<\/div>/u);
    }
    expect(existsSync(join(DIST, 'policy/24/index.html'))).toBe(false);
  });

  it('lists the 23 measures on /policy/, in order, with the document metadata', () => {
    const html = read('policy/index.html');
    const links = [...html.matchAll(/<li data-search="[^"]*"><a href="\/policy\/(\d+)\/">/gu)].map((m) => Number(m[1]));
    expect(links).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(html).toContain('<dt>成文日期</dt><dd>原文未载明</dd>');
    expect(html).toContain('中共亳州市委办公室、亳州市人民政府办公室');
    expect((html.match(/<h3 id="chapter-\d">/gu) ?? []).length).toBe(7);
  });

  it('builds the guides and the areas page, and links only pages that exist', () => {
    for (const p of ['guide/index.html', 'guide/dibao/index.html', 'guide/tekun/index.html', 'guide/linshi/index.html', 'areas/index.html', '404.html']) {
      expect(existsSync(join(DIST, p)), p).toBe(true);
    }
    const areas = read('areas/index.html');
    for (const code of ['341602', '341621', '341622', '341623']) expect(areas).toContain(code);
    expect(areas).toContain('/api/v1/areas');
    const dibao = read('guide/dibao/index.html');
    expect(dibao).toContain('20个工作日');
    expect(dibao).toContain('60日内');
    expect(dibao).toContain('6个月内');
    // Every internal link resolves to a built file (except the API, served by the gateway).
    for (const file of htmlFiles(DIST)) {
      const html = readFileSync(file, 'utf8');
      for (const [, href] of html.matchAll(/<a\b[^>]*\bhref="(\/[^"#?]*)[^"]*"/gu)) {
        if (href!.startsWith('/api/')) continue;
        const target = href!.endsWith('/') ? join(DIST, href!, 'index.html') : join(DIST, href!);
        expect(existsSync(target), `${pagePath(DIST, file)} links ${href}`).toBe(true);
      }
    }
  });

  it('emits no inline script or style, and every page is zh-CN with one h1 and a main landmark', () => {
    const files = htmlFiles(DIST);
    expect(files.length).toBeGreaterThanOrEqual(31);
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      const where = pagePath(DIST, file);
      for (const [tag] of html.matchAll(/<script\b[^>]*>/giu)) expect(tag, `${where}: ${tag}`).toMatch(/\bsrc=/u);
      expect(html, where).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/iu);
      expect(html, where).not.toMatch(/<style\b/iu);
      expect(html, where).not.toMatch(/\sstyle=/iu);
      expect(html, where).not.toMatch(/\son[a-z]+=/iu);
      expect(html, where).toMatch(/<html lang="zh-CN">/u);
      expect((html.match(/<h1\b/gu) ?? []).length, where).toBe(1);
      expect(html, where).toMatch(/<main id="main"/u);
      expect(html, where).toContain('12345');
    }
  });

  it(`keeps every page within ${PAGE_BUDGET_BYTES / 1024} KB gzip (HTML + CSS + JS)`, () => {
    const weights = pageWeights(DIST);
    const rows = weights.map(
      (w) => `${w.page.padEnd(16)} html ${(w.html / 1024).toFixed(1)} KB  css ${(w.css / 1024).toFixed(1)} KB  js ${(w.js / 1024).toFixed(1)} KB  total ${(w.total / 1024).toFixed(1)} KB`,
    );
    console.log(`page weights (gzip -9):\n${rows.join('\n')}`);
    expect(weights.length).toBeGreaterThanOrEqual(31);
    for (const w of weights) {
      expect(w.total, w.page).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
      expect(
        w.assets.some((a) => a.endsWith('.css')),
        `${w.page} links the stylesheet`,
      ).toBe(true);
    }
  });
});

describe.skipIf(!AS_RECEIVED)('the content build refuses tampered text', () => {
  const text = AS_RECEIVED ? readFileSync(AS_RECEIVED, 'utf8') : '';

  it('loadPolicy (what every page calls) refuses the as-received copy, naming measure (十六)’s line', () => {
    let error: unknown;
    try {
      loadPolicy(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentIntegrityError);
    const findings = (error as ContentIntegrityError).findings;
    const line16 = text.split('\n').findIndex((l) => l.startsWith('(十六)')) + 1;
    expect(findings[0]).toMatchObject({ line: line16, section: '（十六）', fragment: 'betway' });
    expect((error as Error).message).toContain(`第${line16}行`);
  });

  let tmp = '';
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a real Astro build fed the as-received text fails, naming the place', async () => {
    // Inside portal/.astro (git-ignored): the prerendered chunks must resolve the repo's node_modules.
    mkdirSync(join(PORTAL, '.astro'), { recursive: true });
    tmp = mkdtempSync(join(PORTAL, '.astro', 'refused-build-'));
    const fixture = join(tmp, 'as-received.txt');
    writeFileSync(fixture, text);
    const config = join(tmp, 'astro.config.mjs');
    // The portal's config, with the measures text swapped for the as-received copy at load time.
    // outDir is in that temp dir, removed afterwards, so nothing is left in the repo.
    writeFileSync(
      config,
      `import { readFileSync } from 'node:fs';
const text = readFileSync(${JSON.stringify(fixture)}, 'utf8');
export default {
  output: 'static',
  outDir: ${JSON.stringify(join(tmp, 'dist'))},
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  vite: { plugins: [{ name: 'swap-measures', enforce: 'pre', load(id) {
    if (id.includes('bozhou-measures.txt')) return 'export default ' + JSON.stringify(text) + ';';
  } }] },
};
`,
    );
    const result = await withBuildLock(() => runAstro(['build', '--root', PORTAL, '--config', relative(PORTAL, config)]));
    const out = `${result.stdout}\n${result.stderr}`;
    expect(result.code, out).not.toBe(0);
    expect(out).toContain('内容完整性检查未通过');
    expect(out).toMatch(/第25行第152列，措施（十六）.*betway/u);
    expect(existsSync(join(REPO, '.astro'))).toBe(false);
  }, 120_000);
});
