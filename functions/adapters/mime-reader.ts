import { convert } from 'html-to-text';
import { type AddressObject, simpleParser } from 'mailparser';
import {
  type InboundMessage,
  type InboundReceipt,
  maxKeptRecipients,
  UnreadableMailError,
} from '#domain/inbound-mail';
import { oneLine } from '#domain/one-line';
import { parseAuthenticationResults } from './authentication-results.ts';

function addresses(
  field: AddressObject | AddressObject[] | undefined,
): { address: string; name: string }[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) =>
    a.value.map((v) => ({ address: (v.address ?? '').toLowerCase(), name: v.name ?? '' })),
  );
}

/**
 * An HTML-only body as text: unwrapped (html-to-text wraps at 80 columns by default, which
 * splits a reply's sentences and its "On … wrote:" line), quotes kept as `>` lines, links as
 * their text.
 */
function htmlAsText(html: string | false): string {
  if (!html || html.length > 2_000_000) return '';
  try {
    return convert(html, {
      wordwrap: false,
      limits: { maxDepth: 100 },
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
      ],
    });
  } catch {
    return '';
  }
}

const headerNames = ['auto-submitted', 'x-autoreply', 'x-autorespond', 'precedence'];

/**
 * Parses raw MIME with mailparser: transfer encodings decoded, HTML-only bodies turned into text
 * (mailparser's html-to-text), text/calendar parts found inline or attached.
 */
export async function readInboundMessage(
  raw: Buffer,
  receipt: InboundReceipt,
): Promise<InboundMessage> {
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipHtmlToText: true,
    });
  } catch (error) {
    // mailparser refuses more than its limits of MIME nesting and header size; the same bytes
    // fail the same way on every retry.
    throw new UnreadableMailError(
      `mailparser could not read it: ${(error as Error).message}`.slice(0, 300),
    );
  }
  const headers: Record<string, string> = {};
  for (const name of headerNames) {
    const value = parsed.headers.get(name);
    if (value !== undefined)
      headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const calendars = parsed.attachments
    .filter((a) => /^(text\/calendar|application\/ics)$/i.test(a.contentType))
    .map((a) => {
      const method = (
        a.headers.get('content-type') as { params?: Record<string, string> } | undefined
      )?.params?.method;
      return { ...(method ? { method } : {}), content: a.content.toString('utf8') };
    });
  const from = addresses(parsed.from)[0] ?? { address: '', name: '' };
  // Only the topmost header: SES adds its own above everything the sender wrote.
  const topResults = parsed.headerLines.find((h) => h.key === 'authentication-results');
  const authentication = topResults
    ? parseAuthenticationResults(topResults.line.replace(/^[^:]*:/, ''))
    : null;
  const recipients = [
    ...(receipt.envelopeRecipients ?? []).map((r) => r.toLowerCase()),
    ...addresses(parsed.to).map((a) => a.address),
    ...addresses(parsed.cc).map((a) => a.address),
  ];
  return {
    messageId: (parsed.messageId ?? receipt.receiptId).slice(0, 500),
    receiptId: receipt.receiptId,
    from: { address: from.address.slice(0, 320), name: from.name.slice(0, 200) },
    recipients: [...new Set(recipients.filter(Boolean))].slice(0, maxKeptRecipients),
    // One line, however the sender encoded it (an encoded-word can decode to a line break).
    subject: oneLine(parsed.subject ?? '').slice(0, 500),
    headers,
    text: (parsed.text?.trim() ? parsed.text : htmlAsText(parsed.html ?? false)).slice(0, 100_000),
    calendars,
    receivedAt: receipt.receivedAt,
    ...(receipt.verdicts ? { verdicts: receipt.verdicts } : {}),
    ...(authentication ? { authentication } : {}),
  };
}
