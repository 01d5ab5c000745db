import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addDays, addMonths, compareDates, type IsoDate } from '../calendar/dates.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { AppError, conflict, forbidden, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import { beginIdempotent, type Idempotency, type StoredAnswer } from '../store/idempotency.ts';
import { keyedHash, seal, type Sealed } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { maskName } from '../identifiers/mask.ts';
import { parametersOn } from '../policy/store.ts';
import { calculate } from '../rules/calculate.ts';
import { REFERRALS } from '../rules/referral.ts';
import { findTownship } from '../reference/areas.ts';
import { registryKeys } from '../registry/store.ts';
import { createApplication } from '../cases/application.ts';
import { closedTask, taskItem, taskView, type TaskItem } from './tasks.ts';
import { commitAudited } from '../store/commit.ts';
import type { StrandedIntakeBody, StrandedStepBody, StrandedStep } from '../contract/management.ts';

/**
 * 流浪乞讨人员和临时遇困人员救助 (十四): a case of the 救助管理机构 (the `department` role whose department is
 * the one measure (十四)'s referral names), from intake to one of its ends. The steps are a table (below),
 * each with the role that takes it, the states it is taken from, its deadline and an audit event on the
 * case's own chain (`stranded#<id>`):
 *
 *   intake        → inCare      with or without an ID number; without one the person is a provisional
 *                                person of the registry (`prov-<id>-0`), merged when the identity is found
 *   care          (inCare)      board and care (食宿、医疗、照料), within `stranded.careDays` of intake, or
 *                                extended with a reason
 *   trace         (inCare)      a 寻亲 step: interview, 寻亲公告 (due `stranded.tracingNoticeDays` after
 *                                intake), police check (DNA, 人像比对), media, database; its outcome
 *   identify      → identified  the identity found: ID number (sealed, keyed hash), home township
 *   returnHome    → returned    返乡, with a follow-up task for the home township's caseworker, due
 *                                `stranded.followUpWorkingDays` working days later
 *   settle        → settled     落户安置 in a township, only after `stranded.settlementAfterMonths` of stay
 *                                with no identity found, a 寻亲公告 and a police check on record
 *   transferTekun → transferred 特困 where the person qualifies: the 特困 rules (六) run on the recorded facts
 *                                and, if eligible, a 特困 application is made for them in the township
 *
 * Deadlines are dated parameters (shared/policy/parameters.ts), marked as examples where no source was entered.
 */
export const STRANDED_DEPARTMENT = REFERRALS.vagrant.department;

export type StrandedStatus = 'inCare' | 'identified' | 'returned' | 'settled' | 'transferred';

export const STRANDED_STEPS: Record<StrandedStep, { from: readonly StrandedStatus[]; to: StrandedStatus | 'same'; label: string }> = {
  care: { from: ['inCare', 'identified'], to: 'same', label: '临时食宿与照料' },
  trace: { from: ['inCare'], to: 'same', label: '寻亲' },
  identify: { from: ['inCare'], to: 'identified', label: '查明身份' },
  returnHome: { from: ['identified'], to: 'returned', label: '返乡并转介户籍地乡镇后续帮扶' },
  settle: { from: ['inCare'], to: 'settled', label: '长期滞留人员落户安置' },
  transferTekun: { from: ['identified', 'settled'], to: 'transferred', label: '符合条件的转入特困人员救助供养' },
};

interface StrandedCase {
  pk: string;
  sk: string;
  id: string;
  kind: 'stranded';
  status: StrandedStatus;
  station: string; // county of the 救助管理机构
  foundAt: { county: string; township: string; on: IsoDate; place: string };
  person: string;
  name: string;
  sex?: 'male' | 'female';
  estimatedBirthYear?: number;
  description: string;
  id_?: { sealed: Sealed; hash: string; keyVersion: string };
  intakeOn: IsoDate;
  deadlines: { careUntil: IsoDate; tracingNoticeBy: IsoDate; settlementFrom: IsoDate; followUpBy?: IsoDate };
  care: { on: IsoDate; services: string[]; note: string; by: string; extendedTo?: IsoDate; reason?: string }[];
  tracing: { n: number; on: IsoDate; method: string; outcome: 'found' | 'notFound' | 'pending'; note: string; by: string; late?: boolean }[];
  home?: { county: string; township: string };
  returned?: { on: IsoDate; escort: string; followUpTask: string };
  settlement?: { township: string; on: IsoDate; note: string };
  tekun?: { reference: string; eligible: true };
  version: number;
  schemaVersion: number;
}

