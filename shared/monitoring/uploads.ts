import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dateShanghai, isoShanghai } from '../clock.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { UPLOAD_URL_SECONDS } from '../cases/documents.ts';
import { sendMessages } from '../queue.ts';
import { getItem } from '../registry/store.ts';
import { db, tableName } from '../store/client.ts';
import { commitAudited } from '../store/commit.ts';
import { s3Client } from '../store/s3.ts';
import type { feedUploadSchema } from '../contract/monitoring.ts';
import type * as z from 'zod/mini';
import { FEED_FORMATS } from './formats.ts';
import { storeFeed, type FeedBody } from './feeds.ts';

/**
 * Feeds larger than one request (the API's body limit is 256 KB, about 3,000 lines): the department asks for an
 * upload (`POST /api/v1/monitoring/feed-uploads` with the source, date, document and the file's exact size),
 * PUTs the file straight to the documents bucket with the presigned URL (never through the API,
 * docs/architecture.md § Request path and limits), and submits it (`…/{id}/submit`, 202). The `monitoring-feeds`
 * queue reads the object as a stream and takes the one path of every feed (feeds.ts `storeFeed`): checked line by
 * line and refused whole, or stored and matched. The upload records the outcome — the feed, or every bad line
 * (up to 100) — so the sender reads it later (`GET …/feed-uploads/{id}`). Redelivered, it gives the same answer:
 * the feed's id is a hash of its content.
 *
 * The file itself holds the ID numbers in clear, so it is deleted once the feed is stored (sealed) or refused.
 *
 *   upload  MONUPLOAD#<id> / UPLOAD   the object `monitoring/feeds/<county>/<id>.csv` until it is processed
 */
export type FeedUploadBody = z.infer<typeof feedUploadSchema>;

export interface FeedUploadItem {
  pk: string;
  sk: string;
  id: string;
  county: string;
  source: FeedBody['source'];
  asOf: string;
  document: string;
  sizeBytes: number;
  key: string;
  status: 'awaiting-file' | 'queued' | 'refused' | 'accepted';
  sender: { sub: string; role: string; department?: string };
  createdAt: string;
  submittedAt?: string;
  feedId?: string;
  duplicate?: boolean;
  errors?: { field: string; code: string; message: string }[];
  detail?: string;
  schemaVersion: number;
}

const uploadKey = (id: string) => ({ pk: `MONUPLOAD#${id}`, sk: 'UPLOAD' });
const bucket = (): string | undefined => process.env.BUCKET_DOCUMENTS;
const STATUS_LABELS = { 'awaiting-file': '等待上传文件', queued: '已提交，正在校验', refused: '整份数据未接收', accepted: '已接收' } as const;

const view = (u: FeedUploadItem) => ({
  id: u.id,
  source: u.source,
  sourceLabel: FEED_FORMATS[u.source].label,
  asOf: u.asOf,
  sizeBytes: u.sizeBytes,
  status: u.status,
  statusLabel: STATUS_LABELS[u.status],
  createdAt: u.createdAt,
  ...(u.feedId ? { feedId: u.feedId, duplicate: Boolean(u.duplicate) } : {}),
  ...(u.detail ? { detail: u.detail } : {}),
  ...(u.errors ? { errors: u.errors } : {}),
});

