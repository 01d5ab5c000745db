/**
 * Silent renewal through the identity provider, the path used on AWS (portal/public/staff-auth.js, oidc mode):
 * the workbench signs in with the authorization-code flow and PKCE, keeps the refresh token in memory only,
 * and renews with the refresh-token grant while a long visit write-up stays in its field. The identity
 * provider is played by the test (Playwright routes on the portal's own origin, so the page's CSP stays on);
 * the tokens it hands out are real tokens of the local issuer, so the API checks them as it checks any.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, must } from '../integration/workflow-support.ts';
import { staffWorkbench } from './staff-support.ts';
import { HAVE_CHROMIUM } from './browser-support.ts';

declare const window: any;

let p: TestPlatform;
let base = '';
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const { desk, start, stop } = staffWorkbench(clock);
const CW = { township: '341602001', sub: 'oidc-cw' };
const WRITE_UP = '入户调查：老人独居，房屋漏雨，靠亲友接济。'.repeat(6);
const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');
const idToken = (nonce: string) => `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify({ sub: CW.sub, nonce, name: '王社工' }))}.`;

describe.skipIf(!HAVE_CHROMIUM)('silent renewal through the identity provider (oidc mode)', () => {
  let ref = '';
  beforeAll(async () => {
    ({ p, base } = await start());
    ref = await apply(p, dibaoApplication(idNumber('19480404', '972')));
    await must(p, await p.tokenFor('caseworker', CW), ref, 'accept');
  }, 120_000);
  afterAll(stop);

  it('signs in with PKCE, renews with the refresh token (rotated) and keeps the write-up', async () => {
    const page = await desk();
    const seen: { authorize?: URL; grants: URLSearchParams[] } = { grants: [] };
    const issued: string[] = [];
    await page.route(`${base}/staff/config.json`, (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          mode: 'oidc',
          issuer: `${base}/idp`,
          clientId: 'bozhou-staff',
          redirectPath: '/staff/',
          scope: 'openid',
          apiToken: 'access',
          authorizationEndpoint: `${base}/idp/authorize`,
          tokenEndpoint: `${base}/idp/token`,
        }),
      }),
    );
    await page.route(`${base}/idp/authorize**`, (route) => {
      const u = new URL(route.request().url());
      seen.authorize = u;
      return route.fulfill({ status: 302, headers: { location: `${base}/staff/?code=CODE-1&state=${encodeURIComponent(u.searchParams.get('state')!)}` } });
    });
    await page.route(`${base}/idp/token`, async (route) => {
      const form = new URLSearchParams(route.request().postData() ?? '');
      seen.grants.push(form);
      // A new access token of the local issuer each time (a minute later, so it differs), and a rotated refresh token.
      clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
      const access = await p.tokenFor('caseworker', CW);
      issued.push(access);
      const n = seen.grants.length;
      const body =
        form.get('grant_type') === 'authorization_code'
          ? { access_token: access, id_token: idToken(seen.authorize!.searchParams.get('nonce')!), refresh_token: 'R-1', expires_in: 900, token_type: 'Bearer' }
          : { access_token: access, refresh_token: `R-${n}`, expires_in: 900, token_type: 'Bearer' };
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    });

    await page.goto(`${base}/staff/?v=case&ref=${ref}`);
    await page.getByRole('button', { name: '统一身份认证登录' }).click();
    const findings = page.locator('#act-recordVisit-findings');
    await findings.waitFor({ state: 'attached', timeout: 20_000 });
    // PKCE: the verifier sent to the token endpoint hashes to the challenge sent to the authorization endpoint.
    const first = seen.grants[0]!;
    expect(first.get('grant_type')).toBe('authorization_code');
    expect(first.get('code')).toBe('CODE-1');
    expect(seen.authorize!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(b64url(createHash('sha256').update(first.get('code_verifier')!).digest())).toBe(seen.authorize!.searchParams.get('code_challenge'));
    expect(new URL(page.url()).search).toBe(`?v=case&ref=${ref}`);

    if (!(await findings.isVisible())) await page.locator('#case-actions summary', { hasText: '录入入户调查' }).click();
    await findings.fill(WRITE_UP);
    const marker = await page.evaluate(() => (window.__doc = Math.random()));
    const authorizations: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/cases/')) authorizations.push(r.headers().authorization ?? '');
    });

    for (const n of [2, 3]) {
      expect(await page.evaluate(() => window.BozhouStaffAuth.renew())).toBe(true);
      const grant = seen.grants[n - 1]!;
      expect(Object.fromEntries(grant)).toEqual({ grant_type: 'refresh_token', refresh_token: `R-${n - 1}`, client_id: 'bozhou-staff' });
      const status = await page.evaluate((r: string) => window.BozhouStaffAuth.api('GET', `/api/v1/cases/${r}`).then((x: { status: number }) => x.status), ref);
      expect(status).toBe(200);
      expect(authorizations.at(-1)).toBe(`Bearer ${issued[n - 1]}`);
    }
    // Nothing was redrawn, the text is where it was, and no token or write-up is in storage.
    expect(await page.evaluate(() => window.__doc)).toBe(marker);
    expect(await findings.inputValue()).toBe(WRITE_UP);
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }));
    expect(stored).not.toContain('R-');
    expect(stored).not.toContain(issued[0]!.slice(0, 20));
    expect(stored).not.toContain('入户调查');
    expect((page as any).problems).toEqual([]);
  });
});
