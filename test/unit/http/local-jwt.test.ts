import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SignJWT, importJWK, type CryptoKey } from 'jose';
import { createIssuer, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../../infra/local/jwt.ts';

/** The local issuer holds tokens as a real authorizer would: exp required, lifetime capped, no future iat. */
describe('the local issuer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'issuer-'));
  const issuer = await createIssuer(dir);
  const jwk = JSON.parse(readFileSync(join(dir, 'local-issuer-key.json'), 'utf8'));
  const key = (await importJWK(jwk.private, 'ES256')) as CryptoKey;
  const now = new Date('2026-03-02T10:00:00+08:00');
  const t = Math.floor(now.getTime() / 1000);
  const sign = (claims: { iat?: number; exp?: number; sub?: string }) => {
    const jwt = new SignJWT({ 'cognito:groups': ['admin'] }).setProtectedHeader({ alg: 'ES256' }).setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE);
    if (claims.sub !== undefined) jwt.setSubject(claims.sub);
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(key);
  };

  it('accepts its own tokens', async () => {
    const token = await issuer.mint('admin-1', 'admin', now);
    expect((await issuer.verify(token, now)).sub).toBe('admin-1');
  });

  it.each([
    ['no exp', { sub: 'a', iat: t }],
    ['no iat', { sub: 'a', exp: t + 600 }],
    ['no sub', { iat: t, exp: t + 600 }],
    ['an iat in the future', { sub: 'a', iat: t + 3600, exp: t + 4000 }],
    ['a lifetime of a year', { sub: 'a', iat: t, exp: t + 365 * 24 * 3600 }],
    ['a lifetime of two hours', { sub: 'a', iat: t - 60, exp: t + 7200 }],
    ['an old iat with a far exp', { sub: 'a', iat: t - 2 * 3600, exp: t + 600 }],
    ['an expired token', { sub: 'a', iat: t - 1200, exp: t - 300 }],
  ])('refuses a token with %s', async (_, claims) => {
    await expect(issuer.verify(await sign(claims), now)).rejects.toThrow();
  });
});
