import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { seedDemo } from '../../infra/local/demo.ts';
import { ROUTES, type RouteDef } from '../../shared/definitions/routes.ts';
import { ROLES, type Role } from '../../shared/definitions/roles.ts';
import { residentIdCheckChar, validateResidentId } from '../../shared/identifiers/resident-id.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { ROLE_SCOPES } from '../support/scopes.ts';

/**
 * `npm run attack`: our own outside tester, against the platform as `npm start -- --in-memory --demo`
 * builds it (in memory, demo city; no portal). It fuzzes every route, walks role × route, scans public
 * answers and the log for ID numbers, races every writing route the demo calls, and prints a table. Loopback only, and
 * bounded: ATTACK_SECONDS (default 180) caps the fuzzing, ATTACK_FUZZ (default 20) requests per route.
 */
const fuzzSeconds = Number(process.env.ATTACK_SECONDS ?? 180);
let deadline = 0; // set once the demo is seeded, so seeding never eats the fuzzing's time
const perRoute = Number(process.env.ATTACK_FUZZ ?? 20);
process.env.LOOKUP_RATE_PER_MINUTE = '100000';

const logged: string[] = [];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const rows: [string, number | string, string][] = [];
let requests = 0;
let fiveHundreds = 0;
const failures: string[] = [];

function send(p: Platform, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; text: string }> {
  const url = new URL(p.url);
  if (url.hostname !== '127.0.0.1') throw new Error('attack: loopback only');
  requests++;
  return new Promise((done) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const req = request({ host: '127.0.0.1', port: Number(url.port), method, path, headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 500) {
          fiveHundreds++;
          failures.push(`${method} ${path.slice(0, 100)} → ${status}`);
        }
        done({ status, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', () => done({ status: 0, text: '' }));
    req.end(payload);
  });
}

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const junkSegment = () =>
  pick([
    '%',
    '%E0%A4%A',
    '%ED%A0%80',
    'A'.repeat(3000),
    '%00',
    '..',
    randomUUID(),
    Array.from(
      { length: 8 },
      () =>
        `%${Math.floor(Math.random() * 256)
          .toString(16)
          .padStart(2, '0')}`,
    ).join(''),
  ]);
const junkBody = () =>
  pick([
    '{',
    '[]',
    'null',
    '{"__proto__":{"x":1}}',
    JSON.stringify({ a: 'x'.repeat(5000) }),
    Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256))).toString('latin1'),
    '{"name":"\\u202e张三","reason":"\\u0000"}',
  ]);
const concrete = (r: RouteDef, seg: () => string) => r.path.replace(/\{\w+\}/g, seg);

function idNumbersIn(text: string): string[] {
  return (text.match(/\d{17}[\dX]/g) ?? []).filter((s) => validateResidentId(s).ok);
}

/**
 * Races on every writing route, with real bodies at the real moment: while the demo city is seeded, the
 * first call of each writing route is sent 20 times at once (same headers, same Idempotency-Key where
 * it has one) and the demo goes on with the winning answer. A keyed route must answer all 20 alike; a
 * route guarded by its record's state or version must let at most one through, unless it is an upsert
 * that sets the same value (listed, with the count, so a reader sees it); nothing may be a 5xx.
 */
const READ_LIKE = new Set(['POST /api/v1/calculations', 'POST /api/v1/applications/lookup', 'POST /api/v1/donations/lookup', 'POST /api/v1/status-queries', 'POST /api/v1/households/search']);
// Limited per caller by design (5 a minute): a race from one caller is refused with 429 and would leave
// the demo's own later objections refused too.
const NOT_RACED = new Set(['POST /api/v1/applications/{reference}/actions/object']);
interface Raced {
  route: string;
  keyed: boolean;
  statuses: number[];
  /** Every answer the same (status and body, key order aside). */
  alike: boolean;
  /** More than one let through, each setting the same value (only its version and times differ). */
  upserts: boolean;
}

