import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderRawMailSource } from '#adapters/folder-raw-mail-source';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { createSmtpListener } from '#local/smtp-listener';
import type { TandemDependencies } from '#runtime/dependencies';
import { integrationDependencies, thenOutbox } from '../../support/integration.ts';

const replyDomain = 'reply.test-hospital.example.org';
const head = (messageId: string) =>
  `From: Dr Lee <lee@test-hospital.example.org>\r\nTo: checkin+abc@${replyDomain}\r\nSubject: Re: check-in\r\nMessage-ID: ${messageId}\r\nMIME-Version: 1.0\r\n`;

/** 2,000 multiparts, each inside the last. */
function deeplyNested(): string {
  let open = '';
  let close = '';
  for (let i = 0; i < 2000; i++) {
    open += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    close = `\r\n--b${i}--\r\n${close}`;
  }
  return `${head('<nested@mail.example>')}${open}Content-Type: text/plain\r\n\r\nhello${close}`;
}

const manyHeaders = () =>
  `${head('<headers@mail.example>')}${Array.from({ length: 20_000 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(20)}\r\n`).join('')}\r\nhello\r\n`;

const manyRecipients = () =>
  `From: Dr Lee <lee@test-hospital.example.org>\r\nTo: ${Array.from({ length: 5000 }, (_, i) => `person${i}@elsewhere.example.org`).join(',\r\n ')}\r\nCc: checkin+abc@${replyDomain}\r\nSubject: to everyone\r\nMessage-ID: <recipients@mail.example>\r\n\r\n${'A long message. '.repeat(6000)}\r\n`;

describe('mail Tandem cannot read, through the SMTP listener', () => {
  let deps: TandemDependencies;
  let port = 0;
  let server: ReturnType<typeof createSmtpListener>;
  const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-inbound-')));

  beforeAll(async () => {
    deps = await integrationDependencies({ rawMailSource: rawMail });
    const handler = thenOutbox(deps, createInboundMailHandler(deps));
    server = createSmtpListener({
      replyDomain,
      rawMail,
      handleInbound: (event) => handler(event, localLambdaContext('inbound')),
      clock: () => new Date(),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (raw: string) =>
    createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({
      envelope: { from: 'lee@test-hospital.example.org', to: [`checkin+abc@${replyDomain}`] },
      raw,
    });

  const flagged = async () =>
    (
      await deps.documentClient.send(
        new QueryCommand({
          TableName: deps.config.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'PERSON#lee@test-hospital.example.org' },
        }),
      )
    ).Items ?? [];

  it('takes 2,000 nested multiparts and 20,000 headers (250), kept and flagged, never a 451', async () => {
    for (const raw of [deeplyNested(), manyHeaders()]) {
      const answer = await send(raw);
      expect(answer.response).toMatch(/^250 /);
    }
    const kept = await flagged();
    expect(kept).toHaveLength(2);
    for (const item of kept) {
      const record = await deps.documentClient.send(
        new GetCommand({
          TableName: deps.config.tableName,
          Key: { pk: `INBOUND#${item.messageId}`, sk: 'MESSAGE' },
        }),
      );
      expect(record.Item).toMatchObject({
        outcome: 'flagged',
        flaggedForAdministrators: true,
        reason: expect.stringMatching(/could not be read .* kept for the administrators/),
      });
      // The raw message stays, for an administrator to download.
      expect((await rawMail.read(String(record.Item?.receiptId))).length).toBeGreaterThan(1000);
    }
  });

  it('keeps a record within the item limit for 5,000 recipients and a long body', async () => {
    const answer = await send(manyRecipients());
    expect(answer.response).toMatch(/^250 /);
    const record = await deps.documentClient.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { pk: 'INBOUND#<recipients@mail.example>', sk: 'MESSAGE' },
      }),
    );
    expect(record.Item).toBeDefined();
    expect((record.Item!.to as string[]).length).toBeLessThanOrEqual(50);
    expect(Buffer.byteLength(JSON.stringify(record.Item))).toBeLessThan(400_000);
  });
});
