import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TestClock, type TestPlatform } from '../support/platform.ts';
import { idNumber } from '../support/people.ts';
import { act, apply, checkReport, must, staffOf, visit } from './workflow-support.ts';
import { account } from './payments-support.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';

/**
 * Property (issue 18): random households applying for 低保 and 特困 with overlapping members, a death in a
 * random month, payment runs month by month and repeated funeral claims never leave a person with two
 * incompatible enrolments, never pay a 特困 person after the month of death, and never pay 丧葬补助 twice.
 * Each run is one county (its own payment runs), through the gateway against DynamoDB Local.
 */
let p: TestPlatform;
const clock = new TestClock('2026-03-02T09:00:00+08:00');
beforeAll(async () => {
  p = await startTestPlatform({ clock });
});
afterAll(async () => {
  await p.stop();
});

const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06'];
const scenario = fc.record({
  applications: fc.array(fc.record({ type: fc.constantFrom('dibao', 'tekun'), members: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }) }), {
    minLength: 2,
    maxLength: 4,
  }),
  death: fc.record({ person: fc.integer({ min: 0, max: 2 }), month: fc.integer({ min: 1, max: 2 }) }),
  funeralClaims: fc.integer({ min: 1, max: 3 }),
});

let run = 0;

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function oneCounty(s: Scenario) {
  const county = COUNTIES[run++ % COUNTIES.length]!;
  const township = county.townships[0]!.code;
  clock.set('2026-03-02T09:00:00+08:00');
  const staff = await staffOf(p, { county: county.code, township });
  const ids = [0, 1, 2].map((i) => idNumber(`194${run}0${i + 1}01`, `8${run}${i}`, county.code));
  const names = ['甲', '乙', '丙'].map((n) => `钱${n}`);
  const member = (i: number, first: boolean) => ({ name: names[i]!, idNumber: ids[i]!, relation: first ? 'self' : 'other', monthlyIncomeFen: 0, illness: 'serious' as const });

  const references: { reference: string; type: string; persons: number[] }[] = [];
  for (const a of s.applications) {
    const persons = a.type === 'tekun' ? [a.members[0]!] : a.members;
    const reference = await apply(p, {
      type: a.type,
      applicant: { name: names[persons[0]!], idNumber: ids[persons[0]!], phone: '13900003333' },
      area: { county: county.code, township, residence: 'rural', hukou: 'local' },
      household: { members: persons.map((i, k) => member(i, k === 0)), assets: { financialFen: 0, vehicles: 0, properties: 1 } },
      consent: { economicCheck: true },
    }).catch(() => undefined);
    if (!reference) continue; // an open application of the type for this person already exists
    await must(p, staff.caseworker, reference, 'accept');
    await must(p, staff.check, reference, 'recordCheck', checkReport(false));
    await must(p, staff.caseworker, reference, 'recordVisit', visit(false));
    const proposed = await act(p, staff.caseworker, reference, 'propose', a.type === 'tekun' ? { careLevel: 'self', supportMode: 'dispersed' } : {});
    if (proposed.status !== 200 || !proposed.body.proposal.eligible) continue;
    await must(p, staff.caseworker, reference, 'publicize');
    await p.runJob('publicity-close', '2026-03-31');
    const approved = await act(p, staff.approver, reference, 'approve');
    expect([200, 409]).toContain(approved.status);
    if (approved.status === 200) references.push({ reference, type: a.type, persons });
  }

  const dead = s.death.person;
  const deathMonth = MONTHS[s.death.month]!;
  const lines: { paymentId: string; kind: string; period: string }[] = [];
  for (const month of MONTHS) {
    clock.set(`${month}-08T09:00:00+08:00`);
    const cw = await p.tokenFor('caseworker', { township });
    if (month === deathMonth) {
      const found = await p.call('POST', '/api/v1/households/search', { token: cw, body: { idNumber: ids[dead] } });
      if (found.status === 200) {
        const h = (await p.call('GET', `/api/v1/households/${found.body.householdId}`, { token: cw })).body;
        const index = h.members.findIndex((m: { name: string }) => m.name === names[dead]);
        if (index >= 0) {
          const died = await p.call('POST', `/api/v1/households/${h.householdId}/events`, {
            token: cw,
            body: { kind: 'death', date: `${month}-05`, member: index, crematedOn: `${month}-06` },
            headers: { 'idempotency-key': randomUUID() },
          });
          expect(died.status, died.text).toBe(201);
        }
      }
      for (const r of references.filter((x) => x.type === 'tekun' && x.persons[0] === dead)) {
        for (let i = 0; i < s.funeralClaims; i++) {
          const claim = await p.call('POST', `/api/v1/cases/${r.reference}/funeral`, {
            token: cw,
            body: { diedOn: `${month}-05`, crematedOn: `${month}-06`, arranger: account(5) },
            headers: { 'idempotency-key': randomUUID() },
          });
          expect([201, 409]).toContain(claim.status);
        }
      }
    }
    const started = await p.call('POST', '/api/v1/payment-runs', {
      body: { county: county.code, month },
      token: await p.tokenFor('county', { county: county.code }),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(started.status, started.text).toBe(202);
    await p.queues.drain();
    const reconciled = await p.call('GET', `/api/v1/payment-runs/${started.body.runId}/reconciliation`, { token: await p.tokenFor('auditor') });
    expect(reconciled.status, reconciled.text).toBe(200);
    const r = reconciled.body;
    lines.push(...r.explanation.lines.map((l: { paymentId: string; kind: string }) => ({ ...l, period: l.paymentId.split('/')[1]! })));
  }

  // 1. Never two incompatible enrolments for one person (低保 twice, or 低保 and 特困), on any day.
  const department = await p.tokenFor('department', { department: '市医保局' });
  for (const [i, id] of ids.entries()) {
    for (const date of ['2026-03-15', '2026-05-15']) {
      const status = (await p.call('POST', '/api/v1/status-queries', { token: department, body: { idNumber: id, date, purpose: '资助参保核对' } })).body;
      const basic = status.assistance.filter((x: { type: string }) => x.type === 'dibao' || x.type === 'tekun');
      expect(basic.length, `${names[i]} on ${date}: ${JSON.stringify(status)}`).toBeLessThanOrEqual(1);
    }
  }
  // 2. Nothing paid to the dead 特困 person after the month of death; 3. 丧葬补助 at most once per person.
  const theirTekun = references.filter((x) => x.type === 'tekun' && x.persons[0] === dead).map((x) => x.reference);
  const theirs = lines.filter((l) => theirTekun.some((ref) => l.paymentId.startsWith(ref)));
  expect(theirs.filter((l) => l.kind !== 'funeral' && l.period > deathMonth)).toEqual([]);
  expect(theirs.filter((l) => l.kind === 'funeral').length).toBeLessThanOrEqual(1);
  // And a 低保 household goes on without the member who died: the enrolment ends the person's part.
  for (const r of references.filter((x) => x.type === 'dibao' && x.persons.includes(dead))) {
    const c = (await p.call('GET', `/api/v1/cases/${r.reference}`, { token: await p.tokenFor('caseworker', { township }) })).body;
    const mine = c.enrolment.persons.find((x: { name: string }) => x.name === names[dead]);
    expect(mine?.to, JSON.stringify(c.enrolment.persons)).toBe(`${deathMonth}-05`);
  }
}

describe('one chain of assistance, over random households and months', () => {
  it('never two incompatible enrolments, nothing after death, 丧葬补助 once', async () => {
    // One county a run (4 counties, so at most 4 runs); the example is a counterexample fast-check once found:
    // a 特困 person who was linked to a household they were never recorded in, so their death could not be recorded.
    const found: Scenario = {
      applications: [
        { type: 'tekun', members: [2, 0] },
        { type: 'dibao', members: [0, 2, 1] },
        { type: 'tekun', members: [1, 2] },
      ],
      death: { person: 1, month: 2 },
      funeralClaims: 2,
    };
    await fc.assert(fc.asyncProperty(scenario, oneCounty), { numRuns: 3, examples: [[found]], endOnFailure: true });
  }, 600_000);
});
