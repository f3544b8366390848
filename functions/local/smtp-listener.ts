import { randomUUID } from 'node:crypto';
import type { SESEvent, SESMail } from 'aws-lambda';
import { SMTPServer } from 'smtp-server';
import type { FolderRawMailSource } from '#adapters/folder-raw-mail-source';

import { maxInboundBytes } from '#handlers/inbound-mail';

export { maxInboundBytes };

type Verdict = 'GRAY' | 'PASS' | 'FAIL';

export type InboundHandler = (event: SESEvent) => Promise<unknown>;

/**
 * Builds the event SES's Lambda action delivers (headers and verdicts, not the body) for a
 * message received locally. Verdicts say GRAY: nothing checked SPF/DKIM/DMARC on this machine.
 */
export function sesEventFor(
  receiptId: string,
  envelope: { from: string; to: string[] },
  receivedAt: Date,
  /** Local mail is never checked (GRAY); tests pass SES's verdicts, one for all or each. */
  verdict: Verdict | { spf: Verdict; dkim: Verdict; dmarc: Verdict } = 'GRAY',
): SESEvent {
  const each =
    typeof verdict === 'string' ? { spf: verdict, dkim: verdict, dmarc: verdict } : verdict;
  const gray = { status: typeof verdict === 'string' ? verdict : 'GRAY' };
  const mail: SESMail = {
    timestamp: receivedAt.toISOString(),
    source: envelope.from,
    messageId: receiptId,
    destination: envelope.to,
    headersTruncated: false,
    headers: [],
    commonHeaders: {
      returnPath: envelope.from,
      to: envelope.to,
      messageId: receiptId,
      date: receivedAt.toUTCString(),
    },
  };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail,
          receipt: {
            timestamp: receivedAt.toISOString(),
            processingTimeMillis: 0,
            recipients: envelope.to,
            spamVerdict: gray,
            virusVerdict: gray,
            spfVerdict: { status: each.spf },
            dkimVerdict: { status: each.dkim },
            dmarcVerdict: { status: each.dmarc },
            action: { type: 'Lambda', functionArn: 'local:inbound-mail', invocationType: 'Event' },
          },
        },
      },
    ],
  } as SESEvent;
}

/**
 * The local stand-in for SES receiving: accepts mail for the hospital's reply domain only (as
 * the receipt rule does), keeps the raw message where the inbound handler reads it, and calls
 * that handler with an SES-shaped event.
 */
export function createSmtpListener(options: {
  replyDomain: string;
  rawMail: FolderRawMailSource;
  handleInbound: InboundHandler;
  clock: () => Date;
  onError?: (error: unknown) => void;
}): SMTPServer {
  return new SMTPServer({
    name: 'tandem-local',
    banner: 'Tandem local inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxInboundBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const domain = address.address.split('@')[1]?.toLowerCase();
      if (domain !== options.replyDomain) {
        const error = new Error(
          `Tandem receives mail only for @${options.replyDomain}`,
        ) as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = new Error('Message over 10 MB refused') as Error & { responseCode: number };
          error.responseCode = 552;
          callback(error);
          return;
        }
        const receiptId = randomUUID();
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        options.rawMail
          .write(receiptId, Buffer.concat(chunks))
          .then(() => options.handleInbound(sesEventFor(receiptId, envelope, options.clock())))
          .then(
            () => callback(null, `Queued as ${receiptId}`),
            (error: unknown) => {
              options.onError?.(error);
              const failure = new Error('Temporary failure, try again later') as Error & {
                responseCode: number;
              };
              failure.responseCode = 451;
              callback(failure);
            },
          );
      });
    },
  });
}
