import { createHmac } from 'node:crypto';
import middy from '@middy/core';
import { ROUTES, routeKey as keyOf, type RouteDef } from '../definitions/routes.ts';
import type { FunctionName } from '../definitions/functions.ts';
import { logger } from '../log.ts';
import { authenticate, type Actor } from './auth.ts';
import { requireRouteScope } from '../access/scope.ts';
import { parseBody, type BodyKind } from './body.ts';
import { header, type HttpEvent, type HttpResponse } from './event.ts';
import { beginIdempotent, checkKeyShape, type Idempotency } from '../store/idempotency.ts';
import { AppError, PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
import { parseWith } from '../contract/validate.ts';
import { decodePathParameters } from './params.ts';
import { prepareCursorKey, withCursorContext } from '../store/page.ts';
import { canonicalJson } from '../audit/chain.ts';
import { derivedKey } from '../crypto/pii.ts';
import { CONTRACT, type BodyOf, type ContractKey, type QueryOf, type RouteContract } from '../contract/index.ts';

/**
 * The one way a function serves HTTP. It takes the routes this function owns from the shared route
 * table, and for each: parses and limits the body, authenticates against the route's access list,
 * validates with the route's zod schemas, honours Idempotency-Key, and turns every error into
 * RFC 9457 problem+json. Handlers only call the domain and return a result.
 */
export interface Request<B = unknown, Q = Record<string, string | undefined>> {
  event: HttpEvent;
  route: RouteDef;
  body: B;
  bodyKind: BodyKind;
  query: Q;
  params: Record<string, string>;
  actor: Actor | null;
  /** "Now", from API Gateway's request time (the local gateway's injectable clock). */
  now: Date;
  correlationId: string;
  idempotency?: Idempotency;
  /** The caller's address, for rate limits (never logged with personal data). */
  sourceIp: string;
}

export interface Result {
  status: number;
  body?: unknown;
  /** A server-rendered page (the no-JavaScript form's answer); sent as text/html. */
  html?: string;
  headers?: Record<string, string>;
}

/** A route's handler; its schemas and idempotency come from the contract (shared/contract). */
export type Handler<K extends ContractKey> = (req: Request<BodyOf<K>, QueryOf<K>>) => Promise<Result>;
export type On = <K extends ContractKey>(key: K, handle: Handler<K>) => void;
type AnyHandler = (req: Request) => Promise<Result>;

const JSON_TYPE = 'application/json; charset=utf-8';
const SECURITY_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { 'content-type': JSON_TYPE, ...SECURITY_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function problemResponse(error: AppError): HttpResponse {
  return { statusCode: error.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...SECURITY_HEADERS }, body: JSON.stringify(error.toProblem()) };
}

const internalError = (correlationId: string): HttpResponse => {
  const problem: Problem = {
    type: 'https://bozhou-assistance.example/problems/internal-error',
    status: 500,
    code: 'internal-error',
    title: '系统暂时出了问题',
    detail: `请稍后再试。如需帮助请拨打 12345，并告知查询编号 ${correlationId}。`,
  };
  return { statusCode: 500, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...SECURITY_HEADERS }, body: JSON.stringify(problem) };
};

function toResponse(result: Result): HttpResponse {
  if (result.html !== undefined) {
    return { statusCode: result.status, headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...result.headers }, body: result.html };
  }
  if (result.body === undefined) return { statusCode: result.status, headers: { ...SECURITY_HEADERS, ...result.headers }, body: '' };
  return json(result.status, result.body, result.headers);
}

/** A form post whose answer should be a page, not JSON (the no-JavaScript application form). */
export const wantsHtml = (req: Pick<Request, 'bodyKind' | 'event'>): boolean => req.bodyKind === 'form' || (header(req.event, 'accept') ?? '').startsWith('text/html');

/** What the middlewares learned about a request, handed to the route's handler. */
const prepared = new WeakMap<HttpEvent, { req: Request; handle: AnyHandler }>();

/** Correlation id: from the caller (or SQS attribute upstream), else API Gateway's request id. */
const correlation = (): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'correlation',
  before: (request) => {
    const id = header(request.event, 'x-correlation-id') ?? request.event.requestContext.requestId ?? request.context.awsRequestId;
    (request.internal as Record<string, unknown>).correlationId = id;
    logger.resetKeys(); // a warm Lambda must not carry the last request's keys
    logger.appendKeys({ correlationId: id, routeKey: request.event.routeKey });
  },
  after: (request) => {
    const id = (request.internal as Record<string, unknown>).correlationId as string;
    if (request.response) request.response.headers['x-correlation-id'] = id;
  },
});

