import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { QUEUES, type QueueName } from '../../shared/definitions/queues.ts';
import { invoke } from './functions.ts';
import type { OutgoingMessage } from '../../shared/queue.ts';

/**
 * In-process SQS: each queue delivers batches to its consumer with the same event shape, honours
 * partial batch failures, redelivers up to maxReceiveCount, then moves the message to its DLQ.
 */
interface Held {
  id: string;
  body: string;
  attributes: Record<string, string>;
  receiveCount: number;
}

export class LocalQueues {
  readonly dlq = new Map<QueueName, Held[]>();
  private readonly pending = new Map<QueueName, Held[]>();
  private running = 0;
  private idle: (() => void)[] = [];

  async send(queue: QueueName, messages: OutgoingMessage[]): Promise<void> {
    const list = this.pending.get(queue) ?? [];
    for (const m of messages) list.push({ id: randomUUID(), body: JSON.stringify(m.body), attributes: m.attributes, receiveCount: 0 });
    this.pending.set(queue, list);
    this.pump(queue);
  }

  /** Resolves when every queue is empty and no batch is in flight. */
  drain(): Promise<void> {
    if (this.running === 0 && [...this.pending.values()].every((l) => l.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(queue: QueueName) {
    const def = QUEUES[queue];
    const list = this.pending.get(queue) ?? [];
    while (list.length && this.running < 4) {
      const batch = list.splice(0, def.batchSize);
      this.running++;
      void this.deliver(queue, batch).finally(() => {
        this.running--;
        this.pump(queue);
        if (this.running === 0 && [...this.pending.values()].every((l) => l.length === 0)) this.idle.splice(0).forEach((f) => f());
      });
    }
  }

  private async deliver(queue: QueueName, batch: Held[]) {
    const def = QUEUES[queue];
    for (const m of batch) m.receiveCount++;
    const records: SQSRecord[] = batch.map((m) => ({
      messageId: m.id,
      receiptHandle: m.id,
      body: m.body,
      attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { stringValue: v, dataType: 'String', stringListValues: [], binaryListValues: [] }])),
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `local:sqs:${queue}`,
      awsRegion: 'local',
    }));
    let failed = new Set(batch.map((m) => m.id));
    try {
      const out = (await invoke(def.consumer, { Records: records })) as SQSBatchResponse;
      failed = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      // the whole batch failed; every message is retried
    }
    for (const m of batch.filter((x) => failed.has(x.id))) {
      if (m.receiveCount >= def.maxReceiveCount) this.dlq.set(queue, [...(this.dlq.get(queue) ?? []), m]);
      else (this.pending.get(queue) ?? []).push(m);
    }
  }
}
