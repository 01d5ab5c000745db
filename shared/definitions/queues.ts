import type { FunctionName } from './functions.ts';

/**
 * Asynchronous paths. Each queue has a dead-letter queue (maxReceiveCount) and a named alarm on its depth.
 * Messages carry `correlationId` as a message attribute (shared/http/correlation.ts).
 */
export const QUEUES = {
  /** City-scale jobs fan out here: a producer pages through items and sends batches (DESIGN §6). */
  'job-batches': {
    consumer: 'supervision',
    batchSize: 10,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    description: '城市规模任务的分批处理',
  },
} as const satisfies Record<string, QueueDef>;

export interface QueueDef {
  consumer: FunctionName;
  batchSize: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  description: string;
}

export type QueueName = keyof typeof QUEUES;