/**
 * Plain form posts carry no token, so a cross-site page could submit one: the browser's `Origin` must
 * be ours (docs/architecture.md § Edge). `ALLOWED_ORIGINS` lists the portal's origins, comma-separated.
 */
function checkFormOrigin(event: HttpEvent): void {
  const origin = header(event, 'origin');
  const allowed = (process.env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (!origin || !allowed.includes(origin)) {
    throw new AppError(403, 'origin-not-allowed', '来源不被允许', '请从本平台的网页提交表单。');
  }
}

/** Body limits and JSON / form parsing. */
const bodyParser = (): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'body',
  before: (request) => {
    const { kind, value } = parseBody(request.event);
    if (kind === 'form') checkFormOrigin(request.event);
    Object.assign(request.internal, { bodyKind: kind, rawBody: value });
  },
});

/**
 * Authentication and role checks against the route's access list; scope from the staff table. A route
 * whose scope names a place is checked here too, on the request as sent, before anything is parsed or
 * started (shared/access/scope.ts); record scopes are checked by the domain once the record is read.
 */
const authContext = (owned: RouteDef[]): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'auth',
  before: async (request) => {
    const r = owned.find((x) => keyOf(x) === request.event.routeKey);
    if (!r) throw new AppError(404, 'no-such-route', '没有找到', '没有这个接口。');
    const actor = await authenticate(request.event, r.access);
    const internal = request.internal as Record<string, unknown>;
    requireRouteScope(r.scope, actor, { params: decodePathParameters(request.event.pathParameters), query: request.event.queryStringParameters ?? {}, body: internal.rawBody });
    Object.assign(internal, { route: r, actor });
  },
});

/** zod validation of body and query into problem+json that names the fields. */
const validation = (handlers: Record<string, AnyHandler>): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'validation',
  before: (request) => {
    const spec: RouteContract = (CONTRACT as Record<string, RouteContract>)[request.event.routeKey] ?? {};
    const internal = request.internal as Record<string, unknown>;
    const { event } = request;
    const params = decodePathParameters(event.pathParameters);
    const req: Request = {
      event,
      route: internal.route as RouteDef,
      body: spec.body ? parseWith(spec.body, formOrJson(spec, internal, new Date(event.requestContext.timeEpoch ?? Date.now())), '提交的内容') : internal.rawBody,
      bodyKind: internal.bodyKind as BodyKind,
      query: spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}, '查询条件') : (event.queryStringParameters ?? {}),
      params,
      actor: internal.actor as Actor | null,
      now: new Date(event.requestContext.timeEpoch ?? Date.now()),
      correlationId: internal.correlationId as string,
      sourceIp: event.requestContext.http?.sourceIp ?? 'unknown',
    };
    Object.assign(internal, { req, spec });
    prepared.set(event, { req, handle: handlers[request.event.routeKey]! });
  },
});

/** The list a cursor belongs to: the route, its path and its query without the cursor itself. */
function cursorList(req: Request): string {
  const query = Object.entries(req.event.queryStringParameters ?? {})
    .filter(([k]) => k !== 'cursor')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return canonicalJson([req.event.routeKey, req.params, query]);
}

/** A form post is mapped to the JSON shape first, so one schema validates both. */
function formOrJson(spec: RouteContract, internal: Record<string, unknown>, now: Date): unknown {
  const raw = internal.rawBody ?? {};
  if (internal.bodyKind !== 'form') return raw;
  if (!spec.form) throw new AppError(415, 'unsupported-media-type', '不支持的内容类型', '此接口只接受 application/json。');
  const { idempotencyToken: _token, ...fields } = raw as Record<string, unknown>;
  return spec.form(fields, now);
}

/**
 * A plain form carries its key in the hidden `idempotencyToken` (filled by a script). Without JavaScript
 * there is none, so the key is a keyed hash of the answers themselves: pressing submit twice, or going
 * back and submitting the same answers, replays the first receipt instead of filing twice. Keyed (not a
 * bare SHA-256), because the answers hold ID numbers and the key is stored and sent back.
 */
