import { queryAll } from '../store/query.ts';
import { atRiskCutoff, dueFlag } from '../calendar/due.ts';
import { addDays } from '../calendar/dates.ts';
import { parametersOn } from '../policy/store.ts';
import { dateShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';
import { OPEN_STATES, STATUS_LABELS, type CaseStatus } from './states.ts';
import { caseDue, caseLine } from './views.ts';
import { waitingFor } from './next-step.ts';
import { taskView, type TaskItem } from '../management/tasks.ts';
import { referralsDue } from './referrals.ts';

/**
 * 今日工作 (issue 24): per role, the counts of live work and the cases due today and this week, the overdue
 * and at-risk first (the one rule of shared/calendar/due.ts), each with what it waits for
 * (shared/cases/next-step.ts). A township's caseworker sees every open case of the township; the approver
 * those waiting for a decision; the check office the county's cases still without a check report; the county
 * every open case of the county. Caseworkers and the county also get the re-check, visit and data-match tasks
 * due by the end of the week (五)(六)(二十三). Departments, caseworkers and the county get the open 转办 due by the
 * end of the week or late (十九, shared/cases/referrals.ts), overdue first.
 */
const ROLE_STATES: Partial<Record<Actor['role'], readonly CaseStatus[]>> = {
  caseworker: OPEN_STATES,
  approver: ['proposed', 'readyForDecision'],
  check: ['accepted', 'checking', 'visited'],
  county: OPEN_STATES,
};
export const TODAY_MAX_ITEMS = 50;

/** The Sunday ending the week of `date` (Monday-first, as a work week is read). */
export function weekEnd(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, (7 - day) % 7);
}

