import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addDays, compareDates, endOfMonth, type IsoDate } from '../calendar/dates.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import type { ParameterId, ParameterSet } from '../policy/parameters.ts';
import { parametersOn } from '../policy/store.ts';
import { raisedStandards, raiseViolationsOverPeriod } from '../rules/emergency.ts';
import { loadPublished } from '../policy/store.ts';
import { AppError } from '../errors.ts';
import { getMany } from '../store/batch-get.ts';
import { keys } from '../store/keys.ts';
import type { CaseItem } from '../cases/case.ts';
import type { TraceStep } from '../rules/trace.ts';
import { findCounty } from '../reference/areas.ts';
import { charityKeys } from '../charity/keys.ts';
import { CITY_AREA, emergencyInForce, enclosingAreas, type EmergencyDeclaration } from '../charity/emergency.ts';
import type { EmergencyBody } from '../contract/management.ts';
import { joinId, splitId } from './keys.ts';
import { commitAudited } from '../store/commit.ts';

/**
 * Emergency mode (十五): the admin declares an emergency for the city or a county and a period,
 * stating which standards rise and by what multiplier, whether temporary living subsidies are paid,
 * and whether the procedure is simplified (a shortened 公示). It is recorded with its source, audited
 * on the area's chain, and ends on its end date or when revoked.
 *
 * Effect:
 * - calculations (the case proposal and a task's re-calculation) read the standards through
 *   `emergencyParameters`, which raises them for cases in the area on that day and says so in the trace;
 * - the payment run reads `emergencyFor(area, month)`;
 * - the charity registry's emergency-appeal filing rule (慈善法 Art. 73) reads the same items
 *   (shared/charity/emergency.ts), whose shape this keeps.
 */
export type Declaration = EmergencyDeclaration & { id: string; livingSubsidy: boolean; livingSubsidyRecipients?: string[] };

/**
 * (六)(十五): the raise must keep 特困 ≥ 1.3 × 低保 on every day of the period (`raiseViolationsOverPeriod`).
 * Refused with 422 naming (六), one error per residence.
 */
async function checkRaise(body: EmergencyBody, multiplierBp: number): Promise<void> {
  if (!body.raise) return;
  const violations = raiseViolationsOverPeriod((await loadPublished()).values, body, { standards: body.raise.standards, multiplierBp }).map(({ date: _d, ...v }) => v);
  if (violations.length) throw new AppError(422, 'measure-violated', '与措施的规定不符', violations[0]!.message, violations);
}

/** 临时生活补贴 (十五): each named household is an active 低保 or 特困 case in the declared area. */
async function checkRecipients(body: EmergencyBody): Promise<string[] | undefined> {
  const refs = body.livingSubsidyRecipients;
  if (!refs) return undefined;
  if (!body.livingSubsidy) throw invalidField('livingSubsidyRecipients', 'no-living-subsidy', '未发放临时生活补贴时不应列出领取人');
  const unique = [...new Set(refs)];
  const found = new Map((await getMany<CaseItem>(unique.map((r) => keys.application(r)))).map((c) => [c.reference, c]));
  unique.forEach((ref) => {
    const c = found.get(ref);
    const i = refs.indexOf(ref);
    if (!c || (c.type !== 'dibao' && c.type !== 'tekun') || c.status !== 'active') {
      throw invalidField(`livingSubsidyRecipients.${i}`, 'not-active', `${ref} 不是正在享受低保或特困供养的申请，临时生活补贴须通过其发放`);
    }
    if (!enclosingAreas(c.area.township).includes(body.area)) {
      throw invalidField(`livingSubsidyRecipients.${i}`, 'outside-area', `${ref} 不在${areaName(body.area)}，不属于该紧急救助状态的受影响地区`);
    }
  });
  return unique;
}

const areaName = (area: string) => (area === CITY_AREA ? '亳州市' : (findCounty(area)?.name ?? area));
const aggregate = (area: string) => `emergency#${area}`;

async function declarationsOf(area: string): Promise<Declaration[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': charityKeys.emergencyPk(area), ':d': 'DECL#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Declaration[];
}

const overlaps = (a: { startDate: string; endDate?: string | undefined }, b: { startDate: string; endDate?: string | undefined }) =>
  (!a.endDate || compareDates(b.startDate, a.endDate) <= 0) && (!b.endDate || compareDates(a.startDate, b.endDate) <= 0);

