import middy from '@middy/core';
import type { SESEvent } from 'aws-lambda';
import { readInboundMessage } from '#adapters/mime-reader';
import { dispositionFor } from '#domain/inbound-mail';
import type { TandemDependencies } from '#runtime/dependencies';

/**
 * Invoked by the SES receipt rule after its S3 action stored the raw message (the SES event
 * carries headers and verdicts, not the body). The local SMTP listener calls the same handler
 * with an event of the same shape.
 */
export function createInboundMailHandler(deps: TandemDependencies) {
  return middy(async (event: SESEvent) => {
    const outcomes: { receiptId: string; result: 'recorded' | 'duplicate' }[] = [];
    for (const record of event.Records) {
      const receiptId = record.ses.mail.messageId;
      const raw = await deps.rawMailSource.read(receiptId);
      const message = await readInboundMessage(raw, receiptId, deps.clock.now());
      const result = await deps.inboundMailStore.recordOnce(message, dispositionFor(message));
      deps.logger.info('inbound mail', { receiptId, result });
      outcomes.push({ receiptId, result });
    }
    return outcomes;
  });
}
