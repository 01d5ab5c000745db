import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { keyedHash, seal, type Sealed } from '../crypto/pii.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { validateCreditCode } from '../identifiers/credit-code.ts';
import { compareDates, type IsoDate } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { conflict, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import type { TransactItem } from '../audit/chain.ts';
import { commitAudited } from '../store/commit.ts';
import { findDeclared } from './accounts.ts';
import { flagPut, raiseFlag, type FlagKind, type RaiseFlag } from './flags.ts';
import { charityKeys } from './keys.ts';
import { normalizePurpose, isRestricted, type GiftForm } from './purpose.ts';
import { requireVerified, type CharityItem } from './registry.ts';
import type { CampaignItem } from './campaigns.ts';

/**
 * 登记捐赠 (十六). Recorded once per Idempotency-Key and once per receipt number per charity
 * (uniqueness item in the same transaction). The donor's ID number is sealed and hashed; only the hash
 * is compared (donor look-up, payments back to donors). Checks against misuse raise flags in the same
 * transaction: money into an undeclared account, a donation outside its campaign's filed period, and a
 * receipt number that another charity has already used.
 */
export type DonorInput =
  | { type: 'person'; name: string; idNumber: string; publishName: boolean }
  | { type: 'organisation'; name: string; creditCode: string; publishName: boolean }
  | { type: 'anonymous' };

export type GiftInput = { form: 'money'; amountFen: number; accountNumber: string } | { form: 'goods'; description: string; quantity: number; unit: string; valuationFen: number };

export interface DonationInput {
  receiptNumber: string;
  date: IsoDate;
  campaignId?: string | undefined;
  restrictedPurpose?: string | undefined;
  donor: DonorInput;
  gift: GiftInput;
}

export type StoredDonor =
  | { type: 'person'; name: string; publishName: boolean; id: { sealed: Sealed; hash: string; keyVersion: string } }
  | { type: 'organisation'; name: string; publishName: boolean; creditCode: string; creditCodeManualReview: boolean }
  | { type: 'anonymous' };

export interface DonationItem {
  pk: string;
  sk: string;
  kind: 'donation';
  charityId: string;
  donationId: string;
  receiptNumber: string;
  date: IsoDate;
  campaignId?: string;
  purpose: string;
  restricted: boolean;
  donor: StoredDonor;
  form: GiftForm;
  /** Money in fen, or the goods' valuation in fen. */
  valueFen: number;
  goods?: { description: string; quantity: number; unit: string };
  account?: { masked: string; declared: boolean };
  flags: FlagKind[];
  recordedAt: string;
  recordedBy: string;
  schemaVersion: number;
}

export const normalizeReceipt = (r: string): string => r.replace(/[\s\u3000]/g, '').toUpperCase();

/** The key that identifies a donor across donations and uses: keyed ID hash, or the credit code. */
export async function donorKeyOf(d: { type: 'person'; idNumber: string } | { type: 'organisation'; creditCode: string }): Promise<string> {
  if (d.type === 'person') return `ID#${(await keyedHash('id', d.idNumber.replace(/\s+/g, '').toUpperCase())).hash}`;
  return `ORG#${d.creditCode.replace(/[\s\u3000]/g, '').toUpperCase()}`;
}

async function storedDonor(d: DonorInput): Promise<{ donor: StoredDonor; donorKey?: string }> {
  if (d.type === 'anonymous') return { donor: { type: 'anonymous' } };
  if (d.type === 'person') {
    const id = validateResidentId(d.idNumber);
    if (!id.ok) throw invalidField('donor.idNumber', id.code, id.message);
    const { hash, keyVersion } = await keyedHash('id', id.idNumber);
    return { donor: { type: 'person', name: d.name, publishName: d.publishName, id: { sealed: await seal(id.idNumber), hash, keyVersion } }, donorKey: `ID#${hash}` };
  }
  const code = validateCreditCode(d.creditCode);
  if (!code.ok && !code.manualReview) throw invalidField('donor.creditCode', code.code, code.message);
  const creditCode = code.ok ? code.creditCode : d.creditCode.replace(/[\s\u3000]/g, '').toUpperCase();
  return { donor: { type: 'organisation', name: d.name, publishName: d.publishName, creditCode, creditCodeManualReview: !code.ok }, donorKey: `ORG#${creditCode}` };
}

async function loadCampaign(charityId: string, campaignId: string): Promise<CampaignItem> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: charityKeys.campaign(charityId, campaignId), ConsistentRead: true }));
  if (!out.Item) throw invalidField('campaignId', 'unknown', '本机构没有这项募捐活动');
  return out.Item as CampaignItem;
}

/** Other charities that already recorded this receipt number. */
async function receiptElsewhere(receipt: string, charityId: string): Promise<string[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': charityKeys.receiptPk(receipt) },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((i) => i.charityId as string).filter((id) => id !== charityId);
}

export const balanceAdd = (charityId: string, form: GiftForm, purpose: string, fen: number): TransactItem => ({
  Update: {
    TableName: tableName(),
    Key: charityKeys.balance(charityId, form, purpose),
    UpdateExpression: 'ADD receivedFen :v, balanceFen :v SET #k = :k, charityId = :c, form = :f, purpose = :p, usedFen = if_not_exists(usedFen, :zero), schemaVersion = :sv',
    ExpressionAttributeNames: { '#k': 'kind' },
    ExpressionAttributeValues: { ':v': fen, ':k': 'balance', ':c': charityId, ':f': form, ':p': purpose, ':zero': 0, ':sv': SCHEMA_VERSION },
  },
});

