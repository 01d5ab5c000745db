import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
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
/**
 * A fan-out job: called once per invocation with its context, it returns the handler of one message.
 * A message whose handler throws comes back alone (a partial batch response) and, after maxReceiveCount,
 * goes to the dead-letter queue. State shared by one invocation's messages (a write limiter, or
 * limiter(1) to take them one at a time) lives in the closure.
 */
export type BatchJob = (ctx: JobContext) => (message: { id: string; body: unknown }) => Promise<void>;

const isSqs = (event: unknown): event is SQSEvent => Array.isArray((event as SQSEvent)?.Records);

export function jobFunction(jobs: Record<string, Job>, batches: Record<string, BatchJob> = {}) {
  return middy<JobInput | SQSEvent, Record<string, unknown> | SQSBatchResponse>().handler(async (event, context: Context) => {
    logger.resetKeys();
    if (isSqs(event)) {
      const correlationId = event.Records[0]?.messageAttributes?.correlationId?.stringValue ?? context.awsRequestId;
      logger.appendKeys({ correlationId });
      // One handler per job and invocation, made when the job's first message arrives; its date travels with it.
      const handlers = new Map<string, ReturnType<BatchJob>>();
      const handlerOf = (job: string, record: SQSRecord): ReturnType<BatchJob> => {
        let handle = handlers.get(job);
        if (!handle) {
          const make = batches[job];
          if (!make) throw new Error(`no batch handler for job "${job}"`);
          const date = record.messageAttributes?.date?.stringValue ?? dateShanghai(new Date());
          handle = make({ date, now: new Date(), correlationId, remainingMs: () => context.getRemainingTimeInMillis() });
          handlers.set(job, handle);
        }
        return handle;
      };
      const recordHandler = async (record: SQSRecord): Promise<void> => {
        const job = record.messageAttributes?.job?.stringValue ?? '';
        try {
          await handlerOf(job, record)({ id: record.messageId, body: JSON.parse(record.body) });
        } catch (error) {
          logger.error('message failed', { job, messageId: record.messageId, error: error as Error });
          throw error;
        }
      };
      // A processor per invocation: it holds the batch's state, and the local runtime may run invocations side by side.
      // A batch whose every message failed is answered like any other (all listed), not thrown.
      return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
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
