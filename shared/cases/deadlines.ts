import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { maskName } from '../identifiers/mask.ts';
import { COUNTIES, findTownship } from '../reference/areas.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';
import { OPEN_STATES, STATUS_LABELS } from './states.ts';
import { AT_RISK_WORKING_DAYS, deadlineFlags } from './views.ts';
import { overdueCharityReports } from '../charity/reports.ts';
import { TASK_KINDS, type TaskKind } from '../management/tasks.ts';

/**
 * 督办 (十九)(二十)(二十三): every day `deadline-watch` marks, per county, the applications with at most
 * 3 working days left or past their due date, the referrals past theirs, and the re-check, visit and
 * data-match tasks past theirs (五)(六)(二十三; shared/management/tasks.ts). Marks are keyed by county,
 * date and subject, so running the job twice for a date writes the same items again and creates nothing new.
 * It also raises the charities' overdue disclosure reports (十六; shared/charity/reports.ts), once each.
 */
const WATCHED: readonly string[] = OPEN_STATES.filter((s) => !['reported', 'submitted', 'returned'].includes(s));

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function mark(county: string, date: string, subject: string, item: Record<string, unknown>): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.supervisionMark(county, date, subject), ...item, watchedOn: date, schemaVersion: SCHEMA_VERSION } }));
}

export async function watchDeadlines(date: string, now: Date = new Date()): Promise<{ atRisk: number; overdue: number; referralsOverdue: number; tasksOverdue: number; charityReportsOverdue: number }> {
  const cutoff = addWorkingDaysProvisional(date, AT_RISK_WORKING_DAYS).date;
  let atRisk = 0;
  let overdue = 0;
  let referralsOverdue = 0;
  let tasksOverdue = 0;
  for (const county of COUNTIES) {
    for (const status of WATCHED) {
      const cases = await queryAll({
        TableName: tableName(),
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': `APP#${status}#`, ':to': `APP#${status}#${cutoff}#~` },
      });
      for (const raw of cases) {
        const c = raw as CaseItem;
        const flags = deadlineFlags(c, date);
        if (!flags.atRisk && !flags.overdue) continue;
        if (flags.overdue) overdue++;
        else atRisk++;
        await mark(county.code, date, `APP#${c.reference}`, {
          kind: 'application',
          reference: c.reference,
          type: c.type,
          typeLabel: TYPE_PROFILES[c.type].label,
          status: c.status,
          statusLabel: STATUS_LABELS[c.status],
          township: c.area.township,
          applicant: maskName(c.applicant.name),
          dueDate: c.dueDate,
          flag: flags.overdue ? 'overdue' : 'atRisk',
        });
      }
    }
    const referrals = await queryAll({
      TableName: tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'REF#open#', ':to': `REF#open#${date}` },
    });
    for (const r of referrals) {
      if (!((r.dueDate as string) < date)) continue;
      referralsOverdue++;
      await mark(county.code, date, `REF#${r.id}`, {
        kind: 'referral',
        id: r.id,
        reference: r.reference,
        department: r.department,
        township: r.township,
        dueDate: r.dueDate,
        flag: 'overdue',
      });
    }
    // Open tasks due before today (gsi3 `TASK#open#<due>#<id>`): the due date itself is still in time.
    const tasks = await queryAll({
      TableName: tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `CTY#${county.code}`, ':from': 'TASK#open#', ':to': `TASK#open#${date}` },
    });
    for (const t of tasks) {
      if (!((t.dueDate as string) < date)) continue;
      tasksOverdue++;
      await mark(county.code, date, `TASK#${t.id}`, {
        kind: 'task',
        id: t.id,
        taskKind: t.kind,
        reference: t.reference,
        type: t.type,
        township: t.township,
        applicant: t.applicant,
        dueDate: t.dueDate,
        flag: 'overdue',
      });
    }
  }
  const charityReportsOverdue = (await overdueCharityReports(date, now)).overdue.length;
  const report = { atRisk, overdue, referralsOverdue, tasksOverdue, charityReportsOverdue };
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.jobRun('deadline-watch', date), ...report, schemaVersion: SCHEMA_VERSION } }));
  return report;
}

export async function supervisionList(county: string, date: string) {
  const marks = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.supervisionMark(county, date, '').pk },
  });
  const run = await db().send(new GetCommand({ TableName: tableName(), Key: keys.jobRun('deadline-watch', date) }));
  const counts: Record<string, { township: string; name: string; atRisk: number; overdue: number; referralsOverdue: number; tasksOverdue: number }> = {};
  const items = marks.map(({ pk: _pk, sk: _sk, schemaVersion: _v, ...m }) => {
    const code = m.township as string;
    const entry = (counts[code] ??= { township: code, name: findTownship(code)?.name ?? code, atRisk: 0, overdue: 0, referralsOverdue: 0, tasksOverdue: 0 });
    if (m.kind === 'referral') entry.referralsOverdue++;
    else if (m.kind === 'task') entry.tasksOverdue++;
    else if (m.flag === 'overdue') entry.overdue++;
    else entry.atRisk++;
    return { ...m, townshipName: entry.name, ...(m.kind === 'task' ? { taskKindLabel: TASK_KINDS[m.taskKind as TaskKind]?.label ?? m.taskKind } : {}) };
  });
  return { county, date, watched: Boolean(run.Item), counts: Object.values(counts), items };
}
