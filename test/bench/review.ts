import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { startPlatform } from '../../infra/local/platform.ts';
import { taskItem, TASK_WRITE_CONCURRENCY, type TaskDescriptor } from '../../shared/management/tasks.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJobInProcess, type JobMeasure } from './job-process.ts';
import { seedActiveCases } from './seed.ts';
import type { Row } from './table.ts';

/**
 * docs/architecture.md § Performance budgets, the Q4 review (五)(六) over 100,000 active cases: `dibao-q4-review` then `tekun-q4-review`
 * for 1 October, each paging through every county's active cases and fanning out through the in-process
 * `management-batches` queue to the conditional task puts — against a bare conditional PutItem of the
 * same number of task items at the same concurrency (4 queue deliveries × 25 puts each), on the same
 * DynamoDB Local, in the same run. The jobs run in a process of their own that loads only the management
 * bundle (./job-process.ts), so its peak RSS is the job's.
 */
const CONCURRENCY = 4 * TASK_WRITE_CONCURRENCY;

async function baseline(n: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const d: TaskDescriptor = {
          kind: 'dibao-q4-review',
          period: 'BASE',
          reference: `QC-260302-${String(i).padStart(6, '0')}-K`,
          type: 'dibao',
          county: '341602',
          township: '341602001',
          dueDate: '2026-12-31',
          applicant: '王*国',
          createdOn: '2026-10-01',
          createdBy: 'job:bench',
        };
        await db().send(new PutCommand({ TableName: tableName(), Item: { ...taskItem(d), pk: `BASE#${i}` }, ConditionExpression: 'attribute_not_exists(pk)' }));
      }
    }),
  );
  return performance.now() - t;
}

export async function benchReview(n = Number(process.env.BENCH_CASES ?? 100_000)): Promise<Row[]> {
  const platform = await startPlatform({ s3: false });
  try {
    console.error(`seeding ${n} active cases…`);
    await seedActiveCases(n);
    console.error('Q4 review…');
    const work = mkdtempSync(join(tmpdir(), 'bozhou-bench-review-'));
    let job: JobMeasure;
    try {
      job = await runJobInProcess(
        {
          fn: 'management',
          jobs: [
            { job: 'dibao-q4-review', date: '2026-10-01' },
            { job: 'tekun-q4-review', date: '2026-10-01' },
          ],
        },
        platform,
        work,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // The first invocation's report covers only what it swept before a hand-over; the run items count every batch.
    let tasks = 0;
    for (const name of ['dibao-q4-review', 'tekun-q4-review']) {
      const run = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `JOB#${name}`, sk: '2026-10-01' }, ConsistentRead: true }))).Item;
      tasks += ((run?.created as number) ?? 0) + ((run?.existing as number) ?? 0);
    }
    if (tasks !== n) throw new Error(`the review created ${tasks} tasks for ${n} cases`);
    if (job.dlq) throw new Error('messages went to the dead-letter queue');
    console.error(`Q4 review: ${job.seconds.toFixed(1)} s, ${job.cpuSeconds.toFixed(1)} s CPU, peak RSS ${job.maxRssMb.toFixed(0)} MB`);
    console.error('baseline: conditional PutItem…');
    const base = await baseline(n);
    return [
      {
        name: `Q4 review, ${n} active cases → ${tasks} tasks (SQS fan-out) vs conditional PutItem ×${n} at ${CONCURRENCY}`,
        value: job.seconds,
        unit: 's',
        baseline: base / 1000,
        ratio: (job.seconds * 1000) / base,
        budget: 1.5,
      },
      { name: 'Q4 review: peak RSS of the job process (management bundle, queues)', value: job.maxRssMb, unit: 'MB', baseline: null, ratio: null, budget: 300 },
      { name: 'Q4 review: tasks per second', value: tasks / job.seconds, unit: 'items/s', baseline: (n / base) * 1000, ratio: null, budget: null },
    ];
  } finally {
    await platform.stop();
  }
}

// `node test/bench/review.ts [n]`: this bench alone.
if (import.meta.main) {
  const { printTable } = await import('./table.ts');
  printTable(await benchReview(Number(process.argv[2] ?? 100_000)));
}
