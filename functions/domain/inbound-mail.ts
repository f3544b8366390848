import { newReplyText } from './reply-text.ts';

/** A text/calendar part, and what the MIME reader read from its first event (iCalendar parsed). */
export interface CalendarPart {
  /** The Content-Type's `method` parameter. */
  method?: string;
  content: string;
  /** Absent when the part is not iCalendar or has no event with an attendee. */
  event?: {
    /** The calendar's METHOD property (for a part whose Content-Type names none). */
    method: string;
    uid: string;
    /** The first ATTENDEE's value (a mailto: URI) and its PARTSTAT parameter, as written. */
    attendee: string;
    partstat: string;
    sequence: number;
  };
}

/** A received message, as the MIME reader hands it to the domain. */
export interface InboundMessage {
  /** The Message-ID header when present (duplicate deliveries share it), else the receiver's id. */
  messageId: string;
  /** Where the raw message is kept (S3 key, or local file name). */
  receiptId: string;
  from: { address: string; name: string };
  /** Envelope recipients plus To and Cc, lower-cased. */
  recipients: string[];
  subject: string;
  /** Lower-cased header names → values, for the headers the classifier reads. */
  headers: Record<string, string>;
  /** text/plain, or the HTML turned into text when there is no plain part. */
  text: string;
  /** Decoded text/calendar parts (inline or attached) with the Content-Type's method, if any. */
  calendars: CalendarPart[];
  receivedAt: Date;
  /** SES receipt verdicts; absent where nothing checked them (the local SMTP listener). */
  verdicts?: { spf?: string; dkim?: string; dmarc?: string };
  /**
   * The message's topmost Authentication-Results header: in AWS the one SES adds on receipt
   * (authserv-id `amazonses.com`); any below it were written by someone else and never count.
   */
  authentication?: AuthenticationResults;
}

export interface AuthenticationResults {
  authservId: string;
  results: { method: string; result: string; properties: Record<string, string> }[];
}

/** The authserv-id SES writes in the Authentication-Results header it adds on receipt. */
export const sesAuthservId = 'amazonses.com';

/**
 * A message no parser can read as it is (nesting or header limits exceeded, broken MIME): a
 * permanent condition, so it is taken, kept and flagged, never refused for a retry.
 */
export class UnreadableMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableMailError';
  }
}

/** At most this many recipients are kept per message (SES delivers to at most 50 per copy). */
export const maxKeptRecipients = 100;

export type Partstat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

export type Classified =
  | { kind: 'calendar-reply'; uid: string; attendee: string; partstat: Partstat; sequence: number }
  | { kind: 'auto-reply'; reason: string }
  | { kind: 'checkin-reply'; token: string; text: string }
  | { kind: 'unknown' };

const autoReplySubject =
  /^(out of (the )?office|automatic reply|auto(matic)?[- ]?(reply|response)|away from|on leave|abwesenheit|absence|réponse automatique|respuesta automática|fuera de la oficina)\b/i;

function calendarReply(
  message: InboundMessage,
): Extract<Classified, { kind: 'calendar-reply' }> | null {
  for (const part of message.calendars) {
    const event = part.event;
    if (!event) continue;
    // METHOD from the Content-Type, or from the calendar body when the header lacks it.
    if ((part.method ?? event.method).toUpperCase() !== 'REPLY') continue;
    const partstat = event.partstat.toUpperCase();
    if (partstat !== 'ACCEPTED' && partstat !== 'DECLINED' && partstat !== 'TENTATIVE') continue;
    return {
      kind: 'calendar-reply',
      uid: event.uid,
      attendee: event.attendee.replace(/^mailto:/i, '').toLowerCase(),
      partstat,
      sequence: event.sequence,
    };
  }
  return null;
}

function autoReplyReason(message: InboundMessage): string | null {
  const h = message.headers;
  const autoSubmitted = h['auto-submitted']?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  if (h['x-autoreply'] !== undefined) return 'X-Autoreply';
  if (h['x-autorespond'] !== undefined) return 'X-Autorespond';
  const precedence = h.precedence?.trim().toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'junk'].includes(precedence))
    return `Precedence: ${precedence}`;
  if (autoReplySubject.test(message.subject.trim())) return `subject "${message.subject.trim()}"`;
  return null;
}

export function checkinToken(recipients: readonly string[], replyDomain: string): string | null {
  for (const recipient of recipients) {
    const match = /^checkin\+([a-z0-9.]+)@(.+)$/i.exec(recipient.trim());
    if (match?.[1] && match[2]?.toLowerCase() === replyDomain) return match[1].toLowerCase();
  }
  return null;
}

/**
 * What a message is, in this order: a calendar reply first (calendar services mark their replies
 * as automatic, e.g. Google's `Auto-Submitted: auto-generated`), then an auto-reply, then a
 * check-in reply (sent to `checkin+<token>@<reply domain>`), else unknown.
 */
export function classifyInbound(message: InboundMessage, replyDomain: string): Classified {
  const calendar = calendarReply(message);
  if (calendar) return calendar;
  const auto = autoReplyReason(message);
  if (auto) return { kind: 'auto-reply', reason: auto };
  const token = checkinToken(message.recipients, replyDomain);
  if (token)
    return { kind: 'checkin-reply', token, text: newReplyText(message.text, message.from.name) };
  return { kind: 'unknown' };
}

