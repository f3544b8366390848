import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/runtime-config';
import { inboundObjectPrefix, tableSchema } from '#config/table-schema';
import { AdministratorsSignIn } from './constructs/admin-sign-in.ts';
import { TandemData } from './constructs/data.ts';
import { TandemMailIn } from './constructs/mail-in.ts';
import { TandemMailOut } from './constructs/mail-out.ts';
import { Observability } from './observability.ts';
import { TandemFunction } from './tandem-function.ts';

export interface HospitalStackProps extends StackProps {
  hospital: HospitalConfig;
}

/** The dispatcher's timeout: under the schedule's period, at most 5 minutes. */
export function dispatcherTimeout(rateMinutes: number): Duration {
  return Duration.seconds(Math.min(300, rateMinutes * 60 - 30));
}

/** One hospital's whole deployment: its data, its functions, its mail identity. */
export class HospitalStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: HospitalStackProps) {
    super(scope, id, props);
    const { hospital } = props;

    const data = new TandemData(this, 'Data', { hospital });
    this.table = data.table;
    const { dataKey, inboundBucket, failedEvents, signingSecret } = data;
    const { dueIndex } = tableSchema;

    const mailOut = new TandemMailOut(this, 'MailOut', { hospital });
    const { configurationSet, mailSending } = mailOut;

