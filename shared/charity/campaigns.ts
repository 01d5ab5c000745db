import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { addDays, compareDates, daysBetween, type IsoDate } from '../calendar/dates.ts';
import { isoShanghai, dateShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { AppError, conflict, forbidden, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { commitAudited } from '../store/commit.ts';
import { findDeclared } from './accounts.ts';
import { emergencyInForce, type EmergencyDeclaration } from './emergency.ts';
import { raiseFlag } from './flags.ts';
import { CHARITY_COLLECTIONS, charityKeys } from './keys.ts';
import { requireVerified, type CharityItem } from './registry.ts';
import { reportDueDates, type ReportDue } from './reports.ts';

/**
 * 公开募捐 campaigns (十六; 慈善法 公开募捐 chapter; 《慈善组织公开募捐管理办法》).
 * - Only a verified charity WITH public-fundraising status (公开募捐资格) may file one; an attempt
 *   without it is refused and flagged.
 * - The plan is filed at least 10 days before the campaign starts.
 * - In a declared emergency (十五) an emergency appeal may start first and be filed within 10 days
 *   after it started (慈善法 Art. 73).
 * - The campaign names one of the charity's declared accounts and links to its 慈善中国 entry.
 */
export const FILING_LEAD_DAYS = 10;
export const EMERGENCY_LATE_FILING_DAYS = 10;
export const CSZG_ORIGIN = 'https://cszg.mca.gov.cn';

export interface CampaignInput {
  filingNumber: string;
  title: string;
  purpose: string;
  startDate: IsoDate;
  endDate: IsoDate;
  targetFen: number;
  accountNumber: string;
  cszgUrl: string;
  emergencyAppeal?: boolean | undefined;
  /** Where the emergency appeal is for (county or township code); required with `emergencyAppeal`. */
  area?: string | undefined;
}

export interface CampaignItem {
  pk: string;
  sk: string;
  kind: 'campaign';
  charityId: string;
  campaignId: string;
  filingNumber: string;
  title: string;
  purpose: string;
  startDate: IsoDate;
  endDate: IsoDate;
  targetFen: number;
  account: { masked: string; hash: string };
  cszgUrl: string;
  filedOn: IsoDate;
  emergency?: { area: string; declaredStart: IsoDate; title: string };
  receivedFen: number;
  donationCount: number;
  gsi4pk: string;
  gsi4sk: string;
  schemaVersion: number;
}

export type FilingVerdict = { ok: true; emergency: boolean } | { ok: false; code: 'filing-too-late'; message: string };

/**
 * The filing window, as a pure rule. `filedOn` is today; `declaration` is the emergency in force for
 * the appeal's area on its start date (looked up by the caller only for an emergency appeal).
 */
export function filingWindow(filedOn: IsoDate, startDate: IsoDate, appeal: boolean, declaration?: EmergencyDeclaration): FilingVerdict {
  const lead = daysBetween(filedOn, startDate);
  if (lead >= FILING_LEAD_DAYS) return { ok: true, emergency: false };
  const earliest = addDays(filedOn, FILING_LEAD_DAYS);
  if (!appeal) {
    return { ok: false, code: 'filing-too-late', message: `募捐方案应在开展募捐十日前备案：今天备案，最早可于 ${earliest} 开始。发生突发事件需紧急募捐的，请以紧急募捐方式备案（慈善法第七十三条）。` };
  }
  if (!declaration) {
    return { ok: false, code: 'filing-too-late', message: `该地区在 ${startDate} 没有已宣布的突发事件，不能按紧急募捐补办备案；请在开展募捐十日前备案（最早 ${earliest} 开始）。` };
  }
  if (-lead > EMERGENCY_LATE_FILING_DAYS) {
    return {
      ok: false,
      code: 'filing-too-late',
      message: `紧急募捐应在开始后十日内补办备案（慈善法第七十三条），本次募捐于 ${startDate} 开始，补办期限已过（${addDays(startDate, EMERGENCY_LATE_FILING_DAYS)}）。`,
    };
  }
  return { ok: true, emergency: true };
}

function checkLink(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidField('cszgUrl', 'invalid', '请填写该募捐活动在慈善中国上的网址');
  }
  if (parsed.origin !== CSZG_ORIGIN) throw invalidField('cszgUrl', 'not-cszg', `请填写慈善中国（${CSZG_ORIGIN}/）上的网址`);
}

export async function fileCampaign(o: { actor: Actor; charity: CharityItem; input: CampaignInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { charity: c, input } = o;
  requireVerified(c);
  if (!c.publicFundraising) {
    await raiseFlag(
      { charityId: c.charityId, flag: 'campaign-without-fundraising-status', subject: input.filingNumber, detail: `不具备公开募捐资格，试图备案募捐活动（备案编号 ${input.filingNumber}）。` },
      o.now,
    );
    throw forbidden('no-fundraising-status', '本机构没有公开募捐资格，不能开展公开募捐。可与具有公开募捐资格的慈善组织合作开展（慈善法）。');
  }
  if (compareDates(input.endDate, input.startDate) < 0) throw invalidField('endDate', 'before-start', '结束日期不能早于开始日期');
  checkLink(input.cszgUrl);
  const account = await findDeclared(c.accounts, input.accountNumber);
  if (!account) throw invalidField('accountNumber', 'not-declared', '募捐账户必须是本机构登记时申报的银行账户之一');
  if (input.emergencyAppeal && !input.area) throw invalidField('area', 'required', '紧急募捐请写明突发事件所在的县区或乡镇代码');

  const filedOn = dateShanghai(o.now);
  const declaration = input.emergencyAppeal && input.area ? await emergencyInForce(input.area, input.startDate) : undefined;
  const verdict = filingWindow(filedOn, input.startDate, input.emergencyAppeal ?? false, declaration);
  if (!verdict.ok) throw new AppError(422, verdict.code, '备案时间不符合规定', verdict.message, [{ field: 'startDate', code: verdict.code, message: verdict.message }]);

  const campaignId = `C${filedOn.replaceAll('-', '').slice(2)}${randomUUID().replaceAll('-', '').slice(0, 6).toUpperCase()}`;
  const at = isoShanghai(o.now);
  const item: CampaignItem = {
    ...charityKeys.campaign(c.charityId, campaignId),
    kind: 'campaign',
    charityId: c.charityId,
    campaignId,
    filingNumber: input.filingNumber,
    title: input.title,
    purpose: input.purpose,
    startDate: input.startDate,
    endDate: input.endDate,
    targetFen: input.targetFen,
    account: { masked: account.masked, hash: account.hash },
    cszgUrl: input.cszgUrl,
    filedOn,
    ...(verdict.emergency && declaration && input.area ? { emergency: { area: input.area, declaredStart: declaration.startDate, title: declaration.title } } : {}),
    receivedFen: 0,
    donationCount: 0,
    gsi4pk: CHARITY_COLLECTIONS.campaigns,
    gsi4sk: `${c.charityId}#${campaignId}`,
    schemaVersion: SCHEMA_VERSION,
  };
  const reportsDue: ReportDue[] = reportDueDates(input.startDate, input.endDate);
  return commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer: { status: 201, body: { campaignId, filingNumber: input.filingNumber, emergencyAppeal: verdict.emergency, reportsDue } },
    now: o.now,
    items: [
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: tableName(),
          Item: { ...charityKeys.filingNumber(input.filingNumber), charityId: c.charityId, campaignId, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: 'file-campaign', at, after: item },
    explain: (i) => {
      if (i === 1) throw conflict('filing-number-used', `备案编号 ${input.filingNumber} 已登记过一项募捐活动。`);
      throw conflict('campaign-exists', '募捐活动编号冲突，请重新提交。');
    },
  });
}

export async function listCampaigns(charityId: string): Promise<CampaignItem[]> {
  const out: CampaignItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':c': 'CAMPAIGN#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...((page.Items ?? []) as CampaignItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

export function campaignView(c: CampaignItem) {
  return {
    campaignId: c.campaignId,
    filingNumber: c.filingNumber,
    title: c.title,
    purpose: c.purpose,
    startDate: c.startDate,
    endDate: c.endDate,
    targetFen: c.targetFen,
    receivedFen: c.receivedFen,
    donationCount: c.donationCount,
    account: c.account.masked,
    cszgUrl: c.cszgUrl,
    ...(c.emergency ? { emergencyAppeal: true } : {}),
    reportsDue: reportDueDates(c.startDate, c.endDate),
  };
}
