import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { inboundObjectPrefix, tableSchema } from '#config/table-schema';

const attributeType = { S: AttributeType.STRING, N: AttributeType.NUMBER } as const;

/**
 * What a hospital's stack keeps: the data key, the table (with its backups), the inbound mail
 * bucket and its access logs, the failed-events queue and the link-signing secret.
 */
export class TandemData extends Construct {
  readonly dataKey: Key;
  readonly table: Table;
  readonly inboundBucket: Bucket;
  readonly failedEvents: Queue;
  readonly signingSecret: Secret;

  constructor(scope: Construct, id: string, props: { hospital: HospitalConfig }) {
    super(scope, id);
    const { hospital } = props;
    const stack = Stack.of(this);

    this.dataKey = new Key(this, 'DataKey', {
      description: `Tandem ${hospital.id}: encrypts pairings, inbound mail and the link-signing secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // CloudWatch Logs (every log group), EventBridge (failed events to the queue) and CloudWatch
    // alarms (to the encrypted topic) use the data key too, each only for its own service.
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
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
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [
          new ServicePrincipal('events.amazonaws.com'),
          new ServicePrincipal('cloudwatch.amazonaws.com'),
        ],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
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
      encryptionKey: this.dataKey,
      timeToLiveAttribute,
      // New due work reaches the outbox function within seconds (TandemFunctions); the stream
      // is encrypted with the table's key.
      stream: StreamViewType.NEW_IMAGE,
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
      encryptionKey: this.dataKey,
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

    this.inboundBucket = new Bucket(this, 'InboundMailBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.dataKey,
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
    for (const bucket of [this.inboundBucket, accessLogBucket])
      Validations.of(bucket).acknowledge({
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Incoming mail is kept only days (inboundMailRetentionDays) and read once; copying it to a second region would put patient-adjacent mail where the hospital has not agreed to keep data. S3 stores it across three availability zones.',
      });

    // Events that failed after their retries (scheduled runs, received mail, SES events): kept
    // 14 days for a look and a replay; any message here raises an alarm.
    this.failedEvents = new Queue(this, 'FailedEvents', {
      queueName: `tandem-${hospital.id}-failed-events`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failedEvents).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the functions and event rules.',
    });

    this.signingSecret = new Secret(this, 'LinkSigningSecret', {
      description: `Tandem ${hospital.id}: HMAC key that signs the links in emails`,
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const id of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled'])
      Validations.of(this.signingSecret).acknowledge({
        id,
        reason:
          'Rotating this key at once would break every link already emailed; it is rotated by the documented two-key procedure (docs/operations.md: the old key keeps verifying until its links expire) instead of a rotation Lambda.',
      });
  }
}
