import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { forgetParameters, paramsAt } from '../../shared/payments/params.ts';
import { monthlyLines } from '../../shared/payments/amounts.ts';
import { newEntry } from '../../shared/payments/ledger.ts';
import { entryItem } from '../../shared/payments/store.ts';
import { firstDay } from '../../shared/payments/months.ts';
import { WRITE_CONCURRENCY } from '../../shared/payments/consumer.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { addMonth } from '../../shared/payments/months.ts';
import { paysMonth } from '../../shared/cases/roster.ts';
import { endedByDeath, registryShaped } from './seed.ts';
import type { Platform } from '../../infra/local/platform.ts';
import type { Role } from '../../shared/definitions/roles.ts';
import { activeThroughApi, cloneCase, loadCaseItem } from '../integration/payments-support.ts';
import type { Staff } from '../integration/workflow-support.ts';
import { payKeys, runIdOf } from '../../shared/payments/keys.ts';
import type { RunItem } from '../../shared/payments/runs.ts';
import { processCpuSeconds, runJobInProcess, type JobMeasure } from './job-process.ts';
import type { Row } from './table.ts';

/**
 * A city-scale job (product decision of 2026-12-01): the monthly payment run over `n` cases in the 4
 * counties against ONE bare conditional PutItem PER ITEM THE RUN WRITES (a real ledger item each), at the
 * same concurrency (4 in-process deliveries × the consumer's WRITE_CONCURRENCY), into the same DynamoDB
 * Local, in the same run; budget 1.2 ×, and the run's process at most 200 MB. Cases are clones of two real
 * cases taken through the workflow over HTTP (test/integration/payments-support.ts), 85 % 低保 and 15 %
 * 特困 — roughly Bozhou's mix — registry-shaped as 受理 and 审核确认 write them (seed.ts `registryShaped`:
 * household, persons, enrolled persons), with 1 % 特困 persons who died last month or this month (ended,
 * `payThrough`), seeded with BatchWrite from a generator, never all in memory. So the consumer reads the
 * registry's fields from each roster entry (householdId, enrolment.persons) and skips the months after
 * payThrough. No price linkage is confirmed for the month, so no per-person subsidy line is written.
 */
const DELIVERIES = 4; // infra/local/queues.ts runs at most 4 batches at once

/** Seconds for `n` calls at `concurrency`, and the seconds until the first `mark` of them had completed. */
async function timedConcurrent(n: number, concurrency: number, fn: (i: number) => Promise<unknown>, mark = n): Promise<{ seconds: number; atMark: number }> {
  let next = 0;
  let done = 0;
  let atMark = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        await fn(next++);
        if (++done === mark) atMark = (performance.now() - t) / 1000;
      }
    }),
  );
  return { seconds: (performance.now() - t) / 1000, atMark };
}

/** The staff a case needs on its way to active (caseworker, approver, check office), for one township. */
export async function workflowStaff(api: ReturnType<typeof caller>, home: { county: string; township: string }): Promise<Staff> {
  const sub = (r: string) => `bench-${r}-${randomUUID().slice(0, 6)}`;
  return {
    caseworker: await api.tokenFor('caseworker', { township: home.township, sub: sub('cw') }),
    approver: await api.tokenFor('approver', { township: home.township, sub: sub('ap') }),
    check: await api.tokenFor('check', { county: home.county, sub: sub('ck') }),
  } as Staff;
}

/** A date after any 公示 the bench's cases start today: publicity-close run on it moves them on. */
export const publicityCloseDate = (): string => dateShanghai(new Date(Date.now() + 30 * 86400_000));

export function caller(platform: Platform) {
  const call = async (method: string, path: string, o: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: body as any, text };
  };
  const tokenFor = async (role: Role, scope: Record<string, string> = {}) => (await call('POST', '/api/v1/dev/token', { body: { role, ...scope } })).body.token as string;
  return { call, tokenFor, runJob: platform.runJob };
}