    const httpFunction = new TandemFunction(this, 'HttpApiFunction', {
      entryName: 'http-api',
      description: 'Pairing form, signed links and the JSON API',
      hospital,
      dataKey,
      // No reservation unless the hospital's file asks for one (docs/operations.md).
      reservedConcurrentExecutions: hospital.reservedConcurrency?.http,
    })
      .bindTable(this.table, [dueIndex.indexName])
      .bindSigningSecret(signingSecret)
      .bindInboundBucket(inboundBucket, 'erase')
      .bindMailSending(mailSending);
    Validations.of(httpFunction).acknowledge({
      id: 'HIPAA.Security-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway: a failure is answered to the caller at once (nothing is queued), and the pairing state is saved before any work, so nothing is lost.',
    });
    Validations.of(httpFunction).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${inboundObjectPrefix}*]`,
      reason:
        'Forgetting a person (admin pages) deletes the messages they sent, stored under the inbound/ prefix by SES message id; the function may delete, never read.',
    });

    const dispatcherFunction = new TandemFunction(this, 'DispatcherFunction', {
      entryName: 'dispatcher',
      description: 'Runs the due work (reminders, invites, check-ins) on a schedule',
      hospital,
      dataKey,
      // Shorter than the schedule's period, so a run ends before the next one starts; a run
      // that stops at its deadline leaves the rest due for the next.
      timeout: dispatcherTimeout(hospital.dispatcher.rateMinutes),
      reservedConcurrentExecutions: hospital.reservedConcurrency?.dispatcher,
      deadLetterQueue: failedEvents,
      // A throttled or failed run is not queued behind later ones (Lambda's default keeps an
      // event 6 hours with 2 retries): the next scheduled run does the same work.
      asyncRetryAttempts: 0,
      maxEventAge: Duration.seconds(Math.max(60, hospital.dispatcher.rateMinutes * 60)),
    })
      .bindTable(this.table, [dueIndex.indexName])
      .bindSigningSecret(signingSecret)
      .bindMailSending(mailSending);

    const inboundFunction = new TandemFunction(this, 'InboundMailFunction', {
      entryName: 'inbound-mail',
      description: 'Reads mail received by SES (check-in replies, calendar replies)',
      hospital,
      dataKey,
      timeout: Duration.seconds(60),
      reservedConcurrentExecutions: hospital.reservedConcurrency?.inboundMail,
      deadLetterQueue: failedEvents,
    })
      .bindTable(this.table, [dueIndex.indexName])
      .bindSigningSecret(signingSecret)
      .bindInboundBucket(inboundBucket, 'read')
      .bindMailSending(mailSending);
    Validations.of(inboundFunction).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${inboundObjectPrefix}*]`,
      reason:
        'The function reads any message SES stored under the inbound/ prefix; object names are SES message ids, unknown in advance.',
    });

    new TandemMailIn(this, 'MailIn', { hospital, dataKey, inboundBucket, inboundFunction });

    new Rule(this, 'DispatcherSchedule', {
      description: `Runs the Tandem dispatcher for ${hospital.id}`,
      schedule: Schedule.rate(Duration.minutes(hospital.dispatcher.rateMinutes)),
      // A missed run is made good by the next one; only an invocation EventBridge could not
      // deliver at all goes to the queue.
      targets: [
        new LambdaFunction(dispatcherFunction, {
          retryAttempts: 0,
          deadLetterQueue: failedEvents,
        }),
      ],
    });

    const httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `tandem-${hospital.id}`,
      description: `Tandem for ${hospital.name}`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('HttpApiIntegration', httpFunction),
    });
    // Hard bounces and complaints: SES → default event bus → a function that stops mail to the
    // address, pauses its pairings and tells the administrators.
    const sesEventsFunction = new TandemFunction(this, 'SesEventsFunction', {
      entryName: 'ses-events',
      description: 'Marks hard-bounced and complaining addresses undeliverable',
      hospital,
      dataKey,
      timeout: Duration.seconds(60),
      reservedConcurrentExecutions: hospital.reservedConcurrency?.sesEvents,
      deadLetterQueue: failedEvents,
    })
      .bindTable(this.table, [dueIndex.indexName])
      .bindSigningSecret(signingSecret)
      .bindMailSending(mailSending);
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
        new LambdaFunction(sesEventsFunction, { retryAttempts: 4, deadLetterQueue: failedEvents }),
      ],
    });

    // The hospital's own domain for the service, when it has one: API Gateway's regional custom
    // domain with its ACM certificate, mapped to the API's default stage below.
    const customDomain = hospital.customDomain
      ? new DomainName(this, 'CustomDomain', {
          domainName: hospital.customDomain.name,
          certificate: Certificate.fromCertificateArn(
            this,
            'CustomDomainCertificate',
            hospital.customDomain.certificateArn,
          ),
        })
      : undefined;
    if (customDomain)
      new CfnOutput(this, 'CustomDomainTarget', {
        description: `DNS: ${hospital.customDomain?.name} CNAME (or Route 53 alias) to this name`,
        value: customDomain.regionalDomainName,
      });
    const publicBaseUrl =
      hospital.publicBaseUrl ??
      (hospital.customDomain ? `https://${hospital.customDomain.name}` : httpApi.apiEndpoint);
    for (const fn of [httpFunction, dispatcherFunction, inboundFunction, sesEventsFunction]) {
      fn.addEnvironment(runtimeEnv.publicBaseUrl, publicBaseUrl);
    }
    const administrators = new AdministratorsSignIn(this, 'AdminSignIn', {
      hospital,
      publicBaseUrl,
    });
    httpFunction.addEnvironment(runtimeEnv.adminIssuer, administrators.pool.userPoolProviderUrl);
    httpFunction.addEnvironment(runtimeEnv.adminClientId, administrators.client.userPoolClientId);
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: dataKey,
    });
    new HttpStage(this, 'HttpApiDefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    new Observability(this, 'Observability', {
      hospital,
      dataKey,
      functions: {
        http: httpFunction,
        dispatcher: dispatcherFunction,
        inbound: inboundFunction,
        sesEvents: sesEventsFunction,
      },
      dispatcher: dispatcherFunction,
      failedEvents,
      configurationSetName: configurationSet.configurationSetName,
    });
    this.suppressReviewedFindings(httpApi);
  }

  /** Findings reviewed and accepted, each with its reason. */
  private suppressReviewedFindings(httpApi: HttpApi): void {
    Validations.of(this).acknowledge(
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason:
          'The functions reach only AWS service endpoints (DynamoDB, SES, S3, Secrets Manager, KMS) over TLS with IAM-signed requests and hold no network listeners; a VPC would add NAT or endpoint costs without isolating anything more.',
      },
      {
        id: 'HIPAA.Security-IAMNoInlinePolicy',
        reason:
          'Each role belongs to one function and its inline policy is written action by action on exact ARNs (see TandemFunction); a managed policy would be reused by nothing and could drift from the function it serves.',
      },
    );
    Validations.of(httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'People without accounts use these routes (the pairing form and signed links); each request is authorised by the link’s HMAC signature or, for admin routes, by the handler.',
    });
  }
}
