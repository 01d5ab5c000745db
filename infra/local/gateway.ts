import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { ROUTES, type RouteDef } from '../../shared/definitions/routes.ts';
import { COMPRESS_MAX_BYTES, COMPRESS_MIN_BYTES, compressible, contentSecurityPolicy, EDGE_HEADERS, portalCacheControl, rewriteDirectoryIndex } from '../../shared/definitions/edge.ts';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { HttpResponse } from '../../shared/http/event.ts';
import type { Clock } from '../../shared/clock.ts';
import { invoke } from './functions.ts';
import { stringifyClaims, type LocalIssuer } from './jwt.ts';
import type { Journal } from './durability.ts';

/**
 * The local HTTP API + CloudFront: one origin serving the built portal at `/` and the API at
 * `/api/v1`, building API Gateway v2 (payload 2.0) events exactly as AWS does, JWT check included.
 */
export interface GatewayOptions {
  issuer: LocalIssuer;
  clock: Clock;
  portalDir?: string;
  /** Routes that exist only here (`localOnly`) are served too; CDK leaves them out. */
  routes?: readonly RouteDef[];
  /** Raises the limit we enforce before a function sees the body (API Gateway: 10 MB). */
  maxPayloadBytes?: number;
  /** Persisted runs: every acknowledged creating answer is journaled (fsync'd) before it is sent. */
  journal?: Journal;
  /** Origins beside our own the page may connect to (the local S3 gate, for presigned uploads): added to the CSP. */
  connectOrigins?: readonly string[];
}

interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

