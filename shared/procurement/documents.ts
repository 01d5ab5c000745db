import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../store/s3.ts';
import { presignUpload, type Upload } from '../cases/documents.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import type { TenderDocument, TenderState } from './model.ts';
import { ownCounty } from './planning.ts';
import type { Actor } from './store.ts';

/**
 * 采购文件 of a tender (measure 十八). The county uploads each file straight to the documents bucket with a
 * presigned PUT (never through the API: docs/architecture.md § Request path and limits); when the tender is
 * published or amended, the platform reads each object back from S3, checks that it is what was declared
 * (size, type, the file's own first bytes) and computes its SHA-256 itself — a client's hash is never
 * taken. The hash goes into the tender and into the OCDS document entry, so a contractor can check the
 * file it downloads (a presigned GET) against the public record.
 */
export const TENDER_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
const MAX_LABEL = '20 MB';
export const DOWNLOAD_URL_SECONDS = 10 * 60;

/** Accepted types: the MIME type, the file extension and the magic bytes the file must start with. */
export const TENDER_DOCUMENT_TYPES = {
  'application/pdf': { ext: 'pdf', label: 'PDF', magic: '%PDF-' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx', label: 'Word（.docx）', magic: 'PK\u0003\u0004' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx', label: 'Excel（.xlsx）', magic: 'PK\u0003\u0004' },
  'application/ofd': { ext: 'ofd', label: 'OFD（GB/T 33190）', magic: 'PK\u0003\u0004' },
} as const;
export type TenderDocumentType = keyof typeof TENDER_DOCUMENT_TYPES;
const TYPE_LABELS = Object.values(TENDER_DOCUMENT_TYPES)
  .map((t) => t.label)
  .join('、');

const bucket = (): string => {
  const b = process.env.BUCKET_DOCUMENTS;
  if (!b) throw new AppError(503, 'documents-unavailable', '文件服务暂不可用', '采购文件存储暂不可用，请稍后再试。');
  return b;
};

const KEY = /^tender-documents\/(\d{6})\/([0-9a-f]{32})\.(pdf|docx|xlsx|ofd)$/;

/** Step 1: where to upload one file. The declared type and size are checked here and again on the stored object. */
export async function requestUpload(actor: Actor, input: { county: string; contentType: string; size: number }): Promise<{ key: string; upload: Upload; maxBytes: number }> {
  ownCounty(actor, input.county);
  const type = TENDER_DOCUMENT_TYPES[input.contentType as TenderDocumentType];
  if (!type) throw invalidField('contentType', 'type-not-allowed', `采购文件只能是 ${TYPE_LABELS} 格式`);
  if (input.size > TENDER_DOCUMENT_MAX_BYTES) throw invalidField('size', 'too-large', `采购文件不能超过 ${MAX_LABEL}（这个文件有 ${(input.size / 1024 / 1024).toFixed(1)} MB）`);
  bucket();
  const key = `tender-documents/${input.county}/${randomUUID().replace(/-/g, '')}.${type.ext}`;
  const upload = await presignUpload(key, input.contentType);
  if (!upload) throw new AppError(503, 'documents-unavailable', '文件服务暂不可用', '采购文件存储暂不可用，请稍后再试。');
  return { key, upload, maxBytes: TENDER_DOCUMENT_MAX_BYTES };
}

/**
 * Step 2, when a tender is published or amended: read each uploaded object and keep what the platform saw.
 * Documents the tender already holds (named by their key or their id) keep their reading. `field` names the list in errors.
 */
export async function verifyDocuments(actor: Actor, county: string, docs: { key: string; title: string }[], held: TenderDocument[], field = 'documents'): Promise<TenderDocument[]> {
  ownCounty(actor, county);
  const out: TenderDocument[] = [];
  for (const [i, d] of docs.entries()) {
    const at = `${field}.${i}.key`;
    const known = held.find((h) => (h.key === d.key || h.id === d.key) && h.sha256);
    if (known) {
      out.push({ ...known, title: d.title });
      continue;
    }
    const m = KEY.exec(d.key);
    if (!m) throw invalidField(at, 'not-uploaded', '请先上传采购文件，再发布（这里应是上传后得到的文件位置）');
    if (m[1] !== county) throw invalidField(at, 'other-county', '这个文件不是本县区上传的');
    out.push({ id: `D${m[2]!.slice(0, 10)}`, key: d.key, title: d.title, ...(await readStored(d.key, at)) });
  }
  if (new Set(out.map((d) => d.key)).size !== out.length) throw invalidField(field, 'duplicate', '同一个文件只能列一次');
  return out;
}

async function readStored(key: string, field: string): Promise<{ contentType: TenderDocumentType; size: number; sha256: string }> {
  let object: GetObjectCommandOutput;
  try {
    object = await s3Client().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
      throw invalidField(field, 'not-uploaded', '没有找到上传的文件：上传可能没有完成，请重新上传');
    }
    throw error;
  }
  const contentType = (object.ContentType ?? '').split(';')[0]!.trim() as TenderDocumentType;
  const type = TENDER_DOCUMENT_TYPES[contentType];
  const ext = key.slice(key.lastIndexOf('.') + 1);
  if (!type || type.ext !== ext) {
    await drain(object.Body);
    throw invalidField(field, 'type-not-allowed', `上传的文件类型不对：采购文件只能是 ${TYPE_LABELS} 格式`);
  }
  if ((object.ContentLength ?? 0) > TENDER_DOCUMENT_MAX_BYTES) {
    await drain(object.Body);
    throw invalidField(field, 'too-large', `上传的文件超过 ${MAX_LABEL}`);
  }
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  for await (const chunk of (object.Body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > TENDER_DOCUMENT_MAX_BYTES) throw invalidField(field, 'too-large', `上传的文件超过 ${MAX_LABEL}`);
    if (head.length < 8) head = Buffer.concat([head, Buffer.from(chunk.subarray(0, 8))]);
    hash.update(chunk);
  }
  if (size === 0) throw invalidField(field, 'empty', '上传的文件是空的，请重新上传');
  if (!head.subarray(0, type.magic.length).equals(Buffer.from(type.magic, 'latin1'))) {
    throw invalidField(field, 'type-mismatch', `文件内容不是 ${type.label}：请确认上传的是正确的文件`);
  }
  return { contentType, size, sha256: hash.digest('hex') };
}

/** Stops reading an object that is refused, so its connection is released. */
async function drain(body: GetObjectCommandOutput['Body']): Promise<void> {
  const stream = body as { destroy?: () => void } | undefined;
  stream?.destroy?.();
}

/** A presigned, short-lived download of one document of a tender, with the hash to check it by. */
export async function documentDownload(t: TenderState, documentId: string) {
  const d = t.documents.find((x) => x.id === documentId);
  if (!d?.sha256 || !d.contentType) throw notFound('no-such-document', `采购项目 ${t.id} 没有编号为 ${documentId} 的采购文件。`);
  const fileName = `${d.title}.${TENDER_DOCUMENT_TYPES[d.contentType as TenderDocumentType].ext}`;
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({ Bucket: bucket(), Key: d.key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`, ResponseContentType: d.contentType }),
    { expiresIn: DOWNLOAD_URL_SECONDS },
  );
  return { id: d.id, title: d.title, fileName, contentType: d.contentType, size: d.size, sha256: d.sha256, algorithm: 'SHA-256', url, expiresIn: DOWNLOAD_URL_SECONDS };
}
