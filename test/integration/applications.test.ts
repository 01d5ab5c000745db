import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { countItems, dibaoApplication, idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { isValidReference } from '../../shared/cases/reference-number.ts';
import { LOOKUP_LIMITS } from '../../shared/cases/lookup.ts';

let p: TestPlatform;
const clock = new TestClock('2026-11-28T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterAll(async () => {
  await p.stop();
});

const apply = (body: unknown, key: string = randomUUID()) => p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': key } });

describe('applying', () => {
  it('stores a valid application once per Idempotency-Key and answers the same reference', async () => {
    const body = dibaoApplication(idNumber('19650505', '231'));
    const key = randomUUID();
    const first = await apply(body, key);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('submitted');
    expect(isValidReference(first.body.reference)).toBe(true);
    expect(first.body.reference).toMatch(/^QC-261128-\d{4}-.$/);
    const before = await countItems();
    const again = await apply(body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await countItems()).toBe(before);
  });

  it('refuses the same key with a different body', async () => {
    const key = randomUUID();
    expect((await apply(dibaoApplication(idNumber('19650506', '233')), key)).status).toBe(201);
    const other = await apply(dibaoApplication(idNumber('19650507', '235')), key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('refuses a second open application of the same type and names the first', async () => {
    const id = idNumber('19600303', '311');
    const first = await apply(dibaoApplication(id));
    const second = await apply(dibaoApplication(id));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'duplicate-application', existingReference: first.body.reference });
  });

  it('seals the ID number and phone in the item and never stores them in clear', async () => {
    const id = idNumber('19580808', '415');
    const res = await apply(dibaoApplication(id));
    const item = await db().send(new GetCommand({ TableName: tableName(), Key: keys.application(res.body.reference) }));
    const raw = JSON.stringify(item.Item);
    expect(raw).not.toContain(id);
    expect(raw).not.toContain('13800001234');
    expect(item.Item?.applicant.id.hash).toBeTruthy();
    expect(item.Item?.household.members[0].birthDate).toBe('1958-08-08');
  });

  it('lets urgent temporary assistance come before consent, and asks consent otherwise', async () => {
    const base = dibaoApplication(idNumber('19900101', '517'));
    const urgent = { ...base, type: 'linshi', hardship: { kind: 'emergency', description: '房屋失火', amountFen: 500000 } };
    delete (urgent as { consent?: unknown }).consent;
    expect((await apply(urgent)).status).toBe(201);
    const noConsent = { ...dibaoApplication(idNumber('19900102', '519')) };
    delete (noConsent as { consent?: unknown }).consent;
    const refused = await apply(noConsent);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('consent.economicCheck');
  });

  it('takes 流浪乞讨 without an ID number, and refuses 低保 where 户籍 is elsewhere', async () => {
    const vagrant = {
      type: 'vagrant',
      applicant: { name: '无名氏', phone: '13900001111' },
      area: { county: '341621', township: '341621001', residence: 'urban', hukou: 'elsewhere' },
      household: { members: [{ name: '无名氏', relation: 'self', birthDate: '1970-01-01', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
    };
    expect((await apply(vagrant)).status).toBe(201);
    const away = dibaoApplication(idNumber('19800101', '611'), { area: { county: '341602', township: '341602001', residence: 'urban', hukou: 'elsewhere' } });
    const res = await apply(away);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('area.hukou');
  });
});

describe('looking an application up', () => {
  it('shows the masked timeline with the right ID number', async () => {
    const id = idNumber('19751212', '713');
    const { body } = await apply(dibaoApplication(id));
    const res = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference.toLowerCase(), idNumber: `${id.slice(0, 6)} ${id.slice(6)}` } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reference: body.reference, applicant: '张*', status: 'submitted', statusLabel: '已提交', typeLabel: '最低生活保障（低保）' });
    expect(res.text).not.toContain(id);
  });

  it('answers a wrong ID number exactly as an unknown reference', async () => {
    const id = idNumber('19751213', '715');
    const { body } = await apply(dibaoApplication(id));
    const wrong = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference, idNumber: idNumber('19751214', '717') } });
    const unknown = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: 'QC-261128-9999-A', idNumber: id } });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
  });

  it('locks a reference after repeated failures, even for the right number', async () => {
    const id = idNumber('19751215', '719');
    const { body } = await apply(dibaoApplication(id));
    for (let i = 0; i < 5; i++) {
      await p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference, idNumber: idNumber('19990101', String(100 + i)) } });
    }
    const locked = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference, idNumber: id } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('lookup-locked');
    clock.set('2026-11-28T11:00:00+08:00');
    const later = await p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference, idNumber: id } });
    expect(later.status).toBe(200);
  });

  it('limits look-ups per caller and minute, before the number is even compared', async () => {
    const id = idNumber('19751217', '721');
    const { body } = await apply(dibaoApplication(id));
    const limit = LOOKUP_LIMITS.perMinutePerCaller;
    LOOKUP_LIMITS.perMinutePerCaller = 3;
    try {
      clock.set('2026-11-28T12:00:00+08:00'); // a fresh minute for this caller
      const lookup = () => p.call('POST', '/api/v1/applications/lookup', { body: { reference: body.reference, idNumber: id } });
      for (let i = 0; i < 3; i++) expect((await lookup()).status).toBe(200);
      const limited = await lookup();
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'lookup-rate-limited' });
      expect(limited.text).not.toContain('张');
      clock.set('2026-11-28T12:01:00+08:00');
      expect((await lookup()).status).toBe(200);
    } finally {
      LOOKUP_LIMITS.perMinutePerCaller = limit;
    }
  });
});