function compile(routes: readonly RouteDef[]) {
  return (
    routes
      .map((route) => {
        const names: string[] = [];
        const pattern = route.path.replace(/\{(\w+)\}/g, (_, n: string) => {
          names.push(n);
          return '([^/]+)';
        });
        return { route, names, regex: new RegExp(`^${pattern}$`) };
      })
      // Literal routes win over templated ones, as in API Gateway.
      .sort((a, b) => a.names.length - b.names.length)
  );
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const TEXTUAL = /^(application\/json|text\/|application\/problem\+json|application\/xml)/;

export function apiGatewayTime(at: Date): string {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][at.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(at.getUTCDate())}/${m}/${at.getUTCFullYear()}:${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())} +0000`;
}

export function createGateway(options: GatewayOptions): Server {
  const table = compile(options.routes ?? ROUTES);
  const maxPayload = options.maxPayloadBytes ?? 10 * 1024 * 1024;
  const edgeHeaders = options.connectOrigins?.length ? { ...EDGE_HEADERS, 'content-security-policy': contentSecurityPolicy(options.connectOrigins) } : EDGE_HEADERS;

  const match = (method: string, path: string): Match | 'method' | undefined => {
    let wrongMethod = false;
    for (const c of table) {
      const m = c.regex.exec(path);
      if (!m) continue;
      if (c.route.method !== method) {
        wrongMethod = true;
        continue;
      }
      // Raw (still percent-encoded) as the HTTP API hands them over: the shared pipeline decodes and
      // checks them once (shared/http/params.ts), so a malformed escape is a 400 there, not a throw here.
      return { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, m[i + 1]!])) };
    }
    return wrongMethod ? 'method' : undefined;
  };

  // Compressed as CloudFront compresses (shared/definitions/edge.ts): br, else gzip, for text types in its size range.
  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) => {
    const raw = typeof body === 'string' ? Buffer.from(body) : body;
    const accept = String(res.req?.headers['accept-encoding'] ?? '');
    const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    const already = Object.keys(headers).some((k) => k.toLowerCase() === 'content-encoding');
    if (!already && compressible(type) && raw.length >= COMPRESS_MIN_BYTES && raw.length <= COMPRESS_MAX_BYTES) {
      const encoding = /\bbr\b/u.test(accept) ? 'br' : /\bgzip\b/u.test(accept) ? 'gzip' : undefined;
      if (encoding) {
        const packed = encoding === 'br' ? brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(raw, { level: 6 });
        res.writeHead(status, { ...headers, 'content-encoding': encoding, vary: 'Accept-Encoding' });
        res.end(packed);
        return;
      }
    }
    res.writeHead(status, headers);
    res.end(raw);
  };

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) {
    const method = req.method ?? 'GET';
    const found = match(method, url.pathname);
    if (!found || found === 'method') {
      return send(res, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
    }
    const now = options.clock.now();
    let claims: Record<string, string> | undefined;
    if (found.route.access !== 'public') {
      // Rejections here come from "API Gateway" and are not problem+json (documented in the README).
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      try {
        claims = stringifyClaims(await options.issuer.verify(token, now));
      } catch {
        return send(res, 401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }, JSON.stringify({ message: 'Unauthorized' }));
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const contentType = headers['content-type'] ?? '';
    const textual = contentType === '' || TEXTUAL.test(contentType);
    const requestId = randomUUID();
    const routeKey = `${found.route.method} ${found.route.path}`;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
        domainName: headers.host ?? 'localhost',
        domainPrefix: (headers.host ?? 'localhost').split('.')[0],
        http: { method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey,
        stage: '$default',
        time: apiGatewayTime(now),
        timeEpoch: now.getTime(),
      },
      ...(Object.keys(found.params).length ? { pathParameters: found.params } : {}),
      ...(body.length ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !textual,
    };
    let result: HttpResponse;
    try {
      result = (await invoke(found.route.fn, event)) as HttpResponse;
    } catch {
      return send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    }
    // The key the answer was recorded under: the request's, or the one a plain form was given.
    const key = result.headers?.['idempotency-key'] ?? headers['idempotency-key'];
    if (options.journal && typeof key === 'string' && method === 'POST' && result.statusCode >= 200 && result.statusCode < 300 && result.headers?.['idempotent-replayed'] !== 'true') {
      let reference: string | undefined;
      try {
        const b = JSON.parse(result.body) as Record<string, unknown>;
        const r = b.reference ?? b.runId ?? b.id;
        if (typeof r === 'string') reference = r;
      } catch {
        // not JSON: nothing to name
      }
      options.journal.record({ at: now.toISOString(), route: routeKey, scope: `${routeKey}#${claims?.sub ?? 'public'}`, key, status: result.statusCode, ...(reference ? { reference } : {}) });
    }
    const out = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    send(res, result.statusCode, { ...result.headers, 'apigw-requestid': requestId }, out);
  }

  function portal(req: IncomingMessage, res: ServerResponse, url: URL) {
    const dir = options.portalDir;
    if (!dir || !existsSync(dir)) return send(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, '门户尚未构建。');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, { ...edgeHeaders, 'content-type': 'text/plain; charset=utf-8' }, '网址格式不正确。');
    }
    if (path.includes('\0')) return send(res, 400, { ...edgeHeaders, 'content-type': 'text/plain; charset=utf-8' }, '网址格式不正确。');
    const uri = rewriteDirectoryIndex(path);
    const file = normalize(join(dir, uri));
    const headers = { ...edgeHeaders };
    if (!file.startsWith(normalize(dir)) || !existsSync(file) || !statSync(file).isFile()) {
      const notFound = join(dir, '404.html');
      return send(res, 404, { ...headers, 'content-type': MIME['.html']! }, existsSync(notFound) ? readFileSync(notFound) : '没有找到这个页面。');
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const cache = portalCacheControl(uri);
    send(res, 200, { ...headers, 'content-type': type, 'cache-control': cache }, req.method === 'HEAD' ? '' : readFileSync(file));
  }

  const badRequest = (res: ServerResponse) => {
    if (!res.headersSent) send(res, 400, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Bad Request' }));
  };
  const internal = (res: ServerResponse) => {
    if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    else res.destroy();
  };

  // Every request is handled inside one catch: nothing a client sends can throw out of the
  // server's callback and take the process (and with it DynamoDB Local's parent) down.
  const server = createServer((req, res) => {
    try {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://local');
      } catch {
        req.resume();
        return badRequest(res);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('error', () => res.destroy());
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxPayload) tooLarge = true;
        else chunks.push(c);
      });
      req.on('end', () => {
        try {
          if (tooLarge) return send(res, 413, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Request Entity Too Large' }));
          const handle = url.pathname.startsWith('/api/') ? api(req, res, url, Buffer.concat(chunks)) : Promise.resolve().then(() => portal(req, res, url));
          handle.catch(() => internal(res));
        } catch {
          internal(res);
        }
      });
    } catch {
      internal(res);
    }
  });
  // A malformed request line or headers: Node's parser answers 400 and we never see it as a request.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
