import type { TransactItem } from '../audit/chain.ts';
import { conflict } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { maskName } from '../identifiers/mask.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import type { AssistanceType } from '../rules/calculate.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import { STATUS_LABELS, type CaseStatus } from '../cases/states.ts';
import { COMPATIBILITY, SLOT_LABELS, sharedSlot } from './benefits.ts';
import { casesOfPerson, enrolledPersons, getItem, holdingsOf, personOf, type EnrolledPerson, type HoldingItem } from './store.ts';

/**
 * 一户一条救助链: what a household and each member receive, read from the registry — for the caseworker at
 * 受理 and 审核确认, for the 户档案, and to explain a refused write in Chinese with what to do.
 */

/** A reference the caller may see whole: their own township's or county's; others keep only county and check letter. */
export function referenceFor(actor: Pick<Actor, 'role' | 'township' | 'county'> | null, holder: { reference: string; township: string; county: string }): string {
  if (!actor) return maskReference(holder.reference);
  if (actor.role === 'auditor' || actor.role === 'admin') return holder.reference;
  if (actor.township ? actor.township === holder.township : actor.county === holder.county) return holder.reference;
  return maskReference(holder.reference);
}

export const maskReference = (reference: string): string => `${reference.slice(0, 3)}******-****-${reference.slice(-1)}`;

export interface Receiving {
  reference: string;
  type: AssistanceType;
  typeLabel: string;
  status: CaseStatus;
  statusLabel: string;
  /** The person's own enrolment in it, when it enrols them. */
  enrolled?: { from: string; to?: string };
}

interface CaseSummary {
  reference: string;
  type: AssistanceType;
  status: CaseStatus;
  area: { county: string; township: string };
  household: { members: { id?: { hash: string }; person?: string; name: string; relation: string }[] };
  proposal?: { details: Record<string, unknown> };
  enrolment?: { startDate: string; endDate?: string; persons?: EnrolledPerson[] };
}

const SUMMARY_FIELDS = ['reference', 'type', 'status', 'area', 'household', 'proposal', 'enrolment'];

/** Every case of each person, with the person's own enrolment dates (past and present). */
export async function receivingOf(persons: readonly string[], actor: Actor | null, exceptReference?: string): Promise<Map<string, Receiving[]>> {
  const links = await Promise.all(persons.map(async (p) => [p, await casesOfPerson(p)] as const));
  const refs = [...new Set(links.flatMap(([, l]) => l.map((x) => x.reference)))].filter((r) => r !== exceptReference);
  const cases = new Map(
    (
      await getMany<CaseSummary>(
        refs.map((r) => keys.application(r)),
        { fields: SUMMARY_FIELDS },
      )
    ).map((c) => [c.reference, c]),
  );
  const out = new Map<string, Receiving[]>();
  for (const [person, list] of links) {
    const rows: Receiving[] = [];
    for (const { reference } of list) {
      const c = cases.get(reference);
      if (!c) continue;
      const mine = enrolledPersons(c as Parameters<typeof enrolledPersons>[0]).find((e) => e.person === person);
      const to = mine?.to ?? (c.status === 'ended' ? c.enrolment?.endDate : undefined);
      rows.push({
        reference: referenceFor(actor, { reference: c.reference, township: c.area.township, county: c.area.county }),
        type: c.type,
        typeLabel: TYPE_PROFILES[c.type].label,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        ...(mine ? { enrolled: { from: mine.from, ...(to ? { to } : {}) } } : {}),
      });
    }
    out.set(person, rows);
  }
  return out;
}

export interface MemberChain {
  index: number;
  name: string;
  relation: string;
  receiving: Receiving[];
  /** Exclusive slots held by other cases that this case would need: what stands in the way, and what to do. */
  conflicts: { slot: string; reference: string; type: AssistanceType; typeLabel: string; explanation: string }[];
}

/** The chain shown with a case: each member, what they receive elsewhere, and the conflicts with this case's type. */
export async function chainForCase(c: CaseSummary & { householdId?: string }, actor: Actor | null): Promise<{ householdId: string | null; members: MemberChain[] }> {
  const persons = c.household.members.map((m, i) => personOf(m, c.reference, i));
  const [receiving, holdings] = await Promise.all([receivingOf(persons, actor, c.reference), holdingsOf(persons)]);
  const members = c.household.members.map((m, index): MemberChain => {
    const person = persons[index]!;
    const blocking = holdings.filter((h) => h.person === person && h.reference !== c.reference && COMPATIBILITY[c.type].slots.includes(h.slot));
    return {
      index,
      name: maskName(m.name),
      relation: m.relation,
      receiving: receiving.get(person) ?? [],
      conflicts: blocking.map((h) => ({
        slot: SLOT_LABELS[h.slot],
        reference: referenceFor(actor, h),
        type: h.type,
        typeLabel: TYPE_PROFILES[h.type].label,
        explanation: conflictText(maskName(m.name), h, c.type, actor),
      })),
    };
  });
  return { householdId: c.householdId ?? null, members };
}

function conflictText(name: string, h: HoldingItem, wanted: AssistanceType, actor: Pick<Actor, 'role' | 'township' | 'county'> | null): string {
  const slot = sharedSlot(h.type, wanted) ?? h.slot;
  const held = TYPE_PROFILES[h.type].label;
  const what = h.type === wanted ? `已在另一户享受${held}（一人只能在一个低保家庭）` : `已享受${held}，与${TYPE_PROFILES[wanted].label}不能同时享受`;
  return (
    `${name}自${h.since}起${what}（申请编号 ${referenceFor(actor, h)}；${SLOT_LABELS[slot]}；依据：${COMPATIBILITY[wanted].source}）。` +
    `可以：将该成员从原家庭迁出后再纳入；或先终止原${held}；或对本申请作出不予批准的决定。`
  );
}

/**
 * A transaction was cancelled on one of its conditional items: if that item is the registry's, say why in
 * Chinese (409 with the other case's reference, masked where the caller may not see it); else undefined.
 */
export async function explainRegistryConflict(item: TransactItem | undefined, actor: Actor | null, wantedType?: AssistanceType): Promise<Error | undefined> {
  const put = item?.Put;
  const pk = String(put?.Item?.pk ?? '');
  if (!put) return undefined;
  const wanted = wantedType ?? (put.Item?.type as AssistanceType);
  if (pk.startsWith('HOLD#')) {
    const h = await getItem<HoldingItem>({ pk, sk: 'HOLD' });
    if (!h) return conflict('case-changed', '家庭成员的救助情况刚刚发生变化，本次操作未执行，请刷新后重试。');
    const name = String(put.Item?.name ?? '');
    return conflict('benefit-conflict', conflictText(name ? maskName(name) : '家庭成员', h, wanted, actor), {
      conflictingReference: referenceFor(actor, h),
      conflictingType: h.type,
      slot: h.slot,
    });
  }
  if (pk.startsWith('NEED#')) {
    const n = await getItem<{ reference: string; township: string; county: string; date: string }>({ pk, sk: 'NEED' });
    return conflict(
      'need-already-assisted',
      `同一笔困难需求已于${n?.date ?? ''}获得临时救助（申请编号 ${n ? referenceFor(actor, n) : ''}），不能重复救助（十三）。如确有新的困难，请如实说明新的需求。`,
      {
        ...(n ? { conflictingReference: referenceFor(actor, n) } : {}),
      },
    );
  }
  if (pk.startsWith('FUNERAL#')) {
    return conflict('funeral-recorded', '此人的丧葬补助已经登记（每人只发一次，六）。');
  }
  return undefined;
}
