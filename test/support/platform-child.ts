import { startPlatform } from '../../infra/local/platform.ts';

/** A persisted platform in its own process, for the kill-and-restart test: prints its URL and DynamoDB Local's pid, or the refusal. */
try {
  const p = await startPlatform({ dataDir: process.env.CHILD_DATA_DIR!, s3: false, acceptLostWrites: process.argv.includes('--accept-lost-writes') });
  console.log(JSON.stringify({ url: p.url, dynamoPid: p.dynamoPid }));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void p.stop().then(() => process.exit(0)));
  setInterval(() => undefined, 1000);
} catch (error) {
  console.log(JSON.stringify({ refused: (error as Error).message, lost: (error as { report?: { lost: unknown[] } }).report?.lost ?? null }));
  process.exit(3);
}
