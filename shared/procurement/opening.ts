import { AppError, conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import { logger } from '../log.ts';
import { procKeys } from './keys.ts';
import type { OpenedBid, TenderState } from './model.ts';
import { DecryptBeforeDeadline, openSealedBid, receiptHash } from './sealed-bids.ts';
import { tenderRelease } from './ocds/releases.ts';
import { ownCounty } from './planning.ts';
import type { Contractor } from './registry.ts';
import type { BidItem } from './bids.ts';
import { busy, commit, get, listBids, loadTender, putRelease, putTender, T, type Actor } from './store.ts';

/**
 * 开标 (measure 十八). The only code that decrypts a sealed bid, served by its own function
 * (`opening`, functions/opening/index.ts), whose role is the only decrypter the bid key's policy allows
 * (infra/api.ts; threat model in README.md). Bids are decrypted only after the deadline; each must
 * re-hash to its receipt; the opening record is written in one transaction with its OCDS release.
 */
/** 开标: fewer bidders than this makes the procurement fail (废标); 87号令 Art. 42, 财库〔2014〕214号. */
const MIN_BIDDERS = { open: 3, consultation: 2, negotiation: 3, singleSource: 1 } as const;

export async function openBids(actor: Actor, tenderId: string, now: Date): Promise<TenderState> {
  const t = await loadTender(tenderId);
  ownCounty(actor, t.county);
  if (t.status !== 'active') throw conflict('tender-not-active', `该项目当前状态为 ${t.status}，不能开标。`);
  const bids = await listBids(tenderId);
  const at = isoShanghai(now);
  const opened: { bid: BidItem; contents: Awaited<ReturnType<typeof openSealedBid>> }[] = [];
  try {
    for (const bid of bids) {
      opened.push({ bid, contents: await openSealedBid(bid.sealed, { tenderId, organisation: bid.organisation, deadline: t.deadline, now, actor: actor.sub }) });
    }
  } catch (error) {
    if (!(error instanceof DecryptBeforeDeadline)) throw error;
    // The alarm is logged by openSealedBid; the attempt is also put on the tender's audit chain.
    await commit({
      items: [],
      audit: { aggregate: `tender#${tenderId}`, actor, action: 'bid-decrypt-refused', at, note: `bidDecryptBeforeDeadline: 截止时间 ${t.deadline}` },
      answer: { status: 409, body: null },
      now,
      onConflict: busy,
    });
    throw conflict('before-deadline', `投标截止时间（${t.deadline}）之前任何人不能开启投标文件；本次尝试已记录并告警。`);
  }
  const openedBids: OpenedBid[] = [];
  for (const { bid, contents } of opened) {
    if (receiptHash(contents) !== bid.receipt.sha256) {
      logger.error('sealed bid does not match its receipt', { tenderId, organisation: bid.organisation, bidIntegrityFailure: 1 });
      throw new AppError(500, 'bid-integrity', '投标文件校验失败', '投标文件与回执的摘要不一致，已暂停开标并告警。');
    }
    const org = await get<Contractor>(procKeys.contractor(bid.organisation));
    openedBids.push({
      organisation: bid.organisation,
      name: org?.name ?? bid.organisation,
      creditCode: org?.creditCode ?? '',
      priceFen: contents.priceFen,
      submittedAt: bid.submittedAt,
      receipt: bid.receipt.sha256,
      status: contents.priceFen <= t.valueCapFen ? 'valid' : 'disqualified',
    });
  }
  const enough = openedBids.filter((b) => b.status === 'valid').length >= MIN_BIDDERS[t.method];
  const next: TenderState = {
    ...t,
    status: enough ? 'opened' : 'unsuccessful',
    opening: { at, by: actor.sub, bids: openedBids },
    version: t.version + 1,
    releaseSeq: t.releaseSeq + 1,
  };
  await commit({
    items: [
      putTender(next, t.version),
      putRelease(tenderRelease(next, next.releaseSeq, at, 'tenderUpdate'), next.releaseSeq),
      ...opened.map(({ bid, contents }) => ({
        Update: {
          TableName: T(),
          Key: procKeys.bid(tenderId, bid.organisation),
          UpdateExpression: 'SET opened = :o',
          ConditionExpression: 'receipt.sha256 = :r',
          ExpressionAttributeValues: { ':o': { ...contents, status: openedBids.find((b) => b.organisation === bid.organisation)!.status }, ':r': bid.receipt.sha256 },
        },
      })),
    ],
    audit: { aggregate: `tender#${tenderId}`, actor, action: enough ? 'open-bids' : 'open-bids-unsuccessful', at, before: t, after: next },
    answer: { status: 200, body: null },
    now,
    onConflict: busy,
  });
  return next;
}
