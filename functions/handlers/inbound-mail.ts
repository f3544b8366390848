import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { metricNames } from '#config/metric-names';
import { UnreadableMailError } from '#domain/inbound-mail';
import { processInbound, recordUnreadable } from '#workflows/inbound-processing';
import { publishMetrics } from './observability.ts';
import type { InboundMailPorts } from './ports.ts';

/** Larger messages are refused (the local SMTP listener refuses them at the door). */
export const maxInboundBytes = 10 * 1024 * 1024;

/**
 * Invoked by the SES receipt rule after its S3 action stored the raw message (the SES event
 * carries headers and verdicts, not the body). The local SMTP listener calls the same handler
 * with an event of the same shape, without verdicts.
 */
export function createInboundMailHandler(deps: InboundMailPorts) {
  return middy(async (event: SESEvent) => {
    const outcomes: {
      receiptId: string;
      kind: string;
      outcome: string;
      duplicate: boolean;
      reason?: string;
    }[] = [];
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const raw = await deps.rawMailSource.read(mail.messageId);
      if (raw.length > maxInboundBytes) {
        // Refused unread: no reply to a mentoring email needs 10 MB.
        deps.logger.warn('inbound mail over 10 MB refused', {
          receiptId: mail.messageId,
          bytes: raw.length,
        });
        outcomes.push({
          receiptId: mail.messageId,
          kind: 'unknown',
          outcome: 'ignored',
          duplicate: false,
          reason: 'over 10 MB',
        });
        continue;
      }
      const verdicts =
        receipt.spfVerdict?.status === 'GRAY' &&
        receipt.dkimVerdict?.status === 'GRAY' &&
        receipt.dmarcVerdict?.status === 'GRAY'
          ? undefined
          : {
              spf: receipt.spfVerdict?.status,
              dkim: receipt.dkimVerdict?.status,
              dmarc: receipt.dmarcVerdict?.status,
            };
      let result: Awaited<ReturnType<typeof processInbound>>;
      try {
        const message = await deps.readInboundMessage(raw, {
          receiptId: mail.messageId,
          receivedAt: deps.clock.now(),
          envelopeRecipients: receipt.recipients,
          ...(verdicts ? { verdicts } : {}),
        });
        result = await processInbound(deps.inbound, message);
      } catch (error) {
        if (!(error instanceof UnreadableMailError)) throw error;
        // Taken and kept for the administrators (the raw message stays where SES stored it);
        // a retry would fail the same way.
        result = await recordUnreadable(
          deps.inbound,
          {
            receiptId: mail.messageId,
            envelopeFrom: mail.source,
            recipients: receipt.recipients,
            receivedAt: deps.clock.now(),
          },
          error.message,
        );
      }
      if (!result.duplicate) {
        deps.metrics.count(metricNames.repliesReceived, result.kind);
        if (result.outcome === 'quarantined') deps.metrics.count(metricNames.quarantined);
      }
      // Correlation ids: the SES message id, and the pairing when the mail was about one.
      deps.logger.info('inbound mail', {
        receiptId: mail.messageId,
        ...(result.pairingId ? { pairingId: result.pairingId } : {}),
        kind: result.kind,
        outcome: result.outcome,
        duplicate: result.duplicate,
      });
      outcomes.push({ receiptId: mail.messageId, ...result });
    }
    return outcomes;
  }).use(publishMetrics(deps));
}
