import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { TandemDependencies } from '#runtime/dependencies';

export interface SentRaw {
  to: string;
  raw: string;
}

/**
 * Calls `accepted` with the raw MIME of each email SES accepted, before the mailer returns to
 * whoever sent it (middleware on the SES client, as mail leaves the process).
 */
function onAccepted(
  deps: TandemDependencies,
  name: string,
  accepted: (data: Uint8Array) => void | Promise<void>,
): void {
  deps.sesClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Content?: { Raw?: { Data?: Uint8Array } } };
      const data = input.Content?.Raw?.Data;
      const result = await next(args);
      if (data) await accepted(data);
      return result;
    },
    { step: 'initialize', name, priority: 'low' },
  );
}

/**
 * Records the exact MIME bytes each SES SendEmail carried (Raw content), in send order; several
 * dependency sets (an HTTP side and a dispatcher at another simulated time) can share one list.
 */
export function captureRawMail(deps: TandemDependencies, sent: SentRaw[] = []): SentRaw[] {
  onAccepted(deps, 'captureRawMail', (data) => {
    const raw = Buffer.from(data).toString('utf8');
    const to = /^To: (.+)$/m.exec(raw)?.[1]?.trim() ?? '';
    sent.push({ to, raw });
  });
  return sent;
}

/** What a link in a sent email answered when checked the moment SES accepted that email. */
export interface LinkAtAcceptance {
  subject: string;
  token: string;
  verdict: Awaited<ReturnType<TandemDependencies['linkSigner']['verify']>>;
}

/**
 * Checks every short link (`/l/<token>`) of every email at the moment SES accepts it, before the
 * mailer returns to whoever sent it: what a person opening the email at once would get. A link
 * stored only after the send (with the record of sends) answers 'tampered' here.
 */
export function linksAtAcceptance(
  deps: TandemDependencies,
  checked: LinkAtAcceptance[] = [],
): LinkAtAcceptance[] {
  onAccepted(deps, 'linksAtAcceptance', async (data) => {
    const mail = await simpleParser(Buffer.from(data));
    const tokens = new Set(
      [...(mail.text ?? '').matchAll(/\/l\/([\w-]{22})\b/g)].map((m) => m[1] ?? ''),
    );
    for (const token of tokens)
      checked.push({
        subject: mail.subject ?? '',
        token,
        verdict: await deps.linkSigner.verify(token, deps.clock.now()),
      });
  });
  return checked;
}

export interface ParsedInvite {
  subject: string;
  method: string;
  calendarText: string;
  event: ICAL.Event;
  vevent: ICAL.Component;
  calendar: ICAL.Component;
  attachmentNames: string[];
  raw: string;
}

/** Parses an invite email with mailparser, and its text/calendar part with ical.js. */
export async function parseInvite(raw: string): Promise<ParsedInvite> {
  const mail = await simpleParser(raw);
  const calendarPart = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!calendarPart) throw new Error(`no text/calendar part in:\n${raw.slice(0, 2000)}`);
  const calendarText = calendarPart.content.toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(calendarText));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return {
    subject: mail.subject ?? '',
    method: String(calendar.getFirstPropertyValue('method')),
    calendarText,
    event: new ICAL.Event(vevent),
    vevent,
    calendar,
    attachmentNames: mail.attachments.map((a) => a.filename ?? '').filter(Boolean),
    raw,
  };
}

/** The calendar invites among captured messages, parsed. */
export function invitesIn(raw: readonly SentRaw[]): Promise<ParsedInvite[]> {
  return Promise.all(
    raw.filter((s) => /text\/calendar/.test(s.raw)).map((s) => parseInvite(s.raw)),
  );
}