export async function recordDonation(o: { actor: Actor; charity: CharityItem; input: DonationInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { charity: c, input } = o;
  requireVerified(c);
  const receipt = normalizeReceipt(input.receiptNumber);
  const campaign = input.campaignId ? await loadCampaign(c.charityId, input.campaignId) : undefined;
  const purpose = normalizePurpose(input.restrictedPurpose ?? campaign?.purpose);
  const { donor, donorKey } = await storedDonor(input.donor);
  const donationId = `D${input.date.replaceAll('-', '')}${randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase()}`;
  const flags: RaiseFlag[] = [];

  let account: DonationItem['account'];
  if (input.gift.form === 'money') {
    const declared = await findDeclared(c.accounts, input.gift.accountNumber);
    account = { masked: declared?.masked ?? maskUndeclared(input.gift.accountNumber), declared: Boolean(declared) };
    if (!declared) flags.push({ charityId: c.charityId, flag: 'undeclared-account', subject: donationId, detail: `捐赠（票据号 ${receipt}）记入的账户不是本机构登记的账户。` });
  }
  if (campaign && (compareDates(input.date, campaign.startDate) < 0 || compareDates(input.date, campaign.endDate) > 0)) {
    flags.push({
      charityId: c.charityId,
      flag: 'campaign-outside-period',
      subject: donationId,
      detail: `募捐活动（备案编号 ${campaign.filingNumber}）备案期限为 ${campaign.startDate} 至 ${campaign.endDate}，捐赠日期为 ${input.date}。`,
    });
  }
  const others = await receiptElsewhere(receipt, c.charityId);
  if (others.length > 0) {
    flags.push({ charityId: c.charityId, flag: 'receipt-reused-across-charities', subject: donationId, detail: `捐赠票据号 ${receipt} 已被其他慈善组织使用。` });
  }

  const valueFen = input.gift.form === 'money' ? input.gift.amountFen : input.gift.valuationFen;
  const at = isoShanghai(o.now);
  const item: DonationItem = {
    ...charityKeys.donation(c.charityId, donationId),
    kind: 'donation',
    charityId: c.charityId,
    donationId,
    receiptNumber: receipt,
    date: input.date,
    ...(campaign ? { campaignId: campaign.campaignId } : {}),
    purpose,
    restricted: isRestricted(purpose),
    donor,
    form: input.gift.form,
    valueFen,
    ...(input.gift.form === 'goods' ? { goods: { description: input.gift.description, quantity: input.gift.quantity, unit: input.gift.unit } } : {}),
    ...(account ? { account } : {}),
    flags: flags.map((f) => f.flag),
    recordedAt: at,
    recordedBy: o.actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };

  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: { ...charityKeys.receipt(receipt, c.charityId), charityId: c.charityId, donationId, schemaVersion: SCHEMA_VERSION },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    balanceAdd(c.charityId, input.gift.form, purpose, valueFen),
    ...(campaign
      ? [
          {
            Update: {
              TableName: tableName(),
              Key: charityKeys.campaign(c.charityId, campaign.campaignId),
              UpdateExpression: 'ADD receivedFen :v, donationCount :one',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':v': valueFen, ':one': 1 },
            },
          },
        ]
      : []),
    ...(donorKey
      ? [
          {
            Update: {
              TableName: tableName(),
              Key: charityKeys.donor(c.charityId, donorKey),
              UpdateExpression: 'ADD donations :one SET #k = :k, schemaVersion = :sv',
              ExpressionAttributeNames: { '#k': 'kind' },
              ExpressionAttributeValues: { ':one': 1, ':k': 'donor', ':sv': SCHEMA_VERSION },
            },
          },
        ]
      : []),
    ...flags.map((f) => flagPut(f, o.now)),
  ];
  const { donor: _donor, ...auditable } = item;
  const answer = await commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer: { status: 201, body: { donationId, receiptNumber: receipt, purpose, restricted: item.restricted, flags: item.flags } },
    now: o.now,
    items,
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: 'record-donation', at, after: { ...auditable, donorKey: donorKey ?? null } },
    explain: (i) => {
      if (i === 0) throw conflict('duplicate-receipt', `捐赠票据号 ${receipt} 已登记过一笔捐赠，同一票据不能重复登记。`, { receiptNumber: receipt });
      throw conflict('donation-conflict', '登记捐赠时记录发生变化，请重新提交。');
    },
  });
  // The charities that used the number first are flagged too: which of them issued it falsely is for the admin to find out.
  for (const other of others) {
    await raiseFlag(
      { charityId: other, flag: 'receipt-reused-across-charities', flagId: `receipt-${receipt}-${c.charityId}`, subject: receipt, detail: `本机构的捐赠票据号 ${receipt} 也被其他慈善组织登记。` },
      o.now,
    );
  }
  return answer;
}

const maskUndeclared = (n: string): string => {
  const s = n.replace(/[\s\u3000-]/g, '');
  return `****${s.slice(-4)}`;
};
