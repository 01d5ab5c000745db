import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { apply, staffOf, type Staff } from './workflow-support.ts';

/**
 * 催办 from 督办 (issue 24): the county sends a reminder on an overdue item; it is recorded in the audit,
 * shown on the item and on the township's case, and counted in the township's statistics; a second
 * reminder counts as repeated, a retry with the same key records nothing twice.
 */
let p: TestPlatform;
let s: Staff;
const AREA = { county: '341602', township: '341602103' };
const clock = new TestClock('2026-09-25T09:00:00+08:00');
let late: string;
let soon: string;

const remind = (body: Record<string, unknown>, token = s.county, key = randomUUID()) => p.call('POST', '/api/v1/supervision/reminders', { token, body, headers: { 'idempotency-key': key } });
const list = async (date: string) => (await p.call('GET', `/api/v1/supervision?county=${AREA.county}&date=${date}`, { token: s.county })).body;

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p, AREA);
  late = await apply(p, dibaoApplication(idNumber('19660707', '901', AREA.county), { area: { ...AREA, residence: 'rural', hukou: 'local' } }));
  clock.set('2026-10-09T09:00:00+08:00');
  soon = await apply(p, dibaoApplication(idNumber('19660707', '902', AREA.county), { area: { ...AREA, residence: 'rural', hukou: 'local' } }));
  clock.set('2026-10-12T09:00:00+08:00');
  s = await staffOf(p, AREA);
  await p.runJob('deadline-watch', '2026-10-12');
});
afterAll(async () => {
  await p?.stop();
});

describe('催办 from 督办', () => {
  it('records a reminder on an overdue item, shows it on the item and the case, and counts repeats for the township', async () => {
    const before = await list('2026-10-12');
    const item = before.items.find((i: { reference: string }) => i.reference === late);
    expect(item).toMatchObject({ flag: 'overdue', subject: `APP#${late}`, reminders: [] });

    const key = randomUUID();
    const first = await remind({ county: AREA.county, date: '2026-10-12', subject: `APP#${late}`, note: '请于本周内受理' }, s.county, key);
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ n: 1, township: AREA.township, note: '请于本周内受理' });
    // The same request again (a retry): the same answer, nothing written twice.
    const replay = await remind({ county: AREA.county, date: '2026-10-12', subject: `APP#${late}`, note: '请于本周内受理' }, s.county, key);
    expect(replay.body.id).toBe(first.body.id);
    const second = await remind({ county: AREA.county, date: '2026-10-12', subject: `APP#${late}` });
    expect(second.status, second.text).toBe(201);
    expect(second.body.n).toBe(2);

    const after = await list('2026-10-12');
    expect(after.items.find((i: { reference: string }) => i.reference === late).reminders.map((r: { n: number }) => r.n)).toEqual([1, 2]);
    expect(after.counts.find((c: { township: string }) => c.township === AREA.township)).toMatchObject({ reminders: 2, remindedAgain: 1 });

    // The responsible desk sees it on the case.
    const view = await p.call('GET', `/api/v1/cases/${late}`, { token: s.caseworker });
    expect(view.body.reminders).toHaveLength(2);
    expect(view.body.reminders[0]).toMatchObject({ n: 1, note: '请于本周内受理', subject: `APP#${late}` });

    // In the audit: the county's supervision chain, intact.
    const audit = await p.call('GET', `/api/v1/audit/verify?aggregate=${encodeURIComponent(`supervision#${AREA.county}`)}`, { token: s.auditor });
    expect(audit.body).toMatchObject({ ok: true, length: 2 });
  });

  it('refuses an item not overdue, an item not on the list, another county, and a malformed subject, in Chinese', async () => {
    const notYet = await remind({ county: AREA.county, date: '2026-10-12', subject: `APP#${soon}` });
    expect(notYet.status).toBe(409);
    expect(notYet.body.code).toBe('not-overdue');
    const none = await remind({ county: AREA.county, date: '2026-10-12', subject: 'APP#QC-260101-0001-X' });
    expect(none.status).toBe(404);
    const other = await remind({ county: '341621', date: '2026-10-12', subject: `APP#${late}` });
    expect(other.status).toBe(403);
    const bad = await remind({ county: AREA.county, date: '2026-10-12', subject: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'subject' });
    expect(bad.body.errors[0].message).toContain('督办事项');
    const caseworker = await remind({ county: AREA.county, date: '2026-10-12', subject: `APP#${late}` }, s.caseworker);
    expect(caseworker.status).toBe(403);
    expect((await list('2026-10-12')).counts.find((c: { township: string }) => c.township === AREA.township).reminders).toBe(2);
  });
});
