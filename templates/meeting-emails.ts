import type { HospitalConfig } from '#config/hospital-config';
import { type DateFormat, formatIn, longDate } from '#domain/calendar-dates';
import type { InviteMethod, Meeting } from '#domain/meeting';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { nextStepsBeforeFirstMeeting, type RenderedEmail } from './pairing-emails.ts';

export interface MeetingLinks {
  willAttend: string;
  cannotAttend: string;
  manage: string;
}

export function meetingWhen(meeting: Meeting, timeZone: string): string {
  const start = new Date(meeting.start);
  const time = formatIn(clockTime, timeZone);
  return `${formatIn(longDate, timeZone).format(start)}, ${time.format(start)}–${time.format(new Date(meeting.end))} (${timeZone})`;
}

/** "15:00". */
const clockTime: DateFormat = {
  locale: 'en-US',
  options: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};

/** The invite's DESCRIPTION: what the meeting is for, and the recipient's own links. */
export function meetingDescription(
  pairing: Pairing,
  meeting: Meeting,
  method: InviteMethod,
  links: MeetingLinks,
  latestCheckin?: string,
): string {
  // A cancelled meeting has nothing to answer or move: no links, just what happened.
  if (method === 'CANCEL') return cancelReason(pairing, meeting);
  const steps = latestCheckin
    ? `Next steps (from ${pairing.mentee.name}'s last check-in):\n${latestCheckin}`
    : `${meeting.index === 0 ? 'Before this first meeting' : 'Before this meeting'} (mentee):\n${nextStepsBeforeFirstMeeting(
        pairing,
      )
        .map((s) => `- ${s}`)
        .join('\n')}`;
  return [
    `Goals:\n${pairing.expectations.goals.map((g, i) => `${i + 1}. ${g}`).join('\n')}`,
    steps,
    `I'll be there: ${links.willAttend}`,
    `I can't make it: ${links.cannotAttend}`,
    `Reschedule or skip this meeting: ${links.manage}`,
  ].join('\n\n');
}

/** Why a meeting no longer takes place, in words the person can act on. */
function cancelReason(pairing: Pairing, meeting: Meeting): string {
  if (meeting.skippedBy)
    return `${pairing[meeting.skippedBy].name} skipped this meeting. The next one stays as planned.`;
  switch (pairing.status) {
    case 'paused':
      return 'The mentoring relationship is paused: its meetings are cancelled until it resumes.';
    case 'concluded':
      return 'The mentoring relationship has ended: its remaining meetings are cancelled.';
    default:
      return 'The meeting times have changed: the new meetings come as separate invitations.';
  }
}

export function renderMeetingEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  party: Party,
  method: InviteMethod,
  links: MeetingLinks,
): RenderedEmail {
  const other = pairing[otherParty(party)];
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const location = hospital.programDefaults.meetingLocation;
  const kind = method === 'CANCEL' ? 'cancel' : meeting.sequence === 0 ? 'new' : 'update';
  const subject = {
    new: `Invitation: mentoring with ${other.name}, ${when}`,
    update: `Updated invitation: mentoring with ${other.name}, ${when}`,
    cancel: `Cancelled: mentoring with ${other.name}, ${when}`,
  }[kind];
  const intro = {
    new: `Your mentoring meeting with ${other.name} is on ${when}. Location: ${location}.`,
    update: `Your mentoring meeting with ${other.name} has moved to ${when}. Location: ${location}. Your calendar updates when you accept.`,
    cancel: `Your mentoring meeting with ${other.name} on ${when} is cancelled.\n\n${cancelReason(pairing, meeting)}\n\nNothing to do: most calendar apps remove it by themselves; in Outlook, choose “Remove from calendar”.`,
  }[kind];
  const answer =
    kind === 'cancel'
      ? ''
      : `Please accept the invitation in your calendar, or answer here (some calendars do not tell us):
I'll be there: ${links.willAttend}
I can't make it: ${links.cannotAttend}

Reschedule or skip this meeting: ${links.manage}
`;
  const text = `Dear ${pairing[party].name},

${intro}

${answer}`;
  const button = (href: string, label: string, color: string) =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;background:${color};color:#fff;padding:10px 16px;margin:0 8px 8px 0;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a>`;
  const html = emailHtml(
    hospital,
    `<p>Dear ${escapeHtml(pairing[party].name)},</p>
${intro
  .split('\n\n')
  .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
  .join('\n')}
${
  kind === 'cancel'
    ? ''
    : `<p>Please accept the invitation in your calendar, or answer here (some calendars do not tell us):</p>
<p>${button(links.willAttend, 'I’ll be there', '#1b7f3b')}${button(links.cannotAttend, 'I can’t make it', '#8a1c1c')}</p>
<p><a href="${escapeHtml(links.manage)}">Reschedule or skip this meeting</a></p>`
}
`,
  );
  return { subject, text, html };
}
