import { CfnOutput, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';

export interface TandemHttpApiProps {
  hospital: HospitalConfig;
  dataKey: IKey;
  handler: IFunction;
}

/**
 * The HTTP API in front of the HTTP function: its throttled default stage with encrypted access
 * logs and, when the hospital has one, its own domain. `publicBaseUrl` is where links point.
 */
export class TandemHttpApi extends Construct {
  readonly api: HttpApi;
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: TandemHttpApiProps) {
    super(scope, id);
    const { hospital } = props;
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `tandem-${hospital.id}`,
      description: `Tandem for ${hospital.name}`,
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('HttpApiIntegration', props.handler),
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'People without accounts use these routes (the pairing form and signed links); each request is authorised by the link’s HMAC signature or, for admin routes, by the handler.',
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
    // At the stack's top level, so the output keeps the name docs/operations.md gives it.
    if (customDomain)
      new CfnOutput(Stack.of(this), 'CustomDomainTarget', {
        description: `DNS: ${hospital.customDomain?.name} CNAME (or Route 53 alias) to this name`,
        value: customDomain.regionalDomainName,
      });
    this.publicBaseUrl =
      hospital.publicBaseUrl ??
      (hospital.customDomain ? `https://${hospital.customDomain.name}` : this.api.apiEndpoint);

    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.dataKey,
    });
    new HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      ...(customDomain ? { domainMapping: { domainName: customDomain } } : {}),
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // Named fields, and never the path: a short link's path is its token (`/l/<token>`), a
        // credential for one person's pages. The route key of the catch-all route is `$default`.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
          }),
        ),
      },
    });
  }
}
