import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
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
  /** The sealed-bid key and the one role its policy lets decrypt (infra/data.ts, infra/api.ts). */
  bidKey: kms.IKey;
  bidOpener: NodejsFunction;
}

/** Names (after `<stage>-`) of the sealed-bid alarms; the threat model in shared/procurement/README.md cites them. */
export const BID_ALARMS = {
  decryptOutsideOpening: 'bid-key-decrypt-outside-opening',
  keyPolicyChanged: 'bid-key-policy-changed',
  decryptBeforeDeadline: 'bid-decrypt-before-deadline',
  integrityFailure: 'bid-integrity-failure',
} as const;

/**
 * Named alarms (docs/architecture.md § Observability), all notifying one KMS-encrypted SNS topic:
 * `<stage>-<fn>-errors`, `<stage>-<fn>-throttles`, `<stage>-<queue>-dlq-depth`, `<stage>-<schedule>-dlq-depth`,
 * and the sealed-bid alarms (BID_ALARMS).
 *
 * Sealed bids: CloudTrail records every KMS call as a management event, and EventBridge receives those
 * events in the key's region (`AWS API Call via CloudTrail`). ASSUMPTION: the account has a trail logging
 * management events (read and write) that does not exclude `kms.amazonaws.com` — KMS Decrypt is a read
 * event, so a trail limited to write events, or one excluding KMS events, silences these two rules. A rule
 * catches any Decrypt/ReEncrypt of the bid key by a principal other than the opening role (an IAM user, a
 * service, another role) — the key policy already denies them, so a match means someone tried — and
 * another any change to the key's policy, grants or state. Each rule publishes the event to the alarm topic
 * and drives a named alarm on its `TriggeredRules` metric.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, { cfg, functions, queueDlqs, scheduleDlqs, bidKey, bidOpener }: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      description: `bozhou ${cfg.stage}: alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: dataRemoval(cfg),
    });
    // CloudWatch publishes to the encrypted topic: it needs the key (key policy, not an IAM policy).
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    // EventBridge publishes the sealed-bid key's CloudTrail events to the same topic.
    key.grant(new iam.ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
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

    // ---------- sealed bids (measure 十八) ----------
    const openerRole = bidOpener.role;
    if (!openerRole) throw new Error('the opening function has no role');
    const onBidKey = (eventName: string[]) => ({
      source: ['aws.kms'],
      detailType: ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['kms.amazonaws.com'], eventName, resources: { ARN: [bidKey.keyArn] } },
    });
    const decrypts = onBidKey(['Decrypt', 'ReEncrypt']);
    const outsideOpening = new events.Rule(this, 'BidKeyDecryptOutsideOpeningRule', {
      ruleName: `bozhou-${cfg.stage}-${BID_ALARMS.decryptOutsideOpening}`,
      description: 'Decrypt or ReEncrypt of the sealed-bid key by any principal but the opening function role (CloudTrail)',
      eventPattern: {
        ...decrypts,
        detail: {
          ...decrypts.detail,
          // A role session other than the opening role's, or any principal that is not a role session at all.
          $or: [{ userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': openerRole.roleArn }] } } } }, { userIdentity: { type: [{ 'anything-but': 'AssumedRole' }] } }],
        },
      },
      targets: [new targets.SnsTopic(this.topic)],
    });
    const policyChanged = new events.Rule(this, 'BidKeyPolicyChangedRule', {
      ruleName: `bozhou-${cfg.stage}-${BID_ALARMS.keyPolicyChanged}`,
      description: 'A change to who may use the sealed-bid key: its policy, grants, state or deletion (CloudTrail)',
      eventPattern: onBidKey(['PutKeyPolicy', 'CreateGrant', 'RevokeGrant', 'DisableKey', 'EnableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion']),
      targets: [new targets.SnsTopic(this.topic)],
    });
    const triggered = (rule: events.Rule) => new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'TriggeredRules', dimensionsMap: { RuleName: rule.ruleName }, period, statistic: 'Sum' });
    add(
      BID_ALARMS.decryptOutsideOpening,
      triggered(outsideOpening),
      'Someone other than the opening function tried to decrypt a sealed bid (the key policy denies it); see the CloudTrail event on the alarm topic',
    );
    add(BID_ALARMS.keyPolicyChanged, triggered(policyChanged), 'The sealed-bid key policy, its grants or its state changed; check that only the opening role may still decrypt');
    // The opening step's own refusals and integrity checks (shared/procurement/sealed-bids.ts, opening.ts).
    const logged = (name: string, field: string, description: string) => {
      const filter = new logs.MetricFilter(this, `${name}-filter`, {
        logGroup: bidOpener.logGroup,
        filterPattern: logs.FilterPattern.numberValue(`$.${field}`, '=', 1),
        metricNamespace: `Bozhou/${cfg.stage}`,
        metricName: field,
        metricValue: '1',
      });
      add(name, filter.metric({ period, statistic: 'Sum' }), description);
    };
    logged(BID_ALARMS.decryptBeforeDeadline, 'bidDecryptBeforeDeadline', 'Opening was attempted before the bid deadline and refused (recorded on the tender audit chain)');
    logged(BID_ALARMS.integrityFailure, 'bidIntegrityFailure', 'A decrypted bid did not match its receipt hash; opening stopped');
  }
}
