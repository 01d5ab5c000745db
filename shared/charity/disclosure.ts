import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { findCounty, findTownship } from '../reference/areas.ts';
import { notFound } from '../errors.ts';
import { encodeCursor, decodeCursor } from '../store/page.ts';
import { charityKeys } from './keys.ts';
import { FORM_LABELS, type GiftForm } from './purpose.ts';
import { DISCLOSED_STATUSES, listCharities, loadCharity, publicCharity, type CharityItem } from './registry.ts';
import { campaignView, listCampaigns } from './campaigns.ts';
import { countsAgainst, listFlags, publicFlag, type FlagItem } from './flags.ts';
import { volunteerTotals } from './volunteers.ts';
import { USE_KIND_LABELS, type UseItem } from './uses.ts';
import type { DonationItem } from './donations.ts';

/**
 * 信息公开 (十六; 慈善法 信息公开): what anyone may see. The rules, in one place:
 * - a donor's name only with the donor's consent (`publishName`), never an ID number or contact;
 * - beneficiaries never identifiable: a use to a case shows "救助对象（已隐去）" and the township only,
 *   and not the charity's free-text description (which might name the family);
 * - a person who received project money is never named; an organisation recipient is;
 * - only verified charities are disclosed, and revoked ones (with the revocation) so that their past
 *   donations and their use stay open to the people who gave.
 */
export const HIDDEN_BENEFICIARY = '救助对象（已隐去）';
export const UNNAMED_DONOR = '爱心人士';
export const ANONYMOUS_DONOR = '匿名捐赠';
const PAGE = 100;

export function donorDisplay(d: DonationItem['donor']): string {
  if (d.type === 'anonymous') return ANONYMOUS_DONOR;
  return d.publishName ? d.name : UNNAMED_DONOR;
}

export function publicDonation(d: DonationItem) {
  return {
    date: d.date,
    form: d.form,
    formLabel: FORM_LABELS[d.form],
    amountFen: d.valueFen,
    ...(d.goods ? { goods: d.goods } : {}),
    purpose: d.purpose,
    restricted: d.restricted,
    ...(d.campaignId ? { campaignId: d.campaignId } : {}),
    donor: donorDisplay(d.donor),
  };
}

export function publicUse(u: UseItem) {
  const base = {
    useId: u.useId,
    date: u.date,
    kind: u.useKind,
    kindLabel: USE_KIND_LABELS[u.useKind],
    form: u.form,
    amountFen: u.amountFen,
    purpose: u.purpose,
    ...(u.campaignId ? { campaignId: u.campaignId } : {}),
    status: u.status,
  };
  if (u.useKind === 'case') return { ...base, recipient: HIDDEN_BENEFICIARY, township: findTownship(u.case!.township)?.name ?? '' };
  if (u.useKind === 'reserve') return { ...base, recipient: u.reserve!.name, county: findCounty(u.reserve!.county)?.name ?? '', description: u.description };
  const org = u.recipient?.type === 'organisation' ? `（收款单位：${u.recipient.name}）` : '';
  return { ...base, recipient: `${u.project!.name}${org}`, description: u.description };
}

interface Pool {
  form: GiftForm;
  purpose: string;
  receivedFen: number;
  usedFen: number;
  balanceFen: number;
}

async function pools(charityId: string): Promise<Pool[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
      ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':b': 'BAL#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((i) => ({ form: i.form, purpose: i.purpose, receivedFen: i.receivedFen ?? 0, usedFen: i.usedFen ?? 0, balanceFen: i.balanceFen ?? 0 }));
}

function totalsOf(ps: Pool[]) {
  const sum = (f: (p: Pool) => number) => ps.reduce((s, p) => s + f(p), 0);
  const money = ps.filter((p) => p.form === 'money');
  const goods = ps.filter((p) => p.form === 'goods');
  return {
    receivedFen: sum((p) => p.receivedFen),
    usedFen: sum((p) => p.usedFen),
    // Money and the valuation of goods, apart: a reader should not add blankets to cash without knowing it.
    money: { receivedFen: money.reduce((s, p) => s + p.receivedFen, 0), usedFen: money.reduce((s, p) => s + p.usedFen, 0) },
    goodsValuation: { receivedFen: goods.reduce((s, p) => s + p.receivedFen, 0), usedFen: goods.reduce((s, p) => s + p.usedFen, 0) },
    byPurpose: ps.map((p) => ({ purpose: p.purpose, form: p.form, formLabel: FORM_LABELS[p.form], receivedFen: p.receivedFen, usedFen: p.usedFen, balanceFen: p.balanceFen })),
  };
}

