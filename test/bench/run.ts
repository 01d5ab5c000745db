import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '../../infra/local/platform.ts';
import { benchBundles } from './bundles.ts';
import { benchApi } from './api.ts';
import { benchEvents } from './events.ts';
import { benchPayments } from './payments.ts';
import { benchSimulation } from './simulation.ts';
import { benchMonitoring } from './monitoring.ts';
import { pageWeights } from '../portal/weights.ts';
import { printTable, writeResults, type Row } from './table.ts';

/**
 * `npm run bench`: the performance budgets, each beside its baseline measured in the same run against the
 * same DynamoDB Local. Not a test: it prints a table and writes bench-results.json (git-ignored).
 */
process.env.LOOKUP_RATE_PER_MINUTE = '100000';
const rows: Row[] = [];
const work = mkdtempSync(join(tmpdir(), 'bozhou-bench-'));
try {
  console.error('bundling functions…');
  rows.push(...(await benchBundles(work)));

  console.error('apply and look-up through the local gateway…');
  const platform = await startPlatform({ s3: false });
  try {
    rows.push(...(await benchApi(platform)));
    console.error('household events through the local gateway…');
    rows.push(...(await benchEvents(platform)));
    console.error(`the monthly payment run over ${process.env.BENCH_CASES ?? '100,000'} cases…`);
    rows.push(...(await benchPayments(platform)));
    console.error('a policy simulation over the same roster…');
    rows.push(...(await benchSimulation(platform, undefined, false)));
    console.error('政策找人: a department feed matched against the low-income register…');
    rows.push(...(await benchMonitoring(platform)));
  } finally {
    await platform.stop();
  }

  rows.push(...(await (await import('./review.ts')).benchReview())); // the Q4 review over 100,000 cases (issue 6)

  const dist = 'portal/dist';
  if (existsSync(dist)) {
    const pages = pageWeights(dist).sort((a, b) => b.total - a.total);
    // The heaviest pages, and every page over budget; the rest are lighter than these.
    for (const page of pages.filter((p, i) => i < 5 || p.total > 60 * 1024)) {
      rows.push({ name: `page: ${page.page} (HTML+CSS+JS)`, value: page.total / 1024, unit: 'KB gzip', baseline: null, ratio: null, budget: 60 });
    }
    rows.push({ name: `pages measured (all within budget: ${pages.every((p) => p.total <= 60 * 1024)})`, value: pages.length, unit: 'pages', baseline: null, ratio: null, budget: null });
  } else {
    console.error('portal/dist is missing: run `npm run build:portal` for page weights');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
printTable(rows);
writeResults(rows);
