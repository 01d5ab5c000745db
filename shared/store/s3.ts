import { S3Client } from '@aws-sdk/client-s3';

/**
 * One S3 client per process for documents, payment files and audit anchors: on AWS the role and region;
 * locally `S3_ENDPOINT` points at the local S3 server (path-style, its fixed credentials).
 * The SDK is imported by name, not with a dynamic `import()`, so the bundler keeps only the commands used.
 */
let cached: { endpoint: string | undefined; client: S3Client } | undefined;

export function s3Client(): S3Client {
  const endpoint = process.env.S3_ENDPOINT;
  if (cached && cached.endpoint === endpoint) return cached.client;
  const client = new S3Client(endpoint ? { endpoint, forcePathStyle: true, region: process.env.AWS_REGION ?? 'local', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {});
  cached = { endpoint, client };
  return client;
}
