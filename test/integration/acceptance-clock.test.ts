import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { dibaoApplication, idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { CONSENT_TEXT_VERSION } from '../../shared/cases/application.ts';
import { act, apply, must, staffOf, type Staff } from './workflow-support.ts';

/**
 * A clock from submission (issue 24): the 20 working days of (二十) run from 受理, so an application is due to
 * be accepted within `acceptance.workingDays` (an example value, 5) working days of its submission; one not
 * accepted in time is in 督办 with everything else, at risk first, then overdue.
 */
let p: TestPlatform;
let s: Staff;
const AREA = { county: '341602', township: '341602102' };
const clock = new TestClock('2026-09-25T09:00:00+08:00');
let seq = 700;
const application = () => dibaoApplication(idNumber('19660606', String(seq++), AREA.county), { area: { ...AREA, residence: 'rural', hukou: 'local' } });
const supervision = async (date: string) => {
  await p.runJob('deadline-watch', date);
  const res = await p.call('GET', `/api/v1/supervision?county=${AREA.county}&date=${date}`, { token: s.county });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const itemOf = (list: any, ref: string) => list.items.find((i: { kind: string; reference: string }) => i.kind === 'application' && i.reference === ref);

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p, AREA);
});
afterAll(async () => {
  await p?.stop();
});

describe('受理 is due within a number of working days of submission', () => {
  let late: string;
  let accepted: string;
  let returned: string;
  let acceptBy: string;

  it('gives a submitted application its 受理 date by the official calendar, shown on the case and in the inbox', async () => {
    late = await apply(p, application());
    accepted = await apply(p, application());
    returned = await apply(p, application());
    // Friday 25 September + 5 working days, across 国庆: 28, 29, 30 September, 8 and 9 October.
    const calendar = await p.call('GET', '/api/v1/calendar/working-days?from=2026-09-25&add=5');
    acceptBy = calendar.body.date;
    expect(acceptBy).toBe('2026-10-09');
    const view = await p.call('GET', `/api/v1/cases/${late}`, { token: s.caseworker });
    expect(view.body).toMatchObject({ status: 'submitted', acceptBy, acceptByProvisional: false });
    expect(view.body.dueDate).toBeUndefined();
    const inbox = await p.call('GET', '/api/v1/inbox?status=submitted', { token: s.caseworker });
    expect(inbox.body.items.find((i: { reference: string }) => i.reference === late)).toMatchObject({ acceptBy });
    await must(p, s.caseworker, accepted, 'accept');
    const back = await act(p, s.caseworker, returned, 'return', { items: [{ item: '近三个月医疗票据' }] });
    expect(back.status, back.text).toBe(200);
  });

  it('an application not accepted within its days appears in 督办: at risk three working days before, overdue after', async () => {
    const before = await supervision('2026-10-06');
    expect(itemOf(before, late)).toMatchObject({ flag: 'atRisk', dueDate: acceptBy, step: 'accept', stepLabel: '受理', statusLabel: '已提交', applicant: '张*' });
    const after = await supervision('2026-10-12');
    expect(itemOf(after, late)).toMatchObject({ flag: 'overdue', dueDate: acceptBy, step: 'accept' });
    expect(after.counts.find((c: { township: string }) => c.township === AREA.township).overdue).toBeGreaterThanOrEqual(1);
    // Accepted in time: held to its decision date (20 working days), not late; returned for completion: waits for the applicant.
    expect(itemOf(after, accepted)).toBeUndefined();
    expect(itemOf(after, returned)).toBeUndefined();
    const inCase = await p.call('GET', `/api/v1/cases/${late}`, { token: s.caseworker });
    expect(inCase.body.flags).toMatchObject({ overdue: false }); // today (the test clock) is still 25 September
  });

  it('a grid worker’s report starts the clock when the last adult consents', async () => {
    const ref = (await p.call('POST', '/api/v1/reports', { token: s.assistant, body: { ...application(), consent: undefined }, headers: { 'idempotency-key': randomUUID() } })).body
      .reference as string;
    expect((await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker })).body.acceptBy).toBeUndefined();
    clock.set('2026-10-12T09:00:00+08:00');
    s = await staffOf(p, AREA);
    await must(p, s.assistant, ref, 'consent', { members: [{ index: 0 }, { index: 1 }], textVersion: CONSENT_TEXT_VERSION });
    const view = await p.call('GET', `/api/v1/cases/${ref}`, { token: s.caseworker });
    expect(view.body).toMatchObject({ status: 'submitted', acceptBy: (await p.call('GET', '/api/v1/calendar/working-days?from=2026-10-12&add=5')).body.date });
  });

  it('an application submitted before the clock existed is given its date from its submission', async () => {
    const old = await apply(p, application());
    // As the case was stored before this change: no acceptBy, index key sorting last.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.application(old),
        UpdateExpression: 'REMOVE acceptBy, acceptByProvisional SET gsi3sk = :k, gsi1sk = :k1, submittedAt = :at',
        ExpressionAttributeValues: { ':k': `APP#submitted#9999-12-31#${old}`, ':k1': `submitted#9999-12-31#${old}`, ':at': '2026-09-25T09:00:00+08:00' },
      }),
    );
    expect(itemOf(await supervision('2026-10-13'), old)).toMatchObject({ flag: 'overdue', dueDate: acceptBy, step: 'accept' });
  });
});
