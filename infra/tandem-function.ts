import {
  AssetHashType,
  DockerImage,
  Duration,
  type ILocalBundling,
  RemovalPolicy,
  Validations,
} from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  FilterCriteria,
  FilterRule,
  Function as LambdaFunction,
  Runtime,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/lambda-config';
import { inboundObjectPrefix } from '#config/table-schema';
import { buildLambda, lambdaEntryFile } from './lambda-build.ts';
import { projectRoot } from './project-root.ts';

/** Sending through SES: the sender identity and the configuration set, by ARN and name. */
export interface MailSending {
  identityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
}

export interface TandemFunctionProps {
  /** File under functions/lambda/, without extension. */
  entryName: string;
  description: string;
  hospital: HospitalConfig;
  /** The stack's data key: every function reads or writes data encrypted with it. */
  dataKey: IKey;
  timeout?: Duration;
  memorySize?: number;
  reservedConcurrentExecutions?: number | undefined;
  /**
   * For a function invoked asynchronously (a schedule, SES, EventBridge): after Lambda's own
   * retries, the failed event lands here instead of being lost.
   */
  deadLetterQueue?: IQueue;
  /** Retries of an asynchronous invocation that failed (default 2 with a dead-letter queue). */
  asyncRetryAttempts?: number;
  /** How long Lambda keeps an asynchronous event it could not run yet (default 6 hours). */
  maxEventAge?: Duration;
  /** The function draws charts (the weekly digest's PNG): resvg's WebAssembly and a font go with it. */
  drawsCharts?: boolean;
}

/**
 * Every Tandem Lambda function: Node 24 on arm64, an ESM bundle (minified, source maps, AWS SDK
 * bundled so the code runs against the SDK version it was tested with), its own log group with a
 * retention, and `bind*` methods that grant access to a resource and inject the environment
 * variable naming it in one call, so neither can be forgotten. Grants are written out action by
 * action on exact resource ARNs (not CDK's broad grant* helpers), so the policies hold no wildcard
 * except the inbound bucket's object prefix.
 */
export class TandemFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: TandemFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.dataKey,
    });
    super(scope, id, {
      code: lambdaCode(props),
      handler: `${lambdaEntryFile.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.deadLetterQueue
        ? { deadLetterQueue: props.deadLetterQueue, retryAttempts: props.asyncRetryAttempts ?? 2 }
        : {}),
      ...(props.maxEventAge ? { maxEventAge: props.maxEventAge } : {}),
      logGroup,
      // No --enable-source-maps: Node would read every bundle file's map at the cold start; an
      // error leaving a handler has its stack mapped then (functions/runtime/mapped-stacks.ts).
      environment: {
        POWERTOOLS_SERVICE_NAME: 'tandem',
        [runtimeEnv.logLevel]: 'INFO',
      },
    });
    if (this.role) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only lets the function write its own logs (logs:CreateLogStream, logs:PutLogEvents); it is the AWS-maintained minimum for Lambda.',
      });
    }
    if (props.reservedConcurrentExecutions === undefined)
      Validations.of(this).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          'No reservation by default: a new account (quota often 10) refuses any reservation that leaves under 10 unreserved, so the first deploy would fail. Load is bounded elsewhere (the HTTP stage throttles at 50/s, the dispatcher runs on a schedule with leases, SES delivers inbound mail at its own rate); a hospital sets reservedConcurrency in its file once its quota allows (docs/operations.md).',
      });
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [props.dataKey.keyArn],
      }),
    );
  }

  bindTable(table: ITable, indexNames: readonly string[]): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:Query',
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
        ],
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    this.addEnvironment(runtimeEnv.tableName, table.tableName);
    return this;
  }

  /**
   * Invoked with the table stream's inserts of due work (the outbox). Lambda filters the stream
   * before invoking, so only `WORK#` items in the due index arrive; a batch that keeps failing
   * goes to the failed-events queue, and the scheduled dispatcher still finds its items.
   */
  bindDueWorkStream(table: ITable, failedEvents: IQueue): this {
    if (!table.tableStreamArn) throw new Error('the table has no stream');
    this.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 20,
        maxBatchingWindow: Duration.seconds(0),
        retryAttempts: 2,
        bisectBatchOnError: true,
        maxRecordAge: Duration.minutes(10),
        // Written out (not SqsDlq, whose grant adds wildcard KMS actions): the queue's key is
        // the data key, which every function may already use.
        onFailure: { bind: () => ({ destination: failedEvents.queueArn }) },
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: {
              Keys: { pk: { S: FilterRule.beginsWith('WORK#') } },
              NewImage: { dueKey: { S: FilterRule.exists() } },
            },
          }),
        ],
      }),
    );
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [failedEvents.queueArn] }),
    );
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams, which Lambda needs to read a table stream, has no resource-level permissions (the Service Authorization Reference lists no resource type for it); every other stream action is on this table’s stream ARN.',
      },
      {
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked by a stream event source mapping, never asynchronously: failed batches go to the failed-events queue through the mapping’s on-failure destination.',
      },
    );
    return this;
  }

  bindSigningSecret(secret: ISecret): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [secret.secretArn],
      }),
    );
    this.addEnvironment(runtimeEnv.signingSecretArn, secret.secretArn);
    return this;
  }

  /** `read` for the inbound function; `erase` for forgetting a person (the admin pages). */
  bindInboundBucket(bucket: IBucket, access: 'read' | 'erase'): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: [access === 'read' ? 's3:GetObject' : 's3:DeleteObject'],
        resources: [bucket.arnForObjects(`${inboundObjectPrefix}*`)],
      }),
    );
    this.addEnvironment(runtimeEnv.inboundBucketName, bucket.bucketName);
    return this;
  }

  /** Sending through SES v2 from the hospital's sender identity, with its configuration set. */
  bindMailSending(options: MailSending): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [options.identityArn, options.configurationSetArn],
      }),
    );
    this.addEnvironment(runtimeEnv.configurationSetName, options.configurationSetName);
    return this;
  }
}

/**
 * The function's code: built by esbuild at synth (lambda-build.ts, with code splitting), hashed by
 * what it wrote. Always built locally (esbuild is a dev dependency); the image is required by
 * CDK's bundling options but never pulled, since the local build answers true or throws.
 */
function lambdaCode(props: TandemFunctionProps): Code {
  return Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('tandem-builds-locally-with-esbuild'),
      local: new LocalLambdaBuild(props.entryName, props.hospital, props.drawsCharts ?? false),
    },
  });
}

/**
 * CDK reuses a bundling result within an app when the bundling options look the same, and it
 * compares them as JSON, where a function does not show: the build's inputs are fields here so
 * that each function, and each hospital, gets its own build (a test checks the assets differ).
 */
class LocalLambdaBuild implements ILocalBundling {
  constructor(
    readonly entryName: string,
    readonly hospital: HospitalConfig,
    readonly drawsCharts: boolean,
  ) {}

  tryBundle(outputDir: string): boolean {
    buildLambda({
      entryName: this.entryName,
      outdir: outputDir,
      hospital: this.hospital,
      drawsCharts: this.drawsCharts,
    });
    return true;
  }
}
