import { conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { loadCase } from '../cases/case.ts';
import { requireScope } from '../cases/scope.ts';
import { monthOf } from './months.ts';
import { setPayee } from './payees.ts';
import { enrolledPersons, firstOnly, loadHousehold, registryKeys } from '../registry/store.ts';
import { recordHouseholdEvent } from '../registry/events.ts';
import { migrateCase } from '../registry/backfill.ts';
import { funerals } from './store.ts';

/**
 * 丧葬补助 (六): 3000 yuan once per 特困 person after death and cremation, to whoever arranged the funeral.
 * The caseworker records the cremation (one claim per case, conditional); the next monthly run pays it
 * with the payment id `<ref>/<month of cremation>/funeral`, so it can never be paid twice. Ending the case
 * itself is the re-check's business (issue 6); monthly payments stop when the case leaves `active`.
 */
export interface FuneralClaim {
  reference: string;
  county: string;
  township: string;
  diedOn: string;
  crematedOn: string;
  month: string;
  status: 'open' | 'paid';
  recordedBy: string;
  recordedAt: string;
}

export interface FuneralBody {
  diedOn: string;
  crematedOn: string;
  arranger: { name: string; bank: string; accountNumber: string };
}

export async function recordFuneral(referenceInput: string, body: FuneralBody, actor: Actor, now: Date) {
  let c = await loadCase(referenceInput);
  requireScope(actor, c, 'write');
  if (c.type !== 'tekun') throw conflict('not-tekun', '丧葬补助只发给特困人员（六）。');
  if (!['active', 'suspended', 'ended'].includes(c.status) || !c.enrolment) throw conflict('not-enrolled', '只有纳入特困供养的人员才有丧葬补助。');
  if (body.crematedOn < body.diedOn) throw conflict('dates-out-of-order', '火化日期不能早于去世日期。');
  const at = isoShanghai(now);
  if (body.crematedOn > at.slice(0, 10)) throw conflict('future-date', '火化日期不能晚于今天。');
  // For a person who was 特困 on the date of death: inside the enrolment (六).
  const end = (c.enrolment as { endDate?: string }).endDate;
  if (body.diedOn < c.enrolment.startDate || (end && body.diedOn > end)) {
    throw conflict('died-outside-enrolment', `去世日期${body.diedOn}不在特困供养期间（${c.enrolment.startDate}至${end ?? '今'}）内，不能发放丧葬补助（六）。`);
  }
  const [person] = enrolledPersons(c);
  if (!person) throw conflict('not-enrolled', '此案件没有纳入供养的人员。');
  // The death stops the support after its month (shared/registry/events.ts); recorded here if it was not yet.
  if (c.status !== 'ended') {
    if (!c.householdId) {
      await migrateCase(c, now); // written before the registry: linked first, as the monthly check would
      c = await loadCase(c.reference);
    }
    const h = c.householdId ? await loadHousehold(c.householdId) : undefined;
    const member = h?.members.findIndex((m) => m.person === person.person) ?? -1;
    if (!h || member < 0) throw conflict('not-in-registry', '此人尚未登记在户档案中，请先在户档案登记去世。');
    await recordHouseholdEvent({ householdId: h.householdId, event: { kind: 'death', date: body.diedOn, member, crematedOn: body.crematedOn }, actor, now });
    c = await loadCase(c.reference);
  }
  const claim: FuneralClaim = {
    reference: c.reference,
    county: c.area.county,
    township: c.area.township,
    diedOn: body.diedOn,
    crematedOn: body.crematedOn,
    month: monthOf(body.crematedOn),
    status: 'open',
    recordedBy: actor.sub,
    recordedAt: at,
  };
  const recorded = await funerals.record(
    claim,
    // Once per person, whichever case or re-enrolment the claim comes through (六).
    firstOnly(registryKeys.funeralOnce(person.person), { reference: c.reference, diedOn: body.diedOn, crematedOn: body.crematedOn }),
    { aggregate: `case#${c.reference}`, actor: { sub: actor.sub, role: actor.role }, action: 'record-funeral', at, after: { diedOn: body.diedOn, crematedOn: body.crematedOn } },
  );
  if (!recorded) throw conflict('funeral-recorded', '此人的丧葬补助已经登记（每人只发一次，六）。');
  await setPayee(c.reference, { role: 'funeralArranger', ...body.arranger }, actor, now);
  return { reference: c.reference, month: claim.month, status: claim.status };
}