/** An answer as canonical JSON; `loose` leaves out what a repeated write of the same value changes. */
function canonical(text: string, loose: boolean): string {
  const walk = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(walk)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => !(loose && (k === 'version' || k.endsWith('At') || k === 'correlationId')))
              .map((k) => [k, walk((v as Record<string, unknown>)[k])]),
          )
        : v;
  try {
    return JSON.stringify(walk(JSON.parse(text)));
  } catch {
    return text;
  }
}
const raced = new Map<string, Raced>();
const writeRoutes = ROUTES.filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/v1/dev/') && !READ_LIKE.has(`${r.method} ${r.path}`) && !NOT_RACED.has(`${r.method} ${r.path}`))
  .map((r) => ({ r, regex: new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`), params: (r.path.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);

/**
 * Cross-scope writes on every writing route the demo calls: the same staff token, the same body, with
 * every county and township in it moved to another county. A caller scoped to one county or township
 * must never get a 2xx for it (city-wide roles are left out).
 */
const crossScoped: { route: string; status: number }[] = [];
const CITY_WIDE = new Set(['admin', 'auditor', 'inspector', 'evaluator']);
function elsewhere(code: string): string {
  const county = COUNTIES.find((c) => code.startsWith(c.code));
  if (!county) return code;
  const other = COUNTIES.find((c) => c.code !== county.code)!;
  return code.length === 6 ? other.code : other.townships[0]!.code;
}
function moved(value: unknown): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        if ((k === 'county' || k === 'township') && typeof x === 'string' && /^\d{6}(\d{3})?$/.test(x)) {
          changed = true;
          return [k, elsewhere(x)];
        }
        return [k, walk(x)];
      }),
    );
  };
  return { value: walk(value), changed };
}
async function crossScope(realFetch: typeof fetch, name: string, input: string | URL | Request, init?: RequestInit): Promise<void> {
  const headers = new Headers(init?.headers);
  const token = headers.get('authorization')?.replace(/^Bearer /, '');
  if (!token || typeof init?.body !== 'string') return;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as Record<string, unknown>;
  const groups = String(claims['cognito:groups'] ?? '');
  if ([...CITY_WIDE].some((r) => groups.includes(r))) return;
  let body: unknown;
  try {
    body = JSON.parse(init.body);
  } catch {
    return;
  }
  const { value, changed } = moved(body);
  if (!changed) return;
  if (headers.has('idempotency-key')) headers.set('idempotency-key', randomUUID());
  const res = await realFetch(input, { ...init, headers, body: JSON.stringify(value) });
  requests++;
  await res.text();
  crossScoped.push({ route: name, status: res.status });
  if (res.status < 300) failures.push(`cross-scope ${name} → ${res.status} (${groups})`);
}

function raceEveryWrite(): { stop(): void } {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const hit = writeRoutes.find((w) => w.r.method === method && w.regex.test(url.pathname));
    const name = hit && `${hit.r.method} ${hit.r.path}`;
    if (!name || raced.has(name) || typeof (init?.body ?? '') !== 'string') return realFetch(input, init);
    const keyed = new Headers(init?.headers).has('idempotency-key');
    await crossScope(realFetch, name, input, init);
    raced.set(name, { route: name, keyed, statuses: [], alike: true, upserts: false });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await realFetch(input, init);
        requests++;
        return { status: res.status, headers: res.headers, text: await res.text() };
      }),
    );
    const entry = raced.get(name)!;
    entry.statuses = answers.map((a) => a.status);
    entry.alike = answers.every((a) => a.status === answers[0]!.status && canonical(a.text, false) === canonical(answers[0]!.text, false));
    const winners = answers.filter((a) => a.status < 300);
    entry.upserts = winners.length > 1 && winners.every((a) => canonical(a.text, true) === canonical(winners[0]!.text, true));
    if (process.env.ATTACK_DEBUG && (!entry.alike || winners.length > 1)) {
      console.error(`\n${name}\n${[...new Set(answers.map((a) => `${a.status} ${canonical(a.text, true).slice(0, 400)}`))].join('\n')}`);
    }
    for (const a of answers)
      if (a.status >= 500) {
        fiveHundreds++;
        failures.push(`race ${name} → ${a.status}`);
      }
    const chosen = answers.find((a) => a.status < 300) ?? answers[0]!;
    return new Response(chosen.text, { status: chosen.status, headers: chosen.headers });
  }) as typeof fetch;
  return { stop: () => void (globalThis.fetch = realFetch) };
}

const platform = await startPlatform({ s3: false });
try {
  console.error('seeding the demo city, racing the first call of every writing route…');
  const race = raceEveryWrite();
  await seedDemo(platform);
  race.stop();
  deadline = Date.now() + fuzzSeconds * 1000;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const res = await send(platform, 'POST', '/api/v1/dev/token', { 'content-type': 'application/json' }, JSON.stringify({ role, ...ROLE_SCOPES[role] }));
    tokens[role] = JSON.parse(res.text).token;
  }
  const routes = ROUTES.filter((r) => !r.path.startsWith('/api/v1/dev/'));

  // 1. Fuzz: junk in path, query, headers and body of every route.
  console.error('fuzzing…');
  let fuzzed = 0;
  for (const r of routes) {
    for (let i = 0; i < perRoute && Date.now() < deadline; i++) {
      const role = r.access === 'public' ? undefined : pick(r.access);
      const headers: Record<string, string> = {
        'content-type': pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']),
        'idempotency-key': pick(['short', randomUUID(), '../../x', 'A'.repeat(200)]),
      };
      if (role && Math.random() < 0.8) headers.authorization = `Bearer ${tokens[role]}`;
      await send(
        platform,
        r.method,
        `${concrete(r, junkSegment)}?${pick(['cursor=eyJwayI6IngifQ', 'county=%ZZ', 'limit=-1', `x=${'A'.repeat(2000)}`, ''])}`,
        headers,
        r.method === 'GET' ? undefined : junkBody(),
      );
      fuzzed++;
    }
  }
  await send(platform, 'GET', '/%E0%A4%A');
  const alive = (await send(platform, 'GET', '/api/v1/health')).status === 200;
  rows.push(['fuzz requests', fuzzed, `${routes.length} routes`], ['fuzz 5xx', fiveHundreds, 'must be 0'], ['alive after malformed URL', alive ? 'yes' : 'NO', '']);

  // 2. Role × route: a role the route does not list must never get a 2xx.
  console.error('walking role × route…');
  let walked = 0;
  let letThrough = 0;
  for (const r of routes) {
    if (r.access === 'public') continue;
    for (const role of ROLES) {
      if (r.access.includes(role)) continue;
      const res = await send(
        platform,
        r.method,
        concrete(r, () => 'QC-261128-0001-A'),
        { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        r.method === 'GET' ? undefined : '{}',
      );
      walked++;
      if (res.status < 400) {
        letThrough++;
        failures.push(`${role} let through ${r.method} ${r.path} → ${res.status}`);
      }
    }
  }
  rows.push(['role × route pairs refused', walked, 'roles not listed on the route'], ['let through', letThrough, 'must be 0']);

  // 3. Cross-scope: a grid worker of 涡阳 reporting into 谯城; a department reading a case.
  const woyang = JSON.parse((await send(platform, 'POST', '/api/v1/dev/token', { 'content-type': 'application/json' }, JSON.stringify({ role: 'assistant', township: '341621001' }))).text).token;
  const report = await send(
    platform,
    'POST',
    '/api/v1/reports',
    { authorization: `Bearer ${woyang}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    JSON.stringify({
      type: 'dibao',
      applicant: { name: '测试', idNumber: '341602196001011000', phone: '13800001234' },
      area: { county: '341602', township: '341602001', residence: 'rural', hukou: 'local' },
      household: { members: [], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
    }),
  );
  const inbox = JSON.parse((await send(platform, 'GET', '/api/v1/referrals', { authorization: `Bearer ${tokens.department}` })).text);
  let departmentSawHousehold = 0;
  for (const item of (inbox.items ?? []).slice(0, 5)) {
    const view = JSON.parse((await send(platform, 'GET', `/api/v1/cases/${item.reference}`, { authorization: `Bearer ${tokens.department}` })).text);
    if (view.household) departmentSawHousehold++;
  }
  rows.push(['cross-scope report answered', report.status, 'must be 4xx (400 for this body, 403 for a valid one)'], ['department views with a household', departmentSawHousehold, 'must be 0']);

  // 4. Personal data in public answers and the log.
  let publicAnswers = 0;
  let leaked = 0;
  for (const r of routes.filter((x) => x.access === 'public' && x.method === 'GET' && !x.path.includes('{'))) {
    const res = await send(platform, 'GET', r.path);
    publicAnswers++;
    const found = idNumbersIn(res.text);
    if (found.length) {
      leaked += found.length;
      failures.push(`ID number in ${r.path}`);
    }
  }
  const inLog = idNumbersIn(logged.join('')).length;
  rows.push(['public answers scanned', publicAnswers, ''], ['ID numbers in public answers', leaked, 'must be 0'], ['ID numbers in the log', inLog, 'must be 0']);

  // 5. Races: 20 applications with one key; 20 payment-run starts with one key, and with 20 keys.
  const key = randomUUID();
  const racer = `34160219700101123${residentIdCheckChar('34160219700101123')}`;
  const body = JSON.stringify({
    type: 'dibao',
    applicant: { name: '竞赛', idNumber: racer, phone: '13800001234' },
    area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' },
    household: { members: [{ name: '竞赛', idNumber: racer, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
    consent: { economicCheck: true },
  });
  const apps = await Promise.all(Array.from({ length: 20 }, () => send(platform, 'POST', '/api/v1/applications', { 'content-type': 'application/json', 'idempotency-key': key }, body)));
  const refs = new Set(apps.filter((a) => a.status === 201).map((a) => JSON.parse(a.text).reference));
  const runKey = randomUUID();
  const runBody = JSON.stringify({ county: '341602', month: '2025-01' });
  const runs = await Promise.all(
    Array.from({ length: 20 }, () =>
      send(platform, 'POST', '/api/v1/payment-runs', { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json', 'idempotency-key': runKey }, runBody),
    ),
  );
  const runs2 = await Promise.all(
    Array.from({ length: 20 }, () =>
      send(
        platform,
        'POST',
        '/api/v1/payment-runs',
        { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        JSON.stringify({ county: '341602', month: '2025-02' }),
      ),
    ),
  );
  rows.push(
    ['20 applications, one key: references', refs.size, `must be 1 (${apps.filter((a) => a.status === 201).length} × 201)`],
    ['20 run starts, one key: not 202', runs.filter((r) => r.status !== 202).length, 'must be 0'],
    ['20 run starts, 20 keys: winners', runs2.filter((r) => r.status === 202).length, 'must be 1'],
  );
  const all = [...raced.values()];
  const keyedApart = all.filter((x) => x.keyed && !x.alike);
  const guarded = all.filter((x) => !x.keyed);
  const winnersOf = (x: Raced) => x.statuses.filter((st) => st < 300).length;
  const upserts = guarded.filter((x) => x.upserts);
  const duplicates = guarded.filter((x) => winnersOf(x) > 1 && !x.upserts);
  for (const x of keyedApart) failures.push(`race ${x.route}: 20 retries with one key answered differently (${[...new Set(x.statuses)].join(', ')})`);
  for (const x of duplicates) failures.push(`race ${x.route}: ${winnersOf(x)} of 20 let through with different answers — a duplicate`);
  rows.push(
    ['writing routes raced 20-way (demo calls)', all.length, `of ${writeRoutes.length} writing routes`],
    ['keyed: answers that differ', keyedApart.length, `must be 0 (${all.length - guarded.length} keyed routes)`],
    ['unkeyed: more than one winner, different', duplicates.length, `must be 0 (${guarded.length} unkeyed routes)`],
    ['unkeyed: same value set again (upsert)', upserts.length, upserts.map((x) => `${x.route.replace('/api/v1', '')} ×${winnersOf(x)}`).join('; ')],
  );
  rows.push(
    ['writing routes tried in another county', crossScoped.length, 'the demo call, body moved to another county'],
    ['cross-scope writes let through', crossScoped.filter((x) => x.status < 300).length, 'must be 0'],
  );
  rows.push(['requests in all', requests, ''], ['5xx in all', fiveHundreds, 'must be 0']);
} finally {
  await platform.stop();
  process.stdout.write = write;
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\n| check${' '.repeat(width - 5)} | value | note |\n| ${'-'.repeat(width)} | ----- | ---- |`);
for (const [name, value, note] of rows) console.log(`| ${name.padEnd(width)} | ${String(value).padStart(5)} | ${note} |`);
if (failures.length) console.log(`\n${failures.slice(0, 30).join('\n')}`);
