/**
 * The local gateway compresses and caches the portal the way CloudFront is configured (one definition:
 * shared/definitions/edge.ts), so a slow phone downloads a page's stylesheet and scripts once.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { buildPortalOnce, DIST } from '../portal/build-portal.ts';
import { CACHE_IMMUTABLE, CACHE_PAGE, CACHE_STATIC, portalCacheControl } from '../../shared/definitions/edge.ts';

let p: TestPlatform;
beforeAll(async () => {
  await buildPortalOnce();
  p = await startTestPlatform({ portalDir: DIST });
}, 180_000);
afterAll(async () => p?.stop());

describe('compression and caching, as at the edge', () => {
  it('one rule for each kind of file', () => {
    expect(portalCacheControl('/apply/form/index.html')).toBe(CACHE_PAGE);
    expect(portalCacheControl('/_astro/page.abc123.js')).toBe(CACHE_IMMUTABLE);
    expect(portalCacheControl('/site.css')).toBe(CACHE_STATIC);
  });

  it('pages, the stylesheet and API answers come compressed, with the caching headers', async () => {
    for (const [path, cache] of [
      ['/apply/form/', CACHE_PAGE],
      ['/site.css', CACHE_STATIC],
      ['/apply.js', CACHE_STATIC],
    ] as const) {
      const res = await fetch(`${p.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe(cache);
      // fetch decodes; the header says it came compressed.
      expect(res.headers.get('content-encoding'), path).toBe('gzip');
      expect(res.headers.get('vary'), path).toBe('Accept-Encoding');
      expect((await res.text()).length, path).toBeGreaterThan(1000);
    }
    const br = await fetch(`${p.url}/site.css`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const api = await fetch(`${p.url}/api/v1/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers.get('content-encoding')).toBe('gzip');
    // Nothing asked for, nothing compressed.
    const plain = await fetch(`${p.url}/site.css`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('the bytes are really gzip and the same file', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${p.url}/site.css`);
    const raw: Buffer = await new Promise((resolve, reject) => {
      request({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    const text = gunzipSync(raw).toString('utf8');
    expect(text).toContain('亳州市社会救助服务平台');
    expect(raw.length).toBeLessThan(text.length / 2);
  });
});
