import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS, functionEntry, nodeOptions, type FunctionName } from '../../shared/definitions/functions.ts';
import { bundle } from './bundles.ts';

/**
 * A city-scale job measured the way it runs on AWS (docs/architecture.md § Performance budgets): in a fresh process that loads only the
 * function's deployed bundle (infra/function-bundle.ts), invoked as EventBridge Scheduler invokes it and
 * fed by the in-process queues (infra/local/queues.ts: 4 deliveries at a time, partial batch failures),
 * against the bench's DynamoDB Local and table, with the function's NODE_OPTIONS (its heap cap). Its wall time and peak RSS are the job's — not the bench's,
 * whose process holds the seeding and the platform.
 */
export interface JobSpec {
  fn: FunctionName;
  /** Run in order, each drained before the next. */
  jobs: { job: string; date: string }[];
}

export interface JobMeasure {
  seconds: number;
  maxRssMb: number;
  cpuSeconds: number;
  dlq: number;
}

export async function runJobInProcess(spec: JobSpec, db: { endpoint: string; tableName: string }, workDir: string): Promise<JobMeasure> {
  const bundles = join(workDir, 'job-bundles');
  await bundle(functionEntry(spec.fn), join(bundles, spec.fn));
  const proc = spawn(process.execPath, [...(process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean), new URL(import.meta.url).pathname, '--child'], {
    env: {
      ...process.env,
      JOB_SPEC: JSON.stringify(spec),
      // BENCH_JOB_SOURCE=1 runs the TypeScript sources instead, for a readable CPU profile (BENCH_CHILD_ARGS=--cpu-prof).
      ...(process.env.BENCH_JOB_SOURCE ? {} : { LOCAL_FUNCTION_BUNDLES: bundles }),
      DYNAMODB_ENDPOINT: db.endpoint,
      TABLE_NAME: db.tableName,
      AWS_REGION: 'local',
      LOG_LEVEL: 'ERROR',
      ...nodeOptions(FUNCTIONS[spec.fn]), // as the function's Lambda environment sets it
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((done) => proc.on('close', done));
  if (code !== 0) throw new Error(`${spec.fn} job process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as JobMeasure;
}

async function child(): Promise<void> {
  const spec = JSON.parse(process.env.JOB_SPEC!) as JobSpec;
  const { LocalQueues } = await import('../../infra/local/queues.ts');
  const { invoke } = await import('../../infra/local/functions.ts');
  const { useLocalQueues } = await import('../../shared/queue.ts');
  const queues = new LocalQueues();
  useLocalQueues(queues);
  if (process.env.BENCH_TRACE) (await import('./trace-db.ts')).traceDb();
  const t = performance.now();
  const cpu = process.cpuUsage();
  for (const { job, date } of spec.jobs) {
    await invoke(spec.fn, { job, date });
    await queues.drain();
  }
  const used = process.cpuUsage(cpu);
  const measure: JobMeasure = {
    seconds: (performance.now() - t) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (used.user + used.system) / 1e6,
    dlq: [...queues.dlq.values()].reduce((n, l) => n + l.length, 0),
  };
  console.log(JSON.stringify(measure));
}

if (import.meta.main && process.argv[2] === '--child') await child();

/** CPU seconds a process has used so far (Linux /proc; clock ticks of 1/100 s), or NaN where unknown. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return Number.NaN;
  }
}
