import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { freePort } from './ports.ts';

/** An S3-compatible server (s3rver) for documents, payment files and audit anchors. */
export const LOCAL_BUCKETS = ['documents', 'payment-files', 'audit-anchors'] as const;

export interface LocalS3 {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startS3(dataDir?: string): Promise<LocalS3> {
  const directory = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'bozhou-s3-'));
  mkdirSync(directory, { recursive: true });
  const port = await freePort();
  const server = new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: LOCAL_BUCKETS.map((name) => ({ name, configs: [] })) });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.S3_ENDPOINT = endpoint;
  for (const b of LOCAL_BUCKETS) process.env[`BUCKET_${b.toUpperCase().replace(/-/g, '_')}`] = b;
  return {
    endpoint,
    async stop() {
      await server.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
