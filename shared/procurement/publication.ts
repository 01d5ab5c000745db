import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../store/client.ts';
import { isoShanghai } from '../clock.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { notFound } from '../errors.ts';
import { COLLECTIONS, procKeys } from './keys.ts';
import type { ContractState, TenderState } from './model.ts';
import { METHODS } from './methods.ts';
import { challengeAwardId, listChallenges } from './award.ts';
import { awardIdOf, BID_EXTENSION_URL, RATING_LABELS, type Release } from './ocds/releases.ts';
import { compileRecord } from './ocds/record.ts';
import { get, loadTender, queryAll, T } from './store.ts';
import { listCollection } from './registry.ts';

/**
 * What the public sees (measure 十八; 政府采购信息公开): announcements, amendments, the opening
 * record (bidders and prices, read out at 开标), the result with the panel's names, 质疑 counts, the
 * contract and its evaluations. Never: sealed contents, evaluators' sheets, other bidders' scores,
 * case references.
 */
export function publicTender(t: TenderState) {
  return {
    id: t.id,
    ocid: t.ocid,
    county: t.county,
    year: t.year,
    title: t.title,
    description: t.description,
    service: t.service,
    method: t.method,
    methodLabel: METHODS[t.method].label,
    valueCapFen: t.valueCapFen,
    deadline: t.deadline,
    criteria: t.criteria,
    contact: t.contact ?? null,
    documents: t.documents.map((d) => ({ id: d.id ?? null, title: d.title, contentType: d.contentType ?? null, size: d.size ?? null, sha256: d.sha256 ?? null })),
    status: t.status,
    publishedAt: t.publishedAt,
    amendments: t.amendments,
    /** Answered 澄清, to everyone; who asked is never said. */
    clarifications: t.clarifications ?? [],
    termination: t.termination ?? null,
    opening: t.opening ? { at: t.opening.at, bids: t.opening.bids.map((b) => ({ name: b.name, creditCode: b.creditCode, priceFen: b.priceFen, status: b.status })) } : null,
    result: t.award
      ? {
          supplier: t.award.name,
          creditCode: t.award.creditCode,
          priceFen: t.award.priceFen,
          announcedAt: t.award.at,
          challengeUntil: t.award.challengeUntil,
          deviation: t.award.deviation ? { legalReason: t.award.deviation.legalReason } : null,
          panel: t.panel?.drawn.length ?? 0,
          rank: t.award.rank,
          reawarded: Boolean(t.cancelledAwards?.length),
        }
      : null,
    /** Results cancelled after a 质疑 was upheld, with the reason (the county's answer). */
    cancelledResults: (t.cancelledAwards ?? []).map((c) => ({
      supplier: c.name,
      creditCode: c.creditCode,
      priceFen: c.priceFen,
      announcedAt: c.awardedAt,
      cancelledAt: c.cancelledAt,
      reason: c.reason,
    })),
    contractId: t.contractId ?? null,
  };
}

export async function listTenders(cursor?: string) {
  const page = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': COLLECTIONS.tenders },
      ScanIndexForward: false,
      Limit: 50,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  return { items: (page.Items ?? []).map((i) => publicTender(i as TenderState)), cursor: encodeCursor(page.LastEvaluatedKey) };
}

export async function tenderDetail(id: string) {
  const t = await loadTender(id);
  const challenges = t.award || t.cancelledAwards?.length ? await listChallenges(id) : [];
  const current = t.award ? awardIdOf(t) : null;
  const experts = (t.award || t.cancelledAwards?.length) && t.panel ? await Promise.all(t.panel.drawn.map((sub) => get<{ name: string }>(procKeys.expert(sub)))) : [];
  return {
    ...publicTender(t),
    // 87号令 Art. 69: the result announcement names the evaluation committee.
    panelNames: experts.map((e) => e?.name ?? '').filter(Boolean),
    challenges: {
      filed: challenges.length,
      upheld: challenges.filter((c) => c.status === 'upheld').length,
      open: challenges.filter((c) => c.status === 'open').length,
      /** Of the current result's 质疑 period. */
      current: current ? challenges.filter((c) => challengeAwardId(c) === current).length : 0,
    },
  };
}