export async function createFeedUpload(o: { body: FeedUploadBody; actor: Actor; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { body, actor, now } = o;
  if (!actor.county) throw forbidden('scope-missing', '您的账号没有登记所属县区。');
  const b = bucket();
  if (!b) throw new AppError(503, 'uploads-unavailable', '暂不能上传文件', '文件存储未配置，请改用分批推送（每批不超过约3000行）。');
  const id = randomUUID();
  const key = `monitoring/feeds/${actor.county}/${id}.csv`;
  const item: FeedUploadItem = {
    ...uploadKey(id),
    id,
    county: actor.county,
    source: body.source,
    asOf: body.asOf,
    document: body.document,
    sizeBytes: body.sizeBytes,
    key,
    status: 'awaiting-file',
    sender: { sub: actor.sub, role: actor.role, ...(actor.department ? { department: actor.department } : {}) },
    createdAt: isoShanghai(now),
    schemaVersion: SCHEMA_VERSION,
  };
  const url = await getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: b, Key: key, ContentType: 'text/csv', ContentLength: body.sizeBytes }), {
    expiresIn: UPLOAD_URL_SECONDS,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
  return commitAudited({
    idempotency: o.idempotency,
    answer: {
      status: 201,
      body: { ...view(item), upload: { method: 'PUT', url, headers: { 'content-type': 'text/csv', 'content-length': String(body.sizeBytes) }, expiresIn: UPLOAD_URL_SECONDS } },
    },
    now,
    items: [{ Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    audit: { aggregate: `monitoring-upload#${id}`, actor: { sub: actor.sub, role: actor.role }, action: 'create', at: item.createdAt, after: item, newChain: true },
    retryOnAuditHead: false,
  });
}

async function loadUpload(id: string, actor: Actor): Promise<FeedUploadItem> {
  const u = /^[0-9a-f-]{36}$/.test(id) ? await getItem<FeedUploadItem>(uploadKey(id)) : undefined;
  // Another county's upload is the same 404 as none.
  if (!u || u.county !== actor.county) throw notFound('no-such-upload', '没有这次上传，或不在您的工作范围内。');
  return u;
}

export async function feedUploadView(id: string, actor: Actor) {
  return view(await loadUpload(id, actor));
}

/** The file is in the bucket, at the declared size: queue it. Submitting again while queued answers the same. */
export async function submitFeedUpload(o: { id: string; actor: Actor; now: Date; correlationId: string }): Promise<StoredAnswer> {
  const u = await loadUpload(o.id, o.actor);
  if (u.status !== 'awaiting-file') return { status: u.status === 'queued' ? 202 : 200, body: view(u) };
  const head = await s3Client()
    .send(new HeadObjectCommand({ Bucket: bucket(), Key: u.key }))
    .catch(() => undefined);
  if (!head) throw conflict('file-missing', '还没有收到文件：请先用上传地址上传文件，再提交。');
  if (head.ContentLength !== u.sizeBytes) throw conflict('file-size', `收到的文件为 ${head.ContentLength ?? 0} 字节，与申报的 ${u.sizeBytes} 字节不符，请重新上传。`);
  const submittedAt = isoShanghai(o.now);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: uploadKey(u.id),
        UpdateExpression: 'SET #s = :q, submittedAt = :at',
        ConditionExpression: '#s = :w',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':q': 'queued', ':w': 'awaiting-file', ':at': submittedAt },
      }),
    );
  } catch {
    return { status: 202, body: view({ ...u, status: 'queued' }) };
  }
  await sendMessages('monitoring-feeds', [{ body: { uploadId: u.id }, attributes: { job: 'feed-upload', date: dateShanghai(o.now), correlationId: o.correlationId } }]);
  return { status: 202, body: view({ ...u, status: 'queued', submittedAt }) };
}

/**
 * The queue's consumer: the object streamed through the feed's one path, as of the submission (so a
 * redelivery a day later stores the same feed with the same dates), and the outcome on the upload.
 */
export async function processFeedUpload(id: string, correlationId: string): Promise<{ status: FeedUploadItem['status']; feedId?: string }> {
  const u = await getItem<FeedUploadItem>(uploadKey(id));
  if (!u) throw new Error(`no upload ${id}`);
  if (u.status === 'accepted' || u.status === 'refused') return { status: u.status, ...(u.feedId ? { feedId: u.feedId } : {}) };
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: u.key }));
  const now = new Date(u.submittedAt ?? u.createdAt);
  let outcome: Partial<FeedUploadItem>;
  try {
    const answer = await storeFeed({
      county: u.county,
      meta: { source: u.source, asOf: u.asOf, document: u.document },
      csv: object.Body as Readable,
      actor: { sub: u.sender.sub, role: u.sender.role as Actor['role'], ...(u.sender.department ? { department: u.sender.department } : {}) },
      now,
      correlationId,
    });
    const body = answer.body as { id: string; duplicate?: boolean };
    outcome = { status: 'accepted', feedId: body.id, duplicate: Boolean(body.duplicate) };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 400) throw error;
    outcome = { status: 'refused', detail: error.message, errors: (error.errors ?? []).map((e) => ({ field: e.field, code: e.code, message: e.message })) };
  }
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...u, ...outcome } }));
  // The file holds the ID numbers in clear: once the feed is stored (sealed) or refused, it goes.
  await s3Client().send(new DeleteObjectCommand({ Bucket: bucket(), Key: u.key }));
  return { status: outcome.status!, ...(outcome.feedId ? { feedId: outcome.feedId } : {}) };
}
