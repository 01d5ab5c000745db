import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { startS3, type LocalS3 } from '../../infra/local/s3.ts';
import { idNumber } from '../support/people.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { payKeys } from '../../shared/payments/keys.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { apply, checkReport, must, staffOf, visit, type Staff } from './workflow-support.ts';
import { activeThroughApi, idem } from './payments-support.ts';

/**
 * Emergency mode keeps the measures (十五)(六) — the scenario in 涡阳县: an emergency declared for
 * one day, 2027-02-28, raising only 低保 by 1.2 × was accepted, all of February was paid raised, 特困 fell to
 * 1.08 × the raised 低保 and the 临时生活补贴 was never paid. Now: the 低保-only raise is refused naming (六);
 * the declaration raising both pays the one day of 28, 特困 stays at 1.3 ×, and the subsidy reaches the named
 * household through the ledger as its own kind. The simplified procedure reaches only applications made in
 * the area during the period.
 */
let p: TestPlatform;
let s3: LocalS3;
let s: Staff;
const clock = new TestClock('2027-02-01T09:00:00+08:00');
const AREA = { county: '341621', township: '341621001' };
let dibao: string;
let tekun: string;

async function at(iso: string) {
  clock.set(iso);
  s = await staffOf(p, AREA);
}

const entries = async (reference: string) =>
  ((
    await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': payKeys.casePk(reference), ':e': 'ENTRY#' },
        ConsistentRead: true,
      }),
    )
  ).Items ?? []) as { period: string; kind: string; amountFen: number }[];

const declare = (body: Record<string, unknown>) =>
  p.call('POST', '/api/v1/emergencies', { token: s.admin, headers: idem(), body: { area: AREA.county, title: '涡阳县暴雪', source: '涡政〔2027〕9号', ...body } });

beforeAll(async () => {
  s3 = await startS3();
  p = await startTestPlatform({ clock });
  forgetParameters();
  await at('2027-02-01T09:00:00+08:00');
  // Rural defaults: 低保 700 yuan, 特困 910 yuan (exactly 1.3 ×). The 低保 household: 300 + 0 yuan of income, 2 people.
  dibao = await activeThroughApi(p, s, AREA, 'dibao', '501', '2027-02-20');
  tekun = await activeThroughApi(p, s, AREA, 'tekun', '502', '2027-02-20', { careLevel: 'half', supportMode: 'dispersed' });
}, 180_000);
afterAll(async () => {
  await p?.stop();
  await s3?.stop();
});

