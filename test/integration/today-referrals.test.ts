/**
 * 转办 in 今日工作 (shared/cases/today.ts, shared/cases/referrals.ts `referralsDue`): the department that must
 * answer, the township that routed and the county see the open referrals due by the end of the week or late,
 * overdue first, then at risk (shared/calendar/due.ts), then by date — and nothing of another township or
 * department. Through the real gateway against DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { apply, HOME, must, staffOf, type Staff } from './workflow-support.ts';

let p: TestPlatform;
let s: Staff;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
const area = { ...HOME, residence: 'rural', hukou: 'local' };
const single = (type: string, id: string, name: string) => ({
  type,
  applicant: { name, idNumber: id, phone: '13900002222' },
  area,
  household: { members: [{ name, idNumber: id, relation: 'self', monthlyIncomeFen: 0 }], assets: { financialFen: 0, vehicles: 0, properties: 0 } },
});
const refs: Record<string, string> = {};

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  s = await staffOf(p);
  // Monday 2 March 2026: three referrals to 市教育局 due in 1, 4 and 20 working days, one to 市医保局 in 1.
  for (const [name, type, days, seq] of [
    ['soon', 'education', 1, '501'],
    ['friday', 'education', 4, '502'],
    ['later', 'education', 20, '503'],
    ['medical', 'medical', 1, '504'],
  ] as const) {
    const ref = await apply(p, single(type, idNumber('20100909', seq), `学生${seq}`));
    await must(p, s.caseworker, ref, 'accept');
    await must(p, s.caseworker, ref, 'route', { dueWorkingDays: days, note: '请核实并答复' });
    refs[name] = ref;
  }
  // Thursday 5 March: the first two are late, Friday's is at risk; the week ends on Sunday 8 March.
  clock.set('2026-03-05T09:00:00+08:00');
  s = await staffOf(p);
}, 120_000);
afterAll(async () => {
  await p?.stop();
});

const today = async (token: string) => {
  const r = await p.call('GET', '/api/v1/today', { token });
  expect(r.status, r.text).toBe(200);
  return r.body;
};

describe('referrals in 今日工作', () => {
  it('the department sees its own referrals due this week, the overdue first, with counts', async () => {
    const t = await today(s.education);
    expect(t.date).toBe('2026-03-05');
    expect(t.referrals.map((r: any) => [r.reference, r.dueDate, r.flag])).toEqual([
      [refs.soon, '2026-03-03', 'overdue'],
      [refs.friday, '2026-03-06', 'atRisk'],
    ]);
    expect(t.referralCounts).toEqual({ open: 2, overdue: 1, atRisk: 1 });
    expect(t.referrals[0]).toMatchObject({ department: '市教育局', township: expect.any(String), typeLabel: expect.any(String) });
    expect(t.referrals[0].applicant).toContain('*');
    expect((await today(s.medicalInsurance)).referrals.map((r: any) => r.reference)).toEqual([refs.medical]);
  });

  it('the township that routed them and the county see them too, by due date, overdue first; another township sees none', async () => {
    const cw = await today(s.caseworker);
    // Both late ones were due on 3 March: then by id, in the order they were routed.
    expect(cw.referrals.map((r: any) => [r.reference, r.flag])).toEqual([
      [refs.soon, 'overdue'],
      [refs.medical, 'overdue'],
      [refs.friday, 'atRisk'],
    ]);
    expect(cw.referrals.map((r: any) => r.reference)).not.toContain(refs.later);
    expect((await today(s.county)).referralCounts).toEqual({ open: 3, overdue: 2, atRisk: 1 });
    const other = await today(await p.tokenFor('caseworker', { township: '341602002', sub: 'cw-xuege' }));
    expect(other.referrals).toEqual([]);
    // Roles with no referrals to follow get no list.
    expect((await today(s.approver)).referrals).toBeUndefined();
  });

  it('an answered referral leaves the list', async () => {
    await must(p, s.education, refs.soon!, 'respond', { referralId: `${refs.soon}-R1`, outcome: 'info', answer: '已核实，按教育资助政策办理' });
    const t = await today(s.education);
    expect(t.referrals.map((r: any) => r.reference)).toEqual([refs.friday]);
  });
});
