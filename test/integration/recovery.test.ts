import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply } from './workflow-support.ts';

/** 找回申请编号 (shared/notices/recovery.ts): sent by SMS to the phone on file only, never shown, the same answer either way. */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const idA = idNumber('19680101', '721');
const idB = idNumber('19680202', '722');
let refA: string;
let refB: string;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  const a = dibaoApplication(idA);
  refA = await apply(p, { ...a, applicant: { ...a.applicant, phone: '13900007201' } });
  const b = dibaoApplication(idB);
  refB = await apply(p, { ...b, applicant: { ...b.applicant, phone: '139 0000 7202' } });
});
afterAll(async () => {
  await p.stop();
});

const recover = (idNumber: string, phone: string) => p.call('POST', '/api/v1/applications/recovery', { body: { idNumber, phone } });
async function sent() {
  await p.queues.drain();
  return p.sms.delivered.filter((d) => d.text.includes('申请编号是'));
}

describe('recovering a lost 申请编号', () => {
  let answer: unknown;

  it('sends the reference to the phone on file, and shows it nowhere', async () => {
    const res = await recover(idA, '139 0000 7201');
    expect(res.status, res.text).toBe(202);
    expect(res.text).not.toContain(refA);
    answer = res.body;
    const texts = await sent();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: '13900007201' });
    expect(texts[0]!.text).toContain(refA);
    expect(texts[0]!.text).not.toContain(idA);
  });

  it('answers the same and sends nothing for another phone, an unknown person, or the other applicant’s phone', async () => {
    for (const [id, phone] of [
      [idA, '13900007202'],
      [idNumber('19680303', '723'), '13900007201'],
      [idB, '13900007201'],
    ] as const) {
      const res = await recover(id, phone);
      expect(res.status).toBe(202);
      expect(res.body).toEqual(answer);
    }
    expect(await sent()).toHaveLength(1);
    expect(p.sms.delivered.every((d) => d.to !== '13900007202' || !d.text.includes(refA))).toBe(true);
  });

  it('sends B’s reference to B’s phone, and each application at most once a day', async () => {
    await recover(idB, '13900007202');
    await recover(idB, '13900007202');
    const texts = await sent();
    expect(texts.filter((t) => t.text.includes(refB))).toEqual([expect.objectContaining({ to: '13900007202' })]);
    clock.set('2026-03-03T09:00:00+08:00');
    await recover(idB, '13900007202');
    expect((await sent()).filter((t) => t.text.includes(refB))).toHaveLength(2);
  });

  it('locks a caller out of one ID number after 5 tries that do not match, like the look-up', async () => {
    clock.set('2026-03-04T09:00:00+08:00');
    for (let i = 0; i < 5; i++) expect((await recover(idA, `1390000730${i}`)).status).toBe(202);
    const locked = await recover(idA, '13900007201');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('recovery-locked');
    expect(locked.text).not.toContain(refA);
    // Another ID number is not locked.
    expect((await recover(idB, '13900007202')).status).toBe(202);
  });

  it('answers the plain form with a redirect: sent, or check the numbers — never the reference', async () => {
    clock.set('2026-03-05T09:00:00+08:00');
    const form = (body: string) =>
      fetch(`${p.url}/api/v1/applications/recovery`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.url.replace('127.0.0.1', 'localhost') },
        body,
      });
    const ok = await form(`idNumber=${idA}&phone=13900007201`);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/track/recover/sent/');
    const bad = await form('idNumber=12345&phone=13900007201');
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toBe('/track/recover/check/');
    const missing = await recover('12345', 'abc');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['idNumber', 'phone']);
  });
});
