import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../log.ts';
import { dateShanghai } from '../clock.ts';
import { isIsoDate } from '../calendar/dates.ts';

/**
 * The one way a function runs scheduled jobs. EventBridge Scheduler (or the local scheduler, or
 * `npm run job`) invokes it with `{ job, date? }`; SQS delivers fan-out batches with the job name and
 * correlation id as message attributes. Jobs are idempotent per date: running one twice creates nothing twice.
 */
export interface JobInput {
  job: string;
  /** As-of date (Asia/Shanghai); defaults to today. */
  date?: string;
  correlationId?: string;
}

export interface JobContext {
  date: string;
  now: Date;
  correlationId: string;
  /** Remaining time before Lambda's limit; long jobs checkpoint and hand over before it. */
  remainingMs(): number;
}

export type Job = (ctx: JobContext) => Promise<Record<string, unknown>>;
export type BatchJob = (messages: { id: string; body: unknown }[], ctx: JobContext) => Promise<string[]>;

const isSqs = (event: unknown): event is SQSEvent => Array.isArray((event as SQSEvent)?.Records);

export function jobFunction(jobs: Record<string, Job>, batches: Record<string, BatchJob> = {}) {
  return middy<JobInput | SQSEvent, Record<string, unknown> | SQSBatchResponse>().handler(async (event, context: Context) => {
    logger.resetKeys();
    if (isSqs(event)) {
      const byJob = new Map<string, SQSEvent['Records']>();
      for (const r of event.Records) {
        const job = r.messageAttributes?.job?.stringValue ?? '';
        byJob.set(job, [...(byJob.get(job) ?? []), r]);
      }
      const failures: string[] = [];
      for (const [job, records] of byJob) {
        const run = batches[job];
        const correlationId = records[0]?.messageAttributes?.correlationId?.stringValue ?? context.awsRequestId;
        logger.appendKeys({ correlationId, job });
        if (!run) {
          logger.error('no batch handler', { job });
          failures.push(...records.map((r) => r.messageId));
          continue;
        }
        const date = records[0]?.messageAttributes?.date?.stringValue ?? dateShanghai(new Date());
        try {
          failures.push(...(await run(records.map((r) => ({ id: r.messageId, body: JSON.parse(r.body) })), { date, now: new Date(), correlationId, remainingMs: () => context.getRemainingTimeInMillis() })));
        } catch (error) {
          logger.error('batch failed', { error: error as Error });
          failures.push(...records.map((r) => r.messageId));
        }
      }
      return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
    }
    const run = jobs[event.job];
    if (!run) throw new Error(`unknown job ${event.job}`);
    const now = new Date();
    const date = event.date ?? dateShanghai(now);
    if (!isIsoDate(date)) throw new Error(`bad date ${date}`);
    const correlationId = event.correlationId ?? context.awsRequestId;
    logger.appendKeys({ correlationId, job: event.job });
    const report = await run({ date, now, correlationId, remainingMs: () => context.getRemainingTimeInMillis() });
    logger.info('job done', { report });
    return { job: event.job, date, ...report };
  });
}
