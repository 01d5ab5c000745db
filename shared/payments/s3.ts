import { presignDownload, putObject } from '../store/objects.ts';

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
  await putObject(bucket, key, body, contentType);
}

export async function presignGet(key: string, fileName: string): Promise<string> {
  const bucket = paymentBucket();
  if (!bucket) throw new Error('BUCKET_PAYMENT_FILES is not set');
  return presignDownload(bucket, key, fileName, DOWNLOAD_URL_SECONDS);
}
