import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { IDEMPOTENCY_TTL_SECONDS } from '../../shared/store/idempotency.ts';

/**
 * What the embedded runtime can and cannot promise about a kept DATA_DIR.
 *
 * DynamoDB Local keeps its data in SQLite, and a SIGKILL of the emulator can lose a TransactWriteItems
 * it has already acknowledged: measured here, 1 of 60 acknowledged transactions was gone after a kill
 * and restart in 2 of 3 runs (a hot `-journal` file is left behind and rolled back on the next open),
 * while single PutItems were not lost. Every creating route of the platform writes one transaction, so
 * an applicant could hold a 申请编号 that no longer exists. That is the emulator's limit, not ours to fix.
 *
 * So the local runtime keeps its own promise instead: every acknowledged creating answer (a 2xx to a
 * POST of an idempotent route, under the key its answer names — a plain form's too) is appended and
 * fsync'd to `acknowledged.jsonl` before the answer is sent, and `running.pid` marks a run in progress. A start that finds the marker of a run that did not
 * stop cleanly checks every acknowledgement of the last day against the table (its idempotency record
 * must exist) and refuses to come up if any is missing, naming them — unless told to accept the loss.
 */
export interface Acknowledgement {
  at: string;
  route: string;
  scope: string;
  key: string;
  status: number;
  reference?: string;
}

export interface Journal {
  record(entry: Acknowledgement): void;
  close(): void;
}

const JOURNAL = 'acknowledged.jsonl';
const MARKER = 'running.pid';

export function openJournal(dataDir: string): Journal {
  mkdirSync(dataDir, { recursive: true });
  const fd = openSync(join(dataDir, JOURNAL), 'a');
  return {
    record(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Marks this run; says whether the previous one ended without stopping (and so needs the check). */
export function markRunning(dataDir: string): { crashed: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const marker = join(dataDir, MARKER);
  let crashed = false;
  if (existsSync(marker)) {
    const pid = Number(readFileSync(marker, 'utf8').trim());
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`DATA_DIR ${dataDir} is in use by another running platform (pid ${pid}); stop it first.`);
    crashed = true;
  }
  writeFileSync(marker, String(process.pid));
  return { crashed };
}

/** A clean stop: the emulator has shut down, so what it acknowledged is on disk; the journal starts afresh. */
export function markStopped(dataDir: string): void {
  rmSync(join(dataDir, MARKER), { force: true });
  writeFileSync(join(dataDir, JOURNAL), '');
}

export interface ConsistencyReport {
  checked: number;
  lost: Acknowledgement[];
}

/** Every acknowledgement of the last day must still have its idempotency record in the table. */
export async function checkAcknowledged(dataDir: string, now = new Date()): Promise<ConsistencyReport> {
  const file = join(dataDir, JOURNAL);
  if (!existsSync(file)) return { checked: 0, lost: [] };
  const since = now.getTime() - IDEMPOTENCY_TTL_SECONDS * 1000;
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Acknowledgement];
      } catch {
        return []; // a line torn by the crash was never acknowledged (fsync precedes the answer)
      }
    })
    .filter((e) => Date.parse(e.at) >= since);
  const lost: Acknowledgement[] = [];
  for (const e of entries) {
    const found = await db().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(e.scope, e.key), ConsistentRead: true }));
    if (!found.Item) lost.push(e);
  }
  writeFileSync(join(dataDir, 'consistency-report.json'), JSON.stringify({ checkedAt: now.toISOString(), checked: entries.length, lost }, null, 2));
  return { checked: entries.length, lost };
}

export class LostWritesError extends Error {
  readonly report: ConsistencyReport;
  constructor(report: ConsistencyReport, dataDir: string) {
    super(
      [
        `The last run on ${dataDir} did not stop cleanly, and ${report.lost.length} of ${report.checked} acknowledged writes are missing from DynamoDB Local:`,
        ...report.lost.map((e) => `  ${e.at}  ${e.route}  ${e.reference ?? ''}  (Idempotency-Key ${e.key})`),
        'DynamoDB Local can lose acknowledged transactions when it is killed. The list is in consistency-report.json.',
        'Start with `npm start -- --accept-lost-writes` to go on with the data as it is (retries with the same keys will create them again).',
      ].join('\n'),
    );
    this.report = report;
  }
}