const caseKey = (id: string) => ({ pk: `STRANDED#${id}`, sk: 'CASE' });

/** Open cases (in care or identified, not yet returned or placed) are in the station's queue on gsi4, by care deadline. */
const OPEN: readonly StrandedStatus[] = ['inCare', 'identified'];
function queueKeys(c: Pick<StrandedCase, 'status' | 'id' | 'deadlines'>): { gsi4pk?: string; gsi4sk?: string } {
  return OPEN.includes(c.status) ? { gsi4pk: 'STRANDED#open', gsi4sk: `${c.deadlines.careUntil}#${c.id}` } : {};
}

function requireStation(actor: Actor) {
  if (actor.role !== 'department' || actor.department !== STRANDED_DEPARTMENT) throw forbidden('not-the-station', `流浪乞讨人员救助由${STRANDED_DEPARTMENT}办理（十四）。`);
}

/** What staff see: no ID number, no sealed data; the name masked only in lists (none yet). */
function view(c: StrandedCase) {
  const { pk: _pk, sk: _sk, id_, schemaVersion: _v, gsi4pk: _g, gsi4sk: _s, ...rest } = c as StrandedCase & { gsi4pk?: string; gsi4sk?: string };
  return { ...rest, identified: Boolean(id_), provisionalPerson: c.person.startsWith('prov-') };
}

async function sealId(idNumber: string, field: string) {
  const v = validateResidentId(idNumber);
  if (!v.ok) throw invalidField(field, 'invalid-id', '身份证号码不正确');
  const { hash, keyVersion } = await keyedHash('id', v.idNumber);
  return { sealed: await seal(v.idNumber), hash, keyVersion, birthDate: v.birthDate, sex: v.sex };
}

export async function intakeStranded(o: { body: StrandedIntakeBody; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  requireStation(o.actor);
  const { body, now } = o;
  const today = dateShanghai(now);
  if (!findTownship(body.foundAt.township) || !body.foundAt.township.startsWith(body.foundAt.county)) throw invalidField('foundAt.township', 'unknown-township', '发现地乡镇（街道）不在所选县区');
  if (compareDates(body.foundAt.on, today) > 0) throw invalidField('foundAt.on', 'future', '发现日期不能晚于今天');
  const id = `JZ-${body.foundAt.county}-${today.replaceAll('-', '')}-${randomUUID().slice(0, 6).toUpperCase()}`;
  const sealed = body.idNumber ? await sealId(body.idNumber, 'idNumber') : undefined;
  // Without an ID number: a provisional person of the registry, tied to this case (shared/registry/store.ts).
  const person = sealed?.hash ?? `prov-${id}-0`;
  const p = await parametersOn(today);
  const c: StrandedCase = {
    ...caseKey(id),
    id,
    kind: 'stranded',
    // Identified only with both the ID number and the home township: 返乡 needs to know where to.
    status: sealed && body.home ? 'identified' : 'inCare',
    station: body.foundAt.county,
    foundAt: body.foundAt,
    person,
    name: body.name ?? '无名氏',
    ...(body.sex ? { sex: body.sex } : sealed?.sex ? { sex: sealed.sex } : {}),
    ...(body.estimatedBirthYear ? { estimatedBirthYear: body.estimatedBirthYear } : {}),
    description: body.description,
    ...(sealed ? { id_: { sealed: sealed.sealed, hash: sealed.hash, keyVersion: sealed.keyVersion } } : {}),
    intakeOn: today,
    deadlines: {
      careUntil: addDays(today, p.value('stranded.careDays') - 1),
      tracingNoticeBy: addDays(today, p.value('stranded.tracingNoticeDays')),
      settlementFrom: addMonths(today, p.value('stranded.settlementAfterMonths')),
    },
    care: [],
    tracing: [],
    ...(sealed && body.home ? { home: body.home } : {}),
    version: 1,
    schemaVersion: SCHEMA_VERSION,
  };
  Object.assign(c, queueKeys(c));
  const at = isoShanghai(now);
  return commitAudited({
    retryOnAuditHead: false,
    idempotency: o.idempotency,
    now,
    answer: { status: 201, body: view(c) },
    items: [
      { Put: { TableName: tableName(), Item: c, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: tableName(),
          Key: registryKeys.person(person),
          UpdateExpression: 'SET person = :p, #n = if_not_exists(#n, :n), provisional = if_not_exists(provisional, :prov), schemaVersion = :v',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':p': person, ':n': c.name, ':prov': !sealed, ':v': SCHEMA_VERSION },
        },
      },
      { Put: { TableName: tableName(), Item: { ...registryKeys.personCase(person, id), reference: id, type: 'vagrant', schemaVersion: SCHEMA_VERSION } } },
    ],
    audit: {
      aggregate: `stranded#${id}`,
      actor: { sub: o.actor.sub, role: o.actor.role },
      action: 'intake',
      at,
      after: view(c),
      note: `${STRANDED_DEPARTMENT}受理（十四）${sealed ? '' : '，无身份证号码，登记为临时人员'}`,
    },
  });
}

