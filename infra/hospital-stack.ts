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
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AccountRecovery,
  CfnUserPoolUser,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  type CfnReceiptRule,
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  ReceiptRule,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/runtime-config';
import { inboundObjectPrefix, tableSchema } from '#config/table-schema';
import { accountRuleSetName } from './mail-receiving-stack.ts';
import { Observability } from './observability.ts';
import { TandemFunction } from './tandem-function.ts';

export interface HospitalStackProps extends StackProps {
  hospital: HospitalConfig;
}

const attributeType = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

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

    const dataKey = new Key(this, 'DataKey', {
      description: `Tandem ${hospital.id}: encrypts pairings, inbound mail and the link-signing secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs (every log group), EventBridge (failed events to the queue) and CloudWatch
    // alarms (to the encrypted topic) use the data key too, each only for its own service.
    dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'], // in a key policy, "*" means this key
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`,
          },
        },
      }),
    );
    dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [
          new ServicePrincipal('events.amazonaws.com'),
          new ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const { partitionKey, sortKey, dueIndex, timeToLiveAttribute } = tableSchema;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: partitionKey.name, type: attributeType[partitionKey.type] },
      sortKey: { name: sortKey.name, type: attributeType[sortKey.type] },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      timeToLiveAttribute,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: dueIndex.indexName,
      partitionKey: {
        name: dueIndex.partitionKey.name,
        type: attributeType[dueIndex.partitionKey.type],
      },
      sortKey: { name: dueIndex.sortKey.name, type: attributeType[dueIndex.sortKey.type] },
      projectionType: ProjectionType[dueIndex.projection],
    });

    // Daily backups kept 35 days and monthly ones kept a year, in a vault under the data key, on
    // top of point-in-time recovery (which covers the last 35 days to the second).
    // Named per hospital: two hospitals in one account and region never share a plan or vault.
    const backupVault = new BackupVault(this, 'BackupVault', {
      backupVaultName: `tandem-${hospital.id}`,
      encryptionKey: dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const backupPlan = new BackupPlan(this, 'BackupPlan', {
      backupPlanName: `tandem-${hospital.id}`,
      backupVault,
    });
    backupPlan.addRule(BackupPlanRule.daily());
    backupPlan.addRule(BackupPlanRule.monthly1Year());
    backupPlan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    Validations.of(backupPlan).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'The role AWS Backup assumes to back up the table; AWS maintains this policy for exactly that service role.',
    });

    const accessLogBucket = new Bucket(this, 'AccessLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    Validations.of(accessLogBucket).acknowledge(
      {
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket; logging it into itself would loop.',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason:
          'S3 server access logging can only deliver to a bucket encrypted with S3-managed keys (SSE-S3); the logs hold request metadata, no mail.',
      },
    );

    const inboundBucket = new Bucket(this, 'InboundMailBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // Versions guard against a mistaken delete; a deleted or expired message's old version is
      // gone a day later, so forgetting a person and the retention still hold.
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'inbound-mail/',
      lifecycleRules: [
        {
          prefix: inboundObjectPrefix,
          expiration: Duration.days(hospital.inboundMailRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
    for (const bucket of [inboundBucket, accessLogBucket])
      Validations.of(bucket).acknowledge({
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Incoming mail is kept only days (inboundMailRetentionDays) and read once; copying it to a second region would put patient-adjacent mail where the hospital has not agreed to keep data. S3 stores it across three availability zones.',
      });

    // Events that failed after their retries (scheduled runs, received mail, SES events): kept
    // 14 days for a look and a replay; any message here raises an alarm.
    const failedEvents = new Queue(this, 'FailedEvents', {
      queueName: `tandem-${hospital.id}-failed-events`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the functions and event rules.',
    });

    const signingSecret = new Secret(this, 'LinkSigningSecret', {
      description: `Tandem ${hospital.id}: HMAC key that signs the links in emails`,
      encryptionKey: dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled'])
      Validations.of(signingSecret).acknowledge({
        id,
        reason:
          'Rotating this key at once would break every link already emailed; it is rotated by the documented two-key procedure (docs/operations.md: the old key keeps verifying until its links expire) instead of a rotation Lambda.',
      });

    const configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `tandem-${hospital.id}`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const senderDomain = hospital.senderAddress.split('@')[1] ?? '';
    const mailSending = {
      identityArn: this.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: senderDomain,
      }),
      configurationSetName: configurationSet.configurationSetName,
      configurationSetArn: this.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: configurationSet.configurationSetName,
      }),
    };

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

    // SES stores incoming mail in the bucket, then invokes the inbound function. Each grant is
    // scoped to this hospital's receipt rule (aws:SourceArn) in this account (aws:SourceAccount),
    // as the SES developer guide asks against the confused deputy:
    // https://docs.aws.amazon.com/ses/latest/dg/receiving-email-permissions.html
    const ruleSetName =
      hospital.mailReceiving.ruleSet === 'account'
        ? accountRuleSetName
        : hospital.mailReceiving.ruleSet.shared;
    const receiptRuleName = `tandem-${hospital.id}`;
    const receiptRuleArn = this.formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${ruleSetName}:receipt-rule/${receiptRuleName}`,
    });
    const fromThisRule = {
      StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': receiptRuleArn },
    };
    // The bucket encrypts with the data key (SSE-KMS). SES writes through a role of its own: "If
    // an IAM role ARN is provided, the role (and only the role) is used to access all the given
    // resources" (CloudFormation, AWS::SES::ReceiptRule S3Action IamRoleArn), so the write on
    // CreateReceiptRule and every delivery use the role's s3:PutObject and its KMS grant on the
    // data key — not a key-policy grant to the SES service, which S3's server-side encryption
    // would not see. (The S3 action's kmsKeyArn is client-side encryption: not used.)
    const sesWriterRole = new Role(this, 'InboundMailWriterRole', {
      description: `SES writes mail received for ${hospital.replyDomain} into the inbound bucket`,
      assumedBy: new ServicePrincipal('ses.amazonaws.com', { conditions: fromThisRule }),
    });
    sesWriterRole.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [inboundBucket.arnForObjects(`${inboundObjectPrefix}*`)],
      }),
    );
    sesWriterRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: [dataKey.keyArn],
      }),
    );
    Validations.of(sesWriterRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(inboundBucket.node.defaultChild as CfnBucket)}.Arn>/${inboundObjectPrefix}*]`,
      reason:
        'SES names each stored message by its message id, unknown in advance; the role may only put objects under the inbound/ prefix.',
    });
    inboundFunction.addPermission('InvokedByReceiptRule', {
      principal: new ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: this.account,
      sourceArn: receiptRuleArn,
    });
    const sesInvoke = inboundFunction.permissionsNode.findChild('InvokedByReceiptRule');
    // The set lives in the account's MailReceivingStack (or is managed elsewhere): this stack
    // only adds its rule.
    const ruleSet = ReceiptRuleSet.fromReceiptRuleSetName(
      this,
      'SharedReceiptRuleSet',
      ruleSetName,
    );
    const receiptRule = new ReceiptRule(this, 'ReceiptRule', {
      ruleSet,
      receiptRuleName,
      recipients: [hospital.replyDomain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      // Written here rather than with aws-ses-actions' S3 and Lambda classes: those add grants
      // conditioned on the account only, and the S3 one cannot name a role.
      actions: [
        {
          bind: () => ({
            s3Action: {
              bucketName: inboundBucket.bucketName,
              objectKeyPrefix: inboundObjectPrefix,
            },
          }),
        },
        {
          bind: () => ({
            lambdaAction: {
              functionArn: inboundFunction.functionArn,
              invocationType: 'Event',
            },
          }),
        },
      ],
    });
    (receiptRule.node.defaultChild as CfnReceiptRule).addPropertyOverride(
      'Rule.Actions.0.S3Action.IamRoleArn',
      sesWriterRole.roleArn,
    );
    // SES checks its access when the rule is created: the grants must exist first.
    receiptRule.node.addDependency(sesWriterRole, sesInvoke);

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
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.eventBus(
        EventBus.fromEventBusName(this, 'DefaultEventBus', 'default'),
      ),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
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
    const administrators = this.administratorsPool(hospital, publicBaseUrl);
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

  /**
   * The hospital's administrators: a Cognito user pool of their own (no self sign-up, MFA with an
   * authenticator app, strong passwords), each administrator from the config invited by email,
   * and one app client for the admin pages (authorization code with PKCE, no secret).
   */
  private administratorsPool(hospital: HospitalConfig, publicBaseUrl: string) {
    const pool = new UserPool(this, 'AdministratorsPool', {
      userPoolName: `tandem-${hospital.id}-administrators`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Invitations come from the hospital's own SES identity, not Cognito's default sender
      // (50 emails a day, from no-reply@verificationemail.com).
      email: UserPoolEmail.withSES({
        fromEmail: hospital.senderAddress,
        fromName: hospital.branding.programName,
        sesRegion: this.region,
        sesVerifiedDomain: hospital.senderAddress.split('@')[1] ?? '',
        configurationSetName: `tandem-${hospital.id}`,
      }),
      userInvitation: {
        emailSubject: `Your administrator account for ${hospital.branding.programName}`,
        emailBody: `You are an administrator of ${hospital.branding.programName} at ${hospital.name}. Sign in at ${publicBaseUrl}/admin with {username} and the temporary password {####}; you will choose a password and set up an authenticator app.`,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: hospital.adminSignIn.domainPrefix ?? `tandem-${hospital.id}` },
    });
    const client = pool.addClient('AdminPagesClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${publicBaseUrl}/admin/callback`],
        logoutUrls: [`${publicBaseUrl}/admin/sign-in`],
      },
    });
    // Keyed by address: removing or reordering an administrator leaves the others untouched.
    for (const email of hospital.administrators) {
      new CfnUserPoolUser(this, `Administrator-${email.toLowerCase()}`, {
        userPoolId: pool.userPoolId,
        username: email,
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [
          { name: 'email', value: email },
          { name: 'email_verified', value: 'true' },
        ],
      });
    }
    return { pool, client };
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
