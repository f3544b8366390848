import { type AddressObject, simpleParser } from 'mailparser';
import type { InboundMessage } from '#domain/inbound-mail';

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

/** Parses raw MIME with mailparser into the fields the domain uses. */
export async function readInboundMessage(
  raw: Buffer,
  receiptId: string,
  receivedAt: Date,
): Promise<InboundMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    messageId: (parsed.messageId ?? receiptId).slice(0, 500),
    receiptId,
    from: addresses(parsed.from)[0] ?? '',
    to: addresses(parsed.to),
    subject: (parsed.subject ?? '').slice(0, 500),
    receivedAt,
    textBody: (parsed.text ?? '').slice(0, 100_000),
  };
}
