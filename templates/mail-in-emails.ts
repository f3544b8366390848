import type { HospitalConfig } from '#config/hospital-config';
import { type CheckinAnswer, checkinAnswers } from '#domain/checkin';
import type { Meeting } from '#domain/meeting';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailButton, emailHtml, emailRowsHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { meetingWhen, shortWhen } from './meeting-emails.ts';
import type { RenderedEmail } from './pairing-emails.ts';

const wrap = (hospital: HospitalConfig, inner: string) => emailHtml(hospital, inner);

/** The one-tap answers, as the check-in email's buttons and the check-in page's choices say them. */
export const checkinAnswerLabels: Record<CheckinAnswer, string> = {
  met: 'We met: it went well',
  'not-met': 'We didn’t meet',
  help: 'I’d like help from the program office',
};

/**
 * The check-in after a meeting, to each of the two: one tap to say how it went (each opens a page
 * with that answer chosen and one button), or a reply with the next steps before the next meeting.
 */
export function renderCheckinEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  to: Party,
  answerLink: (answer: CheckinAnswer) => string,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const intro = `How did your mentoring meeting with ${other.name} on ${when} go? One tap tells us:`;
  const reply = `Or reply to this email with your next steps before the next meeting: ${other.name} sees them, and they appear in your next invite.`;
  const answers = checkinAnswers.map((a) => [checkinAnswerLabels[a], answerLink(a)] as const);
  const colors: Record<CheckinAnswer, string> = {
    met: '#1b7f3b',
    'not-met': '#555555',
    help: hospital.branding.primaryColor,
  };
  return {
    subject: `How did your mentoring meeting with ${other.name} go?`,
    text: `Dear ${pairing[to].name},\n\n${intro}\n\n${answers.map(([label, link]) => `${label}: ${link}`).join('\n')}\n\n${reply}\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing[to].name)},</p><p><strong>${escapeHtml(intro)}</strong></p>
<p>${checkinAnswers.map((a) => emailButton(answerLink(a), checkinAnswerLabels[a], colors[a])).join('')}</p>
<p>${escapeHtml(reply)}</p>`,
    ),
  };
}

/** To the other person: the next steps one of them wrote after a meeting. */
export function renderCheckinNote(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  text: string,
  by: Party = 'mentee',
): RenderedEmail {
  const to = otherParty(by);
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const intro = `${pairing[by].name} wrote after your meeting on ${when}:`;
  return {
    subject: `${pairing[by].name}'s next steps after your mentoring meeting`,
    text: `Dear ${pairing[to].name},\n\n${intro}\n\n${text}\n\nReply to write back to ${pairing[by].name}.\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing[to].name)},</p><p><strong>${escapeHtml(intro)}</strong></p><blockquote style="white-space:pre-line;border-left:3px solid #ccc;padding-left:12px;margin-left:0">${escapeHtml(text)}</blockquote><p>Reply to write back to ${escapeHtml(pairing[by].name)}.</p>`,
    ),
  };
}

/** To the other person: how one of them answered a check-in with one tap. */
export function renderCheckinAnswerNote(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  by: Party,
  answer: Exclude<CheckinAnswer, 'help'>,
): RenderedEmail {
  const to = otherParty(by);
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const said = answer === 'met' ? 'you met and it went well' : 'you did not meet';
  const line = `${pairing[by].name} answered the check-in about your meeting on ${when}: ${said}.`;
  const next =
    answer === 'met'
      ? 'Nothing to do. If you agreed next steps, either of you can reply to your own check-in email with them.'
      : 'If you want to make up for it, reply to this email to reach the program office, or use “Reschedule or skip” in your next invite.';
  return {
    subject: `${pairing[by].name}: ${answer === 'met' ? 'your meeting went well' : 'you didn’t meet'}`,
    text: `Dear ${pairing[to].name},\n\n${line}\n\n${next}\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing[to].name)},</p><p><strong>${escapeHtml(line)}</strong></p><p>${escapeHtml(next)}</p>`,
    ),
  };
}

/** To the person who answered a check-in: it arrived, and what happens next. */
export function renderCheckinAcknowledgement(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  answer: CheckinAnswer | 'reply',
): RenderedEmail {
  const other = pairing[otherParty(to)].name;
  const what = {
    met: `Thank you: we noted that your meeting went well, and told ${other}.`,
    'not-met': `Thank you: we noted that you didn’t meet, and told ${other}.`,
    help: `Thank you: the program office has your request and will contact you soon. ${other} was not told.`,
    reply: `Thank you: your next steps reached ${other}, and they appear in your next invite.`,
  }[answer];
  return {
    subject: 'Thank you: your check-in arrived',
    text: `Dear ${pairing[to].name},\n\n${what}\n`,
    html: wrap(hospital, `<p>Dear ${escapeHtml(pairing[to].name)},</p><p>${escapeHtml(what)}</p>`),
  };
}

export function renderDeclinedMeetingNote(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  decliner: Party,
  rescheduleLink: string,
): RenderedEmail {
  const to = otherParty(decliner);
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const intro = `${pairing[decliner].name} declined your mentoring meeting on ${when}. You can move it to another time in the agreed window, or skip it:`;
  return {
    subject: `${pairing[decliner].name} cannot make your meeting on ${shortWhen(meeting, pairing.expectations.timeZone)}`,
    text: `Dear ${pairing[to].name},\n\n${intro}\n${rescheduleLink}\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing[to].name)},</p><p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(rescheduleLink)}">Reschedule or skip</a></p>`,
    ),
  };
}

export function renderInboundAlert(
  hospital: HospitalConfig,
  title: string,
  facts: [string, string][],
  hint = 'Run `tandem mail parse <file.eml>` on the stored message to see how Tandem read it.',
): RenderedEmail {
  return {
    subject: `[${hospital.branding.programName}] ${title}`,
    text: `${title}.\n\n${facts.map(([k, v]) => `${k}: ${v}`).join('\n')}${hint ? `\n\n${hint}` : ''}\n`,
    html: wrap(
      hospital,
      `<p><strong>${escapeHtml(title)}.</strong></p>${emailRowsHtml(facts)}${hint ? `<p>${escapeHtml(hint)}</p>` : ''}`,
    ),
  };
}
