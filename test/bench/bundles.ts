import { build } from 'esbuild';
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FUNCTIONS, functionEntry, type FunctionName } from '../../shared/definitions/functions.ts';
import { BUNDLE_ASSETS, FUNCTION_BUNDLE } from '../../infra/function-bundle.ts';
import type { Row } from './table.ts';

/**
 * docs/architecture.md § Performance budgets: each function's bundle stays within 1.3 × a bare handler that imports the DynamoDB
 * document client and writes one item, in bytes and in cold-import time, measured in the same run.
 */
const BASELINE_ENTRY = 'test/bench/baseline-handler.ts';

export async function bundle(entry: string, outDir: string): Promise<{ file: string; bytes: number }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  await build({ ...FUNCTION_BUNDLE, entryPoints: [entry], outfile: file, logLevel: 'silent' });
  for (const asset of BUNDLE_ASSETS) copyFileSync(asset, join(outDir, basename(asset)));
  return { file, bytes: statSync(file).size };
}

/** Median time to import the bundle in a fresh Node process (what a cold start pays for our code). */
function coldImportMs(file: string, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`], {
      env: { ...process.env, TABLE_NAME: 'bench', AWS_REGION: 'cn-north-1' },
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`import of ${file} failed: ${out.stderr.slice(-1500)}`);
    times.push(Number(out.stdout.trim()));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function benchBundles(workDir: string): Promise<Row[]> {
  const base = await bundle(BASELINE_ENTRY, join(workDir, 'baseline'));
  const baseMs = coldImportMs(base.file);
  const rows: Row[] = [
    { name: 'bundle: bare DynamoDB handler (floor)', value: base.bytes / 1024, unit: 'KB', baseline: null, ratio: null, budget: null },
    { name: 'cold import: bare DynamoDB handler (floor)', value: baseMs, unit: 'ms', baseline: null, ratio: null, budget: null },
  ];
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    if ((FUNCTIONS[name] as { localOnly?: boolean }).localOnly) continue;
    const b = await bundle(functionEntry(name), join(workDir, name));
    const ms = coldImportMs(b.file);
    rows.push({ name: `bundle: ${name}`, value: b.bytes / 1024, unit: 'KB', baseline: base.bytes / 1024, ratio: b.bytes / base.bytes, budget: 1.3 });
    rows.push({ name: `cold import: ${name}`, value: ms, unit: 'ms', baseline: baseMs, ratio: ms / baseMs, budget: 1.3 });
  }
  return rows;
}
