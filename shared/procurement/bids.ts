import { AppError, conflict, forbidden, invalidField, notFound } from '../errors.ts';
import { normalizeReceiptCode, RECEIPT_CODE_LENGTH, receiptCode } from './receipt-code.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import { procKeys } from './keys.ts';
import type { TenderState } from './model.ts';
import { receiptHash, sealBid, type BidContents, type SealedBid } from './sealed-bids.ts';
import { requireOrganisation, verifiedContractor } from './registry.ts';
import { commit, get, loadTender, T, type Actor } from './store.ts';
import { ranking } from './evaluation.ts';

/**
 * 投标 (measure 十八). A verified contractor bids before the deadline; the contents are sealed at once
 * (shared/procurement/sealed-bids.ts) and the bidder gets a receipt with the SHA-256 of exactly what it
 * submitted. A new bid replaces the old one in place, so only the last counts; each bidder's
 * submissions form their own audit chain (`tender#<id>#bid#<org>`), so bidders never contend.
 */
export interface BidItem {
  tenderId: string;
  organisation: string;
  sealed: SealedBid;
  receipt: Receipt;
  superseded: Receipt[];
  submittedAt: string;
  opened?: BidContents & { status: 'valid' | 'disqualified' };
}

export interface Receipt {
  tenderId: string;
  organisation: string;
  sha256: string;
  /** 回执码 (receipt-code.ts); receipts from before it existed have it computed when read. */
  code?: string;
  submittedAt: string;
  replaces: string | null;
}

export async function submitBid(actor: Actor, tenderId: string, contents: BidContents, now: Date, idempotency?: Idempotency): Promise<StoredAnswer> {
  const organisation = requireOrganisation(actor);
  await verifiedContractor(organisation);
  const t = await loadTender(tenderId);
  if (t.status === 'terminated') throw conflict('tender-terminated', '该项目已终止，不再接受投标。');
  // The deadline is enforced here on every bid; the tender-deadlines schedule only records the closing.
  if (t.status !== 'active' || now.getTime() >= Date.parse(t.deadline)) throw conflict('tender-closed', `投标已于 ${t.deadline} 截止。`);
  if (contents.priceFen > t.valueCapFen) {
    throw new AppError(422, 'over-value-cap', '报价超过最高限价', `投标报价不得超过最高限价${t.valueCapFen}分（财政部令第87号第六十三条：超过最高限价的投标无效）。`);
  }
  const previous = await get<BidItem>(procKeys.bid(tenderId, organisation));
  const at = isoShanghai(now);
  const sha256 = receiptHash(contents);
  const receipt: Receipt = { tenderId, organisation, sha256, code: receiptCode({ sha256, tenderId, organisation, submittedAt: at }), submittedAt: at, replaces: previous?.receipt.sha256 ?? null };
  const item: BidItem = {
    tenderId,
    organisation,
    sealed: await sealBid(contents, { tenderId, organisation }),
    receipt,
    superseded: previous ? [...previous.superseded, previous.receipt] : [],
    submittedAt: at,
  };
  return commit({
    items: [
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.bid(tenderId, organisation), kind: 'bid', ...item, schemaVersion: SCHEMA_VERSION },
          ...(previous
            ? {
                ConditionExpression: 'receipt.sha256 = :prev AND receipt.submittedAt = :prevAt',
                ExpressionAttributeValues: { ':prev': previous.receipt.sha256, ':prevAt': previous.receipt.submittedAt },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      // The tender must still be taking bids when the bid lands (not terminated or opened meanwhile).
      {
        ConditionCheck: {
          TableName: T(),
          Key: procKeys.tender(tenderId),
          ConditionExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':active': 'active' },
        },
      },
      // The 回执码's look-up item: one per receipt, kept after a replacement (it then says so).
      {
        Put: {
          TableName: T(),
          Item: { ...procKeys.receiptCode(receipt.code!), kind: 'receiptCode', tenderId, organisation, sha256, submittedAt: at, schemaVersion: SCHEMA_VERSION },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    audit: { aggregate: `tender#${tenderId}#bid#${organisation}`, actor, action: previous ? 'replace-bid' : 'bid', at, after: receipt },
    idempotency,
    answer: { status: 201, body: { receipt: { ...receipt, algorithm: 'SHA-256', of: '提交内容的规范化JSON（键按字母排序）' } } },
    now,
    onConflict: (i) =>
      i === 0
        ? conflict('bid-replaced-meanwhile', '您的上一份投标刚被更新，请刷新后再提交。')
        : i === 2
          ? conflict('receipt-code-taken', '回执码生成冲突（极少见），请稍后重新提交。')
          : conflict('tender-closed', '该项目已停止接受投标。'),
  });
}

/** A contractor's own bid only: receipts, and after evaluation its own score and rank — never anyone else's. */
export async function myBid(actor: Actor, tenderId: string) {
  const organisation = requireOrganisation(actor);
  const t = await loadTender(tenderId);
  const bid = await get<BidItem>(procKeys.bid(tenderId, organisation));
  if (!bid) throw forbidden('no-bid', '本机构没有参与这个项目的投标。');
  const mine = await ownResult(t, organisation);
  return {
    tenderId,
    tenderStatus: t.status,
    receipt: withCode(bid.receipt),
    superseded: bid.superseded.map(withCode),
    status: bid.opened ? bid.opened.status : 'sealed',
    ...(mine ? { result: mine } : {}),
  };
}

const withCode = (r: Receipt): Receipt => ({ ...r, code: r.code ?? receiptCode(r) });

/**
 * A receipt found by its 回执码, for the bidder that holds it only: another organisation's code answers exactly
 * as an unknown one does. Says whether it is the bid that counts or was replaced.
 */
export async function receiptByCode(actor: Actor, input: string) {
  const organisation = requireOrganisation(actor);
  const code = normalizeReceiptCode(input);
  if (!code) throw invalidField('code', 'shape', `回执码是${RECEIPT_CODE_LENGTH}位字母和数字，例如 7K3MQ-XA2D9`);
  const item = await get<{ tenderId: string; organisation: string; sha256: string; submittedAt: string }>(procKeys.receiptCode(code));
  if (!item || item.organisation !== organisation) throw notFound('no-such-receipt', `没有找到本机构回执码为 ${code} 的投标回执。`);
  const [t, bid] = await Promise.all([loadTender(item.tenderId), get<BidItem>(procKeys.bid(item.tenderId, organisation))]);
  const current = bid?.receipt.sha256 === item.sha256 && bid.receipt.submittedAt === item.submittedAt;
  return {
    code,
    tenderId: t.id,
    tenderTitle: t.title,
    sha256: item.sha256,
    algorithm: 'SHA-256',
    submittedAt: item.submittedAt,
    current,
    note: current ? '这是本机构在该项目中有效的投标。' : '这份投标已被本机构后来提交的投标替换，只有最后一次提交有效。',
  };
}

async function ownResult(t: TenderState, organisation: string) {
  if (!t.award) return undefined;
  const ranked = await ranking(t);
  const own = ranked?.find((r) => r.organisation === organisation);
  if (!own) return { awarded: false, note: '您的投标未进入评审（无效投标）。' };
  return { awarded: t.award.organisation === organisation, rank: own.rank, of: ranked!.length, priceScore: own.priceScore, technicalScore: own.technicalScore, total: own.total };
}
