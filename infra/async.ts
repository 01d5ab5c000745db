import { Aws, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUES, type QueueDef, type QueueName } from '../shared/definitions/queues.ts';
import { SCHEDULE_TIME_ZONE, SCHEDULES, toEventBridgeCron, type ScheduleName } from '../shared/definitions/schedules.ts';
import { nagRef } from './api.ts';
import { dataRemoval, type InfraConfig } from './config.ts';

/** Environment variable that carries a queue's URL: `job-batches` → `QUEUE_URL_JOB_BATCHES`. */
export const queueUrlEnv = (name: string): string => `QUEUE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** DLQs keep a failed message for the maximum SQS allows, so nothing is lost over a holiday. */
const DLQ_RETENTION = Duration.days(14);

/**
 * Asynchronous paths (docs/architecture.md § Observability: a dead-letter queue on every one).
 * - Queues from QUEUES: SSE-SQS encryption (messages carry ids and a correlation id, never personal data),
 *   TLS only, a DLQ with maxReceiveCount, and the consumer reading with partial batch failures.
 * - Schedules from SCHEDULES: EventBridge Scheduler in Asia/Shanghai, in one schedule group per stage,
 *   invoking the schedule's function with `{"job": <job>}`, retried, with a DLQ each.
 *   (The function takes today's date in Asia/Shanghai itself; the scheduler cannot render one.)
 */
export class Async extends Construct {
  readonly queues: Record<string, { queue: sqs.Queue; dlq: sqs.Queue }> = {};
  readonly scheduleDlqs: Record<string, sqs.Queue> = {};
  readonly schedules: Record<string, scheduler.Schedule> = {};
  readonly scheduleGroup: scheduler.ScheduleGroup;

  constructor(scope: Construct, id: string, cfg: InfraConfig, functions: Record<string, NodejsFunction>) {
    super(scope, id);
    const removalPolicy = dataRemoval(cfg);
    const fnOf = (name: string): NodejsFunction => {
      const fn = functions[name];
      if (!fn) throw new Error(`function "${name}" is not deployed`);
      return fn;
    };

    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const def = QUEUES[name];
      const dlq = new sqs.Queue(this, `${name}-dlq`, {
        queueName: `bozhou-${cfg.stage}-${name}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: DLQ_RETENTION,
        removalPolicy,
      });
      const queue = new sqs.Queue(this, name, {
        queueName: `bozhou-${cfg.stage}-${name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: dlq, maxReceiveCount: def.maxReceiveCount },
        removalPolicy,
      });
      const consumer = fnOf(def.consumer);
      consumer.addEventSource(new SqsEventSource(queue, { batchSize: def.batchSize, reportBatchItemFailures: true }));
      // The consumer is also the producer: the job it runs pages through items and sends the batches.
      queue.grantSendMessages(consumer);
      consumer.addEnvironment(queueUrlEnv(name), queue.queueUrl);
      for (const producer of (def as QueueDef).producers ?? []) {
        queue.grantSendMessages(fnOf(producer));
        fnOf(producer).addEnvironment(queueUrlEnv(name), queue.queueUrl);
      }
      this.queues[name] = { queue, dlq };
    }

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `bozhou-${cfg.stage}`,
      removalPolicy,
    });
    for (const name of Object.keys(SCHEDULES) as ScheduleName[]) {
      const def = SCHEDULES[name];
      const dlq = new sqs.Queue(this, `${name}-schedule-dlq`, {
        queueName: `bozhou-${cfg.stage}-schedule-${name}-dlq`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: DLQ_RETENTION,
        removalPolicy,
      });
      const fn = fnOf(def.fn);
      // An explicit role per schedule, assumable by EventBridge Scheduler of this account only.
      const role = new iam.Role(this, `${name}-schedule-role`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
        description: `bozhou ${cfg.stage}: schedule ${name} invokes ${def.fn}`,
      });
      const target = new LambdaInvoke(fn, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject({ job: def.job }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: dlq,
      });
      this.schedules[name] = new scheduler.Schedule(this, name, {
        scheduleName: `${name}`,
        scheduleGroup: this.scheduleGroup,
        description: def.description,
        schedule: scheduler.ScheduleExpression.expression(toEventBridgeCron(def.spec), TimeZone.of(SCHEDULE_TIME_ZONE)),
        target,
      });
      this.scheduleDlqs[name] = dlq;
      Validations.of(dlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the dead-letter queue of the EventBridge schedule "${name}" (alarmed on depth).`,
      });
      Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRef(Stack.of(this), fn.functionArn)}:*]`,
        reason: "CDK's LambdaInvoke target grants lambda:InvokeFunction on the function and its qualified ARNs " + '(versions/aliases, `:*`); the grant is still limited to this one function.',
      });
    }
  }
}
