import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { TransactItem } from '../audit/chain.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { dueFlag, type DueFlag } from '../calendar/due.ts';
import { queryAll } from '../store/query.ts';
import { maskName } from '../identifiers/mask.ts';
import { findTownship } from '../reference/areas.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { ActionBody } from '../contract/cases.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import { rejectionNotice } from './notice.ts';
import type { ActionContext, ActionOutcome } from './workflow.ts';
import type { CaseStatus } from './states.ts';

/**
 * 转办 (十九 一门受理、协同办理): the township routes a case to the department the measure's bracket
 * names; the department sees it in its queue (gsi2 `DEPT#<department>`), answers, and the answer comes
 * back to the case. The county sees every referral of its county (gsi3) and deadline-watch flags the
 * overdue ones for 督办.
 */

/** The measures set no figure for answering a referral: 10 working days is the platform's example. */
export const REFERRAL_WORKING_DAYS = 10;

export type ReferralStatus = 'open' | 'answered' | 'cancelled';

export interface ReferralSummary {
  id: string;
  department: string;
  /** The department responsible for the case's own type (its answer decides the case). */
  primary: boolean;
  status: ReferralStatus;
  dueDate: string;
  dueProvisional: boolean;
  routedAt: string;
  note?: string;
  outcome?: 'granted' | 'refused' | 'info';
  answer?: string;
  answeredAt?: string;
}

const queueKeys = (r: { id: string; department: string; county: string; status: ReferralStatus; dueDate: string }) => ({
  gsi2pk: `DEPT#${r.department}`,
  gsi2sk: `${r.status}#${r.dueDate}#${r.id}`,
  gsi3pk: `CTY#${r.county}`,
  gsi3sk: `REF#${r.status}#${r.dueDate}#${r.id}`,
});

function setStatus(id: string, r: ReferralSummary, county: string, status: ReferralStatus, extra: Record<string, unknown>): TransactItem {
  const fields = { status, ...extra, ...queueKeys({ id, department: r.department, county, status, dueDate: r.dueDate }) };
  const names = Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k]));
  const values = Object.fromEntries(Object.values(fields).map((v, i) => [`:v${i}`, v]));
  return {
    Update: {
      TableName: tableName(),
      Key: keys.referral(id),
      UpdateExpression: `SET ${Object.keys(fields)
        .map((_, i) => `#f${i} = :v${i}`)
        .join(', ')}`,
      ConditionExpression: '#st = :open',
      ExpressionAttributeNames: { ...names, '#st': 'status' },
      ExpressionAttributeValues: { ...values, ':open': 'open' },
    },
  };
}

export function route(ctx: ActionContext<ActionBody<'route'>>): ActionOutcome {
  const { case: c, body } = ctx;
  const ownDepartment = TYPE_PROFILES[c.type].department;
  const department = body.department ?? ownDepartment;
  if (!department) {
    throw invalidField('department', 'required', `${TYPE_PROFILES[c.type].label}由乡镇（街道）办理；如需转办其他部门，请指定部门`);
  }
  const existing = c.referrals ?? [];
  if (existing.some((r) => r.department === department && r.status === 'open')) {
    throw conflict('referral-open', `此案件已转办${department}，尚未答复，不必重复转办。`);
  }
  const id = `${c.reference}-R${existing.length + 1}`;
  const due = addWorkingDaysProvisional(ctx.today, body.dueWorkingDays ?? REFERRAL_WORKING_DAYS);
  const summary: ReferralSummary = {
    id,
    department,
    primary: department === ownDepartment,
    status: 'open',
    dueDate: due.date,
    dueProvisional: due.provisional,
    routedAt: ctx.at,
    ...(body.note ? { note: body.note } : {}),
  };
  const item = {
    ...keys.referral(id),
    kind: 'referral',
    ...summary,
    reference: c.reference,
    type: c.type,
    county: c.area.county,
    township: c.area.township,
    // The queue shows a masked name; the department opens the case (in its scope) for more.
    applicant: maskName(c.applicant.name),
    schemaVersion: SCHEMA_VERSION,
    ...queueKeys({ id, department, county: c.area.county, status: 'open', dueDate: due.date }),
  };
  return {
    set: { referrals: [...existing, summary] },
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    note: `已转办${department}，应于${due.date}前答复`,
    answer: { referral: summary },
  };
}

/** A withdrawn case cancels its open referrals in the same transaction. */
export function cancelOpenReferrals(ctx: ActionContext<unknown>): { items: TransactItem[]; referrals: ReferralSummary[] } {
  const referrals = ctx.case.referrals ?? [];
  const items = referrals.filter((r) => r.status === 'open').map((r) => setStatus(r.id, r, ctx.case.area.county, 'cancelled', { cancelledAt: ctx.at }));
  return { items, referrals: referrals.map((r) => (r.status === 'open' ? { ...r, status: 'cancelled' as const } : r)) };
}

const UNDECIDED: readonly CaseStatus[] = ['accepted', 'checking', 'visited'];

export function respond(ctx: ActionContext<ActionBody<'respond'>>): ActionOutcome {
  const { case: c, body, actor } = ctx;
  const referrals = c.referrals ?? [];
  const r = referrals.find((x) => x.id === body.referralId && x.department === actor?.department);
  if (!r) throw notFound('no-such-referral', `此案件没有转办给${actor?.department ?? '本部门'}的事项 ${body.referralId}。`);
  if (r.status !== 'open') throw conflict('referral-closed', `转办事项 ${r.id} 已${r.status === 'answered' ? '答复' : '撤销'}，不能再次答复。`);
  const answered: ReferralSummary = { ...r, status: 'answered', outcome: body.outcome, answer: body.answer, answeredAt: ctx.at };
  const set: ActionOutcome['set'] = { referrals: referrals.map((x) => (x.id === r.id ? answered : x)) };
  let to: CaseStatus = c.status;
  // The answer to the case's own referral decides a referred type (七)–(十二); others only inform.
  if (r.primary && UNDECIDED.includes(c.status) && body.outcome !== 'info') {
    to = body.outcome === 'granted' ? 'approved' : 'rejected';
    const reasons = [body.answer];
    set.decision =
      to === 'approved'
        ? { outcome: 'approved', at: ctx.at, by: `department:${r.department}` }
        : { outcome: 'rejected', at: ctx.at, by: `department:${r.department}`, reasons, notice: rejectionNotice(c, reasons, ctx.today, r.department) };
  }
  return {
    to,
    set,
    items: [setStatus(r.id, r, c.area.county, 'answered', { outcome: body.outcome, answeredAt: ctx.at })],
    note: `${r.department}已答复转办事项${to === 'approved' ? '，给予救助' : to === 'rejected' ? '，不符合条件' : ''}`,
    answer: { referral: answered },
  };
}

export interface ReferralListItem {
  id: string;
  reference: string;
  type: string;
  typeLabel: string;
  department: string;
  township: string;
  applicant: string;
  status: ReferralStatus;
  dueDate: string;
  overdue: boolean;
}

export async function listReferrals(actor: Actor, query: { status?: ReferralStatus; cursor?: string; limit?: string }, today: string) {
  const byDepartment = actor.role === 'department';
  const pk = byDepartment ? `DEPT#${actor.department}` : `CTY#${actor.county}`;
  const prefix = byDepartment ? (query.status ? `${query.status}#` : '') : `REF#${query.status ? `${query.status}#` : ''}`;
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: byDepartment ? 'gsi2' : 'gsi3',
      KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': byDepartment ? 'gsi2pk' : 'gsi3pk', ...(prefix ? { '#sk': byDepartment ? 'gsi2sk' : 'gsi3sk' } : {}) },
      ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
      Limit: Math.min(Number(query.limit ?? 50) || 50, 100),
      ExclusiveStartKey: decodeCursor(query.cursor),
    }),
  );
  const items: ReferralListItem[] = (out.Items ?? []).map((i) => ({
    id: i.id,
    reference: i.reference,
    type: i.type,
    typeLabel: TYPE_PROFILES[i.type as keyof typeof TYPE_PROFILES]?.label ?? i.type,
    department: i.department,
    township: findTownship(i.township)?.name ?? i.township,
    applicant: i.applicant,
    status: i.status,
    dueDate: i.dueDate,
    overdue: i.status === 'open' && i.dueDate < today,
  }));
  return { items, cursor: encodeCursor(out.LastEvaluatedKey) };
}

