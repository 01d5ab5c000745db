import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { s3Client } from '../store/s3.ts';
import { commitAudited } from '../store/commit.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { conflict, invalidField } from '../errors.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { isoShanghai } from '../clock.ts';
import { lookupApplication } from './lookup.ts';
import { loadCase, type CaseItem } from './case.ts';
import { UPLOAD_URL_SECONDS } from './documents.ts';
import { EVIDENCE_LIMITS, EVIDENCE_LIMITS_TEXT } from './evidence-limits.ts';

/**
 * Evidence from the applicant (issue 23): photos of the fire, hospital bills — a photo or a PDF, its type
 * and size checked before anything is signed, then uploaded straight to the documents bucket with a
 * presigned PUT (never through the API: shared/cases/documents.ts) that binds the declared type and exact
 * size, so S3 refuses a different file. The applicant proves the case is theirs with the 申请编号 and ID
 * number, under the look-up's own limits and lock (shared/cases/lookup.ts). Each upload is an item of its own
 * (`EVIDENCE#<reference>`), audited on `evidence#<reference>`; staff see the list with short-lived download
 * links on the case page (the case view, whose every opening is audited); nothing of it is public.
 */
export { EVIDENCE_LIMITS, EVIDENCE_LIMITS_TEXT } from './evidence-limits.ts';

export interface EvidenceInput {
  idNumber: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  description?: string | undefined;
}

export interface EvidenceItem {
  pk: string;
  sk: string;
  kind: 'evidence';
  id: string;
  reference: string;
  key: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  description?: string;
  by: 'applicant';
  at: string;
  schemaVersion: number;
}

const evidenceKeys = {
  item: (reference: string, id: string) => ({ pk: `EVIDENCE#${reference}`, sk: `FILE#${id}` }),
  count: (reference: string) => ({ pk: `EVIDENCE#${reference}`, sk: 'COUNT' }),
};

const bucket = (): string | undefined => process.env.BUCKET_DOCUMENTS;
const CLOSED: readonly CaseItem['status'][] = ['withdrawn', 'ended'];

export async function addEvidence(reference: string, input: EvidenceInput, o: { caller: string; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const ext = input.fileName.toLowerCase().split('.').pop() ?? '';
  const allowed = EVIDENCE_LIMITS.types[input.contentType] ?? [];
  if (!allowed.includes(ext)) {
    throw invalidField('fileName', 'type-mismatch', `文件名“${input.fileName.slice(0, 60)}”与文件类型不符：${input.contentType} 的文件名应以 .${allowed.join(' 或 .')} 结尾`);
  }
  // The case is the caller's: 申请编号 + ID number, with the look-up's limits, lock and its one answer for any mismatch.
  await lookupApplication(reference, input.idNumber, o.caller, o.now);
  const c = await loadCase(reference);
  if (CLOSED.includes(c.status)) throw conflict('case-closed', '这件申请已经撤回或终止，不能再上传材料。如有新情况，请重新申请或到乡镇（街道）社会救助窗口反映。');

  const id = randomUUID();
  const at = isoShanghai(o.now);
  const key = `cases/${c.reference}/evidence/${id}.${ext}`;
  const item: EvidenceItem = {
    ...evidenceKeys.item(c.reference, id),
    kind: 'evidence',
    id,
    reference: c.reference,
    key,
    fileName: input.fileName,
    contentType: input.contentType,
    sizeBytes: input.sizeBytes,
    ...(input.description ? { description: input.description } : {}),
    by: 'applicant',
    at,
    schemaVersion: SCHEMA_VERSION,
  };
  const b = bucket();
  const url = b
    ? await getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: b, Key: key, ContentType: input.contentType, ContentLength: input.sizeBytes }), {
        expiresIn: UPLOAD_URL_SECONDS,
        signableHeaders: new Set(['content-type', 'content-length']),
      })
    : null;
  const answer: StoredAnswer = {
    status: 201,
    body: {
      id,
      reference: c.reference,
      fileName: input.fileName,
      limits: EVIDENCE_LIMITS_TEXT,
      upload: url ? { method: 'PUT', url, headers: { 'content-type': input.contentType, 'content-length': String(input.sizeBytes) }, expiresIn: UPLOAD_URL_SECONDS } : null,
    },
  };
  return commitAudited({
    idempotency: o.idempotency,
    answer,
    now: o.now,
    items: [
      {
        Update: {
          TableName: tableName(),
          Key: evidenceKeys.count(c.reference),
          UpdateExpression: 'ADD n :one',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': EVIDENCE_LIMITS.perCase },
        },
      },
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ],
    audit: {
      aggregate: `evidence#${c.reference}`,
      actor: { sub: 'applicant', role: 'applicant' },
      action: 'evidence',
      at,
      after: { id, key, contentType: input.contentType, sizeBytes: input.sizeBytes },
    },
    retryOnAuditHead: true,
    explain: (index) =>
      index === 0
        ? invalidField('fileName', 'too-many-files', `每件申请最多上传 ${EVIDENCE_LIMITS.perCase} 个文件，已经满了。还有材料的，请交到乡镇（街道）社会救助窗口。`)
        : conflict('write-conflict', '系统繁忙，请重新上传。'),
  });
}

/** The case's evidence for staff: each with whether the file has arrived and a short-lived download link. */
export async function evidenceForStaff(reference: string) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)',
      ExpressionAttributeValues: { ':p': `EVIDENCE#${reference}`, ':f': 'FILE#' },
    }),
  );
  const b = bucket();
  return Promise.all(
    ((out.Items ?? []) as EvidenceItem[])
      .sort((x, y) => x.at.localeCompare(y.at))
      .map(async (e) => {
        const uploaded = b
          ? await s3Client()
              .send(new HeadObjectCommand({ Bucket: b, Key: e.key }))
              .then(() => true)
              .catch(() => false)
          : false;
        const download = b && uploaded ? await getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: b, Key: e.key }), { expiresIn: EVIDENCE_LIMITS.downloadSeconds }) : null;
        return { id: e.id, fileName: e.fileName, contentType: e.contentType, sizeBytes: e.sizeBytes, ...(e.description ? { description: e.description } : {}), by: e.by, at: e.at, uploaded, download };
      }),
  );
}
