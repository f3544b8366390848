import PostalMime, { type Address, type Email } from 'postal-mime';
import {
  type CalendarPart,
  type InboundMessage,
  type InboundReceipt,
  maxKeptRecipients,
  UnreadableMailError,
} from '#domain/inbound-mail';
import { oneLine } from '#domain/one-line';
import { parseAuthenticationResults } from './authentication-results.ts';

function addresses(field: Address | Address[] | undefined): { address: string; name: string }[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) =>
    (a.group ?? [a]).map((v) => ({
      address: (v.address ?? '').toLowerCase(),
      name: v.name ?? '',
    })),
  );
}

/**
 * An HTML-only body as text: unwrapped (html-to-text wraps at 80 columns by default, which
 * splits a reply's sentences and its "On … wrote:" line), quotes kept as `>` lines, links as
 * their text.
 */
async function htmlAsText(html: string | undefined): Promise<string> {
  if (!html || html.length > 2_000_000) return '';
  try {
    // Loaded for an HTML-only message, the exception: its own chunk in the Lambda bundle.
    const { convert } = await import('html-to-text');
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
 * The first event of an iCalendar part, read with ical.js: the calendar's METHOD, the event's
 * UID and SEQUENCE, its first ATTENDEE and that attendee's PARTSTAT. ical.js loads with the first
 * calendar part (an Accept or Decline), so a check-in reply never loads it.
 */
async function firstEvent(content: string): Promise<CalendarPart['event']> {
  const { default: ICAL } = await import('ical.js');
  let calendar: InstanceType<typeof ICAL.Component>;
  try {
    calendar = new ICAL.Component(ICAL.parse(content));
  } catch {
    return undefined;
  }
  const vevent = calendar.getFirstSubcomponent('vevent');
  const attendee = vevent?.getFirstProperty('attendee');
  if (!vevent || !attendee) return undefined;
  return {
    method: String(calendar.getFirstPropertyValue('method') ?? ''),
    uid: String(vevent.getFirstPropertyValue('uid') ?? ''),
    attendee: String(attendee.getFirstValue() ?? ''),
    partstat: String(attendee.getParameter('partstat') ?? ''),
    sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0),
  };
}

/** Whether a MIME tree holds a text/plain part outside attachments (else the text is HTML's). */
function hasPlainText(raw: Buffer): boolean {
  return /^content-type:\s*text\/plain\b/im.test(raw.toString('latin1'));
}

/**
 * Parses raw MIME with postal-mime: transfer encodings and charsets decoded (by the platform's
 * TextDecoder, so no charset tables are bundled), HTML-only bodies turned into text by
 * html-to-text, text/calendar parts found inline or attached. Chosen over mailparser for the
 * inbound function's cold start: mailparser carries libmime's charset tables and an HTML stack
 * (1.2 MB of the bundle), postal-mime has no dependencies (docs/performance.md).
 */
export async function readInboundMessage(
  raw: Buffer,
  receipt: InboundReceipt,
): Promise<InboundMessage> {
  let parsed: Email;
  try {
    parsed = await PostalMime.parse(raw, {
      // A reply is a few parts deep; more is a crafted or broken message.
      maxNestingDepth: 50,
      maxHeadersSize: 256 * 1024,
    });
  } catch (error) {
    // The parser refuses more than its limits of MIME nesting and header size; the same bytes
    // fail the same way on every retry.
    throw new UnreadableMailError(
      `the MIME parser could not read it: ${(error as Error).message}`.slice(0, 300),
    );
  }
  const headers: Record<string, string> = {};
  for (const name of headerNames) {
    const value = parsed.headers.find((h) => h.key === name)?.value;
    if (value !== undefined) headers[name] = value.trim();
  }
  const calendars = await Promise.all(
    parsed.attachments
      .filter((a) => /^(text\/calendar|application\/ics)$/i.test(a.mimeType))
      .map(async (a): Promise<CalendarPart> => {
        const content = Buffer.from(a.content as ArrayBuffer).toString('utf8');
        const event = await firstEvent(content);
        return { ...(a.method ? { method: a.method } : {}), content, ...(event ? { event } : {}) };
      }),
  );
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
  // postal-mime writes an HTML-only message's text itself, plainly; html-to-text keeps a
  // reply's quotes as `>` lines, which the reply reader cuts at.
  const text =
    parsed.text?.trim() && (hasPlainText(raw) || !parsed.html)
      ? parsed.text
      : await htmlAsText(parsed.html);
  return {
    messageId: (parsed.messageId ?? receipt.receiptId).slice(0, 500),
    receiptId: receipt.receiptId,
    from: { address: from.address.slice(0, 320), name: from.name.slice(0, 200) },
    recipients: [...new Set(recipients.filter(Boolean))].slice(0, maxKeptRecipients),
    // One line, however the sender encoded it (an encoded-word can decode to a line break).
    subject: oneLine(parsed.subject ?? '').slice(0, 500),
    headers,
    text: text.slice(0, 100_000),
    calendars,
    receivedAt: receipt.receivedAt,
    ...(receipt.verdicts ? { verdicts: receipt.verdicts } : {}),
    ...(authentication ? { authentication } : {}),
  };
}
