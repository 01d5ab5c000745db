import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { parametersOn } from '../policy/store.ts';
import { maskName } from '../identifiers/mask.ts';
import { COUNTIES, findTownship } from '../reference/areas.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';
import { OPEN_STATES, STATUS_LABELS } from './states.ts';
import { caseDue } from './views.ts';
import { acceptanceDue } from './acceptance.ts';
import { reminderCounts, remindersOfCounty } from './reminders.ts';
import { atRiskCutoff, dueFlag, type DueFlag } from '../calendar/due.ts';
import { overdueCharityReports } from '../charity/reports.ts';
import { TASK_KINDS, type TaskKind } from '../management/tasks.ts';

/**
 * 督办 (十九)(二十)(二十三): every day `deadline-watch` marks, per county, the applications, the referrals and
 * the re-check, visit and data-match tasks (五)(六)(二十三; shared/management/tasks.ts) and the 政策找人 alerts not yet
 * visited (十九; shared/monitoring/alerts.ts) that have at most
 * `supervision.atRiskWorkingDays` (3) working days left (`atRisk`) or are past their due date (`overdue`; the
 * due date itself is still in time) — the rule of shared/calendar/due.ts, the same the inbox and task lists show.
 * Marks are keyed by county, date and subject, so running the job twice for a date writes the same items
 * again and creates nothing new.
 * It also raises the charities' overdue disclosure reports (十六; shared/charity/reports.ts), once each.
 * A submitted application is held to its 受理 date (`acceptBy`, shared/cases/acceptance.ts), so one never
 * accepted is overdue like any other; one submitted before that clock existed is given its date from
 * `submittedAt` here (its index key still sorts last).
 */
const WATCHED: readonly string[] = OPEN_STATES.filter((s) => !['reported', 'returned'].includes(s));

async function mark(county: string, date: string, subject: string, item: Record<string, unknown>): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.supervisionMark(county, date, subject), ...item, watchedOn: date, schemaVersion: SCHEMA_VERSION } }));
}

/** Which count a mark adds to, by its kind and flag. */
const COUNT_KEYS = {
  application: { overdue: 'overdue', atRisk: 'atRisk' },
  referral: { overdue: 'referralsOverdue', atRisk: 'referralsAtRisk' },
  task: { overdue: 'tasksOverdue', atRisk: 'tasksAtRisk' },
  alert: { overdue: 'alertsOverdue', atRisk: 'alertsAtRisk' },
  ticket: { overdue: 'ticketsOverdue', atRisk: 'ticketsAtRisk' },
} as const;
type CountKey = (typeof COUNT_KEYS)[keyof typeof COUNT_KEYS][keyof (typeof COUNT_KEYS)['application']];

const noCounts = (): Record<CountKey, number> => ({
  overdue: 0,
  atRisk: 0,
  referralsOverdue: 0,
  referralsAtRisk: 0,
  tasksOverdue: 0,
  tasksAtRisk: 0,
  alertsOverdue: 0,
  alertsAtRisk: 0,
  ticketsOverdue: 0,
  ticketsAtRisk: 0,
});
type Flag = DueFlag;
const countKey = (kind: unknown, flag: unknown): CountKey => (COUNT_KEYS[kind as keyof typeof COUNT_KEYS] ?? COUNT_KEYS.application)[flag === 'overdue' ? 'overdue' : 'atRisk'];

