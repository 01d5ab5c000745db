import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '../store/s3.ts';

/**
 * The payment-files bucket (KMS-encrypted in CDK, s3rver locally). Bank files hold real account numbers,
 * so they never pass through the API: they are written here and fetched with a short-lived presigned URL.
 */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export const paymentBucket = (): string | undefined => process.env.BUCKET_PAYMENT_FILES;

export async function putFile(key: string, body: Buffer, contentType: string): Promise<void> {
  const bucket = paymentBucket();
  if (!bucket) throw new Error('BUCKET_PAYMENT_FILES is not set');
  // SSE-KMS is the bucket default in CDK; nothing to say per object.
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function presignGet(key: string, fileName: string): Promise<string> {
  const bucket = paymentBucket();
  if (!bucket) throw new Error('BUCKET_PAYMENT_FILES is not set');
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }), { expiresIn: DOWNLOAD_URL_SECONDS });
}
