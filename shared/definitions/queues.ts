import type { FunctionName } from './functions.ts';

/**
 * Asynchronous paths. Each queue has a dead-letter queue (maxReceiveCount) and a named alarm on its depth.
 * Messages carry `correlationId` as a message attribute (shared/http/correlation.ts).
 */
export const QUEUES = {
  /** City-scale jobs fan out here: a producer pages through items and sends batches (docs/architecture.md § Performance budgets). */
  'job-batches': {
    consumer: 'supervision',
    batchSize: 10,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    description: '城市规模任务的分批处理',
  },
  /** Dynamic management (五)(六)(二十三): a review job pages through active cases and sends task batches here. */
  'management-batches': {
    consumer: 'management',
    batchSize: 10,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    description: '动态管理任务的分批处理（复核、探访、比对）',
  },
  /** 政策找人 (shared/monitoring): one message per department feed, matched against the county's low-income register. */
  'monitoring-feeds': { consumer: 'monitoring', batchSize: 1, visibilityTimeoutSeconds: 360, maxReceiveCount: 5, description: '部门推送数据与低收入人口名册的比对' },
  /** Monthly payment runs: producer pages, ledger batches, the payment file (shared/payments). Visibility > the function's 600 s. */
  /** Policy simulations (shared/simulation): producer pages the rosters, batches compute before/after. Writes only simulation items. */
  'simulation-batches': { consumer: 'payments', batchSize: 10, visibilityTimeoutSeconds: 660, maxReceiveCount: 5, description: '政策模拟测算的分批处理（不写案件和台账）' },
  'payment-batches': { consumer: 'payments', batchSize: 10, visibilityTimeoutSeconds: 660, maxReceiveCount: 5, description: '月度资金发放的分批处理（台账写入、发放文件）' },
  /**
   * SMS notices (shared/notices): the key of an outbox entry, sent after the transaction that wrote it. Every function
   * that changes a case (through the executor, a household event or a task) produces; a failed send comes back
   * through the queue's retries and then the dead-letter queue, and the daily notice-sweep queues what is still pending.
   */
  notices: {
    consumer: 'notices',
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    description: '短信通知的投递（发件箱，失败重试，死信队列）',
    producers: ['application', 'verification', 'approval', 'referral', 'supervision', 'management', 'registry'],
  },
} as const satisfies Record<string, QueueDef>;

export interface QueueDef {
  consumer: FunctionName;
  batchSize: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  description: string;
  /** Functions besides the consumer that send to it (granted send and given its URL). */
  producers?: readonly FunctionName[];
}

export type QueueName = keyof typeof QUEUES;
