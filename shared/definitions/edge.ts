/**
 * Response headers at the edge, shared by CloudFront's response headers policy and the local gateway.
 * No inline scripts: every script is a file of our own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
