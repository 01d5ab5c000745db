import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { forgetParameters } from '../../shared/payments/params.ts';
import { addMonth } from '../../shared/payments/months.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { rosterPk } from '../../shared/cases/roster.ts';
import { queryPages } from '../../shared/store/query.ts';
import { getSimulation, recordSimulation } from '../../shared/simulation/runs.ts';
import { registryShaped } from './seed.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { activeThroughApi, cloneCase, loadCaseItem, writeItems } from '../integration/payments-support.ts';
import { caller, publicityCloseDate, workflowStaff } from './payments.ts';
import { runJobInProcess } from './job-process.ts';
import type { Row } from './table.ts';

/**
 * A policy simulation (shared/simulation) over every case on the roster — a 低保 and 特困 rise, city-wide —
 * against READING THE SAME ITEMS: each county's roster read whole, consistently, the four counties side by
 * side, in the same DynamoDB Local and run; budget 1.3 ×, and the simulation's process at most 300 MB. The
 * simulation runs as on AWS: in a fresh process with only the payments bundle (job-process.ts), started by
 * the `simulation-resume` job on a simulation recorded here. With `seed` (the default when run alone) `n`
 * cases are seeded as the payment bench seeds them (85 % 低保, 15 % 特困); in `npm run bench` it runs after
 * the payment bench over that bench's roster.
 */
export async function benchSimulation(platform: Platform, n = Number(process.env.BENCH_CASES ?? 100_000), seed = true): Promise<Row[]> {
  forgetParameters();
  const month = dateShanghai(new Date()).slice(0, 7);
  if (seed) {
    const api = caller(platform);
    const home = { county: COUNTIES[0]!.code, township: COUNTIES[0]!.townships[0]!.code };
    const s = await workflowStaff(api, home);
    const closeOn = publicityCloseDate();
    const dibao = await loadCaseItem(await activeThroughApi(api, s, home, 'dibao', '821', closeOn));
    const tekun = await loadCaseItem(await activeThroughApi(api, s, home, 'tekun', '822', closeOn, { careLevel: 'half', supportMode: 'dispersed' }));
    function* cases() {
      for (let i = 0; i < n; i++) {
        const county = COUNTIES[i % 4]!;
        const township = county.townships[Math.floor(i / 4) % county.townships.length]!.code;
        const o = { seq: 30_000 + Math.floor(i / 4), county: county.code, township, startMonth: addMonth(month, -1) };
        yield registryShaped(i % 20 < 17 ? cloneCase(dibao, { ...o, incomeFen: (i % 5) * 10000 }) : cloneCase(tekun, { ...o, tekun: { careLevel: 'half', supportMode: 'dispersed' } }));
      }
    }
    await writeItems(cases(), 16);
  }

  // Baseline: the roster items read once, whole and consistently, a county per reader — before the
  // simulation and again after it; the faster of the two counts (right after seeding, DynamoDB Local and
  // this process's heap are still settling).
  let items = 0;
  const readAll = async (): Promise<number> => {
    items = 0;
    const t = performance.now();
    await Promise.all(
      COUNTIES.map(async (c) => {
        for await (const page of queryPages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': rosterPk(c.code) }, ConsistentRead: true })) items += page.Items?.length ?? 0;
      }),
    );
    return (performance.now() - t) / 1000;
  };
  const before = await readAll();

  const date = dateShanghai(new Date());
  const sim = await recordSimulation(
    {
      changes: [
        { id: 'tekun.standard.rural', value: 97500 },
        { id: 'dibao.standard.rural', value: 75000 },
      ],
      asOf: `${addMonth(month, 1)}-01`,
    },
    { role: 'admin', sub: 'bench-admin' },
    new Date(),
  );
  const work = mkdtempSync(join(tmpdir(), 'bozhou-bench-sim-'));
  let job: Awaited<ReturnType<typeof runJobInProcess>>;
  try {
    job = await runJobInProcess({ fn: 'payments', jobs: [{ job: 'simulation-resume', date }] }, platform, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const after = await readAll();
  const baseline = Math.min(before, after);
  const done = await getSimulation(sim.id);
  if (done?.status !== 'finished') throw new Error(`the simulation did not finish: ${JSON.stringify({ done: done?.done, total: done?.total })}`);
  if (job.dlq) throw new Error(`${job.dlq} simulation messages went to the dead-letter queue`);
  console.error(
    `simulation: ${done.total} cases in ${job.seconds.toFixed(1)} s (CPU ${job.cpuSeconds.toFixed(1)} s), reading the ${items} roster items ${before.toFixed(1)} s before, ${after.toFixed(1)} s after; peak RSS ${job.maxRssMb.toFixed(0)} MB`,
  );
  return [
    {
      name: `policy simulation, ${done.total} cases (低保 and 特困 rise, city-wide), vs reading the ${items} roster items (consistent Query ×4)`,
      value: job.seconds,
      unit: 's',
      baseline,
      ratio: job.seconds / baseline,
      budget: 1.3,
    },
    { name: 'policy simulation: peak RSS of the process', value: job.maxRssMb, unit: 'MB', baseline: null, ratio: null, budget: 300 },
  ];
}

// `node test/bench/simulation.ts [n]`: this bench alone.
if (import.meta.main) {
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const { printTable } = await import('./table.ts');
  const platform = await startPlatform({ s3: false });
  try {
    printTable(await benchSimulation(platform, Number(process.argv[2] ?? 100_000)));
  } finally {
    await platform.stop();
  }
}
