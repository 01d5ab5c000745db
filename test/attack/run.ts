import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { seedDemo } from '../../infra/local/demo.ts';
import { ROUTES, type RouteDef } from '../../shared/definitions/routes.ts';
import { ROLES, type Role } from '../../shared/definitions/roles.ts';
import { residentIdCheckChar, validateResidentId } from '../../shared/identifiers/resident-id.ts';

/**
 * `npm run attack`: our own outside tester, against the platform as `npm start -- --in-memory --demo`
 * builds it (in memory, demo city; no portal). It fuzzes every route, walks role × route, scans public
 * answers and the log for ID numbers, races creating routes, and prints a table. Loopback only, and
 * bounded: ATTACK_SECONDS (default 180) caps the fuzzing, ATTACK_FUZZ (default 20) requests per route.
 */
const deadline = Date.now() + Number(process.env.ATTACK_SECONDS ?? 180) * 1000;
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

const SCOPES: Record<Role, Record<string, string>> = {
  caseworker: { township: '341602001' }, assistant: { township: '341602001' }, approver: { township: '341602001' },
  check: { county: '341602' }, county: { county: '341602' }, department: { department: '市教育局' },
  inspector: {}, evaluator: {}, charity: { organisation: 'attack-org' }, contractor: { organisation: 'attack-org-2' }, auditor: {}, admin: {},
};

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const junkSegment = () => pick(['%', '%E0%A4%A', '%ED%A0%80', 'A'.repeat(3000), '%00', '..', randomUUID(), Array.from({ length: 8 }, () => `%${Math.floor(Math.random() * 256).toString(16).padStart(2, '0')}`).join('')]);
const junkBody = () => pick(['{', '[]', 'null', '{"__proto__":{"x":1}}', JSON.stringify({ a: 'x'.repeat(5000) }), Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256))).toString('latin1'), '{"name":"\\u202e张三","reason":"\\u0000"}']);
const concrete = (r: RouteDef, seg: () => string) => r.path.replace(/\{\w+\}/g, seg);

function idNumbersIn(text: string): string[] {
  return (text.match(/\d{17}[\dX]/g) ?? []).filter((s) => validateResidentId(s).ok);
}

const platform = await startPlatform({ s3: false });
try {
  console.error('seeding the demo city…');
  await seedDemo(platform);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const res = await send(platform, 'POST', '/api/v1/dev/token', { 'content-type': 'application/json' }, JSON.stringify({ role, ...SCOPES[role] }));
    tokens[role] = JSON.parse(res.text).token;
  }
  const routes = ROUTES.filter((r) => !r.path.startsWith('/api/v1/dev/'));

  // 1. Fuzz: junk in path, query, headers and body of every route.
  console.error('fuzzing…');
  let fuzzed = 0;
  for (const r of routes) {
    for (let i = 0; i < perRoute && Date.now() < deadline; i++) {
      const role = r.access === 'public' ? undefined : pick(r.access);
      const headers: Record<string, string> = { 'content-type': pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']), 'idempotency-key': pick(['short', randomUUID(), '../../x', 'A'.repeat(200)]) };
      if (role && Math.random() < 0.8) headers.authorization = `Bearer ${tokens[role]}`;
      await send(platform, r.method, `${concrete(r, junkSegment)}?${pick(['cursor=eyJwayI6IngifQ', 'county=%ZZ', 'limit=-1', `x=${'A'.repeat(2000)}`, ''])}`, headers, r.method === 'GET' ? undefined : junkBody());
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
      const res = await send(platform, r.method, concrete(r, () => 'QC-261128-0001-A'), { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, r.method === 'GET' ? undefined : '{}');
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
  const report = await send(platform, 'POST', '/api/v1/reports', { authorization: `Bearer ${woyang}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, JSON.stringify({ type: 'dibao', applicant: { name: '测试', idNumber: '341602196001011000', phone: '13800001234' }, area: { county: '341602', township: '341602001', residence: 'rural', hukou: 'local' }, household: { members: [], assets: { financialFen: 0, vehicles: 0, properties: 0 } } }));
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
  const body = JSON.stringify({ type: 'dibao', applicant: { name: '竞赛', idNumber: racer, phone: '13800001234' }, area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'local' }, household: { members: [{ name: '竞赛', idNumber: racer, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } }, consent: { economicCheck: true } });
  const apps = await Promise.all(Array.from({ length: 20 }, () => send(platform, 'POST', '/api/v1/applications', { 'content-type': 'application/json', 'idempotency-key': key }, body)));
  const refs = new Set(apps.filter((a) => a.status === 201).map((a) => JSON.parse(a.text).reference));
  const runKey = randomUUID();
  const runBody = JSON.stringify({ county: '341602', month: '2025-01' });
  const runs = await Promise.all(Array.from({ length: 20 }, () => send(platform, 'POST', '/api/v1/payment-runs', { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json', 'idempotency-key': runKey }, runBody)));
  const runs2 = await Promise.all(Array.from({ length: 20 }, () => send(platform, 'POST', '/api/v1/payment-runs', { authorization: `Bearer ${tokens.county}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, JSON.stringify({ county: '341602', month: '2025-02' }))));
  rows.push(
    ['20 applications, one key: references', refs.size, `must be 1 (${apps.filter((a) => a.status === 201).length} × 201)`],
    ['20 run starts, one key: not 202', runs.filter((r) => r.status !== 202).length, 'must be 0'],
    ['20 run starts, 20 keys: winners', runs2.filter((r) => r.status === 202).length, 'must be 1'],
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
