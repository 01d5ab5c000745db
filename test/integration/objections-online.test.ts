import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, checkReport, must, staffOf, visit, type Staff } from './workflow-support.ts';

/** 公示 objections online (POST /api/v1/objections): with a contact, rate-limited, routed to the township like a window's. */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

let seq = 740;
async function inPublicity() {
  const ref = await apply(p, dibaoApplication(idNumber('19660101', String(seq++))));
  await must(p, s.caseworker, ref, 'accept');
  await must(p, s.check, ref, 'recordCheck', checkReport(false));
  await must(p, s.caseworker, ref, 'recordVisit', visit(false));
  await must(p, s.caseworker, ref, 'propose');
  await must(p, s.caseworker, ref, 'publicize');
  return ref;
}
const object = (body: unknown) => p.call('POST', '/api/v1/objections', { body });
const form = (body: string) =>
  fetch(`${p.url}/api/v1/objections`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: p.url.replace('127.0.0.1', 'localhost') }, body });

describe('objecting to 公示 online', () => {
  it('puts the case back in its township’s inbox as objected, with the contact sealed and never shown', async () => {
    const ref = await inPublicity();
    const res = await object({ reference: ref.toLowerCase(), reason: '该户有一辆营运货车没有申报', contactPhone: '13600007401', contactName: '李明' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ reference: ref, status: 'objected', objection: 1 });

    const inbox = await p.call('GET', '/api/v1/inbox?status=objected', { token: s.caseworker });
    expect(inbox.body.items.map((i: { reference: string }) => i.reference)).toContain(ref);
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.objections[0]).toMatchObject({ n: 1, status: 'open', channel: 'online', contactGiven: true, reason: '该户有一辆营运货车没有申报' });
    expect(view.text).not.toContain('13600007401');
    expect(view.text).not.toContain('李明');
    const roster = await p.call('GET', '/api/v1/publicity');
    expect(roster.body.current.find((e: { reference: string }) => e.reference === ref)).toMatchObject({ status: 'objected' });
  });

  it('needs a contact phone and a reason, and refuses a reference not in 公示', async () => {
    const ref = await inPublicity();
    const bare = await object({ reference: ref, reason: '短' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['contactPhone', 'reason']);
    const notInPublicity = await object({ reference: await apply(p, dibaoApplication(idNumber('19660202', String(seq++)))), reason: '该户家中有未申报的收入', contactPhone: '13600007402' });
    expect(notInPublicity.status).toBe(409);
  });

  it('answers the plain form with redirects: sent, check, closed', async () => {
    clock.set('2026-03-02T09:05:00+08:00');
    s = await staffOf(p);
    const ref = await inPublicity();
    const ok = await form(new URLSearchParams({ reference: ref, reason: '该户子女在外地工作，收入较高', contactPhone: '13600007403', contactName: '' }).toString());
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/publicity/object/sent/');
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body.status).toBe('objected');
    const check = await form(new URLSearchParams({ reference: ref, reason: '', contactPhone: '' }).toString());
    expect(check.headers.get('location')).toBe('/publicity/object/check/');
    // Already objected: no longer in 公示 for a second objection until the township has checked.
    const closed = await form(new URLSearchParams({ reference: ref, reason: '该户子女在外地工作，收入较高', contactPhone: '13600007403' }).toString());
    expect(closed.headers.get('location')).toBe('/publicity/object/closed/');
  });

  it('limits objections per caller and minute', async () => {
    clock.set('2026-03-02T09:10:00+08:00');
    let last = await object({ reference: 'QC-260302-9999-X', reason: '该户家中有未申报的收入', contactPhone: '13600007404' });
    for (let i = 0; i < 5; i++) last = await object({ reference: 'QC-260302-9999-X', reason: '该户家中有未申报的收入', contactPhone: '13600007404' });
    expect(last.status).toBe(429);
    const page = await form(new URLSearchParams({ reference: 'QC-260302-9999-X', reason: '该户家中有未申报的收入', contactPhone: '13600007404' }).toString());
    expect(page.headers.get('location')).toBe('/publicity/object/wait/');
  });
});
