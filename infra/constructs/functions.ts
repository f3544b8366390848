import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { dispatcherTimeoutSeconds, type HospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/lambda-config';
import { inboundObjectPrefix, tableSchema } from '#config/table-schema';
import { TandemFunction } from '../tandem-function.ts';
import type { TandemData } from './data.ts';
import type { TandemMailOut } from './mail-out.ts';

export interface TandemFunctionsProps {
  hospital: HospitalConfig;
  data: TandemData;
  mailOut: TandemMailOut;
}

/**
 * The five functions, each bound to exactly what it uses, and what invokes the two that run in
 * the background: the dispatcher's schedule and the SES events rule (bounces and complaints).
 * The HTTP function is invoked by the API (TandemHttpApi), the inbound one by the receipt rule
 * (TandemMailIn).
 */
export class TandemFunctions extends Construct {
  readonly http: TandemFunction;
  readonly dispatcher: TandemFunction;
  readonly inbound: TandemFunction;
  readonly outbox: TandemFunction;
  readonly sesEvents: TandemFunction;

  constructor(scope: Construct, id: string, props: TandemFunctionsProps) {
    super(scope, id);
    const { hospital, data, mailOut } = props;
    const { dataKey, inboundBucket, failedEvents, signingSecret, table } = data;
    const { mailSending, configurationSet } = mailOut;
    const stack = Stack.of(this);
    const bound = (fn: TandemFunction) =>
      fn
        .bindTable(table as Table, [tableSchema.dueIndex.indexName])
        .bindSigningSecret(signingSecret)
        .bindMailSending(mailSending);
    const inboundObjects = `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${inboundObjectPrefix}*]`;

    this.http = bound(
      new TandemFunction(this, 'HttpApiFunction', {
        entryName: 'http-api',
        description: 'Pairing form, signed links and the JSON API',
        hospital,
        dataKey,
        // No reservation unless the hospital's file asks for one (docs/operations.md).
        reservedConcurrentExecutions: hospital.reservedConcurrency?.http,
      }),
    ).bindInboundBucket(inboundBucket, 'erase');
    Validations.of(this.http).acknowledge(
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked synchronously by API Gateway: a failure is answered to the caller at once (nothing is queued), and the pairing state is saved before any work, so nothing is lost.',
      },
      {
        id: inboundObjects,
        reason:
          'Forgetting a person (admin pages) deletes the messages they sent, stored under the inbound/ prefix by SES message id; the function may delete, never read.',
      },
    );

    this.dispatcher = bound(
      new TandemFunction(this, 'DispatcherFunction', {
        entryName: 'dispatcher',
        description: 'Runs the due work (reminders, invites, check-ins) on a schedule',
        hospital,
        dataKey,
        // Shorter than the schedule's period, so a run ends before the next one starts; a run
        // that stops at its deadline leaves the rest due for the next.
        timeout: Duration.seconds(dispatcherTimeoutSeconds(hospital.dispatcher.rateMinutes)),
        reservedConcurrentExecutions: hospital.reservedConcurrency?.dispatcher,
        deadLetterQueue: failedEvents,
        // A throttled or failed run is not queued behind later ones (Lambda's default keeps an
        // event 6 hours with 2 retries): the next scheduled run does the same work.
        asyncRetryAttempts: 0,
        maxEventAge: Duration.seconds(Math.max(60, hospital.dispatcher.rateMinutes * 60)),
        // The weekly digest's chart.
        drawsCharts: true,
      }),
    );
    new Rule(this, 'DispatcherSchedule', {
      description: `Runs the Tandem dispatcher for ${hospital.id}`,
      schedule: Schedule.rate(Duration.minutes(hospital.dispatcher.rateMinutes)),
      // A missed run is made good by the next one; only an invocation EventBridge could not
      // deliver at all goes to the queue.
      targets: [
        new LambdaFunction(this.dispatcher, { retryAttempts: 0, deadLetterQueue: failedEvents }),
      ],
    });

    // The outbox: what a request or a received message saved is sent within seconds, without
    // anyone waiting for it. The scheduled dispatcher remains the safety net.
    this.outbox = bound(
      new TandemFunction(this, 'OutboxFunction', {
        entryName: 'outbox',
        description:
          'Sends new due work (proposal emails, answers, notices) as the table stream reports it',
        hospital,
        dataKey,
        timeout: Duration.seconds(60),
        reservedConcurrentExecutions: hospital.reservedConcurrency?.outbox,
      }),
    ).bindDueWorkStream(table as Table, failedEvents);

    this.inbound = bound(
      new TandemFunction(this, 'InboundMailFunction', {
        entryName: 'inbound-mail',
        description: 'Reads mail received by SES (check-in replies, calendar replies)',
        hospital,
        dataKey,
        timeout: Duration.seconds(60),
        reservedConcurrentExecutions: hospital.reservedConcurrency?.inboundMail,
        deadLetterQueue: failedEvents,
      }),
    ).bindInboundBucket(inboundBucket, 'read');
    Validations.of(this.inbound).acknowledge({
      id: inboundObjects,
      reason:
        'The function reads any message SES stored under the inbound/ prefix; object names are SES message ids, unknown in advance.',
    });

    // Hard bounces and complaints: SES → default event bus → a function that stops mail to the
    // address, pauses its pairings and tells the administrators.
    this.sesEvents = bound(
      new TandemFunction(this, 'SesEventsFunction', {
        entryName: 'ses-events',
        description: 'Marks hard-bounced and complaining addresses undeliverable',
        hospital,
        dataKey,
        timeout: Duration.seconds(60),
        reservedConcurrentExecutions: hospital.reservedConcurrency?.sesEvents,
        deadLetterQueue: failedEvents,
      }),
    );
    new Rule(this, 'SesEventsRule', {
      description: `Bounces and complaints of Tandem ${hospital.id}`,
      eventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: ['Bounce', 'Complaint'],
          mail: { tags: { 'ses:configuration-set': [configurationSet.configurationSetName] } },
        },
      },
      targets: [
        new LambdaFunction(this.sesEvents, { retryAttempts: 4, deadLetterQueue: failedEvents }),
      ],
    });
  }

  /** Every function, by the name the alarms and the dashboard use. */
  get byName(): Record<'http' | 'dispatcher' | 'outbox' | 'inbound' | 'sesEvents', TandemFunction> {
    return {
      http: this.http,
      dispatcher: this.dispatcher,
      outbox: this.outbox,
      inbound: this.inbound,
      sesEvents: this.sesEvents,
    };
  }

  /** The public URL links in emails point to, given to every function. */
  setPublicBaseUrl(url: string): void {
    for (const fn of Object.values(this.byName)) fn.addEnvironment(runtimeEnv.publicBaseUrl, url);
  }
}
