import { appendAudit, readChain } from '../audit/chain.ts';
import { open, keyedHash } from '../crypto/pii.ts';
import { isoShanghai } from '../clock.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { maskIdNumber, maskName } from '../identifiers/mask.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import { outOfScope } from '../cases/scope.ts';
import { STATUS_LABELS } from '../cases/states.ts';
import type { CaseItem } from '../cases/case.ts';
import { receivingOf } from './chain.ts';
import { registerOfHousehold, registerView } from './register.ts';
import { casesOfHousehold, enrolledPersons, factsOfHousehold, getItem, ledgerOf, loadHousehold, registryKeys, type HouseholdItem, type PersonProfile } from './store.ts';

/**
 * 户档案: the household's chain of assistance in one page — members now and before, every case and
 * enrolment of every member, what was paid by month, the dated events and the audit trail. It reads
 * personal data, so every opening and every search by ID number is audited (`pii-reads#household#<id>`,
 * `household-search#<staff>`). ID numbers are shown masked.
 */
const READERS = new Set(['caseworker', 'approver', 'assistant', 'county', 'auditor']);

function requireHouseholdScope(actor: Actor, h: Pick<HouseholdItem, 'area'>): void {
  // Read-only roles beyond the township's: the county its county, the auditor everything. Others get the same 404 as no household.
  if (!READERS.has(actor.role) || outOfScope(actor, { area: h.area, referrals: [] }, 'read')) throw notFound('no-such-household', '没有这个家庭档案，或不在您的工作范围内。');
}

export async function householdView(id: string, actor: Actor, now: Date) {
  const h = await loadHousehold(id);
  if (!h) throw notFound('no-such-household', '没有这个家庭档案，或不在您的工作范围内。');
  requireHouseholdScope(actor, h);
  await appendAudit({ aggregate: `pii-reads#household#${id}`, actor: { sub: actor.sub, role: actor.role }, action: 'read-household', at: isoShanghai(now) });

  const links = await casesOfHousehold(id);
  const [cases, facts, audit, receiving, lowIncome] = await Promise.all([
    getMany<CaseItem>(links.map((l) => keys.application(l.reference))),
    factsOfHousehold(id),
    readChain(`household#${id}`),
    receivingOf([...h.members.map((m) => m.person), ...h.former.map((m) => m.person)], actor),
    registerOfHousehold(h.area.county, id),
  ]);
  const payments = await Promise.all(cases.map(async (c) => ({ reference: c.reference, months: await ledgerOf(c.reference) })));
  return {
    householdId: h.householdId,
    area: { ...h.area, countyName: findCounty(h.area.county)?.name ?? h.area.county, townshipName: findTownship(h.area.township)?.name ?? h.area.township },
    version: h.version,
    members: await Promise.all(
      h.members.map(async ({ id: sealed, person, ...m }, index) => ({
        index,
        ...m,
        ...(sealed ? { idNumber: maskIdNumber(await open(sealed.sealed)) } : { provisional: true }),
        receiving: receiving.get(person) ?? [],
      })),
    ),
    former: h.former.map(({ person, ...m }) => ({ ...m, receiving: receiving.get(person) ?? [] })),
    assets: h.assets,
    /** The low-income register (register.ts): each class with why, since when, and when and why it left. */
    lowIncome: lowIncome.map(registerView),
    cases: cases
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
      .map((c) => ({
        reference: c.reference,
        type: c.type,
        typeLabel: TYPE_PROFILES[c.type].label,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        submittedAt: c.submittedAt,
        ...(c.enrolment
          ? {
              enrolment: {
                startDate: c.enrolment.startDate,
                endDate: (c.enrolment as { endDate?: string }).endDate ?? null,
                payThrough: c.enrolment.payThrough ?? null,
                monthlyAmountFen: c.enrolment.monthlyAmountFen,
                persons: enrolledPersons(c).map((p) => ({ name: maskName(p.name), from: p.from, to: p.to ?? null })),
              },
            }
          : {}),
        notices: (c.notices ?? []).map((n) => ({ title: n.title, date: n.date, reasons: n.reasons })),
      })),
    payments,
    events: facts.map((f) => ({ seq: f.seq, from: f.from, kind: f.event.kind, recordedAt: f.recordedAt })),
    audit: audit.map((e) => ({ seq: e.seq, action: e.action, at: e.at, actor: e.actor, note: e.note ?? null, hash: e.hash })),
  };
}

/** 按身份证号查找户档案: the household of the person, within the caller's scope; audited on the caller's chain. */
export async function findHousehold(input: { idNumber: string; purpose?: string | undefined }, actor: Actor, now: Date): Promise<{ householdId: string }> {
  const { hash } = await keyedHash('id', input.idNumber);
  await appendAudit({
    aggregate: `household-search#${actor.sub}`,
    actor: { sub: actor.sub, role: actor.role },
    action: 'search-household',
    at: isoShanghai(now),
    after: { idHash: hash },
    ...(input.purpose ? { note: input.purpose } : {}),
  });
  const profile = await getItem<PersonProfile>(registryKeys.person(hash));
  const h = profile?.householdId ? await loadHousehold(profile.householdId) : undefined;
  if (!h) throw notFound('no-such-household', '登记中没有此人的家庭档案，或不在您的工作范围内。');
  requireHouseholdScope(actor, h);
  return { householdId: h.householdId };
}
