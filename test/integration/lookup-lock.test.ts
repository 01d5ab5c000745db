import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { LOOKUP_LIMITS } from '../../shared/cases/lookup.ts';

/**
 * The look-up lock nobody can aim: strangers' failures lock the strangers out, not the owner, and a
 * reference under a distributed guess is slowed for everyone rather than locked. Each caller is a
 * different loopback address (127.0.0.x), as different clients would be.
 */
let p: TestPlatform;
const clock = new TestClock('2026-11-28T10:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterAll(async () => {
  await p.stop();
});

function lookupFrom(address: string, reference: string, id: string): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ reference, idNumber: id });
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: p.port,
        localAddress: address,
        method: 'POST',
        path: '/api/v1/applications/lookup',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

async function applied(id: string): Promise<string> {
  const res = await p.call('POST', '/api/v1/applications', { body: dibaoApplication(id), headers: { 'idempotency-key': randomUUID() } });
  expect(res.status, res.text).toBe(201);
  return res.body.reference as string;
}

const wrong = (i: number) => idNumber('19990101', String(100 + i));

describe('the look-up lock', () => {
  it('lets the owner in after strangers failed on the reference', async () => {
    const id = idNumber('19751219', '723');
    const reference = await applied(id);
    // Strangers, five wrong numbers each: each is locked out, and together they reach the global ceiling.
    const strangers = LOOKUP_LIMITS.globalFailureCeiling / LOOKUP_LIMITS.failuresBeforeLock;
    for (let s = 0; s < strangers; s++) {
      for (let i = 0; i < LOOKUP_LIMITS.failuresBeforeLock; i++) expect((await lookupFrom(`127.0.0.${11 + s}`, reference, wrong(i))).status).toBe(404);
      const locked = await lookupFrom(`127.0.0.${11 + s}`, reference, id);
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('lookup-locked');
    }
    const owner = await lookupFrom('127.0.0.2', reference, id);
    expect(owner.status).toBe(200);
    expect(owner.body.reference).toBe(reference);
  });

  it('still stops a guesser: locked after five failures, and slowed on a reference many have failed on', async () => {
    const id = idNumber('19751221', '725');
    const reference = await applied(id);
    for (let i = 0; i < LOOKUP_LIMITS.failuresBeforeLock; i++) expect((await lookupFrom('127.0.0.31', reference, wrong(i))).status).toBe(404);
    // Even the right number is refused to a caller that failed five times.
    expect((await lookupFrom('127.0.0.31', reference, id)).body.code).toBe('lookup-locked');

    // A distributed guess: four more addresses bring the reference to the ceiling.
    for (let s = 0; s < 3; s++) for (let i = 0; i < LOOKUP_LIMITS.failuresBeforeLock; i++) await lookupFrom(`127.0.0.${32 + s}`, reference, wrong(10 + i));
    // Now every caller gets one attempt a minute on this reference.
    expect((await lookupFrom('127.0.0.40', reference, wrong(20))).status).toBe(404);
    const slowed = await lookupFrom('127.0.0.40', reference, wrong(21));
    expect(slowed.status).toBe(429);
    expect(slowed.body.code).toBe('lookup-slowed');
    expect(slowed.body.detail).toMatch(/秒/);
    clock.set('2026-11-28T10:01:05+08:00');
    expect((await lookupFrom('127.0.0.40', reference, wrong(22))).status).toBe(404);
    // The owner is never locked, only paced.
    expect((await lookupFrom('127.0.0.3', reference, id)).status).toBe(200);

    // After the window the reference is free again and the first guesser's lock has run out.
    clock.set('2026-11-28T10:45:00+08:00');
    expect((await lookupFrom('127.0.0.31', reference, id)).status).toBe(200);
    expect((await lookupFrom('127.0.0.40', reference, wrong(23))).status).toBe(404);
    expect((await lookupFrom('127.0.0.40', reference, wrong(24))).status).toBe(404);
  });

  it('locks an unknown reference per caller exactly as a real one, so the lock reveals nothing', async () => {
    const unknown = 'QC-261128-9998-A';
    for (let i = 0; i < LOOKUP_LIMITS.failuresBeforeLock; i++) expect((await lookupFrom('127.0.0.50', unknown, wrong(i))).status).toBe(404);
    expect((await lookupFrom('127.0.0.50', unknown, wrong(9))).body.code).toBe('lookup-locked');
    expect((await lookupFrom('127.0.0.51', unknown, wrong(9))).status).toBe(404);
  });
});
