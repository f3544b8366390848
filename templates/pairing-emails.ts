import type { HospitalConfig } from '#config/hospital-config';
import { formatLongDate } from '#domain/calendar-dates';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { expectationRows, partiesLine } from './expectations.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function rowsText(rows: [string, string][]): string {
  return rows.map(([label, value]) => `${label}:\n  ${value.replaceAll('\n', '\n  ')}`).join('\n');
}

function rowsHtml(rows: [string, string][]): string {
  return `<table role="presentation" cellpadding="4" style="border-collapse:collapse">${rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" valign="top" style="padding-right:12px">${escapeHtml(label)}</th><td style="white-space:pre-line">${escapeHtml(value)}</td></tr>`,
    )
    .join('')}</table>`;
}

const wrapHtml = (hospital: HospitalConfig, inner: string) =>
  emailHtml(hospital, inner, { footer: true });

function button(link: string, label: string): string {
  return `<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#1a1a1a;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a></p>`;
}

export function renderProposalEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  link: string,
  reason: 'new' | 'changed' | 'reminder',
): RenderedEmail {
  const you = pairing[party];
  const other = pairing[otherParty(party)];
  const subject = {
    new: `Please confirm your mentoring expectations with ${other.name}`,
    changed: `${other.name} suggested changes to your mentoring expectations`,
    reminder: `Reminder: please confirm your mentoring expectations with ${other.name}`,
  }[reason];
  const intro = {
    new: `${hospital.branding.programName} proposes a mentoring pairing: ${partiesLine(pairing)}. Before anything is scheduled, both of you confirm the expectations below, or suggest changes.`,
    changed: `${other.name} suggested changes to the expectations of your mentoring pairing${pairing.changeNote ? `, saying: “${pairing.changeNote}”` : '.'} Please look at version ${pairing.version} and agree, or suggest changes of your own.`,
    reminder: `We are still waiting for your answer about the mentoring pairing with ${other.name}. The proposal lapses ${14} days after it was made.`,
  }[reason];
  const rows = expectationRows(pairing.expectations);
  const text = `Dear ${you.name},

${intro}

${rowsText(rows)}

Agree, suggest changes${party === 'mentor' ? ' or decline' : ''} here (a personal link, valid 14 days):
${link}
`;
  const html = wrapHtml(
    hospital,
    `<p>Dear ${escapeHtml(you.name)},</p><p>${escapeHtml(intro)}</p>${rowsHtml(rows)}
${button(link, 'Review and agree')}
<p style="font-size:13px">Or copy this personal link (valid 14 days): ${escapeHtml(link)}</p>`,
  );
  return { subject, text, html };
}

/** What the mentee can do before the first meeting, by the relationship's style. */
export function nextStepsBeforeFirstMeeting(pairing: Pairing): string[] {
  const mentor = pairing.mentor.name;
  const steps = [
    `Send ${mentor} a short introduction: your current role, what you hope to get from mentoring.`,
  ];
  if (pairing.expectations.formality === 'goal-driven') {
    steps.push(
      `For each goal, write one sentence on where you stand today and what “done” would look like.`,
      'Bring one concrete question or decision you are facing to the first meeting.',
    );
  } else {
    steps.push(
      'Think of one thing that is going well and one that is hard at the moment, to talk about.',
    );
  }
  return steps;
}

export function renderSummaryEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  manageLink: string,
): RenderedEmail {
  const you = pairing[party];
  const other = pairing[otherParty(party)];
  const e = pairing.expectations;
  const rows: [string, string][] = [
    ...expectationRows(e),
    ['Term ends', pairing.termEndsOn ? formatLongDate(pairing.termEndsOn) : ''],
    [
      // After an agreed change the new series starts on its own date.
      pairing.series ? 'Next meeting' : 'First meeting',
      (pairing.series?.startsOn ?? pairing.firstMeetingOn)
        ? `${formatLongDate(pairing.series?.startsOn ?? pairing.firstMeetingOn ?? '')}, from ${e.timeWindow.start} (${e.timeZone})`
        : '',
    ],
    [
      'Next steps for the mentee before the first meeting',
      nextStepsBeforeFirstMeeting(pairing)
        .map((s) => `• ${s}`)
        .join('\n'),
    ],
  ];
  const subject = `Agreed: your mentoring with ${other.name}`;
  const invites = `Meeting invites will come from ${hospital.senderAddress}. Please accept them, so the meetings are in your calendar and ${other.name} knows you will be there.`;
  const ending = `Either of you can pause or end the relationship at any time, no fault and no explanation needed: ${manageLink} (or write to the program office, ${hospital.administrators.join(', ')}).`;
  const text = `Dear ${you.name},

You and ${other.name} have both agreed. These are your mentoring expectations:

${rowsText(rows)}

${invites}

${ending}
`;
  const html = wrapHtml(
    hospital,
    `<p>Dear ${escapeHtml(you.name)},</p><p>You and ${escapeHtml(other.name)} have both agreed. These are your mentoring expectations:</p>
${rowsHtml(rows)}<p>${escapeHtml(invites)}</p><p>${escapeHtml(ending)}</p>`,
  );
  return { subject, text, html };
}

