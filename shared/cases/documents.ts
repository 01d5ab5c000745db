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
  const [{ S3Client, PutObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
  const endpoint = process.env.S3_ENDPOINT;
  const client = new S3Client(
    endpoint ? { endpoint, forcePathStyle: true, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {},
  );
  const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), { expiresIn: UPLOAD_URL_SECONDS });
  return { method: 'PUT', url, headers: { 'content-type': contentType }, expiresIn: UPLOAD_URL_SECONDS };
}
