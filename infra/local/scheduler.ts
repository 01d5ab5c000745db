import { Cron } from 'croner';
import { SCHEDULES, SCHEDULE_TIME_ZONE, toCronerPattern, type ScheduleName } from '../../shared/definitions/schedules.ts';
import { dateShanghai } from '../../shared/clock.ts';
import type { Clock } from '../../shared/clock.ts';
import { invoke } from './functions.ts';

/** The local EventBridge Scheduler: croner fires each schedule in Asia/Shanghai with the same input. */
export function runSchedule(name: ScheduleName, date: string): Promise<unknown> {
  const s = SCHEDULES[name];
  return invoke(s.fn, { job: s.job, date });
}

export function startScheduler(clock: Clock, onRun?: (name: string, result: unknown) => void): { stop(): void } {
  const crons = (Object.keys(SCHEDULES) as ScheduleName[]).map(
    (name) =>
      new Cron(toCronerPattern(SCHEDULES[name].spec), { timezone: SCHEDULE_TIME_ZONE, protect: true, catch: true }, async () => {
        onRun?.(name, await runSchedule(name, dateShanghai(clock.now())));
      }),
  );
  return { stop: () => crons.forEach((c) => c.stop()) };
}
