import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from './definitions/queues.ts';

/**
 * Sending to a queue of the queue table. On AWS: SQS, with the queue URL from `QUEUE_URL_<NAME>`.
 * Locally: the in-process queues of infra/local. The correlation id always travels as an attribute.
 */
export interface OutgoingMessage {
  body: unknown;
  attributes: Record<string, string>;
}

export interface QueueSender {
  send(queue: QueueName, messages: OutgoingMessage[]): Promise<void>;
}

const KEY = Symbol.for('bozhou.local.queues');

export function useLocalQueues(sender: QueueSender): void {
  (globalThis as unknown as Record<symbol, QueueSender>)[KEY] = sender;
}

export async function sendMessages(queue: QueueName, messages: OutgoingMessage[]): Promise<void> {
  const local = (globalThis as unknown as Record<symbol, QueueSender | undefined>)[KEY];
  if (local) return local.send(queue, messages);
  const url = process.env[`QUEUE_URL_${queue.toUpperCase().replace(/-/g, '_')}`];
  if (!url) throw new Error(`no queue URL for ${queue}`);
  const client = new SQSClient({});
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const out = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: chunk.map((m, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify(m.body),
          MessageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
        })),
      }),
    );
    if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} messages`);
  }
}