const ID_SHAPE = /^JZ-\d{6}-\d{8}-[0-9A-F]{6}$/;

async function load(id: string): Promise<StrandedCase> {
  // Only an id of the shape intake makes is looked up; anything else is simply not found (no odd key reaches the table).
  const c = ID_SHAPE.test(id) ? ((await db().send(new GetCommand({ TableName: tableName(), Key: caseKey(id), ConsistentRead: true }))).Item as StrandedCase | undefined) : undefined;
  if (!c) throw notFound('no-such-stranded-case', ID_SHAPE.test(id) ? `没有编号为 ${id} 的救助案件。` : '案件编号格式应如 JZ-341602-20270104-3F2A1B。');
  return c;
}

/** The station's open cases, earliest care deadline first, with what is due: names masked as in every queue. */
export async function listStranded(actor: Actor, now: Date) {
  requireStation(actor);
  const today = dateShanghai(now);
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'STRANDED#open' }, Limit: 200 }),
  );
  return {
    items: ((out.Items ?? []) as StrandedCase[]).map((c) => ({
      id: c.id,
      status: c.status,
      name: maskName(c.name),
      foundAt: c.foundAt,
      identified: Boolean(c.id_),
      careUntil: c.deadlines.careUntil,
      careOverdue: compareDates(today, c.deadlines.careUntil) > 0,
      tracingNoticeDue: !c.id_ && !c.tracing.some((t) => t.method === 'notice') ? c.deadlines.tracingNoticeBy : null,
      tracingNoticeOverdue: !c.id_ && !c.tracing.some((t) => t.method === 'notice') && compareDates(today, c.deadlines.tracingNoticeBy) > 0,
      settlementFrom: c.id_ ? null : c.deadlines.settlementFrom,
    })),
  };
}

export async function getStranded(id: string, actor: Actor) {
  requireStation(actor);
  return view(await load(id));
}

