import { createHash } from 'node:crypto';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addMonths } from '../calendar/dates.ts';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { keyedHash, seal } from '../crypto/pii.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { badRequest, forbidden, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { appendAudit, sha256 } from '../audit/chain.ts';
import { parametersOn } from '../policy/store.ts';
import { sendMessages } from '../queue.ts';
import { registerPages } from '../registry/register.ts';
import { getItem } from '../registry/store.ts';
import { db, tableName } from '../store/client.ts';
import { commitAudited } from '../store/commit.ts';
import { queryPages } from '../store/query.ts';
import { decodeCursor, encodeCursor } from '../store/page.ts';
import { FEED_SOURCE_IDS } from '../contract/monitoring.ts';
import type { feedSchema } from '../contract/monitoring.ts';
import type * as z from 'zod/mini';
import { FEED_FORMATS, validateFeed, type FeedLine, type FeedSource } from './formats.ts';
import { addToIndex, matchLines, seenPersons, type AlertCandidate, type RegisterIndex, type StoredLine } from './match.ts';
import { raiseAlerts } from './alerts.ts';
import { monitoringKeys } from './keys.ts';

/**
 * Department feeds (政策找人): a department sends a CSV in its published format (formats.ts, README), by a
 * person uploading it or by its system calling the API — request, acknowledgement (202 with the feed id),
 * result later (`GET /api/v1/monitoring/feeds/{id}`), in the style of the DCI social-protection standard.
 *
 * - Checked line by line; refused whole when any line is wrong, naming each bad line and column.
 * - The feed records its source, legal basis, the document it was sent under and who uploaded it.
 * - Personal data is sealed: the lines are stored in chunks of CHUNK_LINES with the keyed hash of each ID
 *   number (to match) and the numbers themselves only sealed together (shared/crypto/pii.ts); chunks expire
 *   after `monitoring.feedRetentionMonths` (TTL). The alerts keep hashes and figures, no numbers.
 * - The same content from the same county and source is the same feed (its id is a hash of it): sending it
 *   again answers with the first acknowledgement and matches nothing again.
 * - The match runs on the `monitoring-feeds` queue (shared/definitions/queues.ts) and is audited on the
 *   feed's chain: how many lines matched which households, which alerts it raised.
 */
export const CHUNK_LINES = 1000;
export type FeedBody = z.infer<typeof feedSchema>;

export interface FeedItem {
  pk: string;
  sk: string;
  id: string;
  source: FeedSource;
  county: string;
  asOf: string;
  document: string;
  legalBasis: string;
  department: string;
  uploadedBy: string;
  uploaderRole: string;
  uploadedAt: string;
  lines: number;
  chunks: number;
  status: 'received' | 'matched';
  gsi4pk: string;
  gsi4sk: string;
  gsi3pk?: string;
  gsi3sk?: string;
  result?: { matched: number; raised: number; existing: number; matchedAt: string };
  schemaVersion: number;
}

/** Feeds by status on gsi4 (`MONFEEDS`, `<status>#<uploadedAt>#<id>`): the catch-up job finds those not matched yet. */
export const feedListKeys = (status: FeedItem['status'], uploadedAt: string, id: string) => ({ gsi4pk: 'MONFEEDS', gsi4sk: `${status}#${uploadedAt}#${id}` });

/** A county's feeds, newest first, on gsi3 (`CTY#<county>`, `MONFEED#<uploadedAt>#<id>`): the workbench's list. */
export const feedCountyKeys = (county: string, uploadedAt: string, id: string) => ({ gsi3pk: `CTY#${county}`, gsi3sk: `MONFEED#${uploadedAt}#${id}` });

export const feedIdOf = (county: string, source: FeedSource, csv: string) => `${county}-${source}-${createHash('sha256').update(csv, 'utf8').digest('hex').slice(0, 16)}`;

