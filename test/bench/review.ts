import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { startPlatform } from '../../infra/local/platform.ts';
import { taskItem, type TaskDescriptor } from '../../shared/management/tasks.ts';
import { seedActiveCases } from './seed.ts';
import type { Row } from './table.ts';

/**
 * DESIGN §6, the Q4 review (五)(六) over 100,000 active cases: `dibao-q4-review` then `tekun-q4-review`
 * for 1 October, each paging through every county's active cases and fanning out through the in-process
 * `management-batches` queue to the conditional task puts — against a bare conditional PutItem of the
 * same number of task items at the same concurrency (4 queue deliveries × 25 puts each), on the same
 * DynamoDB Local, in the same run. Peak RSS of this process is sampled through the job.
 */
const CONCURRENCY = 4 * 25;

async function baseline(n: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const d: TaskDescriptor = { kind: 'dibao-q4-review', period: 'BASE', reference: `QC-260302-${String(i).padStart(6, '0')}-K`, type: 'dibao', county: '341602', township: '341602001', dueDate: '2026-12-31', applicant: '王*国', createdOn: '2026-10-01', createdBy: 'job:bench' };
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
    // The job first, so the baseline's garbage is not counted in its peak.
    const startRss = process.memoryUsage().rss;
    let peak = startRss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 100);
    console.error('Q4 review…');
    const t = performance.now();
    const reports = [(await platform.runJob('dibao-q4-review', '2026-10-01')) as { handedOver: boolean }, (await platform.runJob('tekun-q4-review', '2026-10-01')) as { handedOver: boolean }];
    const took = performance.now() - t;
    clearInterval(sampler);
    // The first invocation's report covers only what it swept before a hand-over; the run items count every batch.
    let tasks = 0;
    for (const job of ['dibao-q4-review', 'tekun-q4-review']) {
      const run = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `JOB#${job}`, sk: '2026-10-01' }, ConsistentRead: true }))).Item;
      tasks += ((run?.created as number) ?? 0) + ((run?.existing as number) ?? 0);
    }
    const handovers = reports.filter((r) => r.handedOver).length;
    if (tasks !== n) throw new Error(`the review created ${tasks} tasks for ${n} cases`);
    if (platform.queues.dlq.size) throw new Error('messages went to the dead-letter queue');
    console.error('baseline: conditional PutItem…');
    const base = await baseline(n);
    return [
      { name: `Q4 review, ${n} active cases → ${tasks} tasks (SQS fan-out) vs conditional PutItem ×${n} at ${CONCURRENCY}`, value: took / 1000, unit: 's', baseline: base / 1000, ratio: took / base, budget: 1.5 },
      { name: 'Q4 review: peak RSS of the process (platform, queues and job in one process)', value: peak / 2 ** 20, unit: 'MB', baseline: startRss / 2 ** 20, ratio: null, budget: 300 },
      { name: `Q4 review: tasks per second (${handovers} of 2 jobs handed over before the time limit)`, value: (tasks / took) * 1000, unit: 'items/s', baseline: (n / base) * 1000, ratio: null, budget: null },
    ];
  } finally {
    await platform.stop();
  }
}
