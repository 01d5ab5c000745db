import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dataRemoval, type InfraConfig } from './config.ts';

export interface AlarmsProps {
  cfg: InfraConfig;
  functions: Record<string, NodejsFunction>;
  queueDlqs: Record<string, sqs.IQueue>;
  scheduleDlqs: Record<string, sqs.IQueue>;
}

/**
 * Named alarms (DESIGN §3 Observability), all notifying one KMS-encrypted SNS topic:
 * `<stage>-<fn>-errors`, `<stage>-<fn>-throttles`, `<stage>-<queue>-dlq-depth`, `<stage>-<schedule>-dlq-depth`.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, { cfg, functions, queueDlqs, scheduleDlqs }: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: `bozhou ${cfg.stage}: alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: dataRemoval(cfg),
    });
    // CloudWatch publishes to the encrypted topic: it needs the key (key policy, not an IAM policy).
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `bozhou-${cfg.stage}-alarms`,
      displayName: `bozhou ${cfg.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (cfg.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(cfg.alarmEmail));
    const action = new SnsAction(this.topic);

    const add = (name: string, metric: cloudwatch.IMetric, description: string): void => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmName: `${cfg.stage}-${name}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    const period = Duration.minutes(5);
    for (const [name, fn] of Object.entries(functions)) {
      add(`${name}-errors`, fn.metricErrors({ period, statistic: 'Sum' }), `Function ${name} reported errors`);
      add(`${name}-throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), `Function ${name} was throttled`);
    }
    const dlqDepth = (q: sqs.IQueue) => q.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' });
    for (const [name, dlq] of Object.entries(queueDlqs)) {
      add(`${name}-dlq-depth`, dlqDepth(dlq), `Messages of queue ${name} reached its dead-letter queue`);
    }
    for (const [name, dlq] of Object.entries(scheduleDlqs)) {
      add(`${name}-dlq-depth`, dlqDepth(dlq), `Schedule ${name} could not invoke its function`);
    }
  }
}
