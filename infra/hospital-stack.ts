import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';
import { runtimeEnv } from '#config/lambda-config';
import { AdministratorsSignIn } from './constructs/admin-sign-in.ts';
import { TandemData } from './constructs/data.ts';
import { TandemFunctions } from './constructs/functions.ts';
import { TandemHttpApi } from './constructs/http-api.ts';
import { TandemMailIn } from './constructs/mail-in.ts';
import { TandemMailOut } from './constructs/mail-out.ts';
import { Observability } from './constructs/observability.ts';

export interface HospitalStackProps extends StackProps {
  hospital: HospitalConfig;
}

/**
 * One hospital's whole deployment, in six parts (docs/architecture.md): what it keeps, how its
 * mail goes out and comes in, its functions, its web address, its administrators' sign-in, and
 * what watches it.
 */
export class HospitalStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: HospitalStackProps) {
    super(scope, id, props);
    const { hospital } = props;

    const data = new TandemData(this, 'Data', { hospital });
    this.table = data.table;
    const mailOut = new TandemMailOut(this, 'MailOut', { hospital });
    const functions = new TandemFunctions(this, 'Functions', { hospital, data, mailOut });
    new TandemMailIn(this, 'MailIn', {
      hospital,
      dataKey: data.dataKey,
      inboundBucket: data.inboundBucket,
      inboundFunction: functions.inbound,
    });

    const web = new TandemHttpApi(this, 'Web', {
      hospital,
      dataKey: data.dataKey,
      handler: functions.http,
    });
    functions.setPublicBaseUrl(web.publicBaseUrl);

    const administrators = new AdministratorsSignIn(this, 'AdminSignIn', {
      hospital,
      publicBaseUrl: web.publicBaseUrl,
    });
    functions.http.addEnvironment(runtimeEnv.adminIssuer, administrators.pool.userPoolProviderUrl);
    functions.http.addEnvironment(runtimeEnv.adminClientId, administrators.client.userPoolClientId);

    new Observability(this, 'Observability', {
      hospital,
      dataKey: data.dataKey,
      functions: functions.byName,
      dispatcher: functions.dispatcher,
      failedEvents: data.failedEvents,
      configurationSetName: mailOut.configurationSet.configurationSetName,
    });

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
  }
}
