import { dateShanghai, isoShanghai } from '../clock.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import { monitoringKeys } from '../monitoring/keys.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { requirePlace } from '../access/scope.ts';
import { divRound, formatYuan, mulBp } from '../money.ts';
import { parametersOn } from '../policy/store.ts';
import { commitAudited } from '../store/commit.ts';
import { queryAll, queryPages } from '../store/query.ts';
import { db, tableName } from '../store/client.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { ParameterSet } from '../policy/parameters.ts';
import type * as z from 'zod/mini';
import type { ENTRY_ROUTE_IDS, REGISTER_CLASS_IDS, registerSchema } from '../contract/registry.ts';
import { getItem, loadHousehold, type HouseholdItem } from './store.ts';
import type { TransactItem } from '../audit/chain.ts';

/**
 * 低收入人口动态监测 — the low-income register (十九)(二十三): households the county knows to be in or near
 * hardship, each class with why it is on the register, since when and how it got there (by application, a
 * caseworker's assessment, or from an alert of shared/monitoring). Leaving is recorded with its reason; the
 * entry stays, so "who was on the register on date D" can be answered.
 *
 *   entry   LOWREG#<county> / <householdId>#<class>
 *
 * One partition per county, so the monitoring match reads a county's register in pages and matches a feed
 * against it in memory (docs/architecture.md § Performance budgets). The entry carries the persons (keyed
 * ID hashes) of the household's members when it was entered or last re-entered; a member who joins later is
 * matched once the household is entered again (README: Not yet).
 */
export const REGISTER_CLASSES = {
  dibao: { label: '低保对象', basis: '《社会救助暂行办法》第九条；（五）' },
  tekun: { label: '特困人员', basis: '《社会救助暂行办法》第十四条；民发〔2021〕43号；（六）' },
  marginal: { label: '低保边缘家庭', basis: '（五）：家庭月人均收入低于低保标准的规定倍数（参数 dibao.marginRatio）' },
  rigidSpending: { label: '刚性支出困难家庭', basis: '（十三）：医疗、教育等必需支出超出家庭承受能力' },
  county: { label: '县区认定的其他低收入人口', basis: '县区民政部门认定（在 label 中写明类别）' },
} as const satisfies Record<(typeof REGISTER_CLASS_IDS)[number], { label: string; basis: string }>;
export type RegisterClass = keyof typeof REGISTER_CLASSES;
export const ENTRY_ROUTES = { application: '经申请认定', assessment: '经乡镇（街道）评估', alert: '由预警核实后纳入' } as const satisfies Record<(typeof ENTRY_ROUTE_IDS)[number], string>;
export type EntryRoute = keyof typeof ENTRY_ROUTES;

export interface RegisterEntry {
  pk: string;
  sk: string;
  householdId: string;
  class: RegisterClass;
  classLabel: string;
  county: string;
  township: string;
  residence: 'urban' | 'rural';
  persons: string[];
  reason: string;
  since: string;
  entry: { by: EntryRoute; reference?: string; alertId?: string };
  status: 'active' | 'left';
  left?: { on: string; reason: string; by: string };
  /** The enrolled 低保/特困 cases that keep the entry (written by the case's own transaction, registerWrites). */
  cases?: string[];
  /** Household figures when entered, for explanations: members and monthly income. */
  members: number;
  monthlyIncomeFen: number;
  version: number;
  enteredBy: string;
  enteredAt: string;
  schemaVersion: number;
}

export const registerKeys = {
  entry: (county: string, householdId: string, cls: RegisterClass) => ({ pk: `LOWREG#${county}`, sk: `${householdId}#${cls}` }),
};

export type RegisterBody = z.infer<typeof registerSchema>;

const householdIncome = (h: Pick<HouseholdItem, 'members'>) => h.members.reduce((s, m) => s + m.monthlyIncomeFen, 0);

/** 低保边缘: monthly income per head under `dibao.marginRatio` × the 低保 standard of the household's area. */
export function marginalLine(params: ParameterSet, residence: 'urban' | 'rural'): { standardFen: number; ratioBp: number; lineFen: number } {
  const standardFen = params.value(residence === 'urban' ? 'dibao.standard.urban' : 'dibao.standard.rural');
  const ratioBp = params.value('dibao.marginRatio');
  return { standardFen, ratioBp, lineFen: mulBp(standardFen, ratioBp) };
}

