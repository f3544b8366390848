import type { HospitalConfig } from '#config/hospital-config';
import type { Meeting } from '#domain/meeting';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { meetingWhen } from './meeting-emails.ts';
import type { RenderedEmail } from './pairing-emails.ts';

const wrap = (hospital: HospitalConfig, inner: string) => emailHtml(hospital, inner);

export function renderCheckinEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
): RenderedEmail {
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const intro = `How did your meeting with ${pairing.mentor.name} on ${when} go? Just reply to this email, in a few lines:`;
  const questions = [
    'How did it go?',
    'What are your next steps before the next meeting?',
    'Is there anything you need?',
  ];
  return {
    subject: `How did your mentoring meeting with ${pairing.mentor.name} go?`,
    text: `Dear ${pairing.mentee.name},\n\n${intro}\n\n${questions.map((q) => `- ${q}`).join('\n')}\n\nYour reply is shared with ${pairing.mentor.name} and shown in your next invite.\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing.mentee.name)},</p><p>${escapeHtml(intro)}</p><ul>${questions.map((q) => `<li>${escapeHtml(q)}</li>`).join('')}</ul><p>Your reply is shared with ${escapeHtml(pairing.mentor.name)} and shown in your next invite.</p>`,
    ),
  };
}

export function renderCheckinNote(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  text: string,
): RenderedEmail {
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const intro = `${pairing.mentee.name} wrote after your meeting on ${when}:`;
  return {
    subject: `${pairing.mentee.name}'s next steps after your mentoring meeting`,
    text: `Dear ${pairing.mentor.name},\n\n${intro}\n\n${text}\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing.mentor.name)},</p><p>${escapeHtml(intro)}</p><blockquote style="white-space:pre-line;border-left:3px solid #ccc;padding-left:12px">${escapeHtml(text)}</blockquote>`,
    ),
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
    subject: `${pairing[decliner].name} cannot make your meeting on ${when}`,
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
      `<p><strong>${escapeHtml(title)}.</strong></p><table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
    ),
  };
}
