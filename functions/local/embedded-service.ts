import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localCredentials } from '#adapters/dynamo-client';
import { FolderRawMailSource } from '#adapters/folder-raw-mail-source';
import type { HospitalConfig } from '#config/hospital-config';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { createHttpApiHandler } from '#handlers/http-api';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { createOutboxHandler } from '#handlers/outbox';
import { buildDependencies } from '#runtime/dependencies';
import { loggableError } from '#runtime/loggable-error';
import { localLambdaContext, serveLambda } from './api-gateway-adapter.ts';
import { BackgroundOutbox } from './background-outbox.ts';
import { ensureTable, startDynamoDbLocal, waitForDynamoDb } from './embedded-dynamodb.ts';
import { startLocalSes } from './embedded-ses.ts';
import {
  type LocalPorts,
  type LocalRuntimeFile,
  localRegion,
  localRuntimeConfig,
} from './local-runtime.ts';
import { ensureAdminKey, ensureSigningSecret } from './local-secrets.ts';
import { runtimeFileName } from './paths.ts';
import { assertPortFree } from './ports.ts';
import { createSmtpListener } from './smtp-listener.ts';

export interface EmbeddedServiceOptions {
  hospital: HospitalConfig;
  home: string;
  ports: LocalPorts;
  inMemory: boolean;
  dispatchIntervalMs: number;
}

export interface EmbeddedService {
  banner: string;
  adminKey: string;
  stop(): Promise<void>;
}

export const portVariables: Record<keyof LocalPorts, string> = {
  http: 'PORT',
  ses: 'SES_PORT',
  smtp: 'SMTP_PORT',
  dynamodb: 'DYNAMODB_PORT',
};

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts the whole service on this machine: DynamoDB Local, the SES endpoint and mail viewer,
 * the HTTP routes, the SMTP listener and the dispatcher timer, wired to the same handlers Lambda
 * runs. Everything started is stopped by `stop()`, also when start-up fails half-way.
 */
export async function startEmbeddedService(
  options: EmbeddedServiceOptions,
): Promise<EmbeddedService> {
  const { hospital, home, ports } = options;
  for (const [name, port] of Object.entries(ports) as [keyof LocalPorts, number][]) {
    await assertPortFree(port, portVariables[name]);
  }
  mkdirSync(home, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) {
      await step().catch(() => undefined);
    }
    stops.length = 0;
  };

  try {
    const dataDirectory = join(home, 'dynamodb', hospital.id);
    const dynamo = await startDynamoDbLocal({
      port: ports.dynamodb,
      ...(options.inMemory ? {} : { dataDirectory }),
    });
    stops.push(dynamo.stop);
    const admin = new DynamoDBClient({
      region: localRegion,
      endpoint: dynamo.endpoint,
      credentials: localCredentials,
    });
    stops.push(async () => admin.destroy());
    try {
      await waitForDynamoDb(admin, dynamo.process);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${dynamo.output()}`);
    }
    const adminKey = ensureAdminKey(home);
    const config = localRuntimeConfig(hospital, ports, adminKey);
    await ensureTable(admin, config.tableName);

    const ses = await startLocalSes(ports.ses);
    stops.push(ses.stop);

    const rawMail = new FolderRawMailSource(join(home, 'inbound', hospital.id));
    // Requests answer before their mail goes: the outbox is delivered in the background by the
    // outbox handler, as the table stream invokes it in AWS.
    const outbox = new BackgroundOutbox((error) =>
      deps.logger.error('outbox delivery failed', { error: loggableError(error) }),
    );
    const deps = buildDependencies(
      config,
      { signingSecret: ensureSigningSecret(home) },
      { rawMailSource: rawMail, deliver: outbox.deliver, outboxSettled: () => outbox.settled() },
    );
    outbox.attach(createOutboxHandler(deps));
    stops.push(() => outbox.settled());

    const httpHandler = createHttpApiHandler(deps);
    const httpServer = createServer(serveLambda(httpHandler, `Tandem-${hospital.id}-HttpApi`));
    // Longer than clients' idle keep-alive, so a client never reuses a socket the server is
    // closing at that instant (which surfaces as a reset request).
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    await listen(httpServer, ports.http);
    stops.push(
      () =>
        new Promise((resolve) => {
          httpServer.closeAllConnections();
          httpServer.close(() => resolve());
        }),
    );

    const inboundHandler = createInboundMailHandler(deps);
    const smtp = createSmtpListener({
      replyDomain: hospital.replyDomain,
      rawMail,
      handleInbound: (event) => inboundHandler(event, localLambdaContext('inbound-mail')),
      clock: () => deps.clock.now(),
      onError: (error) => deps.logger.error('inbound mail failed', { error: loggableError(error) }),
    });
    await listen(smtp.server, ports.smtp);
    stops.push(() => new Promise((resolve) => smtp.close(() => resolve())));

    const dispatcher = createDispatcherHandler(deps);
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = dispatcher({}, localLambdaContext('dispatcher')).catch((error: unknown) =>
        deps.logger.error('dispatcher run failed', { error: loggableError(error) }),
      );
    }, options.dispatchIntervalMs);
    stops.push(async () => {
      clearInterval(timer);
      await running;
    });

    const runtimeFile: LocalRuntimeFile = {
      pid: process.pid,
      hospitalId: hospital.id,
      tableName: config.tableName,
      ports,
      inMemory: options.inMemory,
      startedAt: new Date().toISOString(),
    };
    const runtimePath = join(home, runtimeFileName);
    writeFileSync(runtimePath, `${JSON.stringify(runtimeFile, null, 2)}\n`);
    stops.unshift(async () => rmSync(runtimePath, { force: true }));

    const banner = [
      `Tandem is running for ${hospital.name} (${hospital.id})`,
      `  Pairing form and API   http://localhost:${ports.http}/            PORT`,
      `  Mail viewer (SES v2)   http://localhost:${ports.ses}/            SES_PORT`,
      `  Incoming mail (SMTP)   localhost:${ports.smtp}  to *@${hospital.replyDomain}   SMTP_PORT`,
      `  DynamoDB Local         http://localhost:${ports.dynamodb}  table ${config.tableName}  ${options.inMemory ? '(in memory)' : `(data in ${dataDirectory})`}   DYNAMODB_PORT`,
      `  Dispatcher             every ${Math.round(options.dispatchIntervalMs / 1000)} s; run now: npx tandem tick [--now <ISO time>]`,
      `  Admin key              ${adminKey}  (${join(home, 'admin-key')})`,
      'Press Ctrl-C to stop.',
    ].join('\n');
    return { banner, adminKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
