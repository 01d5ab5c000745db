import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './s3.ts';

/**
 * Objects in a bucket: a put and a presigned download, so a module's files need no SDK of their own
 * (shared/payments/s3.ts). Apart from s3.ts, so a function that only needs the client does not bundle the
 * presigner.
 */
export async function putObject(bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** A GET URL valid for `expiresIn` seconds that downloads the object as `fileName`. */
export function presignDownload(bucket: string, key: string, fileName: string, expiresIn: number): Promise<string> {
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }), { expiresIn });
}
