import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { commitAudited } from '../store/commit.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addMonths, compareDates, type IsoDate } from '../calendar/dates.ts';
import { campaignDueDates, disclosureRule } from './disclosure-rules.ts';
import { addWorkingDaysProvisional } from '../calendar/working-days.ts';
import { dueFlag } from '../calendar/due.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { conflict, invalidField } from '../errors.ts';
import { listCampaigns, type CampaignItem } from './campaigns.ts';
import { listFlags } from './flags.ts';
import { CHARITY_COLLECTIONS, charityKeys } from './keys.ts';
import type { CharityItem } from './registry.ts';

/**
 * Disclosure deadlines of a charity (十六) under 《慈善组织信息公开办法》（民政部令第81号，2026年1月1日起施行）,
 * shown on the charity's home screen and reminded by the daily `charity-disclosure-reminders` job:
 * - the 年度工作报告 and 财务会计报告 of the previous year, due by 5月31日 each year;
 * - each 公开募捐 campaign: longer than six months, at least every three months while it runs; a full account
 *   within three months of its end (shared/charity/reports.ts `reportDueDates`, which reads the same rule);
 * - 更正: a confirmed misuse flag (shared/charity/flags.ts) means something disclosed was wrong, and the charity
 *   publishes a 更正说明 on the platform (第十六条第二款). The order sets no period for it that we could read, so
 *   the period is the platform's, an example.
 * The periods themselves, with their sources, are in disclosure-rules.ts.
 */
export type DeadlineKind = 'annualReport' | 'periodic' | 'final' | 'correction';