export async function changeRegister(o: { householdId: string; body: RegisterBody; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  const h = await loadHousehold(o.householdId);
  if (!h) throw notFound('no-such-household', '没有这个家庭档案，或不在您的工作范围内。');
  requirePlace(actor, h.area.township);
  const key = registerKeys.entry(h.area.county, h.householdId, body.class);
  const existing = await getItem<RegisterEntry>(key);
  const at = isoShanghai(now);
  const label = REGISTER_CLASSES[body.class].label;
  let item: RegisterEntry;
  let condition: { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> };
  if (body.action === 'enter') {
    if (body.entry.by === 'application' && !body.entry.reference) throw invalidField('entry.reference', 'required', '经申请纳入的，请填写申请编号');
    if (body.entry.by === 'alert') {
      // From an alert: the alert must exist and be about this household (shared/monitoring).
      const alert = body.entry.alertId ? await getItem<{ householdId: string }>(monitoringKeys.alert(body.entry.alertId)) : undefined;
      if (!alert || alert.householdId !== h.householdId) throw invalidField('entry.alertId', 'no-such-alert', '由预警纳入的，请填写该家庭的预警编号');
    }
    if (existing?.status === 'active') throw conflict('already-registered', `该家庭已作为“${existing.classLabel}”在册（自 ${existing.since} 起）。`);
    const income = householdIncome(h);
    const perHead = divRound(income, Math.max(1, h.members.length));
    let reason = body.reason;
    if (body.class === 'marginal') {
      // The figures behind the class, written into the reason so the entry explains itself (五).
      const line = marginalLine(await parametersOn(dateShanghai(now)), h.area.residence);
      if (perHead >= line.lineFen)
        throw conflict(
          'not-marginal',
          `家庭月人均收入 ${formatYuan(perHead)}，不低于低保边缘线 ${formatYuan(line.lineFen)}（低保标准 ${formatYuan(line.standardFen)} 的 ${line.ratioBp / 100}%），不能按低保边缘家庭登记。`,
        );
      reason = `${body.reason}（家庭月人均收入 ${formatYuan(perHead)}，低于低保边缘线 ${formatYuan(line.lineFen)}）`;
    }
    item = {
      ...key,
      householdId: h.householdId,
      class: body.class,
      classLabel: body.class === 'county' && body.label ? body.label : label,
      county: h.area.county,
      township: h.area.township,
      residence: h.area.residence,
      persons: h.members.map((m) => m.person),
      reason,
      since: body.since,
      entry: { by: body.entry.by, ...(body.entry.reference ? { reference: body.entry.reference } : {}), ...(body.entry.alertId ? { alertId: body.entry.alertId } : {}) },
      status: 'active',
      members: h.members.length,
      monthlyIncomeFen: income,
      version: (existing?.version ?? 0) + 1,
      enteredBy: actor.sub,
      enteredAt: at,
      schemaVersion: SCHEMA_VERSION,
    };
    condition = existing ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } } : { ConditionExpression: 'attribute_not_exists(pk)' };
  } else {
    if (existing?.status !== 'active') throw conflict('not-registered', `该家庭不在“${label}”名册中。`);
    if (body.on < existing.since) throw conflict('left-before-entry', `退出日期不能早于纳入日期 ${existing.since}。`);
    item = { ...existing, status: 'left', left: { on: body.on, reason: body.reason, by: actor.sub }, version: existing.version + 1 };
    condition = { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } };
  }
  return commitAudited({
    idempotency: o.idempotency,
    answer: { status: 200, body: registerView(item) },
    now,
    items: [{ Put: { TableName: tableName(), Item: item, ...condition } }],
    audit: { aggregate: `household#${h.householdId}`, actor: { sub: actor.sub, role: actor.role }, action: `register.${body.action}`, at, after: item, note: `${item.classLabel}：${body.reason}` },
    retryOnAuditHead: true,
  });
}

/** The statuses in which a 低保 or 特困 case is enrolled (its payments run or are paused). */
const ENROLLED_STATES = new Set(['active', 'suspended']);
const CASE_CLASSES = { dibao: 'dibao', tekun: 'tekun' } as const satisfies Partial<Record<string, RegisterClass>>;

/** The entries one transaction writes, by key: what registerWrites read, and what it plans to write. */
export type RegisterPending = Map<string, { read: Promise<RegisterEntry | undefined>; planned?: RegisterEntry }>;