/** Seals and hashes one chunk's lines: the stored chunk item. */
export async function chunkItem(feedId: string, n: number, lines: readonly FeedLine[], expiresAt: number) {
  const stored: StoredLine[] = await Promise.all(lines.map(async (l) => ({ line: l.line, hash: (await keyedHash('id', l.idNumber)).hash, values: l.values })));
  return {
    ...monitoringKeys.chunk(feedId, n),
    lines: stored,
    ids: await seal(JSON.stringify(lines.map((l) => l.idNumber))),
    expiresAt,
    schemaVersion: SCHEMA_VERSION,
  };
}

export async function writeItems(items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length && attempt < 8; attempt++) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
      if (pending.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
    if (pending.length) throw new Error('could not write the feed chunks');
  }
}

export const ackOf = (f: Pick<FeedItem, 'id' | 'source' | 'lines' | 'status' | 'asOf'>) => ({
  id: f.id,
  source: f.source,
  sourceLabel: FEED_FORMATS[f.source].label,
  asOf: f.asOf,
  lines: f.lines,
  status: f.status,
});

export async function uploadFeed(o: { body: FeedBody; actor: Actor; now: Date; correlationId: string; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor } = o;
  if (!actor.county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const known = await getItem<FeedItem>(monitoringKeys.feed(feedIdOf(actor.county, body.source, body.csv)));
  if (known) return { status: 200, body: { ...ackOf(known), duplicate: true } };
  return storeFeed({ ...o, county: actor.county, meta: body, csv: body.csv });
}

/** Who sent a feed, as the feed item records it (the uploader's account at the time of the upload). */
export type FeedSender = Pick<Actor, 'sub' | 'role' | 'department'>;

/**
 * A feed checked line by line and stored (chunks first, then the feed item with its audit event), then its
 * match queued: the one path of a feed in a request body (uploadFeed) and of a file sent through S3
 * (uploads.ts). Refused whole (400 `feed-refused`, every bad line named) when any line is wrong; the same
 * content from the same county and source is the same feed and answers `duplicate`.
 */
export async function storeFeed(o: {
  county: string;
  meta: Pick<FeedBody, 'source' | 'asOf' | 'document'>;
  csv: string | AsyncIterable<string | Uint8Array>;
  actor: FeedSender;
  now: Date;
  correlationId: string;
  idempotency?: Idempotency | undefined;
}): Promise<StoredAnswer> {
  const { meta: body, actor, now, county } = o;
  const chunks: FeedLine[][] = [[]];
  const hash = createHash('sha256');
  // The id is a hash of the content, read as it streams by (the same bytes as feedIdOf's UTF-8 of a string body).
  async function* hashed(source: string | AsyncIterable<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
    if (typeof source === 'string') {
      hash.update(source, 'utf8');
      yield source;
      return;
    }
    for await (const part of source) {
      hash.update(part);
      yield part;
    }
  }
  const { lines, errors } = await validateFeed(body.source, hashed(o.csv), (good) => {
    for (const l of good) {
      if (chunks.at(-1)!.length >= CHUNK_LINES) chunks.push([]);
      chunks.at(-1)!.push(l);
    }
  });
  if (errors.length) throw badRequest('feed-refused', `数据有 ${errors.length}${errors.length >= 100 ? '+' : ''} 处错误，整份数据未接收；请修改后重新推送。第一处：${errors[0]!.message}`, errors);
  const id = `${county}-${body.source}-${hash.digest('hex').slice(0, 16)}`;
  const known = await getItem<FeedItem>(monitoringKeys.feed(id));
  if (known) return { status: 200, body: { ...ackOf(known), duplicate: true } };
  const today = dateShanghai(now);
  const retention = (await parametersOn(today)).value('monitoring.feedRetentionMonths');
  const expiresAt = Math.floor(new Date(`${addMonths(today, retention)}T00:00:00+08:00`).getTime() / 1000);
  // Chunks first, the feed item last: the match reads only feeds whose item exists.
  await writeItems(await Promise.all(chunks.map((c, n) => chunkItem(id, n, c, expiresAt))));
  const format = FEED_FORMATS[body.source];
  const feed: FeedItem = {
    ...monitoringKeys.feed(id),
    id,
    source: body.source,
    county,
    asOf: body.asOf,
    document: body.document,
    legalBasis: format.legalBasis,
    department: actor.department ?? format.department,
    uploadedBy: actor.sub,
    uploaderRole: actor.role,
    uploadedAt: isoShanghai(now),
    lines,
    chunks: chunks.length,
    status: 'received',
    ...feedListKeys('received', isoShanghai(now), id),
    ...feedCountyKeys(county, isoShanghai(now), id),
    schemaVersion: SCHEMA_VERSION,
  };
  const answer = await commitAudited({
    idempotency: o.idempotency,
    answer: { status: 202, body: ackOf(feed) },
    now,
    items: [{ Put: { TableName: tableName(), Item: feed, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: {
      aggregate: `monitoring-feed#${id}`,
      actor: { sub: actor.sub, role: actor.role },
      action: 'upload',
      at: feed.uploadedAt,
      after: feed,
      note: `${format.label}（${body.document}）`,
      newChain: true,
    },
    retryOnAuditHead: false,
    explain: async () => badRequest('feed-exists', '这份数据刚刚已推送。'),
  });
  await sendMessages('monitoring-feeds', [{ body: { feedId: id }, attributes: { job: 'match-feed', date: today, correlationId: o.correlationId } }]);
  return answer;
}

export async function feedView(id: string, actor: Actor) {
  const f = await getItem<FeedItem>(monitoringKeys.feed(id));
  // Another county's feed is the same 404 as none.
  if (!f || (actor.role !== 'auditor' && f.county !== actor.county)) throw notFound('no-such-feed', '没有这份推送数据，或不在您的工作范围内。');
  return { ...ackOf(f), department: f.department, legalBasis: f.legalBasis, document: f.document, uploadedBy: f.uploadedBy, uploadedAt: f.uploadedAt, ...(f.result ? { result: f.result } : {}) };
}

const FEED_LIST_LIMIT = 50;

/** The published formats, for the upload screen: header, columns with their codes, legal basis. */
export const feedFormatsView = () =>
  FEED_SOURCE_IDS.map((source) => {
    const f = FEED_FORMATS[source];
    return {
      source,
      label: f.label,
      department: f.department,
      legalBasis: f.legalBasis,
      header: f.columns.map((c) => c.name).join(','),
      columns: f.columns.map((c) => ({ name: c.name, label: c.label, kind: c.kind, ...(c.kind === 'enum' ? { values: c.values } : {}) })),
    };
  });

/**
 * The feeds of the caller's county, newest first (a department sees the ones its own staff sent), with the
 * published formats. Refused feeds are not kept (nothing of a refused file is stored): their line-by-line
 * errors are the upload's answer.
 */
export async function listFeeds(actor: Actor, query: { cursor?: string | undefined }) {
  if (!actor.county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const start = decodeCursor(query.cursor);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :p)',
      ...(actor.role === 'department'
        ? { FilterExpression: 'department = :d', ExpressionAttributeValues: { ':pk': `CTY#${actor.county}`, ':p': 'MONFEED#', ':d': actor.department ?? '' } }
        : { ExpressionAttributeValues: { ':pk': `CTY#${actor.county}`, ':p': 'MONFEED#' } }),
      ScanIndexForward: false,
      Limit: FEED_LIST_LIMIT,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = ((out.Items ?? []) as FeedItem[]).map((f) => ({
    ...ackOf(f),
    department: f.department,
    legalBasis: f.legalBasis,
    document: f.document,
    uploadedBy: f.uploadedBy,
    uploadedAt: f.uploadedAt,
    ...(f.result ? { result: f.result } : {}),
  }));
  return { items, formats: feedFormatsView(), cursor: encodeCursor(out.LastEvaluatedKey) };
}

/** A county's active register in memory, for the match (person hash → household). */
export async function registerIndex(county: string): Promise<RegisterIndex> {
  const index: RegisterIndex = new Map();
  for await (const page of registerPages(county)) addToIndex(index, page);
  return index;
}

/** The stored lines of a feed, chunk by chunk. */
export async function* feedLines(id: string): AsyncGenerator<StoredLine[]> {
  for await (const page of queryPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
    ExpressionAttributeValues: { ':pk': monitoringKeys.feed(id).pk, ':c': 'CHUNK#' },
    ProjectionExpression: '#l',
    ExpressionAttributeNames: { '#l': 'lines' },
  }))
    for (const item of page.Items ?? []) yield item.lines as StoredLine[];
}

/**
 * The match (queue consumer): the county's register against the feed's lines, the alerts raised by
 * conditional puts, the result on the feed and one audit event, all as of the day the feed was received. A redelivered message, or a feed matched
 * before, raises nothing twice: the alerts' ids decide (match.ts).
 */
export async function matchFeed(feedId: string): Promise<{ matched: number; raised: number; existing: number }> {
  const feed = await getItem<FeedItem>(monitoringKeys.feed(feedId));
  if (!feed) throw new Error(`no feed ${feedId}`);
  if (feed.status === 'matched' && feed.result) return feed.result;
  // As of the day the feed was received (its acknowledgement): a redelivery a day later gives the same due dates.
  const now = new Date(feed.uploadedAt);
  const today = feed.uploadedAt.slice(0, 10);
  // The register and the feed are read side by side; the feed's chunks wait (sealed numbers left out) until the register is whole.
  const chunks = (async () => {
    const all: StoredLine[][] = [];
    for await (const lines of feedLines(feedId)) all.push(lines);
    return all;
  })();
  const [index, params] = await Promise.all([registerIndex(feed.county), parametersOn(today)]);
  const candidates = new Map<string, AlertCandidate>();
  for (const lines of await chunks) matchLines(index, feed.source, lines, params, candidates);
  const persons = seenPersons(index);
  const { raised, existing } = await raiseAlerts([...candidates.values()], feed, params, today, now);
  const result = { matched: persons.length, raised: raised.length, existing, matchedAt: isoShanghai(new Date()) };
  await appendAudit({
    aggregate: `monitoring-feed#${feedId}`,
    actor: { sub: 'job:monitoring-match', role: 'system' },
    action: 'match',
    at: result.matchedAt,
    // Digests, not lists: a feed of 100,000 matched persons would not fit an item; each alert names its feed and line.
    after: { result, personsDigest: sha256(persons.sort().join('\n')), alertsDigest: sha256([...candidates.keys()].sort().join('\n')), raised: raised.slice(0, 100) },
    note: `比对在册人员 ${index.size} 人：命中 ${persons.length} 人，新预警 ${raised.length} 条，已有 ${existing} 条`,
  });
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: monitoringKeys.feed(feedId),
      UpdateExpression: 'SET #s = :m, #r = :r, gsi4sk = :k',
      ExpressionAttributeNames: { '#s': 'status', '#r': 'result' },
      ExpressionAttributeValues: { ':m': 'matched', ':r': result, ':k': feedListKeys('matched', feed.uploadedAt, feedId).gsi4sk },
    }),
  );
  return result;
}

/**
 * `monitoring-match`: every feed still `received` (its message lost, or sent before a crash), matched now.
 * Matching is idempotent, so a feed the queue is matching at the same time raises nothing twice.
 */
export async function matchReceived(): Promise<{ feeds: number; raised: number }> {
  let feeds = 0;
  let raised = 0;
  for await (const page of queryPages({ IndexName: 'gsi4', KeyConditionExpression: 'gsi4pk = :pk AND begins_with(gsi4sk, :r)', ExpressionAttributeValues: { ':pk': 'MONFEEDS', ':r': 'received#' } }))
    for (const f of page.Items ?? []) {
      feeds++;
      raised += (await matchFeed(f.id as string)).raised;
    }
  return { feeds, raised };
}
