import type { FunctionName } from './functions.ts';

/** The calendar of the measures runs in Beijing time (docs/architecture.md § Money, numbers and time). */
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
  'notice-sweep': {
    spec: { minute: 15, hour: 8 },
    fn: 'notices',
    job: 'notice-sweep',
    description: '每日：补发仍未送出的短信通知；发送未确认的标为待核实（不重发），多次失败的交工作人员跟进',
  },
  'deadline-watch': {
    spec: { minute: 30, hour: 1 },
    fn: 'supervision',
    job: 'deadline-watch',
    description: '每日督办：标记即将到期（剩余3个工作日）和已超期的申请、转办和复核探访任务',
    measure: '(十九)(二十)',
  },
  'charity-disclosure-reminders': {
    spec: { minute: 40, hour: 1 },
    fn: 'supervision',
    job: 'charity-disclosure-reminders',
    description: '每日：慈善组织的年度报告、募捐情况公开和更正说明到期前5个工作日起（及逾期的）各提醒一次',
    measure: '(十六)',
  },
  statistics: {
    spec: { minute: 50, hour: 1 },
    fn: 'supervision',
    job: 'statistics',
    description: '每日：按县区汇总案件构成、20个工作日内办结比例、月度发放金额和复核完成情况，写入统计快照',
    measure: '(二十)(二十三)',
  },
  'monitoring-match': {
    // Before deadline-watch (01:30): a feed matched late still gets its alerts into the day's 督办 and 今日工作.
    spec: { minute: 20, hour: 1 },
    fn: 'monitoring',
    job: 'monitoring-match',
    description: '每日：补做尚未比对的部门推送数据（队列消息丢失或比对中断的），已发出的预警不会重复',
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
  'dibao-q2-review': {
    spec: { minute: 0, hour: 2, dayOfMonth: 1, month: 4 },
    fn: 'management',
    job: 'dibao-q2-review',
    description: '4月1日：C类低保家庭第二季度复核任务，6月30日前完成',
    measure: '(五)',
  },
  'dibao-q4-review': {
    spec: { minute: 0, hour: 2, dayOfMonth: 1, month: 10 },
    fn: 'management',
    job: 'dibao-q4-review',
    description: '10月1日：全部低保家庭第四季度复核任务，12月31日前完成',
    measure: '(五)',
  },
  'tekun-q4-review': {
    spec: { minute: 20, hour: 2, dayOfMonth: 1, month: 10 },
    fn: 'management',
    job: 'tekun-q4-review',
    description: '10月1日：全部特困人员第四季度复核任务，12月31日前完成',
    measure: '(六)',
  },
  'tekun-visits': {
    spec: { minute: 40, hour: 2, dayOfMonth: 1, month: [1, 7] },
    fn: 'management',
    job: 'tekun-visits',
    description: '1月1日、7月1日：分散供养全护理、半护理特困人员每半年探访一次，并复评生活自理能力',
    measure: '(六)',
  },
  'graduated-exit': { spec: { minute: 0, hour: 3, dayOfMonth: 1 }, fn: 'management', job: 'graduated-exit', description: '每月1日：渐退期已满的低保家庭终止救助并出具通知', measure: '(五)(十)' },
  'data-match': {
    spec: { minute: 20, hour: 3, dayOfMonth: 2 },
    fn: 'management',
    job: 'data-match',
    description: '每月2日：在保对象与死亡火化、财政供养、车辆、工商登记名单比对，比中的生成复核任务',
    measure: '(二十三)',
  },
  'random-inspection': {
    spec: { minute: 40, hour: 3, dayOfMonth: 3 },
    fn: 'management',
    job: 'random-inspection',
    description: '每月3日：双随机一公开——按县区随机抽取在保案件和抽查人员',
    measure: '(二十三)',
  },
  'price-linkage-check': {
    spec: { minute: 0, hour: 4, dayOfMonth: 16 },
    fn: 'management',
    job: 'price-linkage-check',
    description: '每月16日：按录入的上月CPI判断是否达到价格临时补贴启动条件，报市级确认',
    measure: '(五)(十五)',
  },
  'reserve-check': {
    spec: { minute: 20, hour: 4, dayOfMonth: 1, month: [1, 4, 7, 10] },
    fn: 'management',
    job: 'reserve-check',
    description: '每季度首日：市、县级生活类救灾物资储备不低于20万元，不足的提示县区',
    measure: '(十一)',
  },
  'audit-anchor': { spec: { minute: 50, hour: 0 }, fn: 'management', job: 'audit-anchor', description: '每日：审计链头锚定到对象锁定的存储并核验', measure: '(二十三)' },
  'registry-check': {
    spec: { minute: 0, hour: 1, dayOfMonth: 9 },
    fn: 'registry',
    job: 'registry-check',
    description: '每月9日：把尚未建立户档案的案件纳入户档案与救助链（数据迁移与核对），早于发放名册核对',
    measure: '(五)(六)',
  },
  'payment-roster': {
    spec: { minute: 0, hour: 2, dayOfMonth: 9 },
    fn: 'payments',
    job: 'payment-roster',
    description: '每月9日：核对各县区发放名册与在保案件（补齐遗漏、移除已不在保的），次日据此发放',
    measure: '(五)(六)',
  },
  'reserve-reconciliation': {
    spec: { minute: 30, hour: 2, dayOfMonth: 1 },
    fn: 'payments',
    job: 'reserve-reconciliation',
    description: '每月1日：各乡镇（街道）临时救助备用金上月支出与资金台账逐笔对账，差异生成核查任务',
    measure: '(十三)(二十三)',
  },
  'monthly-payments': {
    spec: { minute: 0, hour: 2, dayOfMonth: 10 },
    fn: 'payments',
    job: 'monthly-payments',
    description: '每月10日：各县区当月救助资金发放批次（含补发、分阶段和一次性发放、失败重发）',
    measure: '(五)(六)(十三)',
  },
} as const satisfies Record<string, ScheduleDef>;

export type ScheduleName = keyof typeof SCHEDULES;

const list = (v: number | readonly number[] | undefined): string | undefined => (v === undefined ? undefined : typeof v === 'number' ? String(v) : v.join(','));

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
  const dow =
    spec.dayOfWeek === undefined
      ? '*'
      : ([] as number[])
          .concat(spec.dayOfWeek)
          .map((d) => d % 7)
          .join(',');
  return `${spec.minute} ${spec.hour} ${list(spec.dayOfMonth) ?? '*'} ${list(spec.month) ?? '*'} ${dow}`;
}
