import { seal, keyedHash } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { commitAudited } from '../store/commit.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import { tableName } from '../store/client.ts';
import { conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { TransactItem } from '../audit/chain.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import type { HouseholdEvent } from '../contract/registry.ts';
import type { CareLevel } from '../policy/parameters.ts';
import { formatYuan } from '../money.ts';
import { maskName } from '../identifiers/mask.ts';
import type { CaseItem } from '../cases/case.ts';
import type { Enrolment } from '../cases/decision.ts';
import { changeNotice, type RejectionNotice } from '../cases/notice.ts';
import { outOfScope } from '../cases/scope.ts';
import { dispatchNotices } from '../notices/outbox.ts';
import type { RegisterPending } from './register.ts';
import { caseChange, type Who } from '../cases/workflow.ts';
import { recalculate, type ManagedCase } from '../management/outcome.ts';
import { enrolledOptions } from '../cases/enrolled.ts';
import { explainRegistryConflict } from './chain.ts';
import { FACT_FIELDS, factsOf } from './link.ts';
import {
  casesOfHousehold,
  enrolledPersons,
  firstOnly,
  loadHousehold,
  paidAfter,
  profiles,
  registryKeys,
  type EnrolledPerson,
  type FormerMember,
  type HouseholdItem,
  type RegistryMember,
} from './store.ts';

/**
 * Household changes at any time (五)(六)(十)(二十三), not only at re-checks. A caseworker records a dated
 * event — a death (with cremation), a birth, a member moving in or out, work found or lost, school, a
 * disability or illness assessed, the care level reassessed, income or assets changed. The event:
 * - becomes the household's next dated snapshot (`householdAt(D)` answers what the household was on D);
 * - recomputes every active enrolment of the household with the same rules as 试算 (`recalculate`);
 * - writes the household, the snapshot, each case (with its roster entry, holdings and audit event) and
 *   the household's audit event in ONE transaction, answered once per Idempotency-Key;
 * - gives a notice with the rights to 行政复议 (60 days) and 行政诉讼 (6 months) when an amount falls or
 *   assistance pauses or ends.
 *
 * When it takes effect (platform reading, docs/architecture.md § Registry): a death stops payment after
 * the month of death (that month is still paid: `payThrough`); any other change takes effect from the
 * next monthly run, which recomputes from the facts recorded now — a rise from the next run, a fall
 * with its notice.
 */

export interface EventEffect {
  reference: string;
  type: string;
  status: string;
  before: { monthlyAmountFen: number };
  after: { monthlyAmountFen: number };
  notice?: RejectionNotice;
  /** Paid for months after the month of death, for the county to recover (never deducted here). */
  overpaid?: { periods: string[]; amountFen: number };
}

interface Applied {
  household: HouseholdItem;
  /** Who left, when and why (death, move). */
  left?: FormerMember;
  /** Who arrived. */
  joined?: RegistryMember;
  careLevel?: { person: string; level: CareLevel };
  summary: string;
}

const monthOf = (date: string) => date.slice(0, 7);

/** The member an event names, or a 400 that says how many there are. */
function memberAt(h: HouseholdItem, index: number): RegistryMember {
  const m = h.members[index];
  if (!m) throw invalidField('member', 'no-such-member', `家庭中没有序号为 ${index} 的成员（现有${h.members.length}人，从0开始）。`);
  return m;
}

async function incomingMember(h: HouseholdItem, event: Extract<HouseholdEvent, { kind: 'birth' | 'moveIn' }>): Promise<RegistryMember> {
  const given = event.kind === 'birth' ? { ...event.child, monthlyIncomeFen: 0 } : event.person;
  const { idNumber, ...rest } = given as typeof given & { idNumber?: string };
  if (!idNumber) return { ...rest, birthDate: event.date, person: `prov-${h.householdId}-${h.version + 1}`, since: event.date };
  const id = validateResidentId(idNumber);
  if (!id.ok) throw invalidField(event.kind === 'birth' ? 'child.idNumber' : 'person.idNumber', 'invalid', id.message);
  const { hash, keyVersion } = await keyedHash('id', id.idNumber);
  if (h.members.some((m) => m.person === hash)) throw conflict('already-a-member', `${maskName(rest.name)}已是本户成员，不需要再次登记迁入。`);
  return { ...rest, birthDate: id.birthDate, sex: id.sex, id: { sealed: await seal(id.idNumber), hash, keyVersion }, person: hash, since: event.date };
}

/** The household after the event (pure but for sealing a newcomer's ID number). */
async function applyEvent(h: HouseholdItem, event: HouseholdEvent): Promise<Applied> {
  const next: HouseholdItem = { ...h, members: [...h.members], former: [...h.former] };
  const set = (index: number, facts: Partial<Record<(typeof FACT_FIELDS)[number], unknown>>) => {
    const m = { ...memberAt(h, index) } as RegistryMember & Record<string, unknown>;
    for (const [k, v] of Object.entries(facts)) {
      if (v === null || v === undefined || v === false) delete m[k];
      else m[k] = v;
    }
    next.members[index] = m;
    return m;
  };
  switch (event.kind) {
    case 'death':
    case 'moveOut': {
      const m = memberAt(h, event.member);
      if (h.members.length === 1 && event.kind === 'moveOut') throw conflict('last-member', '这是本户唯一的成员：请在迁入地登记迁入，本户随之没有成员。');
      next.members.splice(event.member, 1);
      const left: FormerMember = { person: m.person, name: m.name, relation: m.relation, until: event.date, reason: event.kind === 'death' ? 'death' : 'moveOut' };
      next.former.push(left);
      return { household: next, left, summary: `${maskName(m.name)}${event.kind === 'death' ? '去世' : '迁出'}（${event.date}）` };
    }
    case 'birth':
    case 'moveIn': {
      const joined = await incomingMember(h, event);
      next.members.push(joined);
      return { household: next, joined, summary: `${maskName(joined.name)}${event.kind === 'birth' ? '出生' : '迁入'}（${event.date}）` };
    }
    case 'income': {
      const m = set(event.member, { monthlyIncomeFen: event.monthlyIncomeFen });
      return { household: next, summary: `${maskName(m.name)}月收入变为${formatYuan(event.monthlyIncomeFen)}` };
    }
    case 'work': {
      const m = set(event.member, { employed: event.employed, monthlyIncomeFen: event.monthlyIncomeFen, employmentCostFen: event.employed ? event.employmentCostFen : undefined });
      return { household: next, summary: `${maskName(m.name)}${event.employed ? '就业' : '失业'}，月收入${formatYuan(event.monthlyIncomeFen)}` };
    }
    case 'school': {
      const m = set(event.member, { inSchool: event.inSchool });
      return { household: next, summary: `${maskName(m.name)}${event.inSchool ? '入学' : '离校'}` };
    }
    case 'disability': {
      const m = set(event.member, { disability: event.disability });
      return { household: next, summary: `${maskName(m.name)}残疾评定${event.disability ? `为${event.disability.grade}级` : '撤销'}` };
    }
    case 'illness': {
      const m = set(event.member, { illness: event.serious ? 'serious' : undefined });
      return { household: next, summary: `${maskName(m.name)}${event.serious ? '认定患重病' : '不再认定重病'}` };
    }
    case 'careLevel': {
      const m = memberAt(h, event.member);
      return {
        household: next,
        careLevel: { person: m.person, level: event.careLevel },
        summary: `${maskName(m.name)}生活自理能力重新评估为${{ full: '全护理', half: '半护理', self: '自理' }[event.careLevel]}`,
      };
    }
    case 'assets':
      next.assets = event.assets;
      return { household: next, summary: '家庭财产状况变化' };
  }
}

/**
 * The case's household after the event: 低保 mirrors the registry household; 特困 is about one person, so
 * it keeps its own members (and their relations to that person) and takes only their new facts.
 */
function caseHousehold(c: CaseItem, h: HouseholdItem, applied: Applied): CaseItem['household'] {
  const now = new Map(h.members.map((m) => [m.person, m]));
  const facts = (m: RegistryMember) => Object.fromEntries(FACT_FIELDS.filter((f) => m[f] !== undefined).map((f) => [f, m[f]]));
  const own = c.household.members.flatMap((m) => {
    const current = m.person ? now.get(m.person) : undefined;
    if (!current) return m.person && applied.left?.person === m.person ? [] : [m];
    const { id: _id, person: _p, since: _s, ...registry } = current;
    const base = Object.fromEntries(Object.entries(m).filter(([k]) => !(FACT_FIELDS as readonly string[]).includes(k)));
    return [{ ...base, ...(c.type === 'dibao' ? { relation: registry.relation } : {}), ...facts(current) } as CaseItem['household']['members'][number]];
  });
  const joined = applied.joined && c.type === 'dibao' ? [(({ since: _s, ...m }) => m)(applied.joined)] : [];
  return { ...c.household, members: [...own, ...joined], assets: h.assets, ...(h.obligors ? { obligors: h.obligors } : {}) };
}

interface Revision {
  to: CaseItem['status'];
  set: Partial<ManagedCase>;
  note: string;
  effect: EventEffect;
  extra: TransactItem[];
}

async function revise(c: ManagedCase, h: HouseholdItem, applied: Applied, event: HouseholdEvent, ctx: { today: string; at: string; by: string }): Promise<Revision> {
  const e = c.enrolment!;
  const household = caseHousehold(c, h, applied);
  const persons: EnrolledPerson[] = enrolledPersons(c).map((p) => (p.person === applied.left?.person && !p.to ? { ...p, to: event.date } : p));
  // A newborn or newcomer joins a 低保 household's enrolment — not a 单人户's, whose enrolment is named (五).
  const wholeHousehold = c.type === 'dibao' && !(c.proposal?.details.singlePersonEnrolment as string[] | undefined)?.length;
  if (applied.joined && wholeHousehold) persons.push({ person: applied.joined.person, name: applied.joined.name, from: event.date });
  const active = persons.filter((p) => !p.to);
  const before = { monthlyAmountFen: e.monthlyAmountFen };
  const extra: TransactItem[] =
    applied.joined && wholeHousehold
      ? [{ Put: { TableName: tableName(), Item: { ...registryKeys.personCase(applied.joined.person, c.reference), reference: c.reference, type: c.type, householdId: h.householdId } } }]
      : [];

  // Nobody left to enrol (the 特困 person, or the last member of a 低保 household): the enrolment ends.
  if (active.length === 0) {
    const died = applied.left?.reason === 'death';
    const who = maskName(applied.left?.name ?? '');
    const reasons = [died ? `${who}于${event.date}去世：救助自次月起停止，去世当月照发（六）` : `${who}于${event.date}迁出，家庭已无享受救助的成员`];
    const notice = changeNotice(c, 'ended', reasons, event.date);
    const payThrough = died ? monthOf(event.date) : undefined;
    const overpaid = payThrough ? await paidAfter(c.reference, payThrough) : undefined;
    const enrolment: Enrolment & { endDate: string } = { ...e, persons, endDate: event.date, ...(payThrough ? { payThrough } : {}) };
    return {
      to: 'ended',
      // The household stays as it was: the month of death is still paid on it.
      set: { enrolment, ending: { reasons, at: ctx.at, by: ctx.by, notice }, notices: [...(c.notices ?? []), notice], gsi4pk: undefined, gsi4sk: undefined } as Partial<ManagedCase>,
      note: died ? '家庭成员去世，救助自次月起终止（理由与救济途径见通知书）' : '家庭成员迁出，终止救助（理由与救济途径见通知书）',
      effect: { reference: c.reference, type: c.type, status: 'ended', before, after: { monthlyAmountFen: 0 }, notice, ...(overpaid?.periods.length ? { overpaid } : {}) },
      extra: [...extra, { Delete: { TableName: tableName(), Key: keys.enrolledRoster(c.reference) } }],
    };
  }

  const careLevel = applied.careLevel && c.type === 'tekun' && active.some((p) => p.person === applied.careLevel!.person) ? applied.careLevel.level : (e.careLevel ?? undefined);
  const result = await recalculate(c, household, enrolledOptions(c.type, e, careLevel), ctx.today);
  if (!result.eligible) {
    const reasons = [`${applied.summary}后，按规则重新计算已不符合条件：${result.trace.at(-1)?.detail ?? ''}`];
    const notice = changeNotice(c, 'suspended', reasons, ctx.today);
    return {
      to: 'suspended',
      set: { household, enrolment: { ...e, persons }, suspension: { reasons, at: ctx.at, by: ctx.by }, notices: [...(c.notices ?? []), notice] } as Partial<ManagedCase>,
      note: '家庭情况变化后不再符合条件，暂停发放，待复核（理由与救济途径见通知书）',
      effect: { reference: c.reference, type: c.type, status: 'suspended', before, after: { monthlyAmountFen: 0 }, notice },
      extra,
    };
  }
  const payments = c.type === 'tekun' ? ((result.details.payments as Enrolment['payments']) ?? []) : [{ kind: 'basic', payee: 'person', amountFen: result.monthlyAmountFen }];
  const cls = c.type === 'dibao' ? ((result.details.classification as Enrolment['class']) ?? e.class) : e.class;
  const enrolment = { ...e, persons, class: cls, careLevel: careLevel ?? e.careLevel, payments, monthlyAmountFen: result.monthlyAmountFen };
  const fell = result.monthlyAmountFen < e.monthlyAmountFen;
  const notice = fell
    ? changeNotice(c, 'reduced', [`${applied.summary}，按规则重新计算，月发放金额由${formatYuan(e.monthlyAmountFen)}调整为${formatYuan(result.monthlyAmountFen)}`], ctx.today)
    : undefined;
  return {
    to: c.status,
    set: {
      household,
      enrolment,
      adjustment: { at: ctx.at, trace: result.trace, parameterVersions: result.parameterVersions },
      ...(notice ? { notices: [...(c.notices ?? []), notice] } : {}),
    } as Partial<ManagedCase>,
    note: `家庭情况变化（${applied.summary}），按规则重新计算${result.monthlyAmountFen === e.monthlyAmountFen ? '，金额不变' : `，月发放金额调整为${formatYuan(result.monthlyAmountFen)}`}`,
    effect: { reference: c.reference, type: c.type, status: c.status, before, after: { monthlyAmountFen: result.monthlyAmountFen }, ...(notice ? { notice } : {}) },
    extra: [
      ...extra,
      // 长期公示 shows the number of enrolled members and the amount now.
      {
        Update: {
          TableName: tableName(),
          Key: keys.enrolledRoster(c.reference),
          UpdateExpression: 'SET monthlyAmountFen = :a, members = :m',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':a': result.monthlyAmountFen, ':m': active.length },
        },
      },
    ],
  };
}

