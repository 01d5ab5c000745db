import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../store/s3.ts';
/**
 * Photos and documents of a case never pass through the API (10 MB / 6 MB limits, docs/architecture.md § Request path and limits): the
 * caller gets a short-lived presigned PUT URL and uploads straight to the documents bucket.
 * The bucket comes from `BUCKET_DOCUMENTS` (set by the local runtime, and by CDK for the functions
 * granted the bucket). Without it the key is still recorded and `upload` is null.
 */
export const UPLOAD_URL_SECONDS = 15 * 60;

export interface Upload {
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  expiresIn: number;
}

export async function presignUpload(key: string, contentType: string): Promise<Upload | null> {
  const bucket = process.env.BUCKET_DOCUMENTS;
  if (!bucket) return null;
  const url = await getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), { expiresIn: UPLOAD_URL_SECONDS });
  return { method: 'PUT', url, headers: { 'content-type': contentType }, expiresIn: UPLOAD_URL_SECONDS };
}
