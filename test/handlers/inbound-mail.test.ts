import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { FolderRawMailSource } from '#adapters/folder-raw-mail-source';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { sesEventFor } from '#local/smtp-listener';
import { integrationDependencies, thenOutbox } from '../../support/integration.ts';

const raw = (messageId: string) =>
  Buffer.from(
    [
      'From: Dr Lee <lee@test-hospital.example.org>',
      'To: office@reply.test-hospital.example.org',
      'Subject: Re: How did your meeting go?',
      `Message-ID: ${messageId}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We agreed on two next steps.',
      '',
    ].join('\r\n'),
  );

describe('inbound mail handler', () => {
  it('keeps a received message once, however many times it is delivered', async () => {
    const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-inbound-')));
    const deps = await integrationDependencies({ rawMailSource: rawMail });
    const handler = thenOutbox(deps, createInboundMailHandler(deps));
    const envelope = {
      from: 'lee@test-hospital.example.org',
      to: ['office@reply.test-hospital.example.org'],
    };

    await rawMail.write('receipt-1', raw('<abc@mail.example>'));
    await rawMail.write('receipt-2', raw('<abc@mail.example>'));
    const first = await handler(
      sesEventFor('receipt-1', envelope, new Date()),
      localLambdaContext('inbound'),
    );
    const again = await handler(
      sesEventFor('receipt-2', envelope, new Date()),
      localLambdaContext('inbound'),
    );
    expect(first).toMatchObject([
      { receiptId: 'receipt-1', kind: 'unknown', outcome: 'flagged', duplicate: false },
    ]);
    expect(again).toMatchObject([{ receiptId: 'receipt-2', duplicate: true }]);

    const stored = await deps.documentClient.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { pk: 'INBOUND#<abc@mail.example>', sk: 'MESSAGE' },
      }),
    );
    expect(stored.Item).toMatchObject({
      from: 'lee@test-hospital.example.org',
      to: ['office@reply.test-hospital.example.org'],
      subject: 'Re: How did your meeting go?',
      receiptId: 'receipt-1',
      kind: 'unknown',
      outcome: 'flagged',
      flaggedForAdministrators: true,
    });
    expect(stored.Item?.textBody).toContain('We agreed on two next steps.');
  });

  it('refuses a receipt id that could escape the inbound folder', async () => {
    const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-inbound-')));
    await expect(rawMail.read('../../etc/passwd')).rejects.toThrow(/bad receipt id/);
  });

  it('refuses a message over 10 MB unread', async () => {
    const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-inbound-')));
    const deps = await integrationDependencies({ rawMailSource: rawMail });
    await rawMail.write(
      'big',
      Buffer.concat([raw('<big@x>'), Buffer.alloc(10 * 1024 * 1024, 'a')]),
    );
    const result = await thenOutbox(deps, createInboundMailHandler(deps))(
      sesEventFor(
        'big',
        { from: 'lee@test-hospital.example.org', to: ['office@reply.test-hospital.example.org'] },
        new Date(),
      ),
      localLambdaContext('inbound'),
    );
    expect(result).toMatchObject([{ receiptId: 'big', outcome: 'ignored', reason: 'over 10 MB' }]);
  });
});