/** What registerWrites reads of a case (shared/cases/case.ts), kept narrow so the registry does not import cases. */
export interface RegisteredCase {
  reference: string;
  type: string;
  status: string;
  householdId?: string | undefined;
  area: { county: string; township: string; residence: 'urban' | 'rural' };
  household: { members: readonly { person?: string | undefined; monthlyIncomeFen: number }[] };
  ending?: { reasons?: readonly string[] } | undefined;
}

/**
 * The register follows the 低保 and 特困 cases by itself (十九)(二十三): the writes for one change of a case, in
 * the case's own transaction (shared/cases/workflow.ts `caseChange`), so an approval that fails leaves no entry
 * and one that commits cannot lose it.
 *
 * - A case becoming enrolled (approval: payments start) enters its household under the case's class, `entry.by:
 *   'application'` with its reference, since the approval date — or, already on the register, adds itself to
 *   the entry's `cases`.
 * - While it stays enrolled, the entry follows the household: a member who joins or leaves (a household event
 *   recomputes the case) is matched by the next feed.
 * - Ending (终止, 渐退期满, a re-check that ends it) removes the case; the last case to go leaves the entry with
 *   the ending's reasons. A suspension keeps it.
 *
 * Nothing changes, nothing is written: a redelivered or repeated change writes no second entry. The entry is
 * conditional on the version read, so a caseworker's change of it meanwhile refuses the case change whole.
 */
export async function registerWrites(
  before: RegisteredCase,
  after: RegisteredCase,
  o: { by: string; at: string; note?: string | undefined; pending?: RegisterPending | undefined },
): Promise<TransactItem[]> {
  const cls = CASE_CLASSES[after.type as keyof typeof CASE_CLASSES];
  const householdId = after.householdId ?? before.householdId;
  if (!cls || !householdId) return [];
  const wasIn = ENROLLED_STATES.has(before.status) && Boolean(before.householdId);
  const isIn = ENROLLED_STATES.has(after.status);
  if (!wasIn && !isIn) return [];
  const key = registerKeys.entry(after.area.county, householdId, cls);
  // One read per entry and transaction: the slot is taken before the read is awaited, so cases changed side by side share it.
  const pending = o.pending ?? new Map();
  const slotKey = `${key.pk}|${key.sk}`;
  let slot = pending.get(slotKey);
  if (!slot) {
    slot = { read: getItem<RegisterEntry>(key) };
    pending.set(slotKey, slot);
  }
  const existing = await slot.read;
  const planned = slot.planned;
  if (planned) {
    // Another case of the same household and class writes this entry in the same transaction (a household
    // event): one write, which this case's change joins — DynamoDB takes one operation per item.
    const next = nextEntry(planned, key, cls, householdId, isIn, after, o);
    if (next) {
      for (const k of Object.keys(planned)) delete (planned as unknown as Record<string, unknown>)[k];
      Object.assign(planned, next, { version: next.version - 1 });
    }
    return [];
  }
  const next = nextEntry(existing, key, cls, householdId, isIn, after, o);
  if (!next) return [];
  slot.planned = next;
  const condition = existing ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } } : { ConditionExpression: 'attribute_not_exists(pk)' };
  return [{ Put: { TableName: tableName(), Item: next, ...condition } }];
}

