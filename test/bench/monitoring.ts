import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../shared/calendar/dates.ts';
import { dateShanghai, isoShanghai } from '../../shared/clock.ts';
import { keyedHash } from '../../shared/crypto/pii.ts';
import { SCHEMA_VERSION } from '../../shared/definitions/table.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { readCsv } from '../../shared/csv.ts';
import { queryPages } from '../../shared/store/query.ts';
import { registerKeys, type RegisterEntry } from '../../shared/registry/register.ts';
import { FEED_FORMATS, headerOf, validateFeed, type FeedLine } from '../../shared/monitoring/formats.ts';
import { chunkItem, CHUNK_LINES, feedListKeys, type FeedItem } from '../../shared/monitoring/feeds.ts';
import { getItem } from '../../shared/registry/store.ts';
import { monitoringKeys } from '../../shared/monitoring/keys.ts';
import { writeItems } from '../integration/payments-support.ts';
import { idNumber } from '../support/people.ts';
import type { Platform } from '../../infra/local/platform.ts';
import { runJobInProcess } from './job-process.ts';
import type { Row } from './table.ts';

/**
 * 政策找人 (issue 21): a 医保 feed of `n` lines matched against a county register of `n` households, every
 * line a person on the register and 1 % of them over the alert threshold (so `n / 100` alerts are written),
 * against READING BOTH: the register partition and the feed's stored chunks, read whole and consistently in
 * the same DynamoDB Local and run; budget 1.5 ×, and the match's process within 300 MB
 * (docs/architecture.md § Performance budgets). The match runs as on AWS: a fresh process with only the
 * monitoring bundle (job-process.ts), started by the `monitoring-match` job. A context row times the
 * line-by-line check of the same feed as CSV (readCsvChunks) beside one whole `readCsv` of it.
 */
