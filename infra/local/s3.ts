import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { corsActual, corsPreflight } from '../../shared/definitions/uploads.ts';
import { freePort } from './ports.ts';

/**
 * An S3-compatible server (s3rver) for documents, payment files and audit anchors, on the loopback.
 *
 * s3rver answers unsigned requests, where S3 refuses them. Bank files hold account numbers and must be
 * reachable only through the presigned, expiring links the API hands out, locally too — so s3rver sits
 * behind a small gate: a request whose SigV4 signature — in its `Authorization` header (the SDK's own
 * calls) or in a presigned, unexpired URL — does not verify against the local credentials (s3rver does
 * not check either) is refused with S3's own 403 before it reaches s3rver.
 *
 * The gate also answers CORS as the deployed documents bucket does (shared/definitions/uploads.ts): a
 * preflight from the portal's origins gets the rule's headers without a signature, as on S3, any other 403;
 * an allowed origin's signed request gets them on the answer, so the workbench and the evidence page can
 * PUT a file to a presigned URL from the portal's origin.
 */
const LOCAL_SECRET = 'S3RVER';
export const LOCAL_BUCKETS = ['documents', 'payment-files', 'audit-anchors'] as const;

export interface LocalS3 {
  endpoint: string;
  /** The portal's origins, allowed by the CORS rule (known once the gateway listens). */
  allowOrigins(origins: readonly string[]): void;
  stop(): Promise<void>;
}

const denied = (message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`;

/** Why S3 would refuse this request before looking at the signature, or null. */
export function unsignedReason(url: URL, headers: Record<string, string | string[] | undefined>, now = Date.now()): string | null {
  if (headers.authorization) return null;
  const q = url.searchParams;
  if (!q.get('X-Amz-Signature')) return 'Anonymous access is not allowed; use a presigned URL';
  const date = q.get('X-Amz-Date') ?? '';
  const expires = Number(q.get('X-Amz-Expires'));
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!m || !Number.isInteger(expires) || expires <= 0 || expires > 7 * 24 * 3600) return 'Invalid presigned URL';
  const signedAt = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (now > signedAt + expires * 1000) return 'Request has expired';
  return null;
}

const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

type Headers = Record<string, string | string[] | undefined>;

interface Signed {
  method: string;
  rawPath: string;
  url: URL;
  headers: Headers;
  /** `<key>/<day>/<region>/<service>/aws4_request` */
  credential: string;
  signedHeaders: string[];
  amzDate: string;
  payloadHash: string;
  signature: string;
}

/** SigV4 as S3 computes it, with our local secret: whether `signature` is the one it gives. */
function sigV4Valid(s: Signed): boolean {
  const credential = s.credential.split('/');
  if (credential.length !== 5 || credential[4] !== 'aws4_request' || !s.signedHeaders.includes('host')) return false;
  const [, day, region, service] = credential as [string, string, string, string, string];
  const query = [...s.url.searchParams.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const header = (name: string) => {
    const v = s.headers[name];
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ');
  };
  const canonical = [s.method, s.rawPath, query, ...s.signedHeaders.map((h) => `${h}:${header(h)}`), '', s.signedHeaders.join(';'), s.payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', s.amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${LOCAL_SECRET}`, day), region), service), 'aws4_request');
  const expected = hmac(key, toSign);
  const given = Buffer.from(s.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether a presigned URL's SigV4 query signature is the one our local credentials give. */
export function presignedSignatureValid(method: string, rawPath: string, url: URL, headers: Headers): boolean {
  const q = url.searchParams;
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return false;
  return sigV4Valid({
    method,
    rawPath,
    url,
    headers,
    credential: q.get('X-Amz-Credential') ?? '',
    signedHeaders: (q.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean),
    amzDate: q.get('X-Amz-Date') ?? '',
    payloadHash: 'UNSIGNED-PAYLOAD',
    signature: q.get('X-Amz-Signature') ?? '',
  });
}

/**
 * Whether a request signed in its `Authorization` header (the SDK's own calls) carries the signature our
 * local credentials give. The payload hash is taken as declared in `x-amz-content-sha256`, as signed.
 */
export function headerSignatureValid(method: string, rawPath: string, url: URL, headers: Headers): boolean {
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(String(headers.authorization ?? ''));
  const amzDate = String(headers['x-amz-date'] ?? '');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? '');
  if (!m || !amzDate || !payloadHash) return false;
  return sigV4Valid({ method, rawPath, url, headers, credential: m[1]!, signedHeaders: m[2]!.split(';'), amzDate, payloadHash, signature: m[3]! });
}

function gate(targetPort: number, origins: () => readonly string[]): Server {
  return createServer((req, res) => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin.toLowerCase() : undefined;
    if (req.method === 'OPTIONS') {
      req.resume();
      const asked = req.headers['access-control-request-method'];
      const allowed = corsPreflight(origins(), origin, typeof asked === 'string' ? asked : undefined, String(req.headers['access-control-request-headers'] ?? ''));
      if (allowed) res.writeHead(200, allowed).end();
      else res.writeHead(403, { 'content-type': 'application/xml' }).end(denied('CORSResponse: This CORS request is not allowed.'));
      return;
    }
    const cors = corsActual(origins(), origin, req.method);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://local');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const signed = req.headers.authorization ? headerSignatureValid : presignedSignatureValid;
    const why = unsignedReason(url, req.headers) ?? (signed(req.method ?? 'GET', rawPath, url, req.headers) ? null : 'The request signature we calculated does not match the signature you provided');
    if (why) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml', ...cors }).end(denied(why));
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, { ...up.headers, ...cors });
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
}

export async function startS3(dataDir?: string): Promise<LocalS3> {
  const directory = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'bozhou-s3-'));
  mkdirSync(directory, { recursive: true });
  const inner = await freePort();
  const server = new S3rver({ port: inner, address: '127.0.0.1', directory, silent: true, configureBuckets: LOCAL_BUCKETS.map((name) => ({ name, configs: [] })) });
  await server.run();
  let origins: readonly string[] = [];
  const front = gate(inner, () => origins);
  const port = await freePort();
  await new Promise<void>((done) => front.listen(port, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.S3_ENDPOINT = endpoint;
  for (const b of LOCAL_BUCKETS) process.env[`BUCKET_${b.toUpperCase().replace(/-/g, '_')}`] = b;
  return {
    endpoint,
    allowOrigins(list) {
      origins = list.map((o) => o.toLowerCase());
    },
    async stop() {
      front.closeAllConnections();
      await new Promise<void>((done) => front.close(() => done()));
      await server.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