export interface DisclosureDeadline {
  /** Stable per item: what the reminder and the record of its publication are keyed by. */
  key: string;
  kind: DeadlineKind;
  title: string;
  dueDate: IsoDate;
  overdue: boolean;
  atRisk: boolean;
  done: boolean;
  doneOn?: IsoDate;
  remindedOn?: IsoDate;
  campaignId?: string;
  endDate?: IsoDate;
  flagId?: string;
  year?: number;
  source: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const recordKey = (charityId: string, key: string) => ({ pk: charityKeys.profile(charityId).pk, sk: `DISCLOSED#${key}` });
const reminderKey = (charityId: string, key: string) => ({ pk: charityKeys.profile(charityId).pk, sk: `REMIND#${key}` });

async function itemsWithPrefix(charityId: string, prefix: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':p': prefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * Every disclosure the charity owes, as of `today`: open ones (overdue first, then at risk, then by due
 * date), then those done in the last year. Campaign dues come from the campaign's own dates; annual
 * reports from the year after registration; corrections from confirmed flags.
 */
export async function disclosureDeadlines(charity: CharityItem, today: IsoDate): Promise<{ date: IsoDate; items: DisclosureDeadline[]; rule: ReturnType<typeof disclosureRule> }> {
  const rule = disclosureRule(today);
  const cutoff = addWorkingDaysProvisional(today, rule.reminderWorkingDays.value).date;
  const [campaigns, flags, reports, records, reminders] = await Promise.all([
    listCampaigns(charity.charityId),
    listFlags(charity.charityId),
    itemsWithPrefix(charity.charityId, 'REPORT#'),
    itemsWithPrefix(charity.charityId, 'DISCLOSED#'),
    itemsWithPrefix(charity.charityId, 'REMIND#'),
  ]);
  const reported = new Map(reports.map((r) => [`${r.campaignId}#${r.dueDate}`, r.reportedOn as string]));
  const recorded = new Map(records.map((r) => [r.key as string, r.recordedOn as string]));
  const reminded = new Map(reminders.map((r) => [r.key as string, r.remindedOn as string]));
  const items: Omit<DisclosureDeadline, 'overdue' | 'atRisk' | 'done' | 'doneOn' | 'remindedOn'>[] = [];

  // Annual reports: the year before this one, once the charity existed during it.
  const year = Number(today.slice(0, 4));
  const registeredYear = Number(dateShanghai(new Date(charity.registeredAt)).slice(0, 4));
  for (const y of [year - 1, year - 2]) {
    if (y < registeredYear) continue;
    const r = disclosureRule(`${y + 1}-01-01`).annualReport;
    items.push({ key: `annual#${y}`, kind: 'annualReport', year: y, title: `${y}年度工作报告和财务会计报告`, dueDate: `${y + 1}-${pad(r.month)}-${pad(r.day)}`, source: r.source });
  }
  for (const c of campaigns as CampaignItem[]) {
    for (const d of campaignDueDates(c.startDate, c.endDate)) {
      const title = d.kind === 'final' ? `“${c.title}”结束后全面公开募捐情况（活动 ${c.endDate} 结束）` : `“${c.title}”募捐期间的定期公开`;
      items.push({
        key: `campaign#${c.campaignId}#${d.dueDate}`,
        kind: d.kind,
        title,
        dueDate: d.dueDate,
        campaignId: c.campaignId,
        endDate: c.endDate,
        source: disclosureRule(c.startDate).campaign.source,
      });
    }
  }
  for (const f of flags) {
    if (f.status !== 'confirmed' || !f.resolution) continue;
    const on = dateShanghai(new Date(f.resolution.at));
    const r = disclosureRule(on).correction;
    items.push({ key: `correction#${f.flagId}`, kind: 'correction', flagId: f.flagId, title: `更正说明：${f.label}`, dueDate: addWorkingDaysProvisional(on, r.workingDays).date, source: r.source });
  }

  const yearAgo = addMonths(today, -12);
  const out: DisclosureDeadline[] = [];
  for (const i of items) {
    const doneOn = i.campaignId ? reported.get(`${i.campaignId}#${i.dueDate}`) : recorded.get(i.key);
    if (doneOn && compareDates(doneOn, yearAgo) < 0) continue;
    // A final account long after a campaign ended and done, or a periodic one far ahead, is not today's work.
    const flag = dueFlag({ dueDate: i.dueDate, open: !doneOn }, today, cutoff);
    out.push({
      ...i,
      overdue: flag === 'overdue',
      atRisk: flag === 'atRisk',
      done: Boolean(doneOn),
      ...(doneOn ? { doneOn } : {}),
      ...(reminded.get(i.key) ? { remindedOn: reminded.get(i.key)! } : {}),
    });
  }
  const rank = (d: DisclosureDeadline) => (d.done ? 3 : d.overdue ? 0 : d.atRisk ? 1 : 2);
  out.sort((a, b) => rank(a) - rank(b) || compareDates(a.dueDate, b.dueDate) || a.key.localeCompare(b.key));
  return { date: today, items: out, rule };
}

/**
 * The charity records that it published an annual report or a 更正说明 on the platform (慈善中国). Once per
 * item: a retry answers with the record already made, never a second one.
 */
export async function recordDisclosure(o: {
  actor: { sub: string; role: string };
  charity: CharityItem;
  input: { kind: 'annualReport' | 'correction'; year?: number | undefined; flagId?: string | undefined; summary: string; disclosureUrl?: string | undefined };
  now: Date;
}): Promise<{ status: number; body: Record<string, unknown> }> {
  const today = dateShanghai(o.now);
  const { items } = await disclosureDeadlines(o.charity, today);
  const key = o.input.kind === 'annualReport' ? `annual#${o.input.year}` : `correction#${o.input.flagId}`;
  const due = items.find((i) => i.key === key);
  if (!due) {
    if (o.input.kind === 'annualReport')
      throw invalidField(
        'year',
        'not-due',
        `本机构没有应公开的 ${o.input.year ?? ''} 年度报告（可登记：${
          items
            .filter((i) => i.kind === 'annualReport')
            .map((i) => i.year)
            .join('、') || '无'
        }）`,
      );
    throw invalidField('flagId', 'not-due', '这条核查线索不需要更正说明（只有经核查属实的线索需要）');
  }
  const existing = (await db().send(new GetCommand({ TableName: tableName(), Key: recordKey(o.charity.charityId, key), ConsistentRead: true }))).Item;
  if (existing) return { status: 200, body: { key, dueDate: existing.dueDate, recordedOn: existing.recordedOn, late: existing.late, replayed: true } };
  const at = isoShanghai(o.now);
  const item = {
    ...recordKey(o.charity.charityId, key),
    kind: 'charity-disclosure',
    charityId: o.charity.charityId,
    key,
    disclosureKind: o.input.kind,
    ...(o.input.year !== undefined ? { year: o.input.year } : {}),
    ...(o.input.flagId ? { flagId: o.input.flagId } : {}),
    summary: o.input.summary,
    ...(o.input.disclosureUrl ? { disclosureUrl: o.input.disclosureUrl } : {}),
    dueDate: due.dueDate,
    recordedOn: today,
    late: compareDates(today, due.dueDate) > 0,
    recordedAt: at,
    recordedBy: o.actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };
  const answer = { status: 201, body: { key, dueDate: due.dueDate, recordedOn: today, late: item.late } };
  await commitAudited({
    retryOnAuditHead: true,
    answer,
    now: o.now,
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `charity#${o.charity.charityId}`, actor: o.actor, action: 'disclosure', at, after: item },
    explain: () => conflict('disclosure-exists', '这项公开已经登记过。'),
  });
  return answer;
}

/**
 * The daily reminder (`charity-disclosure-reminders`): for every charity, each open item due within
 * `reminderWorkingDays` working days or already overdue gets ONE reminder, a conditional put keyed by the
 * item — running the job twice for a date, or on the following days, records nothing twice.
 */
export async function remindDisclosures(date: IsoDate): Promise<{ date: IsoDate; charities: number; due: number; reminded: number }> {
  let charities = 0;
  let due = 0;
  let reminded = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :c',
        ExpressionAttributeValues: { ':c': CHARITY_COLLECTIONS.charities },
        ExclusiveStartKey: start,
      }),
    );
    for (const c of (page.Items ?? []) as CharityItem[]) {
      if (c.status !== 'verified' && c.status !== 'revoked') continue;
      charities++;
      const { items } = await disclosureDeadlines(c, date);
      for (const i of items) {
        if (i.done || !(i.overdue || i.atRisk)) continue;
        due++;
        try {
          await db().send(
            new PutCommand({
              TableName: tableName(),
              Item: {
                ...reminderKey(c.charityId, i.key),
                kind: 'charity-reminder',
                charityId: c.charityId,
                key: i.key,
                title: i.title,
                dueDate: i.dueDate,
                remindedOn: date,
                schemaVersion: SCHEMA_VERSION,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
          reminded++;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { date, charities, due, reminded };
}
