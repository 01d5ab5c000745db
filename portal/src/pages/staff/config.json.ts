/**
 * /staff/config.json, written at BUILD time: how the workbench signs people in.
 *
 * - Locally (no issuer configured): `{ "mode": "local" }` — a role picker that calls POST /api/v1/dev/token.
 * - On AWS, build with the identity settings of the stage:
 *     STAFF_OIDC_ISSUER=https://cognito-idp.<region>.amazonaws.com/<poolId>   (or 皖事通's issuer in the China regions)
 *     STAFF_OIDC_CLIENT_ID=<public app client id, no secret>
 *     STAFF_OIDC_AUTHORIZATION_ENDPOINT / STAFF_OIDC_TOKEN_ENDPOINT   (optional: skip discovery; required when
 *       the CSP's connect-src does not allow the issuer's discovery document)
 *     STAFF_OIDC_SCOPE (default "openid"), STAFF_OIDC_API_TOKEN ("access" default, or "id")
 *   and the page runs the authorization-code flow with PKCE (public/staff-auth.js).
 * The values are placeholders until the stage's identity is deployed; nothing here is secret.
 */
import type { APIRoute } from 'astro';

export const GET: APIRoute = () => {
  const env = process.env;
  const issuer = env.STAFF_OIDC_ISSUER ?? '';
  const config = issuer
    ? {
        mode: 'oidc',
        issuer,
        clientId: env.STAFF_OIDC_CLIENT_ID ?? 'REPLACE_WITH_CLIENT_ID',
        redirectPath: '/staff/',
        scope: env.STAFF_OIDC_SCOPE ?? 'openid',
        apiToken: env.STAFF_OIDC_API_TOKEN === 'id' ? 'id' : 'access',
        ...(env.STAFF_OIDC_AUTHORIZATION_ENDPOINT ? { authorizationEndpoint: env.STAFF_OIDC_AUTHORIZATION_ENDPOINT } : {}),
        ...(env.STAFF_OIDC_TOKEN_ENDPOINT ? { tokenEndpoint: env.STAFF_OIDC_TOKEN_ENDPOINT } : {}),
      }
    : { mode: 'local', devTokenPath: '/api/v1/dev/token' };
  return new Response(JSON.stringify(config, null, 2), { headers: { 'content-type': 'application/json' } });
};