export async function benchPayments(platform: Platform, n = Number(process.env.BENCH_CASES ?? 100_000)): Promise<Row[]> {
  forgetParameters();
  const api = caller(platform);
  const home = { county: COUNTIES[0]!.code, township: COUNTIES[0]!.townships[0]!.code };
  const s = await workflowStaff(api, home);
  const closeOn = publicityCloseDate();
  const dibao = await loadCaseItem(await activeThroughApi(api, s, home, 'dibao', '811', closeOn));
  const tekun = await loadCaseItem(await activeThroughApi(api, s, home, 'tekun', '812', closeOn, { careLevel: 'half', supportMode: 'dispersed' }));
  const month = dateShanghai(new Date()).slice(0, 7);
  const rssAfterTemplates = process.resourceUsage().maxRSS / 1024;

  const { writeItems } = await import('../integration/payments-support.ts');
  const previous = addMonth(month, -1);
  const params = await paramsAt(firstDay(month), Number.MAX_SAFE_INTEGER);
  // What the run will write for the seeded cases, by the consumer's own rules (paysMonth, monthlyLines),
  // so that the baseline can be measured in one pass before the run; counted per kind of case.
  const owedByKind = new Map<string, number>();
  let expected = 0;
  const seedStart = performance.now();
  function* cases() {
    for (let i = 0; i < n; i++) {
      const county = COUNTIES[i % 4]!;
      const township = county.townships[Math.floor(i / 4) % county.townships.length]!.code;
      // Enrolled since last month; 85 % 低保 (incomes in five steps), 15 % 特困, and 1 % of all cases a 特困
      // person who died — half last month (on the roster still, not paid: after payThrough), half this month (paid).
      const o = { seq: 10_000 + Math.floor(i / 4), county: county.code, township, startMonth: previous };
      const care = i % 2 ? ({ careLevel: 'full', supportMode: 'centralized' } as const) : ({ careLevel: 'half', supportMode: 'dispersed' } as const);
      const died = i % 200 === 17 ? previous : i % 200 === 18 ? month : undefined;
      const kind = i % 20 < 17 ? `dibao:${i % 5}` : `tekun:${care.careLevel}:${died ?? 'alive'}`;
      let c = registryShaped(i % 20 < 17 ? cloneCase(dibao, { ...o, incomeFen: (i % 5) * 10000 }) : cloneCase(tekun, { ...o, tekun: care }));
      if (died && c.type === 'tekun') c = endedByDeath(c, `${died}-05`);
      let owed = owedByKind.get(kind);
      if (owed === undefined) owedByKind.set(kind, (owed = paysMonth(c, month) ? monthlyLines(c, month, params).lines.length : 0));
      expected += owed;
      yield c;
    }
  }
  await writeItems(cases(), 16);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  // Baseline: the bare conditional put of a ledger item, one per item the run will write, at the run's write
  // concurrency — the template 低保 case's real entry for this month (entryItem: the same shape and size
  // the run writes).
  const concurrency = DELIVERIES * WRITE_CONCURRENCY;
  const baselineCpu = process.cpuUsage();
  const dbCpuBefore = processCpuSeconds(platform.dynamoPid);
  const owed = monthlyLines(dibao, month, params);
  if (!owed.lines[0]) throw new Error('the 低保 template is owed nothing this month');
  const entry = entryItem(
    newEntry(owed.lines[0], { runId: runIdOf(home.county, month), county: home.county, township: home.township, reference: dibao.reference, createdAt: new Date().toISOString() }),
  );
  const barePut = (i: number) =>
    db().send(new PutCommand({ TableName: tableName(), Item: { ...entry, pk: `BENCH#PAY#${i}`, gsi4pk: 'BENCH#RUN', gsi4sk: String(i) }, ConditionExpression: 'attribute_not_exists(pk)' }));
  const measured = await timedConcurrent(expected, concurrency, barePut, Math.min(n, expected));
  const baseline = measured.seconds;
  const { user, system } = process.cpuUsage(baselineCpu);
  const dbCpuBaseline = processCpuSeconds(platform.dynamoPid) - dbCpuBefore;

  // The run itself happens in a fresh process that loads only the payments bundle, as a Lambda would.
  const work = mkdtempSync(join(tmpdir(), 'bozhou-bench-pay-'));
  let job: JobMeasure;
  try {
    job = await runJobInProcess({ fn: 'payments', jobs: [{ job: 'monthly-payments', date: `${month}-10` }] }, platform, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const dbCpuRun = processCpuSeconds(platform.dynamoPid) - dbCpuBefore - dbCpuBaseline;
  if (job.dlq) throw new Error(`${job.dlq} payment messages went to the dead-letter queue`);
  let entries = 0;
  let exceptions = 0;
  for (const c of COUNTIES) {
    const r = (await db().send(new GetCommand({ TableName: tableName(), Key: payKeys.run(runIdOf(c.code, month)), ConsistentRead: true }))).Item as RunItem | undefined;
    if (r?.status !== 'finished') throw new Error(`run ${c.code}-${month} did not finish: ${JSON.stringify({ done: r?.done, total: r?.total })}`);
    entries += r.entries;
    exceptions += r.exceptions ?? 0;
  }
  if (exceptions) console.error(`payments: WARNING the run raised ${exceptions} exceptions: seeded cases the consumer does not pay`);
  // The cases made through the workflow (the templates) are paid too: the puts continue, after the run, up
  // to exactly the number of entries it wrote. Fewer entries than expected would be a bench error.
  if (entries < expected) throw new Error(`the run wrote ${entries} entries, the seeded cases owe ${expected}`);
  const baselineItems = baseline + (entries > expected ? (await timedConcurrent(entries - expected, concurrency, (i) => barePut(expected + i))).seconds : 0);
  // Context: the first baseline, n puts (one per case): the same pass, when its n-th put had completed.
  const baselineCases = measured.atMark;
  const { seconds: run, maxRssMb: rssMb } = job;
  console.error(
    `payments: seeded ${n} cases in ${seedSeconds.toFixed(1)} s; baseline ${baseline.toFixed(1)} s, CPU ${((user + system) / 1e6).toFixed(1)} s client + ${dbCpuBaseline.toFixed(1)} s DynamoDB Local for the ${expected} entries the seeded cases owe; run ${run.toFixed(1)} s, CPU ${job.cpuSeconds.toFixed(1)} s job + ${dbCpuRun.toFixed(1)} s DynamoDB Local (${entries} entries); peak RSS of the run's process ${rssMb.toFixed(0)} MB (bench process after the templates ${rssAfterTemplates.toFixed(0)} MB)`,
  );
  return [
    { name: `seed ${n} registry-shaped cases on the roster (BatchWrite, context)`, value: seedSeconds, unit: 's', baseline: null, ratio: null, budget: null },
    {
      name: `monthly payment run, ${n} cases → ${entries} ledger entries, vs ${entries} conditional PutItem ×${concurrency}: one per item it writes`,
      value: run,
      unit: 's',
      baseline: baselineItems,
      ratio: run / baselineItems,
      budget: 1.2,
    },
    {
      name: `(context) the same run vs ${n} conditional PutItem ×${concurrency}: one per case (the first of the same puts)`,
      value: run,
      unit: 's',
      baseline: baselineCases,
      ratio: run / baselineCases,
      budget: null,
    },
    { name: 'monthly payment run: peak RSS of the process', value: rssMb, unit: 'MB', baseline: null, ratio: null, budget: 200 },
  ];
}

// `node test/bench/payments.ts [n]`: this bench alone.
if (import.meta.main) {
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const { printTable } = await import('./table.ts');
  const platform = await startPlatform({ s3: false });
  try {
    printTable(await benchPayments(platform, Number(process.argv[2] ?? 100_000)));
  } finally {
    await platform.stop();
  }
}
