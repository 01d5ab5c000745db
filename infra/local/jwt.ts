import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWTPayload, type CryptoKey } from 'jose';

/**
 * The local stand-in for the OIDC issuer behind the HTTP API's JWT authorizer: an ES256 key,
 * short-lived tokens carrying `sub` and `cognito:groups`, verified the way API Gateway verifies them.
 */
export const LOCAL_ISSUER = 'urn:bozhou-assistance:local-issuer';
export const LOCAL_AUDIENCE = 'bozhou-assistance-local';
export const TOKEN_MINUTES = 15;
/** The longest lifetime (exp − iat) a token may claim, and how far clocks may disagree. */
export const MAX_TOKEN_MINUTES = 60;
export const CLOCK_SKEW_SECONDS = 60;

export interface LocalIssuer {
  mint(sub: string, role: string, now?: Date): Promise<string>;
  verify(token: string, now?: Date): Promise<JWTPayload>;
}

export async function createIssuer(dataDir?: string): Promise<LocalIssuer> {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  const file = dataDir ? join(dataDir, 'local-issuer-key.json') : undefined;
  if (file && existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8'));
    privateKey = (await importJWK(jwk.private, 'ES256')) as CryptoKey;
    publicKey = (await importJWK(jwk.public, 'ES256')) as CryptoKey;
  } else {
    ({ privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true }));
    if (file) {
      mkdirSync(dataDir!, { recursive: true });
      writeFileSync(file, JSON.stringify({ private: await exportJWK(privateKey), public: await exportJWK(publicKey) }), { mode: 0o600 });
    }
  }
  return {
    async mint(sub, role, now = new Date()) {
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ 'cognito:groups': [role], token_use: 'access' })
        .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
        .setSubject(sub)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + TOKEN_MINUTES * 60)
        .sign(privateKey);
    },
    // As a real authorizer would hold tokens: `exp`, `iat` and `sub` required, an `iat` not in the
    // future, and a lifetime no longer than MAX_TOKEN_MINUTES — a signed token without `exp`, or one
    // minted for a year, is refused like a forged one.
    async verify(token, now = new Date()) {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: ['ES256'],
        currentDate: now,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: `${MAX_TOKEN_MINUTES}m`,
        clockTolerance: CLOCK_SKEW_SECONDS,
      });
      const nowSeconds = Math.floor(now.getTime() / 1000);
      if (payload.iat! > nowSeconds + CLOCK_SKEW_SECONDS) throw new Error('token issued in the future');
      if (payload.exp! - payload.iat! > MAX_TOKEN_MINUTES * 60) throw new Error('token lifetime too long');
      return payload;
    },
  };
}

/** The HTTP API hands claims to the function as strings; arrays become `[a b]`. */
export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
  }
  return out;
}