/**
 * 今日工作 (shared/cases/today.ts): the open referrals due by `end` (the week's end) or already late, for the
 * department that must answer them (gsi2), the township that routed them and the county that supervises them
 * (gsi3, the township's by its own cases). Overdue first, then at risk (shared/calendar/due.ts), then by date.
 */
export interface ReferralDue {
  id: string;
  reference: string;
  typeLabel: string;
  department: string;
  township: string;
  applicant: string;
  dueDate: string;
  flag: DueFlag | null;
  dueToday: boolean;
}

export async function referralsDue(actor: Actor, today: string, end: string, cutoff: string): Promise<ReferralDue[] | null> {
  const county = actor.county ?? (actor.township ? findTownship(actor.township)?.county : undefined);
  const query =
    actor.role === 'department' && actor.department
      ? {
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':pk': `DEPT#${actor.department}`, ':a': 'open#', ':b': `open#${end}~` },
        }
      : (actor.role === 'caseworker' || actor.role === 'county') && county
        ? { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':a': 'REF#open#', ':b': `REF#open#${end}~` } }
        : null;
  if (!query) return null;
  const rows = await queryAll<{ id: string; reference: string; type: string; department: string; township: string; applicant: string; dueDate: string }>(query);
  const mine = actor.role === 'caseworker' ? rows.filter((r) => r.township === actor.township) : rows;
  const rank = (f: DueFlag | null) => (f === 'overdue' ? 0 : f === 'atRisk' ? 1 : 2);
  return mine
    .map((r) => {
      const flag = dueFlag({ dueDate: r.dueDate, open: true }, today, cutoff);
      return {
        id: r.id,
        reference: r.reference,
        typeLabel: TYPE_PROFILES[r.type as keyof typeof TYPE_PROFILES]?.label ?? r.type,
        department: r.department,
        township: findTownship(r.township)?.name ?? r.township,
        applicant: r.applicant,
        dueDate: r.dueDate,
        flag,
        dueToday: r.dueDate === today,
      };
    })
    .sort((a, b) => rank(a.flag) - rank(b.flag) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : 1));
}