export async function strandedStep(o: { id: string; step: StrandedStep; body: StrandedStepBody; actor: Actor; now: Date }) {
  requireStation(o.actor);
  const c = await load(o.id);
  const def = STRANDED_STEPS[o.step];
  if (!def.from.includes(c.status)) throw conflict('wrong-state', `“${def.label}”只能在以下状态办理：${def.from.join('、')}；当前为 ${c.status}。`, { allowed: def.from });
  const today = dateShanghai(o.now);
  const at = isoShanghai(o.now);
  const b = o.body as Record<string, any>;
  const after: StrandedCase = { ...c, version: c.version + 1 };
  const items: NonNullable<Parameters<typeof commitAudited>[0]['items']> = [];
  let note = def.label;
  if (o.step === 'care') {
    // Board and care within the care period; a later day needs an extension with its reason.
    if (b.extendTo && !b.reason) throw invalidField('reason', 'required', '延长救助期限须写明理由');
    const careUntil = b.extendTo ?? c.deadlines.careUntil;
    if (compareDates(today, careUntil) > 0)
      throw conflict('care-period-over', `救助期限已于${c.deadlines.careUntil}届满（${(await parametersOn(c.intakeOn)).get('stranded.careDays').source}），请延长期限并写明理由，或办理返乡、安置。`);
    after.care = [...c.care, { on: today, services: b.services, note: b.note, by: o.actor.sub, ...(b.extendTo ? { extendedTo: b.extendTo, reason: b.reason } : {}) }];
    if (b.extendTo) after.deadlines = { ...c.deadlines, careUntil: b.extendTo };
  } else if (o.step === 'trace') {
    const n = c.tracing.length + 1;
    const late = b.method === 'notice' && compareDates(today, c.deadlines.tracingNoticeBy) > 0 && !c.tracing.some((t) => t.method === 'notice');
    after.tracing = [...c.tracing, { n, on: today, method: b.method, outcome: b.outcome, note: b.note, by: o.actor.sub, ...(late ? { late: true } : {}) }];
    note = `寻亲第${n}步（${b.method}）：${b.outcome}${late ? `，寻亲公告晚于${c.deadlines.tracingNoticeBy}` : ''}`;
  } else if (o.step === 'identify') {
    const sealed = await sealId(b.idNumber, 'idNumber');
    if (!findTownship(b.home.township) || !b.home.township.startsWith(b.home.county)) throw invalidField('home.township', 'unknown-township', '户籍地乡镇（街道）不在所选县区');
    after.id_ = { sealed: sealed.sealed, hash: sealed.hash, keyVersion: sealed.keyVersion };
    after.home = b.home;
    after.person = sealed.hash;
    if (b.name) after.name = b.name;
    after.status = 'identified';
    // The provisional person is merged into the person of the ID number: both point at each other.
    items.push(
      { Update: { TableName: tableName(), Key: registryKeys.person(c.person), UpdateExpression: 'SET mergedInto = :h', ExpressionAttributeValues: { ':h': sealed.hash } } },
      {
        Update: {
          TableName: tableName(),
          Key: registryKeys.person(sealed.hash),
          UpdateExpression: 'SET person = :h, #n = if_not_exists(#n, :n), mergedFrom = list_append(if_not_exists(mergedFrom, :e), :from), schemaVersion = :v',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':h': sealed.hash, ':n': after.name, ':e': [], ':from': [c.person], ':v': SCHEMA_VERSION },
        },
      },
      { Put: { TableName: tableName(), Item: { ...registryKeys.personCase(sealed.hash, c.id), reference: c.id, type: 'vagrant', schemaVersion: SCHEMA_VERSION } } },
    );
    note = '已查明身份，临时人员并入身份证号码对应的人员';
  } else if (o.step === 'returnHome') {
    if (!c.home) throw conflict('no-home', '尚未登记户籍地，不能办理返乡。');
    const due = addWorkingDaysProvisional(today, (await parametersOn(today)).value('stranded.followUpWorkingDays'));
    const task = {
      kind: 'stranded-followup' as const,
      period: today.slice(0, 7),
      reference: c.id,
      type: 'vagrant' as const,
      county: c.home.county,
      township: c.home.township,
      dueDate: due.date,
      applicant: maskName(after.name),
      createdOn: today,
      createdBy: o.actor.sub,
      evidence: { returnedOn: today, station: STRANDED_DEPARTMENT, escort: b.escort },
    };
    after.status = 'returned';
    after.returned = { on: today, escort: b.escort, followUpTask: `stranded-followup.${task.period}.${c.id}` };
    after.deadlines = { ...c.deadlines, followUpBy: due.date };
    // The follow-up lands in the home township's task list in the same transaction (GET /api/v1/tasks).
    items.push({ Put: { TableName: tableName(), Item: taskItem(task), ConditionExpression: 'attribute_not_exists(pk)' } });
    note = `返乡，转介户籍地乡镇（街道）${c.home.township}后续帮扶，应于${due.date}前回访`;
  } else if (o.step === 'settle') {
    if (c.id_) throw conflict('identity-known', '身份已查明，应办理返乡而非落户安置。');
    if (compareDates(today, c.deadlines.settlementFrom) < 0) throw conflict('too-early-to-settle', `滞留未满规定期限：${c.deadlines.settlementFrom}起方可办理落户安置。`);
    const missing = (['notice', 'police'] as const).filter((m) => !c.tracing.some((t) => t.method === m));
    if (missing.length) throw conflict('tracing-incomplete', `落户安置前须完成寻亲：尚缺${missing.map((m) => (m === 'notice' ? '寻亲公告' : '公安机关比对')).join('、')}。`);
    if (!findTownship(b.township)) throw invalidField('township', 'unknown-township', '安置地乡镇（街道）代码不正确');
    after.settlement = { township: b.township, on: today, note: b.note };
    after.status = 'settled';
    // 落户 gives the person a 户口 and an ID number; the provisional person is merged as for `identify`.
    if (b.idNumber) {
      const sealed = await sealId(b.idNumber, 'idNumber');
      after.id_ = { sealed: sealed.sealed, hash: sealed.hash, keyVersion: sealed.keyVersion };
      after.person = sealed.hash;
      after.home = { county: b.township.slice(0, 6), township: b.township };
      items.push({ Update: { TableName: tableName(), Key: registryKeys.person(c.person), UpdateExpression: 'SET mergedInto = :h', ExpressionAttributeValues: { ':h': sealed.hash } } });
    }
    note = `落户安置于${b.township}`;
  } else if (o.step === 'transferTekun') {
    if (!c.id_ || !c.home) throw conflict('no-identity', '转入特困人员救助供养须有身份证号码和户籍（已查明身份或已落户安置）。');
    const { open } = await import('../crypto/pii.ts');
    const idNumber = await open(c.id_.sealed);
    const birthDate = validateResidentId(idNumber).ok ? (validateResidentId(idNumber) as { birthDate: string }).birthDate : undefined;
    const area = { county: c.home.county, township: c.home.township, residence: b.residence, hukou: 'local' as const };
    const member = {
      name: after.name,
      birthDate: birthDate!,
      relation: 'self' as const,
      monthlyIncomeFen: 0,
      ...(b.disability ? { disability: b.disability } : {}),
      ...(b.illness ? { illness: b.illness } : {}),
    };
    const household = { members: [member], assets: { financialFen: 0, vehicles: 0, properties: 0 } };
    const result = calculate({ type: 'tekun', date: today, area, household }, await parametersOn(today), {});
    if (!result.eligible) throw new AppError(422, 'not-eligible', '不符合特困人员救助供养条件', `按特困人员认定条件（六）计算不符合：${result.trace.at(-1)?.detail ?? ''}`);
    const input = {
      type: 'tekun' as const,
      applicant: { name: after.name, idNumber, phone: b.phone },
      area,
      household: { members: [{ ...member, idNumber }].map(({ birthDate: _b, ...m }) => m) as never, assets: household.assets },
      consent: { economicCheck: true },
    };
    // One application per case, whatever happens to this step's own commit: the case id is its idempotency key,
    // so a step retried after a failed commit finds the application it made and records that one.
    const begun = await beginIdempotent('stranded-tekun', c.id, { reference: c.id });
    const made = 'replay' in begun ? begun.replay : await createApplication({ input, now: o.now, channel: 'window', actor: { sub: o.actor.sub, role: o.actor.role }, idempotency: begun.idem });
    const reference = (made.body as { reference: string }).reference;
    after.tekun = { reference, eligible: true };
    after.status = 'transferred';
    note = `符合特困人员救助供养条件（六），已代为申请：${reference}`;
  }
  if (def.to !== 'same' && o.step !== 'identify') after.status = def.to;
  const { gsi4pk: _g, gsi4sk: _s, ...rest } = after as StrandedCase & { gsi4pk?: string; gsi4sk?: string };
  const stored = { ...rest, ...queueKeys(after) };
  const answer = await commitAudited({
    retryOnAuditHead: false,
    now: o.now,
    answer: { status: 200, body: view(after) },
    items: [{ Put: { TableName: tableName(), Item: stored, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': c.version } } }, ...items],
    audit: { aggregate: `stranded#${c.id}`, actor: { sub: o.actor.sub, role: o.actor.role }, action: o.step, at, before: view(c), after: view(after), note: `${note}（十四）` },
    explain: () => conflict('stranded-changed', '此案件刚被他人更新，请刷新后再试。'),
  });
  return answer.body;
}

/**
 * 返乡后续帮扶: the home township's caseworker records the follow-up (`continue` with findings — what was done:
 * visited, helped to apply, no need found). Closes the task and writes the event on the stranded case's chain.
 */
export async function strandedFollowUp(task: TaskItem, body: { outcome: string; findings: string }, actor: Actor, now: Date) {
  if (body.outcome !== 'continue') throw invalidField('outcome', 'not-for-follow-up', '返乡后续帮扶只需登记回访情况（outcome: continue，findings 写明回访和帮扶情况）');
  const at = isoShanghai(now);
  const outcome = { outcome: 'followedUp', findings: body.findings, at, by: actor.sub };
  const done = closedTask(task, outcome);
  await commitAudited({
    retryOnAuditHead: false,
    now,
    answer: { status: 200, body: {} },
    items: [{ Put: { TableName: tableName(), Item: done, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': 'open' } } }],
    audit: {
      aggregate: `stranded#${task.reference}`,
      actor: { sub: actor.sub, role: actor.role },
      action: 'followUp',
      at,
      after: outcome,
      note: `户籍地乡镇（街道）回访帮扶（十四）：${body.findings}`,
    },
    explain: () => conflict('task-done', '此任务已办结。'),
  });
  return { reference: task.reference, status: 'returned', task: taskView({ ...task, status: 'done', outcome }, dateShanghai(now)) };
}
