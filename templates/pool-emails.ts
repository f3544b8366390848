import type { HospitalConfig } from '#config/hospital-config';
import type { MenteeRequest, MentorProfile, Suggestion } from '#domain/mentor-pool';
import {
  type EmailRow,
  emailButton,
  emailHtml,
  emailRowsHtml,
  emailRowsText,
} from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { capitalize } from './expectations.ts';
import type { RenderedEmail } from './pairing-emails.ts';

const brand = (hospital: HospitalConfig) => hospital.branding.primaryColor;

function profileRows(profile: MentorProfile): EmailRow[] {
  return [
    ['You offer', profile.offers.join(', ').replace('moral-support', 'moral support')],
    ['Your areas', profile.areas.join('; ')],
    ['Your style', profile.style === 'either' ? 'casual or goal-driven' : profile.style],
    ['Mentees at a time', String(profile.capacity)],
    [
      'When',
      `${profile.preferredWeekdays.map(capitalize).join(', ')}, ${profile.timeWindow.start}–${profile.timeWindow.end} (${profile.timeZone})`,
    ],
    ['Availability and contact boundaries', profile.availability],
  ];
}

/** To a mentor who joined: confirm the address, then the profile is listed. */
export function renderMentorConfirm(
  hospital: HospitalConfig,
  profile: MentorProfile,
  link: string,
): RenderedEmail {
  const lead = `Thank you for offering to mentor. Confirm this is your address and your profile is listed: mentees who need what you offer will be suggested to you, never more than ${profile.capacity} at a time.`;
  const rows = profileRows(profile);
  return {
    subject: 'Confirm your mentor listing',
    text: `Dear ${profile.name},\n\n${lead}\n\nConfirm: ${link}\n\n${emailRowsText(rows)}\n\nIf you did not ask for this, ignore this email: nothing is listed until you confirm.\n`,
    html: emailHtml(
      hospital,
      `<p>Dear ${escapeHtml(profile.name)},</p><p>${escapeHtml(lead)}</p>
<p>${emailButton(link, 'Confirm my listing', brand(hospital))}</p>
${emailRowsHtml(rows)}
<p style="color:#555">If you did not ask for this, ignore this email: nothing is listed until you confirm.</p>`,
      { footer: true },
    ),
  };
}

/** To a mentor once listed: the personal link to edit the profile or step out. */
export function renderMentorListed(
  hospital: HospitalConfig,
  profile: MentorProfile,
  link: string,
): RenderedEmail {
  const lead =
    'You’re listed. When a mentee’s needs fit what you offer, the program office (or the mentee) may propose a pairing; you agree or decline as for any proposal. Keep this email: its button opens your listing, to change it, or to step out when it is not the right time (your current mentees stay).';
  return {
    subject: 'You’re listed as a mentor',
    text: `Dear ${profile.name},\n\n${lead}\n\nYour listing: ${link}\n`,
    html: emailHtml(
      hospital,
      `<p>Dear ${escapeHtml(profile.name)},</p><p>${escapeHtml(lead)}</p>
<p>${emailButton(link, 'Manage my listing', brand(hospital))}</p>`,
      { footer: true },
    ),
  };
}

function suggestionText(s: Suggestion): string {
  return `${s.name}: ${s.reasons.join('; ')}`;
}

/** To a mentee (mentee-choice): the top three, and a link to choose one. */
export function renderMenteeChoices(
  hospital: HospitalConfig,
  request: MenteeRequest,
  top: readonly Suggestion[],
  link: string,
): RenderedEmail {
  const lead =
    top.length === 0
      ? 'Thank you for asking for a mentor. No listed mentor fits your request right now; the program office has it and will be in touch.'
      : `Thank you for asking for a mentor. These ${top.length === 1 ? 'mentor fits' : `${top.length} mentors fit`} what you asked for best. Choose one and they get a proposal to agree to.`;
  return {
    subject: 'Your mentor suggestions',
    text: `Dear ${request.mentee.name},\n\n${lead}\n\n${top.map((s) => `- ${suggestionText(s)}`).join('\n')}${top.length ? `\n\nChoose: ${link}` : ''}\n`,
    html: emailHtml(
      hospital,
      `<p>Dear ${escapeHtml(request.mentee.name)},</p><p>${escapeHtml(lead)}</p>
${top
  .map(
    (s) =>
      `<p style="margin:0 0 10px"><strong>${escapeHtml(s.name)}</strong><br>${s.reasons.map(escapeHtml).join('<br>')}</p>`,
  )
  .join('\n')}
${top.length ? `<p>${emailButton(link, 'Choose my mentor', brand(hospital))}</p>` : ''}`,
      { footer: true },
    ),
  };
}

/** To the program office (coordinator mode): a request with its suggestions to pick from. */
export function renderRequestForCoordinator(
  hospital: HospitalConfig,
  request: MenteeRequest,
  pageUrl: string,
  why = 'A mentee asks for a mentor',
): RenderedEmail {
  const best = request.suggestions[0];
  const rows: EmailRow[] = [
    ['Mentee', `${request.mentee.name} (${request.mentee.careerStage})`],
    ['Looking for', request.needs.join(', ')],
    ['Goals', request.goals.join('; ')],
    ['Best suggestion', best ? suggestionText(best) : 'none: no listed mentor fits'],
  ];
  return {
    subject: `[${hospital.branding.programName}] ${why}: ${request.mentee.name}`,
    text: `${why}.\n\n${emailRowsText(rows)}\n\nPick a mentor: ${pageUrl}\n`,
    html: emailHtml(
      hospital,
      `<p><strong>${escapeHtml(why)}.</strong></p>${emailRowsHtml(rows)}
<p>${emailButton(pageUrl, 'See the suggestions', brand(hospital))}</p>`,
    ),
  };
}
