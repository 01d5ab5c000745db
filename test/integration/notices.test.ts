import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber, spouseOf } from '../support/people.ts';
import { act, apply, checkReport, must, staffOf, visit, type Staff } from './workflow-support.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { sendMessages } from '../../shared/queue.ts';

/**
 * SMS notices (shared/notices): one outbox entry per event, written with the case change, delivered once
 * under the queue's retries and duplicate messages, and never holding an ID number.
 */
let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const ids: string[] = [];
beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
});
afterAll(async () => {
  await p.stop();
});

async function applyWith(birth: string, seq: string, phone: string) {
  const id = idNumber(birth, seq);
  ids.push(id, spouseOf(id));
  const base = dibaoApplication(id);
  return apply(p, { ...base, applicant: { ...base.applicant, phone } });
}

async function outbox(reference: string) {
  await p.queues.drain();
  const res = await p.call('GET', `/api/v1/dev/outbox?reference=${reference}`);
  expect(res.status, res.text).toBe(200);
  return res.body.entries as { id: string; notice: string; text: string; status: string; attempts: number; deliveredTo?: string[] }[];
}

describe('notices by SMS', () => {
  let ref: string;

  it('tells the applicant of 受理 once, with the 申请编号 and nothing personal, at the phone on file', async () => {
    ref = await applyWith('19700101', '711', '13800007001');
    expect(await outbox(ref)).toEqual([]);
    await must(p, s.caseworker, ref, 'accept');
    // A second 受理 (a retried click) is refused by the state machine and gives no second notice.
    expect((await act(p, s.caseworker, ref, 'accept')).status).toBe(409);
    const entries = await outbox(ref);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ notice: 'accepted', status: 'sent', attempts: 1, deliveredTo: ['13800007001'] });
    expect(entries[0]!.text).toContain(ref);
    expect(entries[0]!.text).toContain('2026-03-30');
    expect(entries[0]!.text).not.toContain('张');
  });

  it('sends once when the provider fails and the queue retries, and once when a message comes twice', async () => {
    const other = await applyWith('19700202', '712', '13800007002');
    p.sms.failNext = 2;
    await must(p, s.caseworker, other, 'return', { items: [{ item: '医院诊断证明' }] });
    const [entry] = await outbox(other);
    expect(entry).toMatchObject({ notice: 'returned', status: 'sent', attempts: 3, deliveredTo: ['13800007002'] });
    // The same outbox key delivered again (SQS is at-least-once): nothing more is sent.
    await sendMessages('notices', [{ body: { pk: `NOTICE#${other}`, sk: entry!.id.split('|')[1] }, attributes: { job: 'notice-deliver', correlationId: 'test' } }]);
    await sendMessages('notices', [{ body: { pk: `NOTICE#${other}`, sk: entry!.id.split('|')[1] }, attributes: { job: 'notice-deliver', correlationId: 'test' } }]);
    const again = await outbox(other);
    expect(again).toHaveLength(1);
    expect(again[0]!.deliveredTo).toEqual(['13800007002']);
  });

  it('keeps a notice the provider refused past the retries in the outbox, and the daily sweep sends it once', async () => {
    const third = await applyWith('19700303', '713', '13800007003');
    p.sms.failNext = 5;
    await must(p, s.caseworker, third, 'accept');
    const [stuck] = await outbox(third);
    expect(stuck).toMatchObject({ status: 'pending', attempts: 5 });
    expect(stuck!.deliveredTo).toBeUndefined();
    expect(p.queues.dlq.get('notices')?.length).toBe(1);
    expect(await p.runJob('notice-sweep', '2026-03-03')).toMatchObject({ queued: 1 });
    const [sent] = await outbox(third);
    expect(sent).toMatchObject({ status: 'sent', attempts: 6, deliveredTo: ['13800007003'] });
    expect(await p.runJob('notice-sweep', '2026-03-04')).toMatchObject({ queued: 0 });
  });

  it('tells of the decision and the start of payment, and of a rejection with the right to 行政复议', async () => {
    await must(p, s.check, ref, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, ref, 'recordVisit', visit(false));
    await must(p, s.caseworker, ref, 'propose');
    await must(p, s.caseworker, ref, 'publicize');
    await p.runJob('publicity-close', '2026-03-09');
    clock.set('2026-03-09T10:00:00+08:00');
    s = await staffOf(p);
    await must(p, s.approver, ref, 'approve');
    const entries = await outbox(ref);
    expect(entries.map((e) => e.notice)).toEqual(['accepted', 'paymentStarted']);
    expect(entries[1]!.text).toContain('2026年3月起按月发放');

    const refused = await applyWith('19700404', '714', '13800007004');
    await must(p, s.caseworker, refused, 'accept');
    await must(p, s.check, refused, 'recordCheck', checkReport(false));
    await must(p, s.caseworker, refused, 'recordVisit', visit(false));
    await must(p, s.caseworker, refused, 'propose');
    await must(p, s.approver, refused, 'reject', { reasons: ['家庭人均收入高于当地低保标准'] });
    const decided = await outbox(refused);
    expect(decided.map((e) => e.notice)).toEqual(['accepted', 'rejected']);
    expect(decided[1]!.text).toContain('行政复议');
    expect(decided.every((e) => e.deliveredTo?.[0] === '13800007004')).toBe(true);
  });

  it('tells the household a re-check is due, and of a pause in payment after it', async () => {
    await p.runJob('dibao-q4-review', '2026-10-01');
    // The job run again for the date creates no task and no notice twice.
    await p.runJob('dibao-q4-review', '2026-10-01');
    // Written with the task, sent by the morning's sweep (not at night).
    expect((await outbox(ref)).find((e) => e.notice === 'recheckDue')).toMatchObject({ status: 'pending' });
    expect(await p.runJob('notice-sweep', '2026-10-01')).toMatchObject({ queued: 1 });
    const entries = await outbox(ref);
    expect(entries.map((e) => e.notice)).toEqual(['accepted', 'paymentStarted', 'recheckDue']);
    expect(entries[2]).toMatchObject({ status: 'sent', deliveredTo: ['13800007001'] });

    const list = await p.call('GET', '/api/v1/tasks', { token: s.caseworker });
    const task = list.body.items.find((t: { reference: string }) => t.reference === ref);
    const paused = await p.call('POST', `/api/v1/tasks/${task.id}/outcome`, { token: s.caseworker, body: { outcome: 'suspend', findings: '联系不上本人，待核实', reasons: ['连续两次入户未见本人'] } });
    expect(paused.status, paused.text).toBe(200);
    const after = await outbox(ref);
    // (The job stamps its notice with the machine's time, the gateway with the test clock: compare as a set.)
    expect(after.map((e) => e.notice).sort()).toEqual(['accepted', 'paymentChanged', 'paymentStarted', 'recheckDue']);
    expect(after.find((e) => e.notice === 'paymentChanged')).toMatchObject({ status: 'sent', deliveredTo: ['13800007001'] });
    expect(after.find((e) => e.notice === 'paymentChanged')!.text).toContain('暂停发放');
  });

  it('holds no ID number anywhere in the outbox', async () => {
    const all = await p.call('GET', '/api/v1/dev/outbox');
    expect(all.body.entries.length).toBeGreaterThanOrEqual(7);
    const items = (await db().send(new ScanCommand({ TableName: tableName(), FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'NOTICE#' } }))).Items ?? [];
    const raw = JSON.stringify(items) + all.text;
    for (const id of ids) expect(raw).not.toContain(id);
    expect(JSON.stringify(items)).not.toMatch(/1[3-9]\d{9}/);
  });
});
