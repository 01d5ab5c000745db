/**
 * Response headers at the edge, shared by CloudFront's response headers policy and the local gateway.
 * No inline scripts: every script is a file of our own origin.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // The workbench exchanges its sign-in code at the OIDC issuer's token endpoint (PKCE).
    ['connect-src', "'self'", ...connectOrigins].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The policy with no issuer beside our own origin (the local runtime, where sign-in is local). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

export const HSTS_MAX_AGE_SECONDS = 31_536_000;

export const EDGE_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The rewrite the CloudFront Function does: directory URLs to their index.html. */
export function rewriteDirectoryIndex(uri: string): string {
  if (uri.endsWith('/')) return `${uri}index.html`;
  const last = uri.slice(uri.lastIndexOf('/') + 1);
  return last.includes('.') ? uri : `${uri}/index.html`;
}
