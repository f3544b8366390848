import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { TandemDependencies } from '#runtime/dependencies';

export interface SentRaw {
  to: string;
  raw: string;
}

/**
 * Records the exact MIME bytes each SES SendEmail carried (Raw content), in send order; several
 * dependency sets (an HTTP side and a dispatcher at another simulated time) can share one list.
 */
export function captureRawMail(deps: TandemDependencies, sent: SentRaw[] = []): SentRaw[] {
  deps.sesClient.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Content?: { Raw?: { Data?: Uint8Array } } };
      const data = input.Content?.Raw?.Data;
      const result = await next(args);
      if (data) {
        const raw = Buffer.from(data).toString('utf8');
        const to = /^To: (.+)$/m.exec(raw)?.[1]?.trim() ?? '';
        sent.push({ to, raw });
      }
      return result;
    },
    { step: 'initialize', name: 'captureRawMail', priority: 'low' },
  );
  return sent;
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