/** What anyone may read: the declaration without who declared it, and only how many households get the subsidy. */
const publicView = (d: Declaration) => {
  const { pk: _pk, sk: _sk, gsi4pk: _g, gsi4sk: _s, schemaVersion: _v, declaredBy: _b, livingSubsidyRecipients: recipients, ...rest } = d as Declaration & Record<string, unknown>;
  return { ...rest, areaName: areaName(d.area), ...(Array.isArray(recipients) ? { livingSubsidyHouseholds: recipients.length } : {}) };
};
/** The admin's answer also names the households (申请编号), as declared. */
const adminView = (d: Declaration) => ({ ...publicView(d), ...(d.livingSubsidyRecipients ? { livingSubsidyRecipients: d.livingSubsidyRecipients } : {}) });

export async function declareEmergency(o: { body: EmergencyBody; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  if (body.endDate && compareDates(body.endDate, body.startDate) < 0) throw invalidField('endDate', 'before-start', '结束日期不能早于开始日期');
  // Periods of one area never overlap: which multiplier applies on a day must have one answer.
  const clash = (await declarationsOf(body.area)).find((d) => overlaps(d, body));
  if (clash) throw conflict('emergency-overlaps', `${areaName(body.area)}已有${clash.startDate}起的紧急救助状态（${clash.title}），期间不能重叠；如需调整请先结束原状态。`, { existing: clash.id });
  // The multiplier is fixed at declaration, so the record cites the figure that applies, not a later default.
  const multiplierBp = body.raise ? (body.raise.multiplierBp ?? (await parametersOn(body.startDate)).value('emergency.multiplier')) : undefined;
  if (body.raise) await checkRaise(body, multiplierBp!);
  const recipients = await checkRecipients(body);
  const id = joinId(body.area, body.startDate);
  const item: Declaration & Record<string, unknown> = {
    ...charityKeys.emergency(body.area, body.startDate),
    id,
    area: body.area,
    startDate: body.startDate,
    ...(body.endDate ? { endDate: body.endDate } : {}),
    title: body.title,
    ...(body.raise ? { raise: { standards: [...new Set(body.raise.standards)], multiplierBp: multiplierBp! } } : {}),
    livingSubsidy: body.livingSubsidy,
    ...(recipients ? { livingSubsidyRecipients: recipients } : {}),
    ...(body.simplifiedProcedure ? { simplifiedProcedure: body.simplifiedProcedure } : {}),
    source: body.source,
    declaredBy: actor.sub,
    declaredAt: isoShanghai(now),
    gsi4pk: 'EMERGENCIES',
    gsi4sk: `${body.startDate}#${body.area}`,
    schemaVersion: SCHEMA_VERSION,
  };
  return commitAudited({
    retryOnAuditHead: false,
    idempotency: o.idempotency,
    answer: { status: 201, body: adminView(item) },
    now,
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: aggregate(body.area), actor: { sub: actor.sub, role: actor.role }, action: 'declare', at: isoShanghai(now), after: item, note: `${body.title}（${body.source}）` },
    explain: () => conflict('emergency-exists', `${areaName(body.area)}在${body.startDate}已有紧急救助状态。`),
  });
}

export async function revokeEmergency(o: { id: string; body: { lastDay?: string | undefined; reason: string; source: string }; actor: Actor; now: Date }) {
  const parts = splitId(o.id, 2);
  const missing = () => notFound('no-such-emergency', `没有编号为 ${o.id.slice(0, 40)} 的紧急救助状态。`);
  if (!parts) throw missing();
  const [area, startDate] = parts as [string, string];
  const found = (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.emergency(area, startDate), ConsistentRead: true }))).Item as
    | (Declaration & Record<string, unknown>)
    | undefined;
  if (!found) throw missing();
  const lastDay = o.body.lastDay ?? dateShanghai(o.now);
  if (compareDates(lastDay, found.startDate) < 0) throw invalidField('lastDay', 'before-start', `结束日期不能早于开始日期 ${found.startDate}`);
  if (found.endDate && compareDates(lastDay, found.endDate) >= 0) throw conflict('already-ending', `该紧急救助状态已定于 ${found.endDate} 结束，提前结束的日期应早于此日。`);
  const at = isoShanghai(o.now);
  const after = {
    ...found,
    endDate: lastDay,
    ...(found.endDate ? { plannedEndDate: found.plannedEndDate ?? found.endDate } : {}),
    revocation: { lastDay, reason: o.body.reason, source: o.body.source, at, by: o.actor.sub },
  };
  const answer = await commitAudited({
    retryOnAuditHead: false,
    answer: { status: 200, body: adminView(after) },
    now: o.now,
    items: [
      {
        Put: {
          TableName: tableName(),
          Item: after,
          // Only the state we read: a concurrent revocation loses.
          ConditionExpression: found.endDate ? 'endDate = :e' : 'attribute_not_exists(endDate)',
          ...(found.endDate ? { ExpressionAttributeValues: { ':e': found.endDate } } : {}),
        },
      },
    ],
    audit: { aggregate: aggregate(area), actor: { sub: o.actor.sub, role: o.actor.role }, action: 'revoke', at, before: found, after, note: `${o.body.reason}（${o.body.source}）` },
  });
  return answer.body;
}

