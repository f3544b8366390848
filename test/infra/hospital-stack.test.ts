import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { hospitalsDirectory, loadHospital } from '#config/hospital-files';
import { runtimeEnv } from '#config/lambda-config';
import { createTableInput } from '#config/table-schema';
import { calendarOrganizer } from '#domain/meeting';
import { buildApp, cdkContext } from '#infra/app';

/** Synthesizes every example hospital with cdk-nag on; bundling is skipped to keep tests fast. */
function synthesize(directory = hospitalsDirectory) {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'tandem-cdk-')),
    context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] },
  });
  buildApp(app, directory);
  return app.synth();
}

describe('hospital stacks', () => {
  let templates: Record<string, Template>;

  beforeAll(() => {
    const assembly = synthesize();
    templates = Object.fromEntries(
      assembly.stacks.map((s) => [
        s.stackName,
        Template.fromJSON(s.template as Record<string, unknown>),
      ]),
    );
  });

  it('makes one stack per hospital file, in the account and region the file names, with no AwsSolutions or HIPAA Security finding unacknowledged', () => {
    // synth() throws "Validation failed" on any unacknowledged cdk-nag finding.
    const assembly = synthesize();
    expect(
      assembly.stacks
        .map((s) => [s.stackName, s.environment.account, s.environment.region])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['Tandem-northbridge-general', '111111111111', 'us-east-1'],
      ['Tandem-st-aldric-medical', '222222222222', 'eu-west-1'],
      ['TandemMailReceiving-eu-west-1-222222222222', '222222222222', 'eu-west-1'],
      ['TandemMailReceiving-us-east-1-111111111111', '111111111111', 'us-east-1'],
    ]);
  });

  it('fails synth with the file, field and problem when a hospital file is wrong', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tandem-bad-hospitals-'));
    cpSync(hospitalsDirectory, directory, { recursive: true });
    writeFileSync(
      join(directory, 'broken.json'),
      JSON.stringify({ id: 'broken', name: 'Broken', aws: { account: '1', region: 'us-east-1' } }),
    );
    expect(() => synthesize(directory)).toThrow(
      /broken\.json[\s\S]*aws\.account: must be a 12-digit AWS account id/,
    );
  });

  it('keeps the table safe: on demand, PITR, deletion protection, customer key, retained', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });

  it('builds the table from the same definition the embedded runtime uses', () => {
    const local = createTableInput('any');
    const [table] = Object.values(
      templates['Tandem-st-aldric-medical']!.findResources('AWS::DynamoDB::Table'),
    );
    const properties = (table as { Properties: Record<string, unknown> }).Properties;
    expect(properties.KeySchema).toEqual(local.KeySchema);
    expect(new Set(properties.AttributeDefinitions as unknown[])).toEqual(
      new Set(local.AttributeDefinitions),
    );
    const [gsi] = properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: unknown;
      Projection: unknown;
    }[];
    const [localGsi] = local.GlobalSecondaryIndexes ?? [];
    expect(gsi).toEqual({
      IndexName: localGsi?.IndexName,
      KeySchema: localGsi?.KeySchema,
      Projection: localGsi?.Projection,
    });
  });

  it('keeps the logical IDs of what holds data or addresses, so an update never replaces them', () => {
    // A changed logical ID makes CloudFormation create a new resource and drop the old one: a new
    // table, key or user pool (the old ones retained, orphaned), or a new API address that every
    // link already emailed stops reaching. Moving one of these in the construct tree needs
    // overrideLogicalId to keep this list (docs/decisions.md).
    const stateful =
      /^AWS::(DynamoDB::Table|S3::Bucket|KMS::Key|SecretsManager::Secret|Cognito::UserPool|ApiGatewayV2::Api|Backup::BackupVault|Logs::LogGroup)$/;
    const resources = templates['Tandem-northbridge-general']!.toJSON().Resources as Record<
      string,
      { Type: string }
    >;
    expect(
      Object.entries(resources)
        .filter(([, r]) => stateful.test(r.Type))
        .map(([id]) => id)
        .sort(),
    ).toEqual([
      'AdminSignInAdministratorsPoolB212EF32',
      'DataAccessLogBucket12B33367',
      'DataBackupVault14A09D93',
      'DataDataKeyCDD1A924',
      'DataInboundMailBucket4B014CF8',
      'DataLinkSigningSecret8C98708B',
      'DataTableFDBAD0F2',
      'FunctionsDispatcherFunctionLogsD75F8079',
      'FunctionsHttpApiFunctionLogs7D4C15B8',
      'FunctionsInboundMailFunctionLogsCA6586FF',
      'FunctionsOutboxFunctionLogsE43EBAC9',
      'FunctionsSesEventsFunctionLogsFD1B3DD0',
      'WebHttpApi298A2DC2',
      'WebHttpApiAccessLogsD55ED6C2',
    ]);
  });

  it('runs every function on Node 24, arm64, with a retained log group', () => {
    const template = templates['Tandem-northbridge-general']!;
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(5);
    for (const fn of Object.values(functions) as { Properties: Record<string, unknown> }[]) {
      // Source maps are read when an error leaves a handler, not at every start.
      expect(JSON.stringify(fn.Properties)).not.toContain('enable-source-maps');
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        LoggingConfig: { LogGroup: expect.anything() },
        Environment: {
          Variables: expect.objectContaining({
            TANDEM_TABLE_NAME: expect.anything(),
            TANDEM_SIGNING_SECRET_ARN: expect.anything(),
            // Links in emails point at the HTTP API (or the hospital's own publicBaseUrl).
            TANDEM_PUBLIC_URL: {
              'Fn::GetAtt': [expect.stringMatching(/^WebHttpApi/), 'ApiEndpoint'],
            },
            TANDEM_CONFIGURATION_SET: { Ref: expect.stringMatching(/^MailOutConfigurationSet/) },
          }),
        },
      });
      // The hospital config is compiled into the code (test/infra/lambda-bundle.test.ts).
      expect(
        (fn.Properties.Environment as { Variables: Record<string, string> }).Variables,
      ).not.toHaveProperty('TANDEM_HOSPITAL');
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('runs the dispatcher from an EventBridge schedule; a run ends before the next, and a missed one is not queued', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
    });
    const [dispatcher] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([, f]) => /due work/.test(String(f.Properties.Description)),
    );
    expect(dispatcher?.[1].Properties.Timeout).toBe(270); // under the 5-minute period
    // Lambda's defaults would keep a throttled run 6 hours and retry it twice, behind newer runs.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: dispatcher?.[0] },
      MaximumEventAgeInSeconds: 300,
      MaximumRetryAttempts: 0,
    });
  });

  it('keeps incoming mail in an encrypted, private, TLS-only bucket that forgets it after the retention', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
          }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 30, Status: 'Enabled' })],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  it('has the HTTP API with access logs, the SES configuration set and the link-signing secret', () => {
    const template = templates['Tandem-st-aldric-medical']!;
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    // A short link's path is its token: the access logs name the route, never the path.
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(
      (stage as { Properties: { AccessLogSettings: { Format: string } } }).Properties
        .AccessLogSettings.Format,
    ) as Record<string, string>;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format).some((v) => /path/i.test(v))).toBe(false);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'tandem-st-aldric-medical',
    });
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('grants no wildcard resource except the inbound mail prefix and ListStreams', () => {
    const template = templates['Tandem-northbridge-general']!;
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: { PolicyDocument: { Statement: { Resource: unknown; Action: unknown }[] } };
    }[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const wildcards = statements.flatMap((s) =>
      [s.Resource]
        .flat()
        .map((r) => JSON.stringify(r))
        .filter((r) => r.includes('*'))
        .map((r) => `${[s.Action].flat().join(',')} ${r}`),
    );
    // The inbound function reads there, the admin pages erase there (forgetting a person), SES's
    // writer role puts mail there; ListStreams has no resource-level permission at all.
    expect(wildcards.sort()).toEqual([
      'dynamodb:ListStreams "*"',
      expect.stringMatching(/^s3:DeleteObject.*\/inbound\/\*/),
      expect.stringMatching(/^s3:GetObject.*\/inbound\/\*/),
      expect.stringMatching(/^s3:PutObject.*\/inbound\/\*/),
    ]);
  });

  it('sends the outbox from the table stream: new due work only, failures to the queue', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]!;
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^FunctionsOutboxFunction/) },
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [expect.stringMatching(/^DataFailedEvents/), 'Arn'] },
        },
      },
    });
    const filters = (mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] })
      .Filters;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      {
        eventName: ['INSERT'],
        dynamodb: {
          Keys: { pk: { S: [{ prefix: 'WORK#' }] } },
          NewImage: { dueKey: { S: [{ exists: true }] } },
        },
      },
    ]);
  });

  it('receives mail for the reply domain: SES stores it in the bucket, then invokes the inbound function', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0); // the account's shared stack has it
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      RuleSetName: 'tandem-receiving',
      Rule: Match.objectLike({
        Recipients: ['reply.northbridge-general.example.org'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
  });

  it('receives the calendar answers: the receipt rule covers the address every invite names as ORGANIZER', () => {
    for (const id of ['northbridge-general', 'st-aldric-medical']) {
      const organizer = calendarOrganizer(loadHospital(id)).address;
      const rules = templates[`Tandem-${id}`]!.findResources('AWS::SES::ReceiptRule');
      const recipients = Object.values(rules).flatMap(
        (r) => (r as { Properties: { Rule: { Recipients: string[] } } }).Properties.Rule.Recipients,
      );
      // SES matches a recipient entry that is the address itself or its whole domain.
      expect(
        recipients.some((r) => r === organizer || organizer.endsWith(`@${r}`)),
        `${organizer} is not covered by ${recipients.join(', ')}`,
      ).toBe(true);
    }
  });

  it('routes hard bounces and complaints of its configuration set to the SES events function', () => {
    const template = templates['Tandem-northbridge-general']!;
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: ['bounce', 'complaint'],
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        detail: {
          eventType: ['Bounce', 'Complaint'],
          mail: { tags: { 'ses:configuration-set': [Match.anyValue()] } },
        },
      },
    });
  });

  it('gives each hospital its own administrators’ user pool: invited from the config, MFA, code flow with PKCE', () => {
    for (const [stack, admins] of [
      ['Tandem-northbridge-general', 1],
      ['Tandem-st-aldric-medical', 2],
    ] as const) {
      const template = templates[stack]!;
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      });
      template.resourceCountIs('AWS::Cognito::UserPoolUser', admins);
      template.hasResourceProperties('AWS::Cognito::UserPoolUser', {
        DesiredDeliveryMediums: ['EMAIL'],
      });
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Pairing form, signed links and the JSON API',
        Environment: {
          Variables: Match.objectLike({
            TANDEM_ADMIN_ISSUER: Match.anyValue(),
            TANDEM_ADMIN_CLIENT_ID: Match.anyValue(),
          }),
        },
      });
    }
  });

  describe('production readiness (issue 7)', () => {
    const template = () => templates['Tandem-northbridge-general']!;
    const resources = (type: string) =>
      Object.values(template().findResources(type)) as {
        Properties: Record<string, unknown>;
        DeletionPolicy?: string;
      }[];
    const dataKeyRef = () => ({
      'Fn::GetAtt': [Object.keys(template().findResources('AWS::KMS::Key'))[0], 'Arn'],
    });

    it('encrypts every log group, the queue and the topic with the data key', () => {
      const logGroups = resources('AWS::Logs::LogGroup');
      expect(logGroups).toHaveLength(6); // five functions and the API's access logs
      for (const group of logGroups) {
        expect(group.Properties.KmsKeyId).toEqual(dataKeyRef());
        expect(group.DeletionPolicy).toBe('Retain');
      }
      template().hasResourceProperties('AWS::SQS::Queue', {
        KmsMasterKeyId: dataKeyRef(),
      });
      template().hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: dataKeyRef(),
      });
    });

    it('retains data and blocks, versions and TLS-guards the buckets; backs the table up', () => {
      for (const type of [
        'AWS::DynamoDB::Table',
        'AWS::S3::Bucket',
        'AWS::KMS::Key',
        'AWS::Backup::BackupVault',
        'AWS::Cognito::UserPool',
        'AWS::SecretsManager::Secret',
      ])
        for (const resource of resources(type)) expect(resource.DeletionPolicy).toBe('Retain');
      for (const bucket of resources('AWS::S3::Bucket')) {
        expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
      }
      template().resourceCountIs('AWS::S3::BucketPolicy', 2); // aws:SecureTransport denies
      template().hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: Match.anyValue() }),
      });
    });

    it('gives every asynchronous function and event rule the failed-events queue; the dispatcher runs alone', () => {
      const functions = resources('AWS::Lambda::Function').filter(
        (f) => String(f.Properties.Description).length > 0,
      );
      const byDescription = Object.fromEntries(
        functions.map((f) => [String(f.Properties.Description), f.Properties]),
      );
      const queue = {
        'Fn::GetAtt': [Object.keys(template().findResources('AWS::SQS::Queue'))[0], 'Arn'],
      };
      for (const description of [
        'Runs the due work (reminders, invites, check-ins) on a schedule',
        'Reads mail received by SES (check-in replies, calendar replies)',
        'Marks hard-bounced and complaining addresses undeliverable',
      ])
        expect(byDescription[description]?.DeadLetterConfig).toEqual({ TargetArn: queue });
      // No reservation unless the hospital's file asks (a fresh account's quota allows none).
      for (const f of functions)
        expect(f.Properties.ReservedConcurrentExecutions, String(f.Properties.Description)).toBe(
          undefined,
        );
      for (const rule of resources('AWS::Events::Rule'))
        for (const target of rule.Properties.Targets as { DeadLetterConfig?: unknown }[])
          expect(target.DeadLetterConfig).toEqual({ Arn: queue });
      template().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: 2,
      });
    });

    it('alarms on function errors, failed events, dispatcher lag, throttled sends, bounce and complaint rates, to the administrators', () => {
      const topic = Object.keys(template().findResources('AWS::SNS::Topic'))[0];
      const alarms = resources('AWS::CloudWatch::Alarm');
      expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual([
        'tandem-northbridge-general-bounce-rate',
        'tandem-northbridge-general-complaint-rate',
        'tandem-northbridge-general-dispatcher-lag',
        'tandem-northbridge-general-failed-events',
        'tandem-northbridge-general-function-errors',
        'tandem-northbridge-general-sending-throttled',
      ]);
      for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      const threshold = (name: string) =>
        alarms.find((a) => String(a.Properties.AlarmName).endsWith(name))?.Properties.Threshold;
      expect(threshold('bounce-rate')).toBe(0.05);
      expect(threshold('complaint-rate')).toBe(0.001);
      template().hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'tandem-northbridge-general-dispatcher-lag',
        TreatMissingData: 'breaching',
        Namespace: 'Tandem',
        MetricName: 'DispatcherLagSeconds',
      });
      template().hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'tandem-northbridge-general-sending-throttled',
        Namespace: 'Tandem',
        MetricName: 'EmailsThrottled',
        Dimensions: [
          { Name: 'hospital', Value: 'northbridge-general' },
          { Name: 'service', Value: 'tandem' },
        ],
        Statistic: 'Sum',
        DatapointsToAlarm: 2,
        EvaluationPeriods: 3,
      });
      template().hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'mentoring-office@northbridge-general.example.org',
      });
      template().hasResourceProperties('AWS::CloudWatch::Dashboard', {
        DashboardName: 'tandem-northbridge-general',
      });
    });
  });
  describe('a first deploy in a fresh account, and two hospitals in one (issue 13)', () => {
    const template = () => templates['Tandem-northbridge-general']!;
    const account = '111111111111';
    const ruleArn = `arn:aws:ses:us-east-1:${account}:receipt-rule-set/tandem-receiving:receipt-rule/tandem-northbridge-general`;

    /** Synthesizes with one hospital file changed; returns that hospital's template. */
    const withChange = (change: (config: Record<string, unknown>) => void) => {
      const directory = mkdtempSync(join(tmpdir(), 'tandem-hospitals-'));
      cpSync(hospitalsDirectory, directory, { recursive: true });
      const file = join(directory, 'northbridge-general.json');
      const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      change(config);
      writeFileSync(file, JSON.stringify(config));
      const stack = synthesize(directory).stacks.find(
        (st) => st.stackName === 'Tandem-northbridge-general',
      )!;
      return Template.fromJSON(stack.template as Record<string, unknown>);
    };

    it('reserves no concurrency unless the hospital file asks for it', () => {
      for (const f of Object.values(template().findResources('AWS::Lambda::Function')))
        expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
      const reserved = withChange((c) => {
        c.reservedConcurrency = { http: 25, dispatcher: 1, inboundMail: 5, sesEvents: 2 };
      });
      const values = Object.values(reserved.findResources('AWS::Lambda::Function'))
        .map((f) => f.Properties.ReservedConcurrentExecutions)
        .filter((v) => v !== undefined)
        .sort((a, b) => a - b);
      expect(values).toEqual([1, 2, 5, 25]);
    });

    it('lets CloudWatch publish this hospital’s alarms to the TLS-only alarm topic', () => {
      const [policy] = Object.values(template().findResources('AWS::SNS::TopicPolicy'));
      const statements = policy?.Properties.PolicyDocument.Statement as Record<string, unknown>[];
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            ArnLike: {
              'aws:SourceArn': expect.stringContaining(
                `:cloudwatch:us-east-1:${account}:alarm:tandem-northbridge-general-*`,
              ),
            },
            StringEquals: { 'aws:SourceAccount': account },
          },
        }),
      );
      // Every alarm's name is under that prefix, so each may publish.
      for (const alarm of Object.values(template().findResources('AWS::CloudWatch::Alarm')))
        expect(alarm.Properties.AlarmName).toMatch(/^tandem-northbridge-general-/);
    });

    it('scopes SES to this hospital’s receipt rule: a writer role and an invoke permission with SourceArn and SourceAccount', () => {
      template().hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'ses.amazonaws.com',
        SourceAccount: account,
        SourceArn: ruleArn,
      });
      const roles = Object.entries(template().findResources('AWS::IAM::Role')).filter(([, r]) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('ses.amazonaws.com'),
      );
      expect(roles).toHaveLength(1);
      const [roleId, role] = roles[0]!;
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': account, 'aws:SourceArn': ruleArn },
      });
      // The S3 action writes as that role (server-side encryption with the data key through the
      // role's own KMS grant), and nothing grants the SES service directly.
      template().hasResourceProperties('AWS::SES::ReceiptRule', {
        Rule: Match.objectLike({
          Actions: Match.arrayWith([
            { S3Action: Match.objectLike({ IamRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }) },
          ]),
        }),
      });
      const writer = Object.values(template().findResources('AWS::IAM::Policy')).find((p) =>
        JSON.stringify(p.Properties.Roles).includes(roleId),
      );
      const actions = (writer!.Properties.PolicyDocument.Statement as { Action: unknown }[])
        .flatMap((st) => [st.Action].flat())
        .sort();
      expect(actions).toEqual(['kms:Encrypt', 'kms:GenerateDataKey', 's3:PutObject']);
      for (const bucketPolicy of Object.values(template().findResources('AWS::S3::BucketPolicy')))
        expect(JSON.stringify(bucketPolicy)).not.toContain('ses.amazonaws.com');
      const [key] = Object.values(template().findResources('AWS::KMS::Key'));
      expect(JSON.stringify(key?.Properties.KeyPolicy)).not.toContain('ses.amazonaws.com');
      // SES checks its grants when the rule is created: they exist first.
      const [rule] = Object.values(template().findResources('AWS::SES::ReceiptRule'));
      expect(rule?.DependsOn).toEqual(expect.arrayContaining([roleId]));
    });

    it('names what two hospitals in one account could share: backup plan and vault, reputation alarms, sign-in domain', () => {
      template().hasResourceProperties('AWS::Backup::BackupPlan', {
        BackupPlan: Match.objectLike({ BackupPlanName: 'tandem-northbridge-general' }),
      });
      template().hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: 'tandem-northbridge-general',
      });
      for (const name of ['bounce-rate', 'complaint-rate'])
        template().hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `tandem-northbridge-general-${name}`,
          Dimensions: [{ Name: 'ses:configuration-set', Value: Match.anyValue() }],
        });
      template().hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'tandem-northbridge-general',
      });
      withChange((c) => {
        c.adminSignIn = { domainPrefix: 'northbridge-mentoring-admin' };
      }).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'northbridge-mentoring-admin',
      });
    });

    it('keys administrator users by address: removing one leaves the others untouched', () => {
      const users = (t: Template) =>
        Object.entries(t.findResources('AWS::Cognito::UserPoolUser')).map(
          ([id, u]) => `${id}=${u.Properties.Username}`,
        );
      const two = withChange((c) => {
        c.administrators = [
          'first@northbridge-general.example.org',
          'second@northbridge-general.example.org',
        ];
      });
      const one = withChange((c) => {
        c.administrators = ['second@northbridge-general.example.org'];
      });
      expect(users(two)).toHaveLength(2);
      expect(users(two)).toEqual(expect.arrayContaining(users(one)));
    });

    it('keeps each function’s environment to names and ARNs, under 4 KB with 200 closures', () => {
      const padded = withChange((c) => {
        c.closures = Array.from({ length: 200 }, (_, i) =>
          new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
        );
        c.allowedEmailDomains = Array.from(
          { length: 30 },
          (_, i) => `unit${i}.northbridge-general.example.org`,
        );
      });
      const functions = Object.values(padded.findResources('AWS::Lambda::Function')).filter(
        (f) => String(f.Properties.Description).length > 0,
      );
      expect(functions.length).toBeGreaterThanOrEqual(4);
      for (const f of functions) {
        const variables = f.Properties.Environment.Variables as Record<string, unknown>;
        expect(Object.keys(variables)).not.toContain(runtimeEnv.hospital);
        expect(Buffer.byteLength(JSON.stringify(variables))).toBeLessThan(4096);
      }
    });

    it('invites administrators from the hospital’s own SES identity, not Cognito’s 50-a-day sender', () => {
      template().hasResourceProperties('AWS::Cognito::UserPool', {
        EmailConfiguration: {
          EmailSendingAccount: 'DEVELOPER',
          From: 'Northbridge Physician Mentoring <mentoring@northbridge-general.example.org>',
          SourceArn: Match.stringLikeRegexp(
            ':ses:us-east-1:111111111111:identity/northbridge-general.example.org',
          ),
          ConfigurationSet: 'tandem-northbridge-general',
        },
      });
    });

    it('serves a custom domain when the file names one: domain, certificate, mapping, links and a DNS output', () => {
      const certificateArn =
        'arn:aws:acm:us-east-1:111111111111:certificate/0b1e7a3c-1111-2222-3333-444455556666';
      const custom = withChange((c) => {
        c.customDomain = { name: 'mentoring.northbridge-general.example.org', certificateArn };
        delete c.publicBaseUrl;
      });
      custom.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: 'mentoring.northbridge-general.example.org',
        DomainNameConfigurations: [Match.objectLike({ CertificateArn: certificateArn })],
      });
      custom.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
        DomainName: Match.anyValue(),
        Stage: '$default',
      });
      for (const f of Object.values(custom.findResources('AWS::Lambda::Function')).filter(
        (fn) => String(fn.Properties.Description).length > 0,
      ))
        expect(f.Properties.Environment.Variables.TANDEM_PUBLIC_URL).toBe(
          'https://mentoring.northbridge-general.example.org',
        );
      custom.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        CallbackURLs: ['https://mentoring.northbridge-general.example.org/admin/callback'],
      });
      expect(Object.keys(custom.findOutputs('CustomDomainTarget'))).toHaveLength(1);
      // A certificate from another region is refused with the reason.
      expect(() =>
        withChange((c) => {
          c.customDomain = {
            name: 'mentoring.northbridge-general.example.org',
            certificateArn: certificateArn.replace('us-east-1', 'eu-west-1'),
          };
        }),
      ).toThrow(/customDomain\.certificateArn: must be a certificate in us-east-1/);
    });

    it('gives an account and region one shared rule set, activated by the stack, that every hospital there adds its rule to', () => {
      const directory = mkdtempSync(join(tmpdir(), 'tandem-hospitals-'));
      cpSync(hospitalsDirectory, directory, { recursive: true });
      // A second hospital in Northbridge's account and region.
      const second = JSON.parse(
        readFileSync(join(directory, 'northbridge-general.json'), 'utf8'),
      ) as Record<string, unknown>;
      writeFileSync(
        join(directory, 'lakeside-clinic.json'),
        JSON.stringify({
          ...second,
          id: 'lakeside-clinic',
          name: 'Lakeside Clinic',
          senderAddress: 'mentoring@lakeside-clinic.example.org',
          replyDomain: 'reply.lakeside-clinic.example.org',
          allowedEmailDomains: ['lakeside-clinic.example.org'],
          administrators: ['office@lakeside-clinic.example.org'],
        }),
      );
      const assembly = synthesize(directory);
      const receiving = assembly.stacks.filter((st) =>
        st.stackName.startsWith('TandemMailReceiving-us-east-1-'),
      );
      expect(receiving).toHaveLength(1);
      const shared = Template.fromJSON(receiving[0]!.template as Record<string, unknown>);
      shared.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'tandem-receiving' });
      const [activate] = Object.values(shared.findResources('Custom::AWS'));
      const create = JSON.parse(JSON.stringify(activate?.Properties.Create));
      expect(JSON.stringify(create)).toContain('setActiveReceiptRuleSet');
      expect(JSON.stringify(create)).toContain('tandem-receiving');
      for (const id of ['northbridge-general', 'lakeside-clinic']) {
        const stack = assembly.stacks.find((st) => st.stackName === `Tandem-${id}`)!;
        expect(stack.dependencies.map((d) => d.id)).toContain(receiving[0]!.id);
        Template.fromJSON(stack.template as Record<string, unknown>).hasResourceProperties(
          'AWS::SES::ReceiptRule',
          { RuleSetName: 'tandem-receiving', Rule: Match.objectLike({ Name: `tandem-${id}` }) },
        );
      }
      // A set managed elsewhere (e.g. WorkMail's): the hospital adds its rule, activates nothing.
      const elsewhere = withChange((c) => {
        c.mailReceiving = { ruleSet: { shared: 'workmail-rules' } };
      });
      elsewhere.hasResourceProperties('AWS::SES::ReceiptRule', { RuleSetName: 'workmail-rules' });
    });

    it('uses every feature flag CDK currently recommends for a new app', () => {
      const context = cdkContext();
      for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS))
        expect(context[flag], flag).toEqual(value);
    });
  });
});
