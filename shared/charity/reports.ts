import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { compareDates, type IsoDate } from '../calendar/dates.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { conflict, invalidField, notFound } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { commitAudited } from '../store/commit.ts';
import { raiseFlag } from './flags.ts';
import { CHARITY_COLLECTIONS, charityKeys } from './keys.ts';
import type { CampaignItem } from './campaigns.ts';
import { campaignDueDates } from './disclosure-rules.ts';

/**
 * Disclosure deadlines of 慈善法 (信息公开): a campaign or project running longer than six months
 * publishes its progress at least every three months, and every one publishes a full account within
 * three months of its end. Months are counted as 《民法典》 counts them (shared/calendar addMonths).
 *
 * Reading chosen: a periodic report falls due on each three-month mark strictly before the end
 * (start + 3, + 6, … months); the final report falls due three months after the end date. "Longer than
 * six months" is strict: a campaign of exactly six months owes only the final report.
 */
export interface ReportDue {
  dueDate: IsoDate;
  kind: 'periodic' | 'final';
}

/** The rule's own periods (disclosure-rules.ts), dated by the campaign's start. */
export function reportDueDates(startDate: IsoDate, endDate: IsoDate): ReportDue[] {
  return campaignDueDates(startDate, endDate);
}

export interface ReportInput {
  campaignId: string;
  dueDate: IsoDate;
  summary: string;
  disclosureUrl?: string | undefined;
}

export async function recordReport(o: { actor: Actor; charityId: string; input: ReportInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { input } = o;
  const campaign = (await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.campaign(o.charityId, input.campaignId), ConsistentRead: true }))).Item as CampaignItem | undefined;
  if (!campaign) throw notFound('campaign-not-found', '没有找到本机构的这项募捐活动。');
  const due = reportDueDates(campaign.startDate, campaign.endDate).find((d) => d.dueDate === input.dueDate);
  if (!due)
    throw invalidField(
      'dueDate',
      'not-a-due-date',
      `这项募捐活动的公开期限为：${reportDueDates(campaign.startDate, campaign.endDate)
        .map((d) => d.dueDate)
        .join('、')}`,
    );
  const today = dateShanghai(o.now);
  const at = isoShanghai(o.now);
  const item = {
    ...charityKeys.report(o.charityId, input.campaignId, input.dueDate),
    kind: 'charity-report',
    charityId: o.charityId,
    campaignId: input.campaignId,
    dueDate: input.dueDate,
    reportKind: due.kind,
    summary: input.summary,
    ...(input.disclosureUrl ? { disclosureUrl: input.disclosureUrl } : {}),
    reportedOn: today,
    late: compareDates(today, input.dueDate) > 0,
    recordedAt: at,
    recordedBy: o.actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };
  return commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer: { status: 201, body: { campaignId: input.campaignId, dueDate: input.dueDate, kind: due.kind, late: item.late } },
    now: o.now,
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `charity#${o.charityId}`, actor: o.actor, action: 'report', at, after: item },
    explain: () => {
      throw conflict('report-exists', '这一期的公开情况已经登记过。');
    },
  });
}

async function reportedDues(charityId: string, campaignId: string): Promise<Set<string>> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
      ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':r': `REPORT#${campaignId}#` },
      ConsistentRead: true,
    }),
  );
  return new Set((page.Items ?? []).map((i) => i.dueDate as string));
}

export interface OverdueReport {
  charityId: string;
  campaignId: string;
  filingNumber: string;
  dueDate: IsoDate;
  kind: ReportDue['kind'];
}

/**
 * Reports past their due date on `date` and not recorded. For the `deadline-watch` job: it raises a
 * `report-overdue` flag per (campaign, due date) with a deterministic id, so running it twice for a
 * date, or on every following day, raises each flag once.
 */
export async function overdueCharityReports(date: IsoDate, now: Date = new Date()): Promise<{ date: IsoDate; overdue: OverdueReport[]; flagged: number }> {
  const overdue: OverdueReport[] = [];
  let flagged = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :c',
        ExpressionAttributeValues: { ':c': CHARITY_COLLECTIONS.campaigns },
        ExclusiveStartKey: start,
      }),
    );
    for (const c of (page.Items ?? []) as CampaignItem[]) {
      const late = reportDueDates(c.startDate, c.endDate).filter((d) => compareDates(d.dueDate, date) < 0);
      if (late.length === 0) continue;
      const done = await reportedDues(c.charityId, c.campaignId);
      for (const d of late) {
        if (done.has(d.dueDate)) continue;
        overdue.push({ charityId: c.charityId, campaignId: c.campaignId, filingNumber: c.filingNumber, dueDate: d.dueDate, kind: d.kind });
        const raised = await raiseFlag(
          {
            charityId: c.charityId,
            flag: 'report-overdue',
            flagId: `report-overdue-${c.campaignId}-${d.dueDate}`,
            subject: c.campaignId,
            detail: `募捐活动（备案编号 ${c.filingNumber}）应于 ${d.dueDate} 前${d.kind === 'final' ? '全面公开募捐和使用情况' : '公开实施情况'}，截至 ${date} 尚未公开。`,
          },
          now,
        );
        if (raised) flagged++;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { date, overdue, flagged };
}
