import { Duration, Stack } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { metricNames, metricsNamespace } from '#config/metric-names';

export interface ObservabilityProps {
  hospital: HospitalConfig;
  dataKey: IKey;
  functions: Record<string, IFunction>;
  dispatcher: IFunction;
  failedEvents: IQueue;
  /** The hospital's SES configuration set (its reputation metrics are alarmed on). */
  configurationSetName: string;
}

/**
 * One hospital's alarms, wired to an encrypted SNS topic the administrators are subscribed to,
 * and one CloudWatch dashboard. What each alarm means and what to do: docs/operations.md.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { hospital } = props;
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: `tandem-${hospital.id}-alarms`,
      displayName: `Tandem ${hospital.name} alarms`,
      masterKey: props.dataKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy of its own, which replaces SNS's default one: without
    // this statement CloudWatch may not publish, and no alarm email would ever arrive. Only
    // this hospital's alarms (all named tandem-<id>-…) in this account may publish.
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisHospitalsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:tandem-${hospital.id}-*`,
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    for (const email of hospital.administrators)
      this.topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.topic);
    const alarm = (created: Alarm) => {
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };
    const dims = { service: 'tandem', hospital: hospital.id };
    const tandem = (metricName: string, statistic: string, extra: Record<string, string> = {}) =>
      new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { ...dims, ...extra },
        statistic,
        period: Duration.minutes(5),
      });

    // Any function error: one alarm over the sum of every function's errors.
    const errors = new MathExpression({
      expression: Object.keys(props.functions)
        .map((_, i) => `e${i}`)
        .join(' + '),
      usingMetrics: Object.fromEntries(
        Object.values(props.functions).map((fn, i) => [
          `e${i}`,
          fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        ]),
      ),
      label: 'Function errors',
      period: Duration.minutes(5),
    });
    alarm(
      errors.createAlarm(this, 'FunctionErrors', {
        alarmName: `tandem-${hospital.id}-function-errors`,
        alarmDescription: 'A Tandem function failed (see docs/operations.md#alarms).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    const failed = props.failedEvents.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    alarm(
      failed.createAlarm(this, 'FailedEvents', {
        alarmName: `tandem-${hospital.id}-failed-events`,
        alarmDescription:
          'An event failed after its retries and waits in the failed-events queue (see docs/operations.md#alarms).',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    // Each run reports how late its oldest due item was; no report at all is as bad as a late one.
    const lagThresholdSeconds = Math.max(900, hospital.dispatcher.rateMinutes * 60 * 3);
    const lag = tandem(metricNames.dispatcherLag, 'Maximum');
    alarm(
      lag.createAlarm(this, 'DispatcherLag', {
        alarmName: `tandem-${hospital.id}-dispatcher-lag`,
        alarmDescription: `Due work waited over ${lagThresholdSeconds / 60} minutes, or the dispatcher stopped reporting (see docs/operations.md#alarms).`,
        threshold: lagThresholdSeconds,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );
    // SES refusing sends for the account's sending rate or daily quota: the emails wait (they are
    // retried without counting attempts), so the administrators hear it from the alarm.
    const throttled = tandem(metricNames.emailsThrottled, 'Sum');
    alarm(
      throttled.createAlarm(this, 'SendingThrottled', {
        alarmName: `tandem-${hospital.id}-sending-throttled`,
        alarmDescription:
          'SES is refusing sends for the sending rate or the daily quota; emails wait and go later (see docs/operations.md#alarms).',
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    // The bounce and complaint rates of this hospital's own configuration set (reputation
    // metrics are on for it), so two hospitals in one account never alarm for each other.
    const reputation = (metricName: string) =>
      new Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { 'ses:configuration-set': props.configurationSetName },
        statistic: 'Average',
        period: Duration.hours(1),
      });
    alarm(
      reputation('Reputation.BounceRate').createAlarm(this, 'BounceRate', {
        alarmName: `tandem-${hospital.id}-bounce-rate`,
        alarmDescription: 'SES bounce rate over 5% (see docs/operations.md#alarms).',
        threshold: 0.05,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    alarm(
      reputation('Reputation.ComplaintRate').createAlarm(this, 'ComplaintRate', {
        alarmName: `tandem-${hospital.id}-complaint-rate`,
        alarmDescription: 'SES complaint rate over 0.1% (see docs/operations.md#alarms).',
        threshold: 0.001,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const byKind = (metricName: string, label: string) =>
      new MathExpression({
        expression: `SEARCH('{${metricsNamespace},hospital,kind,service} MetricName="${metricName}" hospital="${hospital.id}"', 'Sum', 3600)`,
        label,
        period: Duration.hours(1),
      });
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `tandem-${hospital.id}`,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Tandem — ${hospital.name}\nAlarms go to the administrators (SNS \`tandem-${hospital.id}-alarms\`). What each means: docs/operations.md.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Emails sent, by kind',
        left: [byKind(metricNames.emailsSent, 'sent')],
        width: 12,
      }),
      new GraphWidget({
        title: 'Replies received, by kind',
        left: [byKind(metricNames.repliesReceived, 'replies')],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Dispatcher lag (s)',
        left: [lag],
        leftAnnotations: [{ value: lagThresholdSeconds, label: 'alarm' }],
        width: 8,
      }),
      new GraphWidget({
        title: 'Quarantined mail, bounces, complaints, throttled sends',
        left: [
          tandem(metricNames.quarantined, 'Sum'),
          byKind(metricNames.addressesSuppressed, 'suppressed'),
          throttled,
        ],
        width: 8,
      }),
      new SingleValueWidget({
        title: 'Failed events waiting',
        metrics: [failed],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Function errors and invocations',
        left: [errors],
        right: Object.entries(props.functions).map(([name, fn]) =>
          fn.metricInvocations({ label: name, period: Duration.minutes(5) }),
        ),
        width: 12,
      }),
      new GraphWidget({
        title: 'SES reputation',
        left: [reputation('Reputation.BounceRate'), reputation('Reputation.ComplaintRate')],
        width: 12,
      }),
    );
  }
}
