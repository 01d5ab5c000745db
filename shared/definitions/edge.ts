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

/**
 * Caching of the portal's files, one rule for both runtimes (docs/architecture.md § Edge): S3 objects get it
 * at deployment (infra/edge.ts) and CloudFront's CachingOptimized policy honours it; the local gateway sends
 * the same. Hashed build assets never change; pages are revalidated every time (a cheap 304) so a new
 * deployment shows at once; the stable-named files of public/ (/site.css, /a11y.js …) are used without a
 * request for five minutes and then revalidated in the background, so a slow phone never waits for them.
 */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_PAGE = 'no-cache';
export const CACHE_STATIC = 'public, max-age=300, stale-while-revalidate=86400';
export function portalCacheControl(path: string): string {
  if (path.startsWith('/_astro/')) return CACHE_IMMUTABLE;
  if (path.endsWith('.html')) return CACHE_PAGE;
  return CACHE_STATIC;
}

/** What CloudFront compresses (`compress: true`): these types, from 1,000 bytes to 10 MB; the local gateway does the same. */
export const COMPRESS_MIN_BYTES = 1000;
export const COMPRESS_MAX_BYTES = 10_000_000;
export const compressible = (contentType: string | undefined): boolean => /^(text\/|application\/(javascript|json|problem\+json|xml)|image\/svg\+xml)/u.test(contentType ?? '');
