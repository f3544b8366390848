import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDocumentClient } from '#adapters/dynamo-client';
import { DynamoDueWorkStore } from '#adapters/dynamo-due-work-store';
import { DynamoInboundMailStore } from '#adapters/dynamo-inbound-mail-store';
import { S3RawMailSource } from '#adapters/s3-raw-mail-source';
import { createSesClient, SesMailer } from '#adapters/ses-mailer';
import type { RuntimeConfig } from '#config/runtime-config';
import { type Clock, systemClock } from '#domain/clock';
import type { DueWorkHandlers } from '#domain/due-work-dispatcher';
import type { InboundMailStore, RawMailSource } from '#domain/inbound-mail';
import type { Mailer } from '#domain/outgoing-email';
import { dueWorkHandlers } from './due-work-handlers.ts';

/** Everything the handlers use, built once per process (Lambda init, or the local runner). */
export interface TandemDependencies {
  config: RuntimeConfig;
  clock: Clock;
  logger: Logger;
  documentClient: DynamoDBDocumentClient;
  dueWorkStore: DynamoDueWorkStore;
  dueWorkHandlers: DueWorkHandlers;
  mailer: Mailer;
  inboundMailStore: InboundMailStore;
  rawMailSource: RawMailSource;
}

export interface DependencyOverrides {
  clock?: Clock;
  rawMailSource?: RawMailSource;
  logger?: Logger;
}

/** The one wiring of adapters to ports: Lambda and the embedded runtime differ only in endpoints. */
export function buildDependencies(
  config: RuntimeConfig,
  overrides: DependencyOverrides = {},
): TandemDependencies {
  const documentClient = createDynamoDocumentClient({
    region: config.region,
    ...(config.endpoints.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  });
  const sesClient = createSesClient({
    region: config.region,
    ...(config.endpoints.ses ? { endpoint: config.endpoints.ses } : {}),
  });
  const rawMailSource =
    overrides.rawMailSource ??
    (config.inboundBucketName
      ? S3RawMailSource.create(config.region, config.inboundBucketName)
      : missingRawMailSource);
  return {
    config,
    clock: overrides.clock ?? systemClock,
    logger:
      overrides.logger ??
      new Logger({
        serviceName: 'tandem',
        logLevel: config.logLevel,
        persistentKeys: { hospital: config.hospital.id },
      }),
    documentClient,
    dueWorkStore: new DynamoDueWorkStore(
      documentClient,
      config.tableName,
      config.hospital.dispatcher.shardCount,
    ),
    dueWorkHandlers: dueWorkHandlers(),
    mailer: new SesMailer(sesClient, config.configurationSetName),
    inboundMailStore: new DynamoInboundMailStore(documentClient, config.tableName),
    rawMailSource,
  };
}

const missingRawMailSource: RawMailSource = {
  read: () => Promise.reject(new Error('no inbound bucket configured (TANDEM_INBOUND_BUCKET)')),
};
