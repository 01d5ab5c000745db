import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { countItems, dibaoApplication, idNumber } from '../support/people.ts';
import { ROLE_SCOPES } from '../support/scopes.ts';
import { randomUUID } from 'node:crypto';
import { ROUTES } from '../../shared/definitions/routes.ts';
import type { Role } from '../../shared/definitions/roles.ts';

/**
 * Nothing a client sends is a 5xx: malformed escapes in the URL, overlong ids, crafted cursors, and
 * random bytes in paths, queries, headers and bodies of every route — answered 4xx, nothing written.
 */
let p: TestPlatform;
const tokens: Partial<Record<Role, string>> = {};

beforeAll(async () => {
  const portalDir = mkdtempSync(join(tmpdir(), 'portal-'));
  writeFileSync(join(portalDir, 'index.html'), '<!doctype html><title>t</title>');
  p = await startTestPlatform({ portalDir });
  for (const role of Object.keys(ROLE_SCOPES) as Role[]) tokens[role] = await p.tokenFor(role, ROLE_SCOPES[role]);
});
afterAll(async () => {
  await p.stop();
});

/** A raw request: node:http sends the path exactly as given (fetch would re-encode it). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: p.port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const WRITTEN = ['APP#', 'UNIQ#', 'AUDIT#', 'IDEM#', 'REF#', 'TASK#', 'PAY#', 'CHARITY#', 'ORG#', 'TENDER#', 'CONTRACT#', 'PUBLICITY#', 'PERSON#', 'SEQ#', 'DON#', 'EMERG#', 'PARAM'];

describe('malformed URLs', () => {
  it('answers a malformed escape in a portal path with 400 and keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/staff/%C0', '/a%00b']) expect((await raw('GET', path)).status, path).toBe(400);
    expect((await raw('GET', '/')).status).toBe(200);
    expect((await raw('GET', '/api/v1/health')).status).toBe(200);
  });

  it('answers a malformed escape in an API path parameter with a problem naming the parameter', async () => {
    for (const path of ['/api/v1/tenders/%E0%A4%A', '/api/v1/policies/%ED%A0%80', '/api/v1/contracts/%', '/api/v1/charities/%00x/credit']) {
      const res = await raw('GET', path);
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      const body = JSON.parse(res.text);
      expect(body.code).toBe('invalid-path-parameter');
      expect(body.errors[0].field).toBe('id');
      expect(body.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers a 4,000-character id with 400 instead of handing DynamoDB an oversized key', async () => {
    const long = 'A'.repeat(4000);
    for (const path of [`/api/v1/tenders/${long}`, `/api/v1/contracts/${long}`, `/api/v1/charities/${long}/credit`]) {
      const res = await raw('GET', path);
      expect(res.status, res.text).toBe(400);
      expect(JSON.parse(res.text).errors[0]).toMatchObject({ field: 'id', code: 'too_big' });
    }
    const staff = await p.call('GET', `/api/v1/payment-runs/${long}`, { token: tokens.county });
    expect(staff.status).toBe(400);
  });
});

describe('list cursors', () => {
  const PUBLIC_LISTS = ['/api/v1/tenders', '/api/v1/publicity', '/api/v1/donations/disclosures', '/api/v1/ocds/releases'];
  const crafted = [
    Buffer.from(JSON.stringify({ pk: 'APP#x', sk: 'APP' })).toString('base64url'),
    Buffer.from(JSON.stringify({ gsi4pk: { S: 1 }, pk: [] })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: 'A'.repeat(3000) })).toString('base64url'),
    'x.y',
    '.',
  ];

  it('refuses a crafted cursor on the public lists with 400 naming cursor', async () => {
    for (const list of PUBLIC_LISTS) {
      const first = await p.call('GET', list);
      if (first.status === 404) continue; // a list this build does not have
      for (const cursor of crafted) {
        const res = await p.call('GET', `${list}?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, `${list} ${cursor.slice(0, 30)}: ${res.text}`).toBe(400);
        expect(res.body.errors?.[0]?.field).toBe('cursor');
      }
    }
  });

  it('refuses a genuine cursor whose key was changed, and one carried to another list', async () => {
    // Sign a cursor exactly as the platform does, then tamper with its key.
    const { encodeCursor, prepareCursorKey, withCursorContext } = await import('../../shared/store/page.ts');
    await prepareCursorKey();
    const genuine = withCursorContext('elsewhere', () => encodeCursor({ pk: 'TENDER#1', sk: 'TENDER' }))!;
    const [payload, mac] = genuine.split('.');
    const changed = `${Buffer.from(JSON.stringify({ pk: 'TENDER#2', sk: 'TENDER' })).toString('base64url')}.${mac}`;
    for (const cursor of [genuine, changed, `${payload}.`]) {
      const res = await p.call('GET', `/api/v1/tenders?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid-cursor');
    }
  });
});

describe('random bytes on every route', () => {
  const concrete = ROUTES.filter((r) => !r.path.startsWith('/api/v1/dev/'));
  const byteString = fc.uint8Array({ maxLength: 60 }).map((b) => Array.from(b, (x) => `%${x.toString(16).padStart(2, '0').toUpperCase()}`).join(''));
  const segment = fc.oneof(
    byteString,
    fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '..', 'A'.repeat(3000), '%00', '%EF%BB%BF'),
    fc.string({ unit: fc.constantFrom(...'abcXYZ019-_~.'.split('')), maxLength: 40 }),
  );
  const headerValue = fc.string({ unit: fc.constantFrom(...' !#$%&()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~'.split('')), maxLength: 80 });
  const body = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
    fc.constantFrom(Buffer.from('{"a":'), Buffer.from('\uFEFF{}'), Buffer.from('{"__proto__":{"x":1}}'), Buffer.from('[]'), Buffer.from('null')),
  );

  it('answers 4xx, never 5xx, and writes nothing', async () => {
    const before = await countItems(WRITTEN);
    const fiveHundreds: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...concrete),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom('cursor', 'county', 'status', 'month', 'date', 'township', 'q', 'type', 'limit', '%ZZ', 'x'), segment), { maxLength: 3 }),
        fc.record(
          {
            'content-type': fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', ''),
            'idempotency-key': headerValue,
            'x-correlation-id': headerValue,
            origin: headerValue,
          },
          { requiredKeys: [] },
        ),
        body,
        fc.boolean(),
        async (route, segs, query, headers, bytes, withToken) => {
          let i = 0;
          const path = route.path.replace(/\{\w+\}/g, () => segs[i++ % segs.length]!) + (query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : '');
          const role = route.access === 'public' ? undefined : route.access[0];
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(headers)) if (v !== undefined && v !== '') h[k] = v;
          if (withToken && role) h.authorization = `Bearer ${tokens[role]}`;
          const res = await raw(route.method, path, h, route.method === 'GET' ? undefined : bytes);
          if (res.status >= 500) fiveHundreds.push(`${route.method} ${path.slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500), seed: Number(process.env.FUZZ_SEED ?? 25) },
    );
    expect(fiveHundreds).toEqual([]);
    expect(await countItems(WRITTEN)).toBe(before);
  }, 300_000);
});

describe('clean text', () => {
  const UNCLEAN: [string, string][] = [
    ['RTL override', '张\u202e三'],
    ['zero-width space', '张\u200b三'],
    ['zero-width joiner', '张\u200d三'],
    ['NUL', '张\u0000三'],
    ['BOM', '\ufeff张三'],
    ['lone surrogate', '张\ud800三'],
    ['bell', '张\u0007三'],
    ['line break in a name', '张\n三'],
  ];

  it('refuses control, bidi and zero-width characters and lone surrogates in names, naming the field in Chinese', async () => {
    const before = await countItems();
    for (const [what, name] of UNCLEAN) {
      const body = dibaoApplication(idNumber('19700303', '481'));
      (body.applicant as { name: string }).name = name;
      const res = await p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } });
      expect(res.status, `${what}: ${res.text}`).toBe(400);
      const error = res.body.errors.find((e: { field: string }) => e.field === 'applicant.name');
      expect(error, what).toMatchObject({ code: 'invalid_characters' });
      expect(error.message).toMatch(/^申请人姓名含有/);
      // Members' names and free text too.
      const member = dibaoApplication(idNumber('19700303', '481'));
      (member.household.members[0] as { name: string }).name = name;
      const res2 = await p.call('POST', '/api/v1/applications', { body: member, headers: { 'idempotency-key': randomUUID() } });
      expect(res2.status).toBe(400);
      expect(res2.body.errors.map((e: { field: string }) => e.field)).toContain('household.members.0.name');
    }
    const note = await p.call('POST', '/api/v1/social-workers', {
      token: tokens.county,
      body: { name: '周\u202e明', certificateNumber: 'SW-CLEAN-1', level: 'assistant', township: '341602001', communityWorker: true, from: '2026-01' },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(note.status).toBe(400);
    expect(note.body.errors[0]).toMatchObject({ field: 'name', code: 'invalid_characters' });
    expect(await countItems()).toBe(before);
  });

  it('stores names NFC-normalised', async () => {
    const id = idNumber('19700305', '483');
    const body = dibaoApplication(id);
    (body.applicant as { name: string }).name = '阿依古丽·Ame\u0301lie'; // e + combining acute
    (body.household.members[0] as { name: string }).name = '阿依古丽·Ame\u0301lie';
    const res = await p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, res.text).toBe(201);
    const view = await p.call('GET', `/api/v1/cases/${res.body.reference}`, { token: tokens.caseworker });
    expect(view.status, view.text).toBe(200);
    expect(view.body.applicant.name).toBe('阿依古丽·Am\u00e9lie');
    expect(view.body.household.members[0].name).toBe('阿依古丽·Am\u00e9lie');
  });
});
