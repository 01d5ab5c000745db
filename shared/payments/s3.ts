/**
 * The payment-files bucket (KMS-encrypted in CDK, s3rver locally). Bank files hold real account numbers,
 * so they never pass through the API: they are written here and fetched with a short-lived presigned URL.
 */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

export const paymentBucket = (): string | undefined => process.env.BUCKET_PAYMENT_FILES;

async function client() {
  const s3 = await import('@aws-sdk/client-s3');
  const endpoint = process.env.S3_ENDPOINT;
  const c = new s3.S3Client(
    endpoint ? { endpoint, forcePathStyle: true, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {},
  );
  return { s3, c };
}

export async function putFile(key: string, body: Buffer, contentType: string): Promise<void> {
  const bucket = paymentBucket();
  if (!bucket) throw new Error('BUCKET_PAYMENT_FILES is not set');
  const { s3, c } = await client();
  // SSE-KMS is the bucket default in CDK; nothing to say per object.
  await c.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function presignGet(key: string, fileName: string): Promise<string> {
  const bucket = paymentBucket();
  if (!bucket) throw new Error('BUCKET_PAYMENT_FILES is not set');
  const [{ s3, c }, { getSignedUrl }] = await Promise.all([client(), import('@aws-sdk/s3-request-presigner')]);
  return getSignedUrl(c, new s3.GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }), { expiresIn: DOWNLOAD_URL_SECONDS });
}