/** Declarations, newest first; with `date`, only those in force that day. Public: no personal data. */
export async function listEmergencies(date?: string) {
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk', ExpressionAttributeValues: { ':pk': 'EMERGENCIES' }, ScanIndexForward: false, Limit: 200 }),
  );
  const items = (out.Items ?? []) as Declaration[];
  return { items: items.filter((d) => !date || (d.startDate <= date && (!d.endDate || date <= d.endDate))).map(publicView) };
}

/**
 * For the payment run: the declaration that applies to `area` (a township, county or the city) in
 * `month` (YYYY-MM), most specific area first — any declaration whose period overlaps the month.
 * `daysCovered` says how many days of the month it covers, for a run that pays by the day.
 */
export async function emergencyFor(area: string, month: string): Promise<(Declaration & { daysCovered: number }) | undefined> {
  const first = `${month}-01`;
  const last = endOfMonth(first);
  for (const a of enclosingAreas(area)) {
    const hit = (await declarationsOf(a)).filter((d) => overlaps(d, { startDate: first, endDate: last })).sort((x, y) => y.startDate.localeCompare(x.startDate))[0];
    if (hit) {
      const from = hit.startDate > first ? hit.startDate : first;
      const to = hit.endDate && hit.endDate < last ? hit.endDate : last;
      let days = 0;
      for (let d = from; d <= to; d = addDays(d, 1)) days++;
      return { ...hit, daysCovered: days };
    }
  }
  return undefined;
}

/**
 * The parameters a calculation for a case in `area` on `date` should use: the standards raised by the
 * declaration in force there (十五) — 低保 and 特困 together, 特困 never under 1.3 × the raised 低保 (六),
 * `raisedStandards` — each raised value carrying the declaration in its version and source; and the
 * trace steps that say so. Without a declaration (or one that raises nothing) the parameters come back unchanged.
 */
export async function emergencyParameters(
  params: ParameterSet,
  area: { township: string; residence: 'urban' | 'rural' },
  date: IsoDate,
): Promise<{ params: ParameterSet; trace: TraceStep[]; declaration?: Declaration }> {
  const d = (await emergencyInForce(area.township, date)) as Declaration | undefined;
  if (!d?.raise) return { params, trace: [], ...(d ? { declaration: d } : {}) };
  const r = raisedStandards(params, d.raise);
  const trace = r.trace[area.residence].map((s) => ({ ...s, detail: `${d.title}（${d.source}）：${s.detail}` }));
  const get = ((id: ParameterId) => {
    const p = params.get(id);
    const value = r.values.get(id);
    if (value === undefined) return p;
    return { ...p, value, version: `${p.version}+emergency:${d.id}`, source: `${p.source}；紧急救助状态提高为${d.raise!.multiplierBp / 10_000}倍（${d.source}）` };
  }) as ParameterSet['get'];
  return { params: { date: params.date, get, value: ((id: ParameterId) => get(id).value) as ParameterSet['value'] }, trace, declaration: d };
}

/**
 * 简化程序 (十五) for one application: only an application made in the declared area during the declared
 * period (its submission date) gets the shortened 公示 and, where the declaration says so, no democratic
 * appraisal — an application from before the emergency, or from elsewhere, keeps the ordinary procedure
 * even if it is decided while the emergency lasts.
 */
export async function simplifiedProcedureFor(
  c: Pick<CaseItem, 'area'> & { submittedAt?: string | undefined },
): Promise<{ publicityDays?: number; skipAppraisal: boolean; declaration: string } | undefined> {
  if (!c.submittedAt) return undefined; // no submission date on record: the ordinary procedure
  const d = (await emergencyInForce(c.area.township, c.submittedAt.slice(0, 10))) as Declaration | undefined;
  const sp = d?.simplifiedProcedure;
  if (!d || !sp || (!sp.publicityDays && !sp.skipAppraisal)) return undefined;
  return { ...(sp.publicityDays ? { publicityDays: sp.publicityDays } : {}), skipAppraisal: sp.skipAppraisal === true, declaration: `${d.title}（${d.source}）` };
}
