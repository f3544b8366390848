import type { HospitalConfig } from '#config/hospital-config';
import { type DateFormat, formatIn, longDate } from '#domain/calendar-dates';
import type { InviteMethod, Meeting } from '#domain/meeting';
import { meetingPlace, otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailButton, emailHtml } from './email-layout.ts';
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

/** The newest check-in reply with text, and who wrote it (the mentee, for older replies). */
export interface LatestCheckin {
  text: string;
  by?: Party;
}

/** The next steps before a meeting: the latest check-in reply, or the mentee's first steps. */
function nextStepsBefore(
  pairing: Pairing,
  meeting: Meeting,
  latestCheckin?: LatestCheckin,
): { title: string; steps: string } {
  if (latestCheckin)
    return {
      title: `Next steps (from ${pairing[latestCheckin.by ?? 'mentee'].name}'s last check-in)`,
      steps: latestCheckin.text,
    };
  return {
    title: `${meeting.index === 0 ? 'Before this first meeting' : 'Before this meeting'} (mentee)`,
    steps: nextStepsBeforeFirstMeeting(pairing)
      .map((s) => `- ${s}`)
      .join('\n'),
  };
}

/** The invite's DESCRIPTION: what the meeting is for, and the recipient's own links. */
export function meetingDescription(
  pairing: Pairing,
  meeting: Meeting,
  method: InviteMethod,
  links: MeetingLinks,
  latestCheckin?: LatestCheckin,
): string {
  // A cancelled meeting has nothing to answer or move: no links, just what happened.
  if (method === 'CANCEL') return cancelReason(pairing, meeting);
  const next = nextStepsBefore(pairing, meeting, latestCheckin);
  return [
    `Goals:\n${pairing.expectations.goals.map((g, i) => `${i + 1}. ${g}`).join('\n')}`,
    `${next.title}:\n${next.steps}`,
    `I'll be there: ${links.willAttend}`,
    `I can't make it: ${links.cannotAttend}`,
    `Reschedule or skip this meeting: ${links.manage}`,
  ].join('\n\n');
}

/** "Tue 16 Mar, 15:00": a subject's date, short enough for a phone's list of mail. */
const subjectDate: DateFormat = {
  locale: 'en-GB',
  options: { weekday: 'short', day: 'numeric', month: 'short' },
};

/** "Tue 16 Mar, 15:00", in the meeting's zone. */
export function shortWhen(meeting: Pick<Meeting, 'start'>, timeZone: string): string {
  const start = new Date(meeting.start);
  return `${formatIn(subjectDate, timeZone).format(start).replace(',', '')}, ${formatIn(clockTime, timeZone).format(start)}`;
}

/**
 * "Invitation: Mentoring with Dr Ada Okafor · Tue 16 Mar, 15:00": at most 70 characters (a long
 * name is shortened, never the date); the time zone is in the body and the calendar.
 */
export function inviteSubject(
  prefix: 'Invitation' | 'Updated' | 'Cancelled',
  otherName: string,
  meeting: Meeting,
  timeZone: string,
): string {
  const when = shortWhen(meeting, timeZone);
  const fixed = `${prefix}: Mentoring with  · ${when}`.length;
  const room = 70 - fixed;
  // By characters, not UTF-16 units, so a name is never cut inside one.
  const chars = [...otherName];
  const name =
    chars.length <= room
      ? otherName
      : `${chars
          .slice(0, room - 1)
          .join('')
          .trimEnd()}…`;
  return `${prefix}: Mentoring with ${name} · ${when}`;
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
  latestCheckin?: LatestCheckin,
): RenderedEmail {
  const other = pairing[otherParty(party)];
  const zone = pairing.expectations.timeZone;
  const when = meetingWhen(meeting, zone);
  const location = meetingPlace(pairing, hospital.programDefaults.meetingLocation);
  const kind = method === 'CANCEL' ? 'cancel' : meeting.sequence === 0 ? 'new' : 'update';
  const subject = inviteSubject(
    ({ new: 'Invitation', update: 'Updated', cancel: 'Cancelled' } as const)[kind],
    other.name,
    meeting,
    zone,
  );
  const intro = {
    new: `Your mentoring meeting with ${other.name} is on ${when}. Place: ${location}.`,
    update: `Your mentoring meeting with ${other.name} has moved to ${when}. Place: ${location}. Your calendar updates when you accept.`,
    cancel: `Your mentoring meeting with ${other.name} on ${when} is cancelled.\n\n${cancelReason(pairing, meeting)}\n\nNothing to do: most calendar apps remove it by themselves; in Outlook, choose “Remove from calendar”.`,
  }[kind];
  const next = kind === 'cancel' ? undefined : nextStepsBefore(pairing, meeting, latestCheckin);
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

${answer}${next ? `\n${next.title}:\n${next.steps}\n` : ''}`;
  const html = emailHtml(
    hospital,
    `<p>Dear ${escapeHtml(pairing[party].name)},</p>
${intro
  .split('\n\n')
  .map(
    (paragraph, i) =>
      `<p>${i === 0 ? `<strong>${escapeHtml(paragraph)}</strong>` : escapeHtml(paragraph)}</p>`,
  )
  .join('\n')}
${
  kind === 'cancel'
    ? ''
    : `<p>Please accept the invitation in your calendar, or answer here (some calendars do not tell us):</p>
<p>${emailButton(links.willAttend, 'I’ll be there', '#1b7f3b')}${emailButton(links.cannotAttend, 'I can’t make it', '#8a1c1c')}</p>
<p><a href="${escapeHtml(links.manage)}">Reschedule or skip this meeting</a></p>`
}${next ? `\n<h2 style="font-size:17px;margin:16px 0 4px">${escapeHtml(next.title)}</h2><p style="white-space:pre-line">${escapeHtml(next.steps)}</p>` : ''}
`,
  );
  return { subject, text, html };
}