const ENROLLED = new Set(['active', 'suspended']);

export interface RecordEventOptions {
  householdId: string;
  event: HouseholdEvent;
  actor: Actor;
  now: Date;
  idempotency?: Idempotency | undefined;
}

export async function recordHouseholdEvent(o: RecordEventOptions): Promise<StoredAnswer> {
  const { event, actor, now } = o;
  // The household and its linked cases are read together; everything after waits only on what it needs.
  const [h, links] = await Promise.all([loadHousehold(o.householdId), casesOfHousehold(o.householdId)]);
  if (!h) throw notFound('no-such-household', '没有这个家庭档案。');
  const why = outOfScope(actor, { area: h.area, referrals: [] }, 'write');
  if (why) throw forbidden('out-of-scope', why);
  const at = isoShanghai(now);
  const today = dateShanghai(now);
  if (event.date > today) throw invalidField('date', 'future', '事件日期不能晚于今天。');
  if (event.kind === 'death' && event.crematedOn && event.crematedOn < event.date) throw invalidField('crematedOn', 'before-death', '火化日期不能早于去世日期。');

  const [applied, linked] = await Promise.all([applyEvent(h, event), getMany<ManagedCase>(links.map((l) => keys.application(l.reference)))]);
  if (applied.joined) {
    const [profile] = await profiles([applied.joined.person]);
    if (profile?.householdId && profile.householdId !== h.householdId) {
      throw conflict('member-in-other-household', `${maskName(applied.joined.name)}仍登记在另一户：请先在原家庭登记迁出，再登记迁入。`);
    }
  }
  const seq = h.version + 1;
  const household: HouseholdItem = { ...applied.household, version: seq, updatedAt: at };
  const enrolled = linked.filter((c) => ENROLLED.has(c.status) && c.enrolment && (c.type === 'dibao' || c.type === 'tekun'));

  const who: Who = { sub: actor.sub, role: actor.role };
  const effects: EventEffect[] = [];
  const items: TransactItem[] = [
    { Put: { TableName: tableName(), Item: household, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': h.version } } },
    firstOnly(registryKeys.facts(h.householdId, event.date, seq), {
      householdId: h.householdId,
      from: event.date,
      seq,
      event: { ...event },
      facts: factsOf(household.members, household),
      recordedAt: at,
      recordedBy: actor.sub,
    }),
  ];
  if (applied.left?.reason === 'death') {
    items.push({
      Update: {
        TableName: tableName(),
        Key: registryKeys.person(applied.left.person),
        UpdateExpression: 'SET diedOn = :d, #n = if_not_exists(#n, :name)',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':d': event.date, ':name': applied.left.name },
      },
    });
  }
  if (applied.joined) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: registryKeys.person(applied.joined.person),
        UpdateExpression: 'SET householdId = :h, person = :p, #n = :name',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':h': h.householdId, ':p': applied.joined.person, ':name': applied.joined.name },
      },
    });
  }
  // Each enrolment is recomputed and written up independently of the others: side by side. Two of them on one
  // register entry (two 特困 persons of one household) share its one write (register.ts).
  const registerPending: RegisterPending = new Map();
  const changes = await Promise.all(
    enrolled.map(async (c) => {
      const r = await revise(c, household, applied, event, { today, at, by: actor.sub });
      return { r, change: await caseChange(c, { to: r.to, set: r.set, action: `household.${event.kind}`, who, at, note: r.note, registerPending }) };
    }),
  );
  for (const done of changes) {
    items.push(...done.change.items, ...done.r.extra);
    effects.push(done.r.effect);
  }
  const answer: StoredAnswer = { status: 201, body: { householdId: h.householdId, event: { seq, kind: event.kind, date: event.date, summary: applied.summary }, effects } };
  const committed = await commitAudited({
    idempotency: o.idempotency,
    answer,
    now,
    items,
    audit: { aggregate: `household#${h.householdId}`, actor: who, action: `event.${event.kind}`, at, before: h, after: household, note: applied.summary },
    retryOnAuditHead: false,
    explain: async (index) => (await explainRegistryConflict(items[index], actor)) ?? conflict('household-changed', '此家庭档案刚刚被他人更新，本次登记未保存，请刷新后重试。'),
  });
  // The enrolments' notices (a fall, a pause, an ending: shared/notices) go out once the change is in.
  await dispatchNotices(items);
  return committed;
}
