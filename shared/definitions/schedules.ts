import type { FunctionName } from './functions.ts';

/** The calendar of the measures runs in Beijing time (DESIGN §3). */
export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

/**
 * A neutral schedule: fields are numbers or lists; anything left out means "every".
 * `dayOfMonth` and `dayOfWeek` (1 = Monday … 7 = Sunday) are exclusive, as EventBridge requires.
 */
export interface ScheduleSpec {
  minute: number;
  hour: number;
  dayOfMonth?: number | readonly number[];
  month?: number | readonly number[];
  dayOfWeek?: number | readonly number[];
}

export interface ScheduleDef {
  spec: ScheduleSpec;
  fn: FunctionName;
  /** The job the function runs; the scheduler passes `{ job, date }` where date is today in Asia/Shanghai. */
  job: string;
  description: string;
  measure?: string;
}

export const SCHEDULES = {
  'deadline-watch': {
    spec: { minute: 30, hour: 1 },
    fn: 'supervision',
    job: 'deadline-watch',
    description: '每日督办：标记即将到期（剩余3个工作日）和已超期的申请，以及超期的转办',
    measure: '(十九)(二十)',
  },
  'publicity-close': {
    spec: { minute: 10, hour: 1 },
    fn: 'supervision',
    job: 'publicity-close',
    description: '每日：公示期满且无异议的案件转为待审核确认（从不代为批准）',
    measure: '(二十)',
  },
  'tender-deadlines': {
    // Daily (the neutral spec has no "every hour"): every bid is also checked against the deadline itself.
    spec: { minute: 5, hour: 0 },
    fn: 'procurement',
    job: 'tender-deadlines',
    description: '每日：记录已过投标截止时间的采购项目停止接受投标',
    measure: '(十八)',
  },
} as const satisfies Record<string, ScheduleDef>;

export type ScheduleName = keyof typeof SCHEDULES;

const list = (v: number | readonly number[] | undefined): string | undefined =>
  v === undefined ? undefined : typeof v === 'number' ? String(v) : v.join(',');

/** EventBridge Scheduler: `cron(min hour dom month dow year)`, with `?` in one day field. dow is 1=SUN…7=SAT. */
export function toEventBridgeCron(spec: ScheduleSpec): string {
  if (spec.dayOfMonth !== undefined && spec.dayOfWeek !== undefined) {
    throw new Error('dayOfMonth and dayOfWeek are exclusive');
  }
  const dom = list(spec.dayOfMonth) ?? (spec.dayOfWeek !== undefined ? '?' : '*');
  const dowValues = spec.dayOfWeek === undefined ? undefined : ([] as number[]).concat(spec.dayOfWeek).map((d) => (d % 7) + 1);
  const dow = dowValues ? dowValues.join(',') : dom === '*' || dom !== '?' ? '?' : '*';
  return `cron(${spec.minute} ${spec.hour} ${dom} ${list(spec.month) ?? '*'} ${dow} *)`;
}

/** croner (and POSIX cron): `min hour dom month dow`, dow 0=Sunday. */
export function toCronerPattern(spec: ScheduleSpec): string {
  const dow = spec.dayOfWeek === undefined ? '*' : ([] as number[]).concat(spec.dayOfWeek).map((d) => d % 7).join(',');
  return `${spec.minute} ${spec.hour} ${list(spec.dayOfMonth) ?? '*'} ${list(spec.month) ?? '*'} ${dow}`;
}
