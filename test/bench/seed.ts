import { createHash } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { SCHEMA_VERSION } from '../../shared/definitions/table.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { inboxKeys } from '../../shared/cases/states.ts';
import { makeReference } from '../../shared/cases/reference-number.ts';
import type { CaseItem } from '../../shared/cases/case.ts';
import { enrolledMemberIndexes } from '../../shared/registry/benefits.ts';
import type { EnrolledPerson } from '../../shared/registry/store.ts';

/**
 * Active cases for the city-scale benches (the Q4 review, the monthly payment run), written
 * straight into the table with BatchWriteItem — the workflow that makes them is measured elsewhere.
 * Each item has the shape and size of a real enrolled case (area, household with birth dates, enrolment,
 * inbox keys), spread over the four counties and their townships; one in four is 特困 (分散, 半护理),
 * the rest 低保 (classes A/B/C in turn). No personal data: sample names, no ID numbers, a dummy phone seal.
 * Shared with the payments bench: `seedActiveCases(n)` returns the references it wrote.
 * Every case is registry-shaped (`registryShaped`): it points at its household and its persons, and its
 * enrolment names whom it enrols — as 受理 and 审核确认 write them since the registry (schemaVersion 2).
 */
export interface SeedOptions {
  /** Date of the enrolment (and the application's reference date). */
  date?: string;
  concurrency?: number;
}

const SEALED = { v: 1 as const, kid: 'bench', edk: 'AAAA', iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==' };

export function benchCase(i: number, date = '2026-03-02'): CaseItem {
  const county = COUNTIES[i % COUNTIES.length]!;
  const township = county.townships[Math.floor(i / COUNTIES.length) % county.townships.length]!;
  const reference = makeReference(county.code, date, 100_000 + Math.floor(i / COUNTIES.length));
  const tekun = i % 4 === 3;
  const amount = tekun ? 135_000 : 110_000;
  const item = {
    pk: `APP#${reference}`,
    sk: 'APP',
    kind: 'application',
    reference,
    type: tekun ? 'tekun' : 'dibao',
    status: 'active',
    version: 9,
    channel: 'window',
    area: { county: county.code, township: township.code, residence: 'rural', hukou: 'local' },
    applicant: { name: '王建国', phone: SEALED, phoneHash: 'bench' },
    household: {
      members: tekun
        ? [{ name: '王建国', relation: 'self', monthlyIncomeFen: 0, birthDate: '1950-05-01', sex: 'male' }]
        : [
            { name: '王建国', relation: 'self', monthlyIncomeFen: 30_000, birthDate: '1978-05-01', sex: 'male' },
            { name: '李秀英', relation: 'spouse', monthlyIncomeFen: 20_000, birthDate: '1980-03-01', sex: 'female' },
          ],
      assets: { financialFen: 100_000, vehicles: 0, properties: 1 },
    },
    consent: { economicCheck: true, textVersion: 'bench', at: `${date}T09:00:00+08:00`, adultMembers: tekun ? 1 : 2 },
    submittedAt: `${date}T09:00:00+08:00`,
    dueDate: date,
    enrolment: {
      class: tekun ? null : (['A', 'B', 'C'] as const)[i % 3]!,
      supportMode: tekun ? 'dispersed' : null,
      careLevel: tekun ? 'half' : null,
      payments: tekun
        ? [
            { kind: 'basic', payee: 'person', amountFen: 104_000 },
            { kind: 'care', payee: 'carer', amountFen: 31_000 },
          ]
        : [{ kind: 'basic', payee: 'person', amountFen: amount }],
      monthlyAmountFen: amount,
      startMonth: date.slice(0, 7),
      startDate: date,
      nextReviewDate: '2026-10-01',
    },
    history: [{ status: 'active', at: `${date}T09:00:00+08:00`, action: 'approve', by: 'approver' }],
    ...inboxKeys({ reference, status: 'active', township: township.code, county: county.code, dueDate: date }),
    schemaVersion: SCHEMA_VERSION,
  };
  return registryShaped(item as unknown as CaseItem);
}

/** A stand-in for a member's keyed ID hash: deterministic, the length of a real one (HMAC-SHA-256, base64url). */
export const benchPerson = (reference: string, index: number): string => createHash('sha256').update(`bench:${reference}:${index}`).digest('base64url');

/**
 * The case as the registry links it (shared/registry/link.ts, shared/cases/decision.ts): `householdId`
 * `H-<reference>` (a household created from the case), every member with its person, and the enrolment's
 * `persons` — the members it enrols (benefits.ts: the whole 低保 household, the 特困 person), from its start.
 */
export function registryShaped<C extends CaseItem>(c: C): C {
  const members = c.household.members.map((m, i) => ({ ...m, person: benchPerson(c.reference, i) }));
  const household = { ...c.household, members };
  const enrolment = c.enrolment && {
    ...c.enrolment,
    persons: enrolledMemberIndexes({ type: c.type, household, proposal: c.proposal }).map(
      (i): EnrolledPerson => ({ person: members[i]!.person, name: members[i]!.name, from: c.enrolment!.startDate }),
    ),
  };
  return { ...c, householdId: `H-${c.reference}`, household, ...(enrolment ? { enrolment } : {}), schemaVersion: SCHEMA_VERSION };
}

/**
 * A 特困 case ended by its person's death on `diedOn` (events.ts): the enrolment ends that day and pays
 * through its month (`payThrough`); the case stays on the roster until that month is paid.
 */
export function endedByDeath<C extends CaseItem>(c: C, diedOn: string): C {
  const e = c.enrolment!;
  const { gsi4pk: _g, gsi4sk: _s, ...rest } = c as C & { gsi4pk?: string; gsi4sk?: string };
  return {
    ...(rest as C),
    status: 'ended',
    enrolment: { ...e, persons: (e.persons ?? []).map((p) => ({ ...p, to: diedOn })), endDate: diedOn, payThrough: diedOn.slice(0, 7) },
    ...inboxKeys({ reference: c.reference, status: 'ended', township: c.area.township, county: c.area.county, ...(c.dueDate ? { dueDate: c.dueDate } : {}) }),
  };
}

/** Writes n active cases; returns their references. */
export async function seedActiveCases(n: number, options: SeedOptions = {}): Promise<string[]> {
  const date = options.date ?? '2026-03-02';
  const concurrency = options.concurrency ?? 16;
  const refs: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const start = next;
      next = Math.min(n, next + 25);
      const items = Array.from({ length: next - start }, (_, k) => benchCase(start + k, date));
      for (const c of items) refs.push(c.reference);
      let pending = items.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
        pending = (out.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
        if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return refs;
}
