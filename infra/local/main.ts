import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startPlatform } from './platform.ts';
import { seedDemo } from './demo.ts';
import { dateShanghai, travellingClock } from '../../shared/clock.ts';

/**
 * `npm start [-- --in-memory] [-- --demo]`: the whole platform on http://localhost:PORT.
 * PORT (default 3000) and DATA_DIR (default .data) come from the environment.
 */
const { values } = parseArgs({ options: { 'in-memory': { type: 'boolean' }, demo: { type: 'boolean' }, 'accept-lost-writes': { type: 'boolean' } } });
const root = new URL('../../', import.meta.url).pathname;
const portalDir = join(root, 'portal', 'dist');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the portal when its sources (or the shared domain it renders) are newer than the build. */
function buildPortalIfStale(): void {
  const built = existsSync(join(portalDir, 'index.html')) ? statSync(join(portalDir, 'index.html')).mtimeMs : 0;
  if (built > Math.max(newest(join(root, 'portal')), newest(join(root, 'shared')))) return;
  console.log('构建门户网站（portal）…');
  const out = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', join(root, 'portal'), '--silent'], { stdio: 'inherit' });
  if (out.status !== 0) throw new Error('门户构建失败（见上方输出）');
}

buildPortalIfStale();
const clock = travellingClock();
const platform = await startPlatform({
  clock,
  port: Number(process.env.PORT ?? 3000),
  ...(values['in-memory'] ? {} : { dataDir: process.env.DATA_DIR ?? '.data' }),
  portalDir,
  schedules: true,
  acceptLostWrites: values['accept-lost-writes'] ?? false,
}).catch((error: Error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
// A DATA_DIR kept from a version before the 发放名册 gets its roster entries (idempotent; the 9th's job does the same).
// A DATA_DIR kept from before the registry: cases are linked to households first (idempotent; the 9th's job does the same).
if (!values['in-memory']) await platform.runJob('registry-check', dateShanghai(clock.now()));
if (!values['in-memory']) await platform.runJob('payment-roster', dateShanghai(clock.now()));
if (values.demo) {
  console.log('创建演示数据（demo city）…');
  await seedDemo(platform, { travel: clock.travel });
}

const url = `http://localhost:${platform.port}`;
console.log(`
亳州市社会救助服务平台 is running.
  Portal        ${url}/
  API           ${url}/api/v1/health
  API docs      ${url}/api/v1/openapi.json
  DynamoDB      ${platform.endpoint} (table ${platform.tableName}, ${values['in-memory'] ? 'in memory' : `data in ${process.env.DATA_DIR ?? '.data'}`})
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    platform.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