export async function watchDeadlines(date: string, now: Date = new Date()) {
  const params = await parametersOn(date);
  const cutoff = atRiskCutoff(params, date);
  const counts = noCounts();
  const flag = async (county: string, subject: string, item: { kind: keyof typeof COUNT_KEYS; flag: Flag } & Record<string, unknown>) => {
    counts[countKey(item.kind, item.flag)]++;
    await mark(county, date, subject, item);
  };
  for (const county of COUNTIES) {
    for (const status of WATCHED) {
      const cases = await queryAll({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': `APP#${status}#`, ':to': `APP#${status}#${cutoff}#~` },
      });
      if (status === 'submitted') {
        const before = await queryAll({
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
          ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':p': 'APP#submitted#9999-12-31#' },
        });
        for (const raw of before) {
          const c = raw as CaseItem;
          if (!c.acceptBy && c.submittedAt) cases.push({ ...c, ...acceptanceDue(params, c.submittedAt.slice(0, 10)) });
        }
      }
      for (const raw of cases) {
        const c = raw as CaseItem;
        const due = dueFlag(caseDue(c), date, cutoff);
        if (!due) continue;
        await flag(county.code, `APP#${c.reference}`, {
          kind: 'application',
          reference: c.reference,
          type: c.type,
          typeLabel: TYPE_PROFILES[c.type].label,
          status: c.status,
          statusLabel: STATUS_LABELS[c.status],
          township: c.area.township,
          applicant: maskName(c.applicant.name),
          dueDate: caseDue(c).dueDate,
          // What is late: 受理 (from submission) or the decision (from 受理).
          step: c.status === 'submitted' ? 'accept' : 'decide',
          stepLabel: c.status === 'submitted' ? '受理' : '作出决定',
          flag: due,
        });
      }
    }
    const referrals = await queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'REF#open#', ':to': `REF#open#${cutoff}~` },
    });
    for (const r of referrals) {
      const due = dueFlag({ dueDate: r.dueDate as string, open: true }, date, cutoff);
      if (!due) continue;
      await flag(county.code, `REF#${r.id}`, {
        kind: 'referral',
        id: r.id,
        reference: r.reference,
        department: r.department,
        township: r.township,
        dueDate: r.dueDate,
        flag: due,
      });
    }
    // Open tasks due by the cutoff (gsi3 `TASK#open#<due>#<id>`).
    const tasks = await queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'TASK#open#', ':to': `TASK#open#${cutoff}~` },
    });
    for (const t of tasks) {
      const due = dueFlag({ dueDate: t.dueDate as string, open: true }, date, cutoff);
      if (!due) continue;
      await flag(county.code, `TASK#${t.id}`, {
        kind: 'task',
        id: t.id,
        taskKind: t.kind,
        reference: t.reference,
        type: t.type,
        township: t.township,
        applicant: t.applicant,
        dueDate: t.dueDate,
        flag: due,
      });
    }
  }
  // 政策找人 (十九): open alerts whose visit is due by the cutoff (gsi3 `MONALERT#open#<due>#<id>`, shared/monitoring/alerts.ts).
  for (const county of COUNTIES) {
    const alerts = await queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'MONALERT#open#', ':to': `MONALERT#open#${cutoff}~` },
    });
    for (const a of alerts) {
      const due = dueFlag({ dueDate: a.dueDate as string, open: true }, date, cutoff);
      if (!due) continue;
      await flag(county.code, `MONALERT#${a.id}`, {
        kind: 'alert',
        id: a.id,
        rule: a.rule,
        ruleLabel: a.ruleLabel,
        householdId: a.householdId,
        township: a.township,
        dueDate: a.dueDate,
        stepLabel: '入户走访核实',
        flag: due,
      });
    }
    // 12345 tickets not answered by the cutoff (gsi3 `TICKET#open#<due>#<number>`, shared/monitoring/tickets.ts).
    const tickets = await queryAll({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'TICKET#open#', ':to': `TICKET#open#${cutoff}~` },
    });
    for (const t of tickets) {
      const due = dueFlag({ dueDate: t.dueDate as string, open: true }, date, cutoff);
      if (due)
        await flag(county.code, `TICKET#${t.number}`, { kind: 'ticket', number: t.number, township: t.township, department: t.department, dueDate: t.dueDate, stepLabel: '答复12345工单', flag: due });
    }
  }
  const charityReportsOverdue = (await overdueCharityReports(date, now)).overdue.length;
  const report = { ...counts, charityReportsOverdue };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.jobRun('deadline-watch', date), ...report, schemaVersion: SCHEMA_VERSION } }));
  return report;
}

export async function supervisionList(county: string, date: string) {
  const marks = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.supervisionMark(county, date, '').pk },
  });
  const [run, reminders] = await Promise.all([db().send(new GetCommand({ TableName: tableName(), Key: keys.jobRun('deadline-watch', date) })), remindersOfCounty(county)]);
  // 催办 (shared/cases/reminders.ts): every reminder of the county, on its item and in its township's counts.
  const sent = reminderCounts(reminders);
  const counts: Record<string, { township: string; name: string; reminders: number; remindedAgain: number } & Record<CountKey, number>> = {};
  const entryOf = (code: string) =>
    (counts[code] ??= { township: code, name: findTownship(code)?.name ?? code, ...noCounts(), reminders: sent[code]?.reminders ?? 0, remindedAgain: sent[code]?.remindedAgain ?? 0 });
  const items = marks.map(({ pk: _pk, sk, schemaVersion: _v, ...m }) => {
    const entry = entryOf(m.township as string);
    entry[countKey(m.kind, m.flag)]++;
    const mine = reminders.filter((r) => r.subject === sk).map(({ n, at, by, note, watchedOn }) => ({ n, at, by, note, watchedOn }));
    return { ...m, subject: sk, reminders: mine, townshipName: entry.name, ...(m.kind === 'task' ? { taskKindLabel: TASK_KINDS[m.taskKind as TaskKind]?.label ?? m.taskKind } : {}) };
  });
  return { county, date, watched: Boolean(run.Item), counts: Object.values(counts), items };
}