export interface SenderTrust {
  authenticated: boolean;
  reason: string;
}

const domainOf = (address: string) => address.split('@').pop()?.toLowerCase() ?? '';

/** The domain a DKIM result is for: its `header.d`, else the domain of its `header.i`. */
const signerOf = (r: AuthenticationResults['results'][number]) =>
  r.properties['header.d'] ?? domainOf(r.properties['header.i'] ?? '');

/**
 * Port: a domain's registrable domain under the Public Suffix List, DMARC's organizational
 * domain (adapters/public-suffix-list.ts, with tldts).
 */
export type OrganizationalDomain = (domain: string) => Promise<string>;

/**
 * Whether the From address is proven, by what a forger cannot pass: DMARC passed, or a DKIM
 * signature passed for a domain aligned with the From domain (same organizational domain,
 * DMARC's relaxed alignment). SPF alone proves only the envelope sender, which a forger chooses,
 * so it never counts. Mail nothing checked (the local SMTP listener) is trusted only where
 * `acceptUnverified` says so.
 */
export async function senderTrust(
  message: InboundMessage,
  acceptUnverified: boolean,
  organizationalDomain: OrganizationalDomain,
): Promise<SenderTrust> {
  const fromDomain = domainOf(message.from.address);
  // Looked up only past an SES DMARC pass, so most messages never load the suffix list.
  const aligned = async (domain: string) =>
    domain !== '' &&
    (domain === fromDomain ||
      (await organizationalDomain(domain)) === (await organizationalDomain(fromDomain)));
  const header =
    message.authentication?.authservId === sesAuthservId ? message.authentication : undefined;
  if (message.verdicts?.dmarc?.toUpperCase() === 'PASS')
    return { authenticated: true, reason: 'DMARC passed (SES verdict)' };
  for (const r of header?.results ?? []) {
    if (
      r.method === 'dmarc' &&
      r.result === 'pass' &&
      (await aligned(r.properties['header.from'] ?? ''))
    )
      return { authenticated: true, reason: `DMARC passed for ${fromDomain}` };
  }
  for (const r of header?.results ?? []) {
    if (r.method !== 'dkim' || r.result !== 'pass') continue;
    const signer = signerOf(r);
    if (await aligned(signer))
      return {
        authenticated: true,
        reason: `DKIM passed for ${signer}, aligned with the From domain ${fromDomain}`,
      };
  }
  if (!message.verdicts && !header)
    return acceptUnverified
      ? { authenticated: true, reason: 'not checked: received locally, where nothing checks mail' }
      : {
          authenticated: false,
          reason: 'no SES verdicts and no Authentication-Results header from SES',
        };
  const seen = [
    ...(message.verdicts
      ? Object.entries(message.verdicts).map(([k, v]) => `${k.toUpperCase()} ${v ?? 'none'}`)
      : []),
    ...(header?.results ?? []).map(
      (r) => `${r.method}=${r.result}${signerOf(r) ? ` for ${signerOf(r)}` : ''}`,
    ),
  ];
  return {
    authenticated: false,
    reason: `neither DMARC nor a DKIM signature aligned with ${fromDomain || 'the From domain'} passed (${seen.join(', ') || 'no results'}); SPF alone proves only the envelope sender`,
  };
}

export type InboundOutcome = 'recorded' | 'ignored' | 'quarantined' | 'flagged';

/** Port: keeps each message once, whatever the number of deliveries. */
export interface InboundMailStore {
  recordOnce(
    message: InboundMessage,
    result: {
      kind: Classified['kind'];
      outcome: InboundOutcome;
      reason?: string;
      detail?: Record<string, unknown>;
    },
  ): Promise<'recorded' | 'duplicate'>;
}

/** Port: reads the raw RFC 5322 bytes of a received message. */
/** What the mail-in handler knows of a message before reading its MIME. */
export interface InboundReceipt {
  receiptId: string;
  receivedAt: Date;
  envelopeRecipients?: string[];
  verdicts?: InboundMessage['verdicts'];
}

/** Reads raw MIME into a message (the adapter is postal-mime). */
export type InboundMessageReader = (
  raw: Buffer,
  receipt: InboundReceipt,
) => Promise<InboundMessage>;

export interface RawMailSource {
  read(receiptId: string): Promise<Buffer>;
  /** Deletes the stored message (forgetting a person); a missing one is no error. */
  erase(receiptId: string): Promise<void>;
}

/** What `tandem mail parse` prints: how Tandem reads one message. */
export async function inboundSummary(
  message: InboundMessage,
  classified: Classified,
  organizationalDomain: OrganizationalDomain,
): Promise<Record<string, unknown>> {
  const trust = await senderTrust(message, false, organizationalDomain);
  const base = {
    kind: classified.kind,
    from: message.from.address,
    authenticated: trust.authenticated,
    authReason: trust.reason,
  };
  switch (classified.kind) {
    case 'calendar-reply':
      return {
        ...base,
        uid: classified.uid,
        attendee: classified.attendee,
        partstat: classified.partstat,
      };
    case 'checkin-reply':
      return { ...base, token: classified.token, text: classified.text };
    case 'auto-reply':
      return { ...base, reason: classified.reason };
    case 'unknown':
      return base;
  }
}
