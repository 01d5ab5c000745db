/**
 * Builds the portal once per test run, shared by the portal test files (which vitest may run in
 * parallel processes): a lock directory serialises builds, and a stamp tells a waiting process that
 * a build finished after it started, so it reuses it instead of building again.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PORTAL = join(REPO, 'portal');
export const DIST = join(PORTAL, 'dist');
const ASTRO_BIN = join(REPO, 'node_modules', 'astro', 'bin', 'astro.mjs');
const LOCK = join(tmpdir(), `bozhou-portal-build-${Buffer.from(REPO).toString('hex').slice(-16)}.lock`);
const STAMP = `${LOCK.slice(0, -'.lock'.length)}.stamp`;
const STALE_LOCK_MS = 5 * 60_000;
/** When this test process started: a build stamped after it is this run's build. */
const STARTED = performance.timeOrigin;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run the Astro CLI with the Node that runs the tests (Node 24; the system Node is 20). */
export function runAstro(args: string[], cwd: string = REPO): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_BIN, ...args], {
      cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` holding the build lock. */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function freshBuild(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(DIST, 'index.html'))) return false;
  return Number(readFileSync(STAMP, 'utf8')) >= STARTED;
}

let last: RunResult | undefined;

/** Build portal/dist unless another test file of this run already did. Returns the build's result (undefined if reused). */
export async function buildPortalOnce(): Promise<RunResult | undefined> {
  return withBuildLock(async () => {
    if (last || freshBuild()) return last;
    const result = await runAstro(['build', '--root', 'portal']);
    if (result.code !== 0) throw new Error(`astro build failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    writeFileSync(STAMP, String(Date.now()));
    last = result;
    return result;
  });
}