async function formKey(req: Request, raw: unknown): Promise<string | undefined> {
  if (req.bodyKind !== 'form') return undefined;
  const token = (raw as Record<string, unknown>)?.idempotencyToken;
  if (typeof token === 'string' && token !== '') return token;
  const mac = createHmac('sha256', await derivedKey('form-idempotency-v1'))
    .update(canonicalJson(req.body))
    .digest('hex');
  return `form-${mac.slice(0, 40)}`;
}

/**
 * Idempotency-Key: replays a stored answer before anything else can differ (returning ends the chain).
 * Every answer of an idempotent route names the key it was recorded under (`Idempotency-Key`), so the
 * caller — and the local runtime's journal of acknowledged writes — knows it also for a plain form.
 */
const idempotency = (renderReplay: () => ((answer: { status: number; body: unknown }) => Result) | undefined): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'idempotency',
  before: async (request) => {
    const internal = request.internal as Record<string, unknown>;
    const spec = internal.spec as RouteContract;
    const req = internal.req as Request;
    if (!spec.idempotent) return undefined;
    const key = checkKeyShape(header(req.event, 'idempotency-key') ?? (await formKey(req, internal.rawBody)));
    const started = await beginIdempotent(`${req.event.routeKey}#${req.actor?.sub ?? 'public'}`, key, req.body);
    if ('replay' in started) {
      const render = renderReplay();
      const answer = render && wantsHtml(req) ? toResponse(render(started.replay)) : json(started.replay.status, started.replay.body, { 'idempotent-replayed': 'true' });
      return { ...answer, headers: { ...answer.headers, 'idempotency-key': key } };
    }
    req.idempotency = started.idem;
    return undefined;
  },
  after: (request) => {
    const key = (request.internal as { req?: Request }).req?.idempotency?.key;
    if (key && request.response) request.response.headers = { ...request.response.headers, 'idempotency-key': key };
  },
});

/** Every error becomes problem+json (or the form's error page); nothing internal leaks. */
const problems = (onError?: (req: Partial<Request>, error: AppError) => Result | undefined): middy.MiddlewareObj<HttpEvent, HttpResponse> => ({
  name: 'problems',
  onError: (request) => {
    const internal = request.internal as Record<string, unknown>;
    const error = request.error;
    const correlationId = (internal.correlationId as string) ?? request.event.requestContext.requestId;
    if (error instanceof AppError) {
      if (error.status >= 500) logger.error('request failed', { code: error.code });
      else logger.info('request refused', { code: error.code, status: error.status });
      // `body` is the post as sent (not validated): a refused plain form is answered with it filled in again.
      const partial: Partial<Request> = { event: request.event, bodyKind: internal.bodyKind as BodyKind, body: internal.rawBody, correlationId };
      const page = onError?.(partial, error);
      request.response = page ? toResponse(page) : problemResponse(error);
    } else {
      logger.error('unexpected error', { error: error as Error });
      request.response = internalError(correlationId);
    }
    request.response.headers['x-correlation-id'] = correlationId;
  },
});

export function httpFunction(fn: FunctionName, register: (on: On) => void, onError?: (req: Partial<Request>, error: AppError) => Result | undefined) {
  const owned = ROUTES.filter((r) => r.fn === fn);
  const specs: Record<string, AnyHandler> = {};
  register((key, handle) => {
    specs[key] = handle as AnyHandler;
  });
  for (const r of owned) if (!specs[keyOf(r)]) throw new Error(`function ${fn} has no handler for ${keyOf(r)}`);
  for (const k of Object.keys(specs)) if (!owned.some((r) => keyOf(r) === k)) throw new Error(`function ${fn} handles ${k}, which the route table does not give it`);
  let replayPage: ((answer: { status: number; body: unknown }) => Result) | undefined;

  const handler = middy<HttpEvent, HttpResponse>()
    .use(correlation())
    .use(problems(onError))
    .use(bodyParser())
    .use(authContext(owned))
    .use(validation(specs))
    .use(idempotency(() => replayPage))
    .handler(async (event) => {
      const { req, handle } = prepared.get(event)!;
      await prepareCursorKey();
      return withCursorContext(cursorList(req), async () => toResponse(await handle(req)));
    });
  return Object.assign(handler, {
    /** How a replayed answer is shown to a form post (set by the function that owns form routes). */
    renderReplay(render: (answer: { status: number; body: unknown }) => Result) {
      replayPage = render;
      return handler;
    },
  });
}