export function renderSuggestionSent(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
): RenderedEmail {
  const other = pairing[otherParty(party)];
  const intro = `We sent your suggested changes (version ${pairing.version}) to ${other.name}. You will hear from us when ${other.name} agrees or suggests something else.`;
  const rows = expectationRows(pairing.expectations);
  return {
    subject: `Your suggested changes were sent to ${other.name}`,
    text: `Dear ${pairing[party].name},\n\n${intro}\n\n${rowsText(rows)}\n`,
    html: wrapHtml(
      hospital,
      `<p>Dear ${escapeHtml(pairing[party].name)},</p><p>${escapeHtml(intro)}</p>${rowsHtml(rows)}`,
    ),
  };
}

export function renderDeclinedNotice(hospital: HospitalConfig, pairing: Pairing): RenderedEmail {
  const intro = `${pairing.mentor.name} is not able to take on the proposed mentoring pairing. This is no reflection on you: the program office has been told and will help you find another mentor.`;
  return {
    subject: 'Your proposed mentoring pairing will not go ahead',
    text: `Dear ${pairing.mentee.name},\n\n${intro}\n`,
    html: wrapHtml(
      hospital,
      `<p>Dear ${escapeHtml(pairing.mentee.name)},</p><p>${escapeHtml(intro)}</p>`,
    ),
  };
}

export type AdministratorAlertReason =
  | 'declined'
  | 'expired'
  | 'review-disagreement'
  | 'no-first-meeting'
  | 'checkins-unanswered'
  | 'pending-agreement';

const alertWording: Record<AdministratorAlertReason, { title: string; why: string; hint: string }> =
  {
    declined: {
      title: 'Pairing declined by the mentor',
      why: 'Reason given',
      hint: 'The mentee may need another mentor.',
    },
    expired: {
      title: 'Pairing expired without agreement',
      why: 'Why',
      hint: 'The mentee may need another mentor.',
    },
    'pending-agreement': {
      title: 'Agreement pending for over 7 days',
      why: 'Waiting on',
      hint: 'A word from the program office often helps; the proposal expires on day 14.',
    },
    'no-first-meeting': {
      title: 'No first meeting within 6 weeks of agreement',
      why: 'What we see',
      hint: 'Check with both whether the invites reached them and whether the time suits.',
    },
    'checkins-unanswered': {
      title: 'Three check-ins in a row unanswered',
      why: 'What we see',
      hint: 'The mentee may be overloaded, or the relationship may have stalled.',
    },
    'review-disagreement': {
      title: 'Mentor and mentee disagree on how often to meet',
      why: 'Answers',
      hint: 'Nothing changes until they agree; a conversation may help.',
    },
  };

export function renderAdministratorAlert(
  hospital: HospitalConfig,
  pairing: Pairing,
  reason: AdministratorAlertReason,
  detail: string,
): RenderedEmail {
  const { title, why, hint } = alertWording[reason];
  const rows: [string, string][] = [
    ['Pairing', pairing.id],
    ['Mentor', `${pairing.mentor.name} <${pairing.mentor.email}>`],
    ['Mentee', `${pairing.mentee.name} <${pairing.mentee.email}>`],
    ['Proposed', pairing.createdAt],
    [why, detail],
  ];
  return {
    subject: `[${hospital.branding.programName}] ${title}: ${pairing.mentor.name} / ${pairing.mentee.name}`,
    text: `${title}.\n\n${rowsText(rows)}\n\n${hint}\n`,
    html: wrapHtml(
      hospital,
      `<p><strong>${escapeHtml(title)}.</strong></p>${rowsHtml(rows)}<p>${escapeHtml(hint)}</p>`,
    ),
  };
}