describe('bad input gets a 4xx problem and writes nothing', () => {
  const cases: [string, () => Promise<{ status: number; body: any; text: string }>, number, string][] = [
    ['malformed JSON', () => p.call('POST', '/api/v1/applications', { rawBody: '{"type":', headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() } }), 400, 'malformed-json'],
    ['wrong types', () => apply({ ...dibaoApplication(), household: { members: 'all of us', assets: {} } }), 400, 'validation-failed'],
    ['unknown fields', () => apply({ ...dibaoApplication(), extra: 1 }), 400, 'validation-failed'],
    ['a body over 256 KB', () => apply({ ...dibaoApplication(), padding: 'x'.repeat(300 * 1024) }), 413, 'body-too-large'],
    ['no Idempotency-Key', () => p.call('POST', '/api/v1/applications', { body: dibaoApplication() }), 400, 'idempotency-key-missing'],
    ['a bad check digit', () => apply(dibaoApplication('341602197001011239')), 400, 'validation-failed'],
    ['no members', () => apply({ ...dibaoApplication(), household: { members: [], assets: { financialFen: 0, vehicles: 0, properties: 0 } } }), 400, 'validation-failed'],
    [
      'negative income',
      () =>
        apply(
          dibaoApplication(idNumber('19700101'), {
            household: { members: [{ name: '张三', idNumber: idNumber('19700101'), relation: 'self', monthlyIncomeFen: -1 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
          }),
        ),
      400,
      'validation-failed',
    ],
    [
      'a disability grade of 5',
      () =>
        apply(
          dibaoApplication(idNumber('19700101'), {
            household: {
              members: [{ name: '张三', idNumber: idNumber('19700101'), relation: 'self', monthlyIncomeFen: 0, disability: { category: 'physical', grade: 5 } }],
              assets: { financialFen: 0, vehicles: 0, properties: 0 },
            },
          }),
        ),
      400,
      'validation-failed',
    ],
    ['a JSON array', () => apply([1, 2, 3]), 400, 'validation-failed'],
    [
      'an unsupported media type',
      () => p.call('POST', '/api/v1/applications', { rawBody: 'x', headers: { 'content-type': 'text/xml', 'idempotency-key': randomUUID() } }),
      415,
      'unsupported-media-type',
    ],
  ];
  for (const [name, send, status, code] of cases) {
    it(name, async () => {
      const before = await countItems();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.title).toMatch(/[\u4e00-\u9fa5]/);
      expect(res.text).not.toMatch(/at .*\.ts:\d+/);
      expect(await countItems()).toBe(before);
    });
  }

  it('names each field at fault', async () => {
    const res = await apply(
      dibaoApplication(idNumber('19700101'), {
        household: { members: [{ name: '', idNumber: '123', relation: 'boss', monthlyIncomeFen: 1.5 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
      }),
    );
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['household.members.0.name', 'household.members.0.idNumber', 'household.members.0.relation', 'household.members.0.monthlyIncomeFen']));
  });
});

describe('tokens and scope', () => {
  it('rejects a missing or invalid token at the gateway, and a token without scope in the function', async () => {
    const body = { id: 'dibao.standard.urban', value: 100, effectiveFrom: '2027-01-01', source: 'x' };
    expect((await p.call('POST', '/api/v1/standards', { body })).status).toBe(401);
    expect((await p.call('POST', '/api/v1/standards', { body, token: 'not-a-token' })).status).toBe(401);
    const orphan = await p.issuer.mint('nobody-registered', 'admin', clock.now());
    const res = await p.call('POST', '/api/v1/standards', { body, token: orphan });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('scope-missing');
  });

  it('refuses a role the route does not allow', async () => {
    const token = await p.tokenFor('caseworker', { township: '341602001' });
    const res = await p.call('POST', '/api/v1/standards', { body: {}, token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('role-not-allowed');
  });
});
