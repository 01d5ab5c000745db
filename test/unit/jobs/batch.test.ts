import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { jobFunction } from '../../../shared/jobs/function.ts';

const record = (id: string, job: string, body: unknown, date = '2026-03-10'): SQSRecord => ({
  messageId: id,
  receiptHandle: id,
  body: JSON.stringify(body),
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {
    job: { stringValue: job, dataType: 'String' },
    date: { stringValue: date, dataType: 'String' },
    correlationId: { stringValue: 'corr-1', dataType: 'String' },
  },
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'local:sqs:test',
  awsRegion: 'local',
});
const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

describe('queue handlers: Powertools batch processing with partial batch responses', () => {
  it('returns only the messages that failed, and those of a job nobody handles', async () => {
    const made: string[] = [];
    const seen: unknown[] = [];
    const fn = jobFunction(
      {},
      {
        work: (ctx) => {
          made.push(`${ctx.date}/${ctx.correlationId}`);
          return async (m) => {
            if ((m.body as { fail?: boolean }).fail) throw new Error('boom');
            seen.push(m.body);
          };
        },
      },
    );
    const out = (await fn({ Records: [record('a', 'work', { n: 1 }), record('b', 'work', { fail: true }), record('c', 'nobody', {}), record('d', 'work', { n: 2 })] }, context)) as SQSBatchResponse;
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['b', 'c']);
    expect(seen).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }]));
    expect(made).toEqual(['2026-03-10/corr-1']); // one handler per job and invocation
  });

  it('answers a batch whose every message failed with all of them, not an exception', async () => {
    const fn = jobFunction({}, { work: () => async () => Promise.reject(new Error('down')) });
    const out = (await fn({ Records: [record('a', 'work', {}), record('b', 'work', {})] }, context)) as SQSBatchResponse;
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
  });
});
