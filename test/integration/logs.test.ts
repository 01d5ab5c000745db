import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { logger, scrub } from '../../shared/log.ts';

let p: TestPlatform;
const lines: string[] = [];
const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  p = await startTestPlatform();
  logger.setLogLevel('INFO'); // the suite runs at WARN; this test reads what INFO would write
  const capture = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(originals.out);
  process.stderr.write = capture(originals.err);
});
afterAll(async () => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
  await p.stop();
});

describe('logs never carry ID numbers or phone numbers', () => {
  it('scrubs anything shaped like them', () => {
    expect(scrub('身份证 341602197001011234 电话 13800001234')).toBe('身份证 [身份证号已隐去] 电话 [手机号已隐去]');
  });

  it('holds none of the numbers used in a journey with good and bad input', async () => {
    const id = idNumber('19660606', '821');
    const phone = '13912345678';
    const body = dibaoApplication(id);
    body.applicant.phone = phone;
    const created = await p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    await p.call('POST', '/api/v1/applications', { body, headers: { 'idempotency-key': randomUUID() } }); // duplicate → 409
    await p.call('POST', '/api/v1/applications/lookup', { body: { reference: created.body.reference, idNumber: id } });
    await p.call('POST', '/api/v1/applications/lookup', { body: { reference: created.body.reference, idNumber: idNumber('19660607', '823') } });
    await p.call('POST', '/api/v1/applications', { body: { ...body, applicant: { ...body.applicant, idNumber: `${id.slice(0, 17)}0` } }, headers: { 'idempotency-key': randomUUID() } });
    // A refused plain form (no JavaScript) comes back filled with what was sent, ID number included —
    // to the person who sent it, never stored in a shared cache, never into the log.
    const form = new URLSearchParams({
      type: 'dibao',
      'applicant.name': '孙平安',
      'applicant.idNumber': id,
      'applicant.phone': phone,
      'household.members.0.monthlyIncome': '0',
      'household.members.1.idNumber': idNumber('19680101', '825'),
      idempotencyToken: '',
    });
    const refused = await fetch(`${p.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.url, accept: 'text/html' }, body: form });
    const page = await refused.text();
    expect(refused.status).toBe(400);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(page).toContain(`value="${id}"`);
    expect(page).toContain(`value="${idNumber('19680101', '825')}"`);
    const logged = lines.join('');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged).not.toContain(id);
    expect(logged).not.toContain(id.slice(0, 17));
    expect(logged).not.toContain(phone);
    expect(logged).not.toContain(idNumber('19680101', '825'));
  });
});