export async function contractDetail(id: string) {
  const c = await get<ContractState>(procKeys.contract(id));
  if (!c) throw notFound('no-such-contract', `没有编号为 ${id} 的服务合同。`);
  return {
    id: c.id,
    tenderId: c.tenderId,
    ocid: c.ocid,
    supplier: { name: c.supplier.name, creditCode: c.supplier.creditCode },
    valueFen: c.valueFen,
    paidFen: c.paidFen,
    period: c.period,
    signedAt: c.signedAt,
    flagged: c.flagged,
    casesServed: c.casesServed,
    milestones: c.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueDate: m.dueDate,
      amountFen: m.amountFen,
      paidFen: m.paidFen,
      casesServed: m.casesServed,
      evaluation: m.evaluation ? { rating: m.evaluation.rating, label: RATING_LABELS[m.evaluation.rating], findings: m.evaluation.findings, at: m.evaluation.at } : null,
    })),
  };
}

const PUBLISHER = { name: '亳州市民政局', scheme: null, uid: null };
const baseUrl = () => process.env.PUBLIC_BASE_URL || 'https://bozhou-assistance.example';

/** A release package (OCDS 1.1.5) of every release, oldest first, 100 a page. */
export async function releasePackage(cursor: string | undefined, now: Date) {
  const page = await db().send(
    new QueryCommand({
      TableName: T(),
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': COLLECTIONS.releases },
      Limit: 100,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  return {
    package: {
      uri: `${baseUrl()}/api/v1/ocds/releases${cursor ? `?cursor=${cursor}` : ''}`,
      version: '1.1',
      extensions: [BID_EXTENSION_URL],
      publishedDate: isoShanghai(now),
      publisher: PUBLISHER,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      releases: (page.Items ?? []).map((i) => i.release as Release),
    },
    next,
  };
}

export async function recordPackage(ocid: string, now: Date) {
  const releases = (await queryAll<{ release: Release }>(`OCDS#${ocid}`, 'REL#')).map((i) => i.release);
  if (!releases.length) throw notFound('no-such-ocid', `没有开放合同编号为 ${ocid} 的记录。`);
  return {
    uri: `${baseUrl()}/api/v1/ocds/records/${ocid}`,
    version: '1.1',
    extensions: [BID_EXTENSION_URL],
    publishedDate: isoShanghai(now),
    publisher: PUBLISHER,
    records: [compileRecord(releases)],
  };
}

/**
 * `tender-deadlines` (hourly): records the closing of bidding on tenders whose deadline has passed.
 * Bids are refused by comparing with the deadline on every request anyway, so this never decides
 * anything; it only makes the closing visible. "As of" a date means the end of that date, but never
 * later than now, so running it by hand for a future date closes nothing early.
 */
export async function closeDeadlines(date: string, now: Date) {
  const endOfDate = Date.parse(`${date}T23:59:59.999+08:00`);
  const asOf = new Date(Math.min(endOfDate, now.getTime()));
  const due = await db().send(
    new QueryCommand({ TableName: T(), IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :to', ExpressionAttributeValues: { ':pk': 'PROC#BIDDING', ':to': isoShanghai(asOf) } }),
  );
  let closed = 0;
  for (const item of due.Items ?? []) {
    const t = item as TenderState;
    if (Date.parse(t.deadline) > asOf.getTime()) continue;
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: procKeys.tender(t.id),
          UpdateExpression: 'SET biddingClosedAt = :at, version = version + :one REMOVE gsi3pk, gsi3sk',
          ConditionExpression: '#s = :active AND attribute_not_exists(biddingClosedAt) AND deadline = :d',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':at': isoShanghai(asOf), ':one': 1, ':active': 'active', ':d': t.deadline },
        }),
      );
      closed++;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return { closed, asOf: isoShanghai(asOf) };
}

export { listCollection };
