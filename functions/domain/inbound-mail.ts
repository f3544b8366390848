/** A message received on one of the hospital's reply addresses. */
export interface InboundMessage {
  /** The Message-ID header when present (duplicate deliveries share it), else the receiver's id. */
  messageId: string;
  /** Where the raw message is kept (S3 key, or local file name). */
  receiptId: string;
  from: string;
  to: string[];
  subject: string;
  receivedAt: Date;
  textBody: string;
}

/**
 * How an incoming message is treated. Until the classifier of the mail-in work exists every
 * message is `unclassified` and flagged for the administrators, which is also what that work
 * does with mail it cannot place.
 */
export type InboundDisposition = { kind: 'unclassified'; flaggedForAdministrators: true };

export function dispositionFor(_message: InboundMessage): InboundDisposition {
  return { kind: 'unclassified', flaggedForAdministrators: true };
}

/** Port: keeps each message once, whatever the number of deliveries. */
export interface InboundMailStore {
  recordOnce(
    message: InboundMessage,
    disposition: InboundDisposition,
  ): Promise<'recorded' | 'duplicate'>;
}

/** Port: reads the raw RFC 5322 bytes of a received message. */
export interface RawMailSource {
  read(receiptId: string): Promise<Buffer>;
}
