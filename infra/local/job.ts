import { parseArgs } from 'node:util';
import { SCHEDULES, type ScheduleName } from '../../shared/definitions/schedules.ts';
import { isIsoDate } from '../../shared/calendar/dates.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { startPlatform } from './platform.ts';

/**
 * `npm run job -- <name> [--date YYYY-MM-DD]`: run one schedule by hand, as of a date.
 * Uses the running platform on PORT if there is one, else opens the data in DATA_DIR itself.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { date: { type: 'string' } } });
const name = positionals[0] as ScheduleName | undefined;
if (!name || !(name in SCHEDULES)) {
  console.error(`usage: npm run job -- <name> --date YYYY-MM-DD\njobs: ${Object.keys(SCHEDULES).join(', ')}`);
  process.exit(2);
}
const date = values.date ?? dateShanghai(new Date());
if (!isIsoDate(date)) {
  console.error(`--date must be a real date as YYYY-MM-DD, got ${date}`);
  process.exit(2);
}

const port = Number(process.env.PORT ?? 3000);
let result: unknown;
try {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/dev/jobs/${name}?date=${date}`, { method: 'POST', signal: AbortSignal.timeout(600_000) });
  result = await res.json();
} catch {
  const platform = await startPlatform({ dataDir: process.env.DATA_DIR ?? '.data', port: 0 });
  try {
    result = await platform.runJob(name, date);
  } finally {
    await platform.stop();
  }
}
console.log(JSON.stringify(result, null, 2));