export async function todayFor(actor: Actor, now: Date) {
  const today = dateShanghai(now);
  const township = actor.role === 'caseworker' || actor.role === 'approver';
  const states = ROLE_STATES[actor.role] ?? [];
  const [params, ...pages] = await Promise.all([
    parametersOn(today),
    ...states.map((status) =>
      queryAll({
        IndexName: township ? 'gsi1' : 'gsi3',
        KeyConditionExpression: township ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
        ExpressionAttributeValues: { ':pk': township ? `TWP#${actor.township}` : `CTY#${actor.county}`, ':p': township ? `${status}#` : `APP#${status}#` },
      }),
    ),
  ]);
  const cutoff = atRiskCutoff(params, today);
  const end = weekEnd(today);
  let cases = pages.flat() as unknown as CaseItem[];
  // The check office's work is the report itself: cases that already have one wait for others.
  if (actor.role === 'check') cases = cases.filter((c) => !c.check && TYPE_PROFILES[c.type].meansTested);
  const counts = { open: cases.length, overdue: 0, atRisk: 0, dueToday: 0, dueThisWeek: 0 };
  const byStatus: Record<string, number> = {};
  const due: { item: Record<string, unknown>; rank: number; date: string }[] = [];
  for (const c of cases) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    const work = caseDue(c);
    const flag = dueFlag(work, today, cutoff);
    const date = work.open ? work.dueDate : undefined;
    if (flag === 'overdue') counts.overdue++;
    if (flag === 'atRisk') counts.atRisk++;
    if (date === today) counts.dueToday++;
    if (date && date >= today && date <= end) counts.dueThisWeek++;
    if (!flag && !(date && date <= end)) continue;
    const wait = waitingFor(c)[0];
    due.push({
      rank: flag === 'overdue' ? 0 : flag === 'atRisk' ? 1 : 2,
      date: date ?? '9999-12-31',
      item: {
        ...caseLine(c),
        ...(date ? { dueDate: date, step: c.status === 'submitted' ? '受理' : '作出决定' } : {}),
        flag: flag ?? null,
        dueToday: date === today,
        ...(wait ? { waiting: { who: wait.who, whoLabel: wait.whoLabel, text: wait.text } } : {}),
      },
    });
  }
  due.sort((a, b) => a.rank - b.rank || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Re-checks, visits and data-match tasks (shared/management/tasks.ts) open and due by the end of the week, or already late.
  const taskRange = { ':a': 'open#', ':b': `open#${end}~` };
  const openTasks =
    actor.role === 'caseworker'
      ? await queryAll<TaskItem>({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':pk': `TASKS#${actor.township}`, ...taskRange },
        })
      : actor.role === 'county'
        ? await queryAll<TaskItem>({
            IndexName: 'gsi3',
            KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :a AND :b',
            ExpressionAttributeValues: { ':pk': `CTY#${actor.county}`, ':a': 'TASK#open#', ':b': `TASK#open#${end}~` },
          })
        : [];
  const tasks = openTasks.map((t) => {
    const v = taskView(t, today, cutoff);
    return {
      id: v.id,
      kindLabel: v.kindLabel,
      reference: v.reference,
      applicant: v.applicant,
      township: v.townshipName,
      dueDate: v.dueDate,
      flag: v.overdue ? 'overdue' : v.atRisk ? 'atRisk' : null,
      dueToday: v.dueDate === today,
    };
  });
  // 政策找人 (十九): alerts whose visit is due by the end of the week, or already late (shared/monitoring/alerts.ts).
  const alertRange = actor.role === 'county' ? { ':a': 'MONALERT#open#', ':b': `MONALERT#open#${end}~` } : { ':a': 'open#', ':b': `open#${end}~` };
  const openAlerts =
    actor.role === 'caseworker' || actor.role === 'assistant' || actor.role === 'county'
      ? await queryAll<{ id: string; ruleLabel: string; explanation: string; householdId: string; township: string; dueDate: string }>({
          IndexName: actor.role === 'county' ? 'gsi3' : 'gsi1',
          KeyConditionExpression: actor.role === 'county' ? 'gsi3pk = :pk AND gsi3sk BETWEEN :a AND :b' : 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':pk': actor.role === 'county' ? `CTY#${actor.county}` : `MONALERTS#${actor.township}`, ...alertRange },
        })
      : [];
  const alerts = openAlerts.map((a) => {
    const flag = dueFlag({ dueDate: a.dueDate, open: true }, today, cutoff);
    return { id: a.id, ruleLabel: a.ruleLabel, explanation: a.explanation, householdId: a.householdId, township: a.township, dueDate: a.dueDate, flag, dueToday: a.dueDate === today };
  });
  const referrals = await referralsDue(actor, today, end, cutoff);
  const alertCounts = { open: alerts.length, overdue: alerts.filter((a) => a.flag === 'overdue').length, atRisk: alerts.filter((a) => a.flag === 'atRisk').length };
  const taskCounts = { open: tasks.length, overdue: tasks.filter((t) => t.flag === 'overdue').length, atRisk: tasks.filter((t) => t.flag === 'atRisk').length };
  return {
    date: today,
    weekEnd: end,
    role: actor.role,
    counts: { ...counts, byStatus: Object.entries(byStatus).map(([status, n]) => ({ status, label: STATUS_LABELS[status as CaseStatus], n })) },
    items: due.slice(0, TODAY_MAX_ITEMS).map((d) => d.item),
    itemsTruncated: due.length > TODAY_MAX_ITEMS,
    /** Tasks due by the end of the week (their index sorts by due date: the overdue come first). */
    tasks: tasks.slice(0, TODAY_MAX_ITEMS),
    taskCounts,
    /** 政策找人 alerts to visit by the end of the week (the overdue first: their index sorts by due date). */
    alerts: alerts.slice(0, TODAY_MAX_ITEMS),
    alertCounts,
    /** 转办 to answer (department) or to follow (township, county), due by the end of the week or late: overdue first. */
    ...(referrals
      ? {
          referrals: referrals.slice(0, TODAY_MAX_ITEMS),
          referralCounts: { open: referrals.length, overdue: referrals.filter((r) => r.flag === 'overdue').length, atRisk: referrals.filter((r) => r.flag === 'atRisk').length },
        }
      : {}),
  };
}