/** The entry after one case's change, from the entry before it; null when nothing changes. */
function nextEntry(
  existing: RegisterEntry | undefined,
  key: { pk: string; sk: string },
  cls: RegisterClass,
  householdId: string,
  isIn: boolean,
  after: RegisteredCase,
  o: { by: string; at: string; note?: string | undefined },
): RegisterEntry | null {
  const active = existing?.status === 'active' ? existing : undefined;
  const others = (active?.cases ?? []).filter((r) => r !== after.reference);
  if (isIn) {
    const members = after.household.members;
    const own = members.map((m) => m.person).filter((x): x is string => Boolean(x));
    const persons = [...new Set([...(others.length ? active!.persons : []), ...own])].sort();
    const figures = { persons, members: members.length, monthlyIncomeFen: members.reduce((n, m) => n + m.monthlyIncomeFen, 0), township: after.area.township, residence: after.area.residence };
    if (active) {
      const same =
        active.cases?.includes(after.reference) &&
        active.persons.join() === persons.join() &&
        active.members === figures.members &&
        active.monthlyIncomeFen === figures.monthlyIncomeFen &&
        active.township === figures.township &&
        active.residence === figures.residence;
      if (same) return null;
      return { ...active, ...figures, cases: [...others, after.reference].sort(), version: active.version + 1 };
    }
    const label = REGISTER_CLASSES[cls].label;
    return {
      ...key,
      householdId,
      class: cls,
      classLabel: label,
      county: after.area.county,
      ...figures,
      reason: `经审核确认纳入${label}（申请编号 ${after.reference}）`,
      since: o.at.slice(0, 10),
      entry: { by: 'application', reference: after.reference },
      status: 'active',
      cases: [after.reference],
      version: (existing?.version ?? 0) + 1,
      enteredBy: o.by,
      enteredAt: o.at,
      schemaVersion: SCHEMA_VERSION,
    };
  }
  if (!active) return null;
  if (others.length) return { ...active, cases: others, version: active.version + 1 };
  const reasons = after.ending?.reasons?.length ? after.ending.reasons.join('；') : undefined;
  const reason = `${REGISTER_CLASSES[cls].label}终止（申请编号 ${after.reference}）${reasons ? `：${reasons}` : o.note ? `：${o.note}` : ''}`;
  const { left: _, ...rest } = active;
  return { ...rest, status: 'left', cases: [], left: { on: o.at.slice(0, 10), reason, by: o.by }, version: active.version + 1 };
}

/**
 * Cases enrolled before the register followed them (`registry-check`): every active or suspended 低保/特困 case
 * of the county whose household is not on the register under its class — or whose entry does not name it — is
 * entered now by the same registerWrites, one conditional write each. Idempotent: a second run writes nothing.
 */
export async function backfillRegister(counties: readonly string[], now: Date): Promise<Record<string, { entered: number }>> {
  const at = isoShanghai(now);
  const out: Record<string, { entered: number }> = {};
  for (const county of counties) {
    let entered = 0;
    for (const status of ENROLLED_STATES) {
      for await (const page of queryPages({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
        ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':p': `APP#${status}#` },
        ProjectionExpression: '#r, #t',
        ExpressionAttributeNames: { '#r': 'reference', '#t': 'type' },
      })) {
        const refs = (page.Items ?? []).filter((i) => i.type in CASE_CLASSES).map((i) => String(i.reference));
        for (const c of await getMany<RegisteredCase & { pk: string }>(refs.map((r) => keys.application(r)))) {
          const writes = await registerWrites({ ...c, status: 'withdrawn' }, c, { by: 'job:registry-check', at });
          if (!writes.length) continue;
          try {
            await db().send(new TransactWriteCommand({ TransactItems: writes as NonNullable<TransactWriteCommandInput['TransactItems']> }));
            entered++;
          } catch (error) {
            // Written meanwhile (the case changed, or a caseworker entered it): the next run looks again.
            if (!(error instanceof TransactionCanceledException)) throw error;
          }
        }
      }
    }
    out[county] = { entered };
  }
  return out;
}

export const registerView = (e: RegisterEntry) => ({
  householdId: e.householdId,
  class: e.class,
  classLabel: e.classLabel,
  basis: REGISTER_CLASSES[e.class].basis,
  township: e.township,
  reason: e.reason,
  since: e.since,
  entry: { ...e.entry, label: ENTRY_ROUTES[e.entry.by] },
  status: e.status,
  ...(e.left ? { left: e.left } : {}),
});

/** The household's entries (active and left), for the 户档案 and the alert view. */
export const registerOfHousehold = (county: string, householdId: string) =>
  queryAll<RegisterEntry>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)', ExpressionAttributeValues: { ':pk': `LOWREG#${county}`, ':h': `${householdId}#` } });

/** Every active entry of a county, page by page (the monitoring match). */
export async function* registerPages(county: string): AsyncGenerator<RegisterEntry[]> {
  for await (const page of queryPages({
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: '#s = :active',
    // What the match reads, not the reasons and history: less to unmarshal for a county of 100,000.
    ProjectionExpression: 'householdId, persons, members, monthlyIncomeFen, classLabel, county, township, residence, #s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':pk': `LOWREG#${county}`, ':active': 'active' },
  }))
    yield (page.Items ?? []) as RegisterEntry[];
}