export async function benchMonitoring(platform: Platform, n = Number(process.env.BENCH_CASES ?? 100_000)): Promise<Row[]> {
  const county = COUNTIES[0]!;
  const today = dateShanghai(new Date());
  const person = (i: number) => idNumber(addDays('1940-01-01', Math.floor(i / 1000)).replace(/-/g, ''), String(i % 1000).padStart(3, '0'));

  // The register: n households in one county, a quarter of them two persons.
  const entries = async function* () {
    for (let i = 0; i < n; i++) {
      const persons = [(await keyedHash('id', person(i))).hash];
      if (i % 4 === 0) persons.push((await keyedHash('id', idNumber('19700101', String(i % 1000).padStart(3, '0'), '341623'))).hash);
      const householdId = `H-BENCH-${i}`;
      const entry: RegisterEntry = {
        ...registerKeys.entry(county.code, householdId, 'marginal'),
        householdId,
        class: 'marginal',
        classLabel: '低保边缘家庭',
        county: county.code,
        township: county.townships[i % county.townships.length]!.code,
        residence: 'urban',
        persons,
        reason: '基准测试',
        since: '2026-01-01',
        entry: { by: 'assessment' },
        status: 'active',
        members: persons.length,
        monthlyIncomeFen: 100_000,
        version: 1,
        enteredBy: 'bench',
        enteredAt: isoShanghai(new Date()),
        schemaVersion: SCHEMA_VERSION,
      };
      yield entry as unknown as Record<string, unknown>;
    }
  };
  await writeItems(entries(), 16);

  // The feed as a department sends it, checked line by line, then stored as the upload stores it.
  const rows = [headerOf('medical')];
  for (let i = 0; i < n; i++) rows.push(`${person(i)},2026-02,${i % 100 === 0 ? '38400' : '500'}`);
  const csv = rows.join('\r\n');
  let t = performance.now();
  readCsv(csv);
  const wholeRead = (performance.now() - t) / 1000;
  const lines: FeedLine[] = [];
  t = performance.now();
  const checked = await validateFeed('medical', csv, (good) => void lines.push(...good));
  const validated = (performance.now() - t) / 1000;
  if (checked.errors.length || checked.lines !== n) throw new Error(`the bench feed did not validate: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  const id = `${county.code}-medical-bench${Date.now().toString(36)}`;
  const chunks = async function* () {
    for (let c = 0; c * CHUNK_LINES < lines.length; c++) yield await chunkItem(id, c, lines.slice(c * CHUNK_LINES, (c + 1) * CHUNK_LINES), Math.floor(Date.now() / 1000) + 86400);
  };
  await writeItems(chunks(), 4);
  const uploadedAt = isoShanghai(new Date());
  const feed: FeedItem = {
    ...monitoringKeys.feed(id),
    id,
    source: 'medical',
    county: county.code,
    asOf: today,
    document: '基准测试',
    legalBasis: FEED_FORMATS.medical.legalBasis,
    department: FEED_FORMATS.medical.department,
    uploadedBy: 'bench',
    uploaderRole: 'department',
    uploadedAt,
    lines: n,
    chunks: Math.ceil(n / CHUNK_LINES),
    status: 'received',
    ...feedListKeys('received', uploadedAt, id),
    schemaVersion: SCHEMA_VERSION,
  };
  await writeItems([feed as unknown as Record<string, unknown>]);

  // Baseline: the register and the feed's chunks read once, whole and consistently, side by side — before
  // the match and again after it; the faster counts.
  let items = 0;
  const readBoth = async (): Promise<number> => {
    items = 0;
    const start = performance.now();
    await Promise.all(
      [
        { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': registerKeys.entry(county.code, '', 'marginal').pk } },
        { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': monitoringKeys.feed(id).pk, ':c': 'CHUNK#' } },
      ].map(async (q) => {
        for await (const page of queryPages({ ...q, ConsistentRead: true })) items += page.Items?.length ?? 0;
      }),
    );
    return (performance.now() - start) / 1000;
  };
  const before = await readBoth();
  const work = mkdtempSync(join(tmpdir(), 'bozhou-bench-monitoring-'));
  let job: Awaited<ReturnType<typeof runJobInProcess>>;
  try {
    job = await runJobInProcess({ fn: 'monitoring', jobs: [{ job: 'monitoring-match', date: today }] }, platform, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const after = await readBoth();
  const baseline = Math.min(before, after);
  const done = await getItem<FeedItem>(monitoringKeys.feed(id));
  if (done?.status !== 'matched' || done.result?.raised !== Math.ceil(n / 100)) throw new Error(`the match did not finish as expected: ${JSON.stringify(done?.result)}`);
  console.error(
    `monitoring: ${n} lines against ${n} households in ${job.seconds.toFixed(1)} s (CPU ${job.cpuSeconds.toFixed(1)} s), ${done.result.raised} alerts; reading the ${items} items ${before.toFixed(1)} s before, ${after.toFixed(1)} s after; peak RSS ${job.maxRssMb.toFixed(0)} MB; the CSV checked in ${validated.toFixed(1)} s (one readCsv ${wholeRead.toFixed(1)} s)`,
  );
  return [
    {
      name: `政策找人 match: a 医保 feed of ${n} lines against a register of ${n} households (${done.result.raised} alerts), vs reading both (${items} items, consistent Query ×2)`,
      value: job.seconds,
      unit: 's',
      baseline,
      ratio: job.seconds / baseline,
      budget: 1.5,
    },
    { name: '政策找人 match: peak RSS of the process', value: job.maxRssMb, unit: 'MB', baseline: null, ratio: null, budget: 300 },
    {
      name: `政策找人 feed check: ${n} CSV lines validated line by line in chunks, vs one readCsv of the whole`,
      value: validated,
      unit: 's',
      baseline: wholeRead,
      ratio: validated / wholeRead,
      budget: null,
    },
  ];
}

// `node test/bench/monitoring.ts [n]`: this bench alone.
if (import.meta.main) {
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const { printTable } = await import('./table.ts');
  const platform = await startPlatform({ s3: false });
  try {
    printTable(await benchMonitoring(platform, Number(process.argv[2] ?? 100_000)));
  } finally {
    await platform.stop();
  }
}
