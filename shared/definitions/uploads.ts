/**
 * Browser uploads straight to the documents bucket (docs/architecture.md § Request path and limits): the
 * workbench and the evidence page PUT a file to a presigned URL, which is another origin than the portal,
 * so the bucket answers CORS for the portal's origins only. One rule, built into the bucket by CDK
 * (infra/stack.ts) and answered by the local S3 gate (infra/local/s3.ts) the way S3 answers it.
 * The signature still decides: CORS only lets the portal's page read S3's answer.
 */
export const DOCUMENT_UPLOAD_CORS = {
  /** PUT to upload; GET so a page may read a presigned download back (a link needs no CORS). */
  allowedMethods: ['PUT', 'GET'] as const,
  /** The presigned PUT binds `content-type`; the browser sets `content-length` itself. */
  allowedHeaders: ['content-type'] as const,
  exposedHeaders: ['etag'] as const,
  maxAgeSeconds: 600,
};

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

/**
 * S3's answer to a CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) under the
 * rule: the headers to send with 200, or null for S3's 403 ("This CORS request is not allowed").
 */
export function corsPreflight(origins: readonly string[], origin: string | undefined, method: string | undefined, requestHeaders: string | undefined): Record<string, string> | null {
  if (!origin || !origins.includes(origin)) return null;
  if (!method || !(DOCUMENT_UPLOAD_CORS.allowedMethods as readonly string[]).includes(method.toUpperCase())) return null;
  const asked = list(requestHeaders);
  if (asked.some((h) => !(DOCUMENT_UPLOAD_CORS.allowedHeaders as readonly string[]).includes(h))) return null;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': DOCUMENT_UPLOAD_CORS.allowedMethods.join(', '),
    ...(asked.length ? { 'access-control-allow-headers': asked.join(', ') } : {}),
    'access-control-max-age': String(DOCUMENT_UPLOAD_CORS.maxAgeSeconds),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}

/** The CORS headers S3 adds to an actual request from an allowed origin, or none. */
export function corsActual(origins: readonly string[], origin: string | undefined, method: string | undefined): Record<string, string> {
  if (!origin || !origins.includes(origin) || !(DOCUMENT_UPLOAD_CORS.allowedMethods as readonly string[]).includes((method ?? '').toUpperCase())) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': DOCUMENT_UPLOAD_CORS.allowedMethods.join(', '),
    'access-control-expose-headers': DOCUMENT_UPLOAD_CORS.exposedHeaders.join(', '),
    'access-control-max-age': String(DOCUMENT_UPLOAD_CORS.maxAgeSeconds),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}
