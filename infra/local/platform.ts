import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { newLocalKey } from '../../shared/crypto/pii.ts';
import { resetDb } from '../../shared/store/client.ts';
import { useLocalQueues } from '../../shared/queue.ts';
import { useLocalSms } from '../../shared/notices/port.ts';
import { LocalSms } from './sms.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import { SCHEDULES, type ScheduleName } from '../../shared/definitions/schedules.ts';
import { startDynamo, type LocalDynamo } from './dynamodb.ts';
import { ensureTable } from './table.ts';
import { seedReference } from './seed.ts';
import { createIssuer, type LocalIssuer } from './jwt.ts';
import { createGateway } from './gateway.ts';
import { LocalQueues } from './queues.ts';
import { runSchedule, startScheduler } from './scheduler.ts';
import { localHooks } from './hooks.ts';
import { startS3, type LocalS3 } from './s3.ts';
import { checkAcknowledged, LostWritesError, markRunning, markStopped, openJournal, type Journal } from './durability.ts';

/**
 * The whole platform on one machine: DynamoDB Local, the table from the shared definition, reference
 * data, S3, queues, the gateway serving portal and API on one origin, and the schedules.
 * Used by `npm start`, `npm run job`, the integration tests and the bench.
 */
export interface PlatformOptions {
  port?: number;
  /** Persist here; omit for in-memory. */
  dataDir?: string;
  /** Reuse a running DynamoDB Local (tests share one per run). */
  dynamoEndpoint?: string;
  tableName?: string;
  clock?: Clock;
  portalDir?: string;
  schedules?: boolean;
  s3?: boolean;
  /** After a run that did not stop cleanly lost acknowledged writes: start anyway (npm start -- --accept-lost-writes). */
  acceptLostWrites?: boolean;
}

export interface Platform {
  url: string;
  port: number;
  endpoint: string;
  /** The DynamoDB Local (Java) process, when this platform started it: the bench reads its CPU time. */
  dynamoPid?: number;
  tableName: string;
  issuer: LocalIssuer;
  queues: LocalQueues;
  /** What would have reached each phone (shared/notices). */
  sms: LocalSms;
  runJob(name: ScheduleName, date: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** The local PII master key: persisted beside the data so sealed values stay readable across restarts. */
function localPiiKey(dataDir?: string): string {
  if (!dataDir) return newLocalKey();
  const file = join(dataDir, 'local-pii-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = newLocalKey();
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  // A kept DATA_DIR with its own emulator: mark the run, and check after one that did not stop cleanly.
  const owned = dataDir && !options.dynamoEndpoint ? dataDir : undefined;
  const { crashed } = owned ? markRunning(owned) : { crashed: false };
  let dynamo: LocalDynamo | undefined;
  const endpoint = options.dynamoEndpoint ?? (dynamo = await startDynamo(dataDir ? { dataDir } : {})).endpoint;
  const tableName = options.tableName ?? 'bozhou-local';
  const clock = options.clock ?? systemClock;

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'local',
    PII_LOCAL_KEY: process.env.PII_LOCAL_KEY ?? localPiiKey(dataDir),
    STAGE: 'local',
  });
  resetDb();
  await ensureTable(endpoint, tableName);
  let journal: Journal | undefined;
  if (owned) {
    if (crashed) {
      const report = await checkAcknowledged(owned);
      if (report.lost.length && !options.acceptLostWrites) {
        await dynamo?.stop();
        throw new LostWritesError(report, owned);
      }
      console.log(`Consistency check after an unclean stop: ${report.checked} acknowledged writes checked, ${report.lost.length} missing.`);
      markStopped(owned);
      markRunning(owned);
    }
    journal = openJournal(owned);
  }
  await seedReference();

  let s3: LocalS3 | undefined;
  if (options.s3 !== false) s3 = await startS3(dataDir);

  const queues = new LocalQueues();
  useLocalQueues(queues);
  const sms = new LocalSms();
  useLocalSms(sms);
  const issuer = await createIssuer(dataDir);
  const runJob = async (name: ScheduleName, date: string) => {
    const result = await runSchedule(name, date);
    await queues.drain();
    return result;
  };
  Object.assign(localHooks(), { issuer, sms, runJob: (name: string, date: string) => runJob(name as ScheduleName, date) });

  // The page PUTs files to the local S3 gate, another origin: the CSP lets it connect (shared/definitions/edge.ts).
  const server = createGateway({ issuer, clock, ...(s3 ? { connectOrigins: [s3.endpoint] } : {}), ...(options.portalDir ? { portalDir: options.portalDir } : {}), ...(journal ? { journal } : {}) });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  process.env.ALLOWED_ORIGINS = `http://localhost:${port},http://127.0.0.1:${port}`;
  s3?.allowOrigins(process.env.ALLOWED_ORIGINS.split(','));
  const scheduler = options.schedules ? startScheduler(clock) : undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    endpoint,
    ...(dynamo?.process.pid ? { dynamoPid: dynamo.process.pid } : {}),
    tableName,
    issuer,
    queues,
    sms,
    runJob,
    async stop() {
      scheduler?.stop();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await s3?.stop();
      await dynamo?.stop();
      journal?.close();
      // Only when the emulator shut down on our request (not killed meanwhile) is what it acknowledged on disk.
      if (owned && dynamo && dynamo.process.signalCode !== 'SIGKILL') markStopped(owned);
    },
  };
}

export const scheduleNames = (): ScheduleName[] => Object.keys(SCHEDULES) as ScheduleName[];