describe('emergency mode (十五) keeps 特困 ≥ 1.3 × 低保 (六) and pays by the day', () => {
  it('refuses a 低保-only raise naming (六); a declaration raising both pays 1/28 of February raised and the living subsidy to the named household', async () => {
    const alone = await declare({ startDate: '2027-02-28', endDate: '2027-02-28', raise: { standards: ['dibao'], multiplierBp: 12000 }, livingSubsidy: true });
    expect(alone.status, alone.text).toBe(422);
    expect(alone.body.code).toBe('measure-violated');
    expect(alone.body.detail).toContain('(六)');
    expect(alone.body.errors.map((e: { field: string }) => e.field)).toEqual(['raise.standards.urban', 'raise.standards.rural']);

    // Only active 低保/特困 cases in the area can be named.
    const elsewhere = await declare({
      startDate: '2027-02-28',
      endDate: '2027-02-28',
      raise: { standards: ['dibao', 'tekun'], multiplierBp: 12000 },
      livingSubsidy: true,
      livingSubsidyRecipients: ['QC-270105-0001-A'],
    });
    expect(elsewhere.status, elsewhere.text).toBe(400);
    expect(elsewhere.body.errors[0].field).toBe('livingSubsidyRecipients.0');

    const both = await declare({
      startDate: '2027-02-28',
      endDate: '2027-02-28',
      raise: { standards: ['dibao', 'tekun'], multiplierBp: 12000 },
      livingSubsidy: true,
      livingSubsidyRecipients: [dibao],
    });
    expect(both.status, both.text).toBe(201);
    expect(both.body.livingSubsidyRecipients).toEqual([dibao]);
    // The public list says how many households, not which.
    const listed = await p.call('GET', '/api/v1/emergencies');
    expect(listed.body.items[0]).toMatchObject({ id: both.body.id, livingSubsidyHouseholds: 1 });
    expect(listed.text).not.toContain(dibao);

    await at('2027-03-01T09:00:00+08:00');
    const run = await p.call('POST', '/api/v1/payment-runs', { body: { county: AREA.county, month: '2027-02' }, token: s.county, headers: idem() });
    expect(run.status, run.text).toBe(202);
    await p.queues.drain();
    const d = await entries(dibao);
    const t = await entries(tekun);
    const amount = (list: { period: string; kind: string; amountFen: number }[], kind: string) => list.find((e) => e.period === '2027-02' && e.kind === kind)?.amountFen;
    // 低保: (700 − 150) × 2 = 1,100 yuan ordinary; raised (840 − 150) × 2 = 1,380; one day of 28: 1,100 + 280/28 = 1,110 yuan.
    expect(amount(d, 'basic')).toBe(111000);
    // 特困 basic: 910 → 1,092 yuan (= 1.3 × 840) on that day: 910 + 182/28 = 916.50 yuan.
    expect(amount(t, 'basic')).toBe(91650);
    // 临时生活补贴: 200 yuan × 2 people × 1/28 = 14.2857… → 14.29 yuan, its own ledger kind; 特困 was not named.
    expect(amount(d, 'emergencyLivingSubsidy')).toBe(1429);
    expect(amount(t, 'emergencyLivingSubsidy')).toBeUndefined();
  });

  it('the simplified procedure (shorter 公示, no appraisal) applies only to applications made in the area during the period', async () => {
    await at('2027-03-02T09:00:00+08:00');
    const body = (seq: string) => {
      const a = idNumber('19800101', seq, AREA.county);
      const b = idNumber('19820202', seq, AREA.county);
      return {
        type: 'dibao',
        applicant: { name: '孙立', idNumber: a, phone: '13800001234' },
        area: { ...AREA, residence: 'rural', hukou: 'local' },
        household: {
          members: [
            { name: '孙立', idNumber: a, relation: 'self', monthlyIncomeFen: 30000 },
            { name: '周红', idNumber: b, relation: 'spouse', monthlyIncomeFen: 0 },
          ],
          assets: { financialFen: 0, vehicles: 0, properties: 1 },
        },
        consent: { economicCheck: true },
      };
    };
    const before = await apply(p, body('511')); // made the day before the emergency
    await at('2027-03-03T09:00:00+08:00');
    const declared = await declare({
      startDate: '2027-03-03',
      endDate: '2027-03-31',
      raise: { standards: ['dibao', 'tekun'], multiplierBp: 12000 },
      livingSubsidy: false,
      simplifiedProcedure: { publicityDays: 3, skipAppraisal: true },
    });
    expect(declared.status, declared.text).toBe(201);
    const during = await apply(p, body('512'));
    for (const ref of [before, during]) {
      await must(p, s.caseworker, ref, 'accept');
      await must(p, s.check, ref, 'recordCheck', checkReport(true, '2027-03-03')); // the check raised doubt
      await must(p, s.caseworker, ref, 'recordVisit', visit(false, '2027-03-03'));
    }
    // Made before the period: the ordinary procedure — doubt needs the appraisal, and the 公示 is 7 days.
    const refused = await p.call('POST', `/api/v1/applications/${before}/actions/propose`, { token: s.caseworker, body: {} });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.detail).toContain('民主评议');
    // Made during it: no appraisal (recorded with the declaration), a 3-day 公示.
    const proposed = await must(p, s.caseworker, during, 'propose');
    expect(proposed.appraisal).toContain('涡阳县暴雪');
    expect((await must(p, s.caseworker, during, 'publicize')).publicity.days).toBe(3);
    await must(p, s.caseworker, before, 'recordAppraisal', { heldOn: '2027-03-03', participants: 7, outcome: 'supports', record: '评议小组7人参加，一致认为情况属实' });
    await must(p, s.caseworker, before, 'propose');
    expect((await must(p, s.caseworker, before, 'publicize')).publicity.days).toBe(7);
  });
});