async function pageOf<T>(charityId: string, prefix: string, campaignId: string | undefined, cursor: string | undefined, extraFilter?: string) {
  const filters = [...(campaignId ? ['campaignId = :camp'] : []), ...(extraFilter ? [extraFilter] : [])];
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ExpressionAttributeValues: {
        ':pk': charityKeys.profile(charityId).pk,
        ':p': prefix,
        ...(campaignId ? { ':camp': campaignId } : {}),
        ...(extraFilter ? { ':rejected': 'rejected' } : {}),
      },
      ...(extraFilter ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
      ScanIndexForward: false,
      Limit: PAGE,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  return { items: (page.Items ?? []) as T[], cursor: encodeCursor(page.LastEvaluatedKey) };
}

const openFlags = (flags: FlagItem[]) => flags.filter((f) => f.status === 'open').length;

/** Without a charity: every verified (or revoked) charity with its totals (paged). */
export async function disclosureIndex(cursor?: string) {
  const list = await listCharities({ statuses: DISCLOSED_STATUSES, cursor, limit: 20 });
  const charities = [];
  for (const c of list.items) {
    const flags = await listFlags(c.charityId);
    charities.push({
      ...publicCharity(c),
      totals: totalsOf(await pools(c.charityId)),
      volunteering: await volunteerTotals(c.charityId),
      openFlags: openFlags(flags),
      confirmedFlags: flags.filter((f) => f.status === 'confirmed').length,
    });
  }
  return { charities, cursor: list.cursor };
}

/** One verified charity (optionally one campaign): totals, campaigns, donations and uses, paged. */
export async function charityDisclosure(o: { charityId: string; campaignId?: string | undefined; donationsCursor?: string | undefined; usesCursor?: string | undefined }) {
  const c = await loadCharity(o.charityId);
  if (!c || !DISCLOSED_STATUSES.includes(c.status)) throw notFound('charity-not-found', '没有找到这个已核实的慈善组织。');
  const campaigns = await listCampaigns(c.charityId);
  if (o.campaignId && !campaigns.some((x) => x.campaignId === o.campaignId)) throw notFound('campaign-not-found', '这个慈善组织没有这项募捐活动。');
  const donations = await pageOf<DonationItem>(c.charityId, 'DON#', o.campaignId, o.donationsCursor);
  const uses = await pageOf<UseItem>(c.charityId, 'USE#', o.campaignId, o.usesCursor, '#s <> :rejected');
  return {
    charity: publicCharity(c),
    totals: totalsOf(await pools(c.charityId)),
    campaigns: campaigns.filter((x) => !o.campaignId || x.campaignId === o.campaignId).map(campaignView),
    donations: { items: donations.items.map(publicDonation), cursor: donations.cursor },
    uses: { items: uses.items.map(publicUse), cursor: uses.cursor },
    volunteering: await volunteerTotals(c.charityId),
    creditRecord: `/api/v1/charities/${c.charityId}/credit`,
  };
}

/**
 * The published credit record (十六: 信用记录): every misuse flag with its review status. `counts` and
 * `standing` leave dismissed flags out (shared/charity/flags.ts explains the choice): a confirmed flag
 * makes the standing `confirmed`, an open one `flagged`, none `good`.
 */
export async function creditRecord(charityId: string) {
  const c: CharityItem | undefined = await loadCharity(charityId);
  if (!c) throw notFound('charity-not-found', '没有找到这个慈善组织。');
  const flags = (await listFlags(charityId)).sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  const counts: Record<string, number> = {};
  for (const f of flags.filter(countsAgainst)) counts[f.flag] = (counts[f.flag] ?? 0) + 1;
  const confirmed = flags.filter((f) => f.status === 'confirmed').length;
  const standing = confirmed > 0 ? 'confirmed' : openFlags(flags) > 0 ? 'flagged' : 'good';
  return {
    charity: publicCharity(c),
    standing,
    standingLabel: { confirmed: '有经核查属实的违规记录', flagged: '有待核查事项', good: '无待核查事项' }[standing],
    counts,
    flags: flags.map(publicFlag),
  };
}
