import { PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { requirePlace } from '../access/scope.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { atRiskCutoff, dueFlags } from '../calendar/due.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { open } from '../crypto/pii.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, conflict, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { limiter } from '../jobs/limiter.ts';
import type { ParameterSet } from '../policy/parameters.ts';
import { parametersOn } from '../policy/store.ts';
import { findTownship } from '../reference/areas.ts';
import { registerOfHousehold, registerView } from '../registry/register.ts';
import { getItem, loadHousehold, registryKeys, type HouseholdItem } from '../registry/store.ts';
import { getMany } from '../store/batch-get.ts';
import { calculate, type AssistanceType } from '../rules/calculate.ts';
import type { MemberInput } from '../rules/household.ts';
import { TYPE_PROFILES } from '../cases/assistance-types.ts';
import { createApplication } from '../cases/application.ts';
import { householdForRules } from '../cases/household-rules.ts';
import { db, tableName } from '../store/client.ts';
import { commitAudited } from '../store/commit.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import type { alertOutcomeSchema } from '../contract/monitoring.ts';
import type * as z from 'zod/mini';
import { FEED_FORMATS, type FeedSource } from './formats.ts';
import type { AlertCandidate } from './match.ts';
import { findRule } from './rules.ts';
import { alertIndexKeys, monitoringKeys } from './keys.ts';

/**
 * Alerts (政策找人, 十九): one per rule, household and fact (match.ts). Each says in plain Chinese why the
 * household was flagged (its figures), what it may qualify for — the 试算 rules run on what the registry
 * holds, so the estimate and a later application cannot disagree — and by when the township must visit
 * (`monitoring.visitWorkingDays` working days, on the official calendar). The township lists them by due
 * date; the visit outcome closes the loop (assisted, referred, not in need with reasons, could not reach),
 * and where help fits starts an application pre-filled from the registry, still `reported` until the
 * household confirms it and signs the 核对授权 (十九), so they are never asked for what is already held.
 * An open alert past its due date is in 督办 (shared/cases/deadlines.ts) and 今日工作 (shared/cases/today.ts).
 */
export type AlertOutcomeBody = z.infer<typeof alertOutcomeSchema>;

export const OUTCOME_LABELS = { assisted: '已帮扶（已申请或已纳入救助）', referred: '已转介相关部门', notInNeed: '经核实不需要救助', unreachable: '未能联系上' } as const;

export interface Qualifies {
  type: AssistanceType;
  label: string;
  eligible: boolean;
  monthlyAmountFen: number;
  oneOffAmountFen: number;
  /** Why not, or what the estimate could not read. */
  note?: string;
}

export interface AlertItem {
  pk: string;
  sk: string;
  id: string;
  rule: string;
  ruleLabel: string;
  measure: string;
  householdId: string;
  county: string;
  township: string;
  person: string;
  explanation: string;
  figures: Record<string, string>;
  values: Record<string, string | number>;
  parameters: { id: string; value: unknown; effectiveFrom: string; example: boolean; source: string }[];
  feed: { id: string; source: FeedSource; sourceLabel: string; legalBasis: string; asOf: string; line: number };
  qualifies: Qualifies[];
  raisedOn: string;
  dueDate: string;
  dueProvisional: boolean;
  status: 'open' | 'closed';
  outcome?: { outcome: keyof typeof OUTCOME_LABELS; visitedOn: string; findings: string; reasons?: string[]; by: string; at: string };
  application?: { reference: string; type: AssistanceType };
  schemaVersion: number;
}

/** 试算 for the household on what the registry holds, with the hardship the alert's figures describe. */
export function estimate(h: Pick<HouseholdItem, 'area' | 'members' | 'assets' | 'obligors'>, c: Pick<AlertCandidate, 'rule' | 'values'>, params: ParameterSet): Qualifies[] {
  const rule = findRule(c.rule);
  if (!rule) return [];
  const household = householdForRules({ household: { members: h.members, assets: h.assets, ...(h.obligors ? { obligors: h.obligors } : {}) } });
  return rule.assistance.map((type) => {
    const label = TYPE_PROFILES[type].label;
    try {
      const r = calculate({ type, date: params.date, area: h.area, household, ...(type === 'linshi' && rule.hardship ? { hardship: rule.hardship(c.values) } : {}) }, params);
      const why = r.eligible ? undefined : r.trace.at(-1)?.detail;
      return { type, label, eligible: r.eligible, monthlyAmountFen: r.monthlyAmountFen, oneOffAmountFen: r.oneOffAmountFen, ...(why ? { note: why } : {}) };
    } catch (error) {
      return { type, label, eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, note: `无法按登记信息试算：${(error as Error).message}` };
    }
  });
}

const chunksOf = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Requests in flight per match. */
const ALERT_WRITES = 16;

/** Puts each candidate unless its id exists: raised once, whatever the feed or redelivery. */
export async function raiseAlerts(
  candidates: readonly AlertCandidate[],
  feed: { id: string; source: FeedSource; asOf: string; legalBasis: string },
  params: ParameterSet,
  today: string,
  now: Date,
): Promise<{ raised: string[]; existing: number }> {
  const due = addWorkingDaysProvisional(today, params.value('monitoring.visitWorkingDays'));
  const writes = limiter(ALERT_WRITES);
  const raised: string[] = [];
  // Alerts raised before (another upload of the same facts) are left alone: no household read, no 试算.
  const known = new Set(
    (
      await getMany<{ id: string }>(
        candidates.map((c) => monitoringKeys.alert(c.id)),
        { fields: ['id'] },
      )
    ).map((a) => a.id),
  );
  const fresh = candidates.filter((c) => !known.has(c.id));
  const households = new Map((await getMany<HouseholdItem>([...new Set(fresh.map((c) => c.householdId))].map(registryKeys.household))).map((h) => [h.householdId, h]));
  let existing = known.size;
  const items = fresh.map((c): AlertItem & Record<string, unknown> => {
    const rule = findRule(c.rule)!;
    const h = households.get(c.householdId);
    const item: AlertItem = {
      ...monitoringKeys.alert(c.id),
      id: c.id,
      rule: rule.id,
      ruleLabel: rule.label,
      measure: rule.measure,
      householdId: c.householdId,
      county: c.county,
      township: c.township,
      person: c.person,
      explanation: c.explanation,
      figures: c.figures,
      values: c.values,
      parameters: ['monitoring.visitWorkingDays' as const, ...rule.parameters].map((id) => {
        const p = params.get(id);
        return { id, value: p.value, effectiveFrom: p.effectiveFrom, example: p.example, source: p.source };
      }),
      feed: { id: feed.id, source: feed.source, sourceLabel: FEED_FORMATS[feed.source].label, legalBasis: feed.legalBasis, asOf: feed.asOf, line: c.line },
      qualifies: h ? estimate(h, c, params) : [],
      raisedOn: today,
      dueDate: due.date,
      dueProvisional: due.provisional,
      status: 'open',
      schemaVersion: SCHEMA_VERSION,
    };
    return { ...item, ...alertIndexKeys(item), raisedAt: isoShanghai(now) };
  });
  // Conditional puts, 100 in one transaction (one request); if any exists meanwhile, each on its own.
  await Promise.all(
    chunksOf(items, 100).map((chunk) =>
      writes.run(async () => {
        try {
          await db().send(new TransactWriteCommand({ TransactItems: chunk.map((Item) => ({ Put: { TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' } })) }));
          raised.push(...chunk.map((a) => a.id));
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          for (const Item of chunk) {
            try {
              await db().send(new PutCommand({ TableName: tableName(), Item, ConditionExpression: 'attribute_not_exists(pk)' }));
              raised.push(Item.id);
            } catch (e) {
              if (!(e instanceof ConditionalCheckFailedException)) throw e;
              existing++;
            }
          }
        }
      }),
    ),
  );
  return { raised: raised.sort(), existing };
}

export function alertView(a: AlertItem, today: string, cutoff: string) {
  const { overdue, atRisk } = dueFlags({ dueDate: a.dueDate, open: a.status === 'open' }, today, cutoff);
  return {
    id: a.id,
    rule: a.rule,
    ruleLabel: a.ruleLabel,
    measure: a.measure,
    explanation: a.explanation,
    householdId: a.householdId,
    township: a.township,
    townshipName: findTownship(a.township)?.name ?? a.township,
    source: a.feed.source,
    sourceLabel: a.feed.sourceLabel,
    raisedOn: a.raisedOn,
    dueDate: a.dueDate,
    dueProvisional: a.dueProvisional,
    status: a.status,
    overdue,
    atRisk,
    qualifies: a.qualifies,
    ...(a.outcome ? { outcome: { ...a.outcome, label: OUTCOME_LABELS[a.outcome.outcome] } } : {}),
    ...(a.application ? { application: a.application } : {}),
  };
}

const townshipRoles = new Set(['caseworker', 'assistant']);

/** A township's alerts (caseworker, 协理员), or a county's (all, or one township), by status then due date. */
export async function listAlerts(actor: Actor, query: { status?: 'open' | 'closed' | undefined; township?: string | undefined; cursor?: string | undefined }, now: Date) {
  const township = townshipRoles.has(actor.role) ? actor.township : query.township;
  const status = query.status ?? 'open';
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: township ? 'gsi1' : 'gsi3',
      KeyConditionExpression: township ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
      ExpressionAttributeValues: township ? { ':pk': `MONALERTS#${township}`, ':p': `${status}#` } : { ':pk': `CTY#${actor.county}`, ':p': `MONALERT#${status}#` },
      Limit: 50,
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  return { date: today, items: ((out.Items ?? []) as AlertItem[]).map((a) => alertView(a, today, cutoff)), cursor: encodeCursor(out.LastEvaluatedKey) };
}

async function loadAlert(actor: Actor, id: string): Promise<AlertItem> {
  const a = /^[A-Za-z0-9.-]{3,160}$/.test(id) ? await getItem<AlertItem>(monitoringKeys.alert(id)) : undefined;
  if (!a) throw notFound('no-such-alert', '没有这条预警，或不在您的工作范围内。');
  requirePlace(actor, a.township);
  return a;
}

export async function getAlert(actor: Actor, id: string, now: Date) {
  const a = await loadAlert(actor, id);
  const today = dateShanghai(now);
  const cutoff = atRiskCutoff(await parametersOn(today), today);
  const register = await registerOfHousehold(a.county, a.householdId);
  return { ...alertView(a, today, cutoff), parameters: a.parameters, feed: a.feed, figures: a.figures, register: register.map(registerView) };
}

/** The application the household is asked to confirm: the registry's household, ID numbers opened only to seal them again. */
async function prefilledApplication(a: AlertItem, body: NonNullable<AlertOutcomeBody['apply']>, actor: Actor, now: Date): Promise<string> {
  const h = await loadHousehold(a.householdId);
  if (!h) throw conflict('no-household', '户档案不存在，不能生成预填申请。');
  const members: MemberInput[] = await Promise.all(
    h.members.map(async ({ id, person: _p, since: _s, sex: _x, birthDate, ...m }) => ({ ...m, ...(id ? { idNumber: await open(id.sealed) } : birthDate ? { birthDate } : {}) })),
  );
  const applicant = members.find((m) => m.relation === 'self') ?? members[0]!;
  if (!applicant.idNumber) throw conflict('no-id-number', '户主没有登记身份证号码，请按一般申请办理。');
  const rule = findRule(a.rule);
  const input = {
    type: body.type,
    applicant: { name: applicant.name, idNumber: applicant.idNumber, phone: body.phone },
    area: h.area,
    household: { members, assets: h.assets, ...(h.obligors ? { obligors: h.obligors } : {}) },
    ...(body.type === 'linshi' && rule?.hardship ? { hardship: rule.hardship(a.values) } : {}),
  };
  try {
    const made = await createApplication({ input, now, channel: 'grid', actor: { sub: actor.sub, role: actor.role }, initialStatus: 'reported' });
    return (made.body as { reference: string }).reference;
  } catch (error) {
    // A retry after the application was made finds it by its uniqueness item: the same application.
    if (error instanceof AppError && error.code === 'duplicate-application' && typeof error.extra?.existingReference === 'string') return error.extra.existingReference;
    throw error;
  }
}

export async function recordAlertOutcome(o: { id: string; body: AlertOutcomeBody; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  const a = await loadAlert(actor, o.id);
  if (a.status !== 'open') throw conflict('alert-closed', `这条预警已于 ${a.outcome?.visitedOn ?? ''} 登记走访结果（${a.outcome ? OUTCOME_LABELS[a.outcome.outcome] : ''}）。`);
  if ((body.outcome === 'notInNeed' || body.outcome === 'unreachable') && !body.reasons?.length) throw invalidField('reasons', 'required', '“不需要救助”和“未能联系上”须写明理由');
  if (body.apply && body.outcome !== 'assisted') throw invalidField('apply', 'outcome', '只有走访结果为 assisted（已帮扶）时才生成预填申请');
  if (body.visitedOn < a.raisedOn || body.visitedOn > dateShanghai(now)) throw invalidField('visitedOn', 'date', `走访日期应在预警日期 ${a.raisedOn} 与今天之间`);
  const reference = body.apply ? await prefilledApplication(a, body.apply, actor, now) : undefined;
  const at = isoShanghai(now);
  const closed: AlertItem = {
    ...a,
    status: 'closed',
    outcome: { outcome: body.outcome, visitedOn: body.visitedOn, findings: body.findings, ...(body.reasons ? { reasons: body.reasons } : {}), by: actor.sub, at },
    ...(reference && body.apply ? { application: { reference, type: body.apply.type } } : {}),
  };
  return commitAudited({
    idempotency: o.idempotency,
    answer: {
      status: 200,
      body: {
        id: a.id,
        status: 'closed',
        outcome: closed.outcome,
        ...(reference ? { application: { reference, status: 'reported', needs: 'consent', note: '申请已按户档案预填，须由家庭成员确认并签署核对授权书后受理。' } } : {}),
      },
    },
    now,
    items: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...closed, ...alertIndexKeys(closed) },
          ConditionExpression: '#s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        },
      },
    ],
    audit: {
      aggregate: `household#${a.householdId}`,
      actor: { sub: actor.sub, role: actor.role },
      action: 'alert.outcome',
      at,
      before: a,
      after: closed,
      note: `${a.ruleLabel}：${OUTCOME_LABELS[body.outcome]}`,
    },
    retryOnAuditHead: true,
    explain: () => conflict('alert-closed', '这条预警刚刚已登记走访结果。'),
  });
}
