import { AppError, conflict, forbidden } from '../http/problem.ts';
import type { Idempotency, StoredAnswer } from '../http/idempotency.ts';
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
  const receipt: Receipt = { tenderId, organisation, sha256: receiptHash(contents), submittedAt: at, replaces: previous?.receipt.sha256 ?? null };
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
    ],
    audit: { aggregate: `tender#${tenderId}#bid#${organisation}`, actor, action: previous ? 'replace-bid' : 'bid', at, after: receipt },
    idempotency,
    answer: { status: 201, body: { receipt: { ...receipt, algorithm: 'SHA-256', of: '提交内容的规范化JSON（键按字母排序）' } } },
    now,
    onConflict: (i) => (i === 0 ? conflict('bid-replaced-meanwhile', '您的上一份投标刚被更新，请刷新后再提交。') : conflict('tender-closed', '该项目已停止接受投标。')),
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
    receipt: bid.receipt,
    superseded: bid.superseded,
    status: bid.opened ? bid.opened.status : 'sealed',
    ...(mine ? { result: mine } : {}),
  };
}

async function ownResult(t: TenderState, organisation: string) {
  if (!t.award) return undefined;
  const ranked = await ranking(t);
  const own = ranked?.find((r) => r.organisation === organisation);
  if (!own) return { awarded: false, note: '您的投标未进入评审（无效投标）。' };
  return { awarded: t.award.organisation === organisation, rank: own.rank, of: ranked!.length, priceScore: own.priceScore, technicalScore: own.technicalScore, total: own.total };
}
