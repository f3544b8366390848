import type { HospitalConfig } from '#config/hospital-config';
import { timeAsked } from '#domain/cadence';
import { formatLongDate } from '#domain/calendar-dates';
import { meetingPlace, otherParty, type Pairing, type Party } from '#domain/pairing';
import { emailButton, emailHtml, emailRowsHtml, emailRowsText } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import {
  careerStageLabels,
  changedInCurrentVersion,
  expectationRows,
  needLabels,
} from './expectations.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const rowsText = emailRowsText;
const rowsHtml = emailRowsHtml;

const wrapHtml = (hospital: HospitalConfig, inner: string) =>
  emailHtml(hospital, inner, { footer: true });

const button = (link: string, label: string) => `<p>${emailButton(link, label)}</p>`;

const mailto = (address: string) =>
  `<a href="mailto:${escapeHtml(address)}">${escapeHtml(address)}</a>`;

/** "a career step or position and moral support". */
function needsPhrase(pairing: Pairing): string {
  const needs = pairing.expectations.needs.map((n) => needLabels[n].toLowerCase());
  return needs.length > 1
    ? `${needs.slice(0, -1).join(', ')} and ${needs.at(-1)}`
    : (needs[0] ?? '');
}

/** "about 9 hours over 12 months (12 meetings of 45 minutes)". */
export function timeAskedPhrase(pairing: Pairing): string {
  const e = pairing.expectations;
  const { meetings, hours } = timeAsked(e);
  return `about ${hours} hour${hours === 1 ? '' : 's'} over ${e.termMonths} months (${meetings} meeting${meetings === 1 ? '' : 's'} of ${e.meetingMinutes} minutes)`;
}

/**
 * The proposal, and its reminder and changed versions. Its first two lines say what happened and
 * what to do; who proposed it and why come next, with the time it asks over the term; the mentor
 * is asked whether now is the right time (the seed: put on your own oxygen mask first), and may
 * decline without fault. A changed version marks what changed.
 */
export function renderProposalEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  link: string,
  reason: 'new' | 'changed' | 'reminder',
): RenderedEmail {
  const you = pairing[party];
  const other = pairing[otherParty(party)];
  const program = hospital.branding.programName;
  const subject = {
    new: `Please confirm your mentoring expectations with ${other.name}`,
    changed: `${other.name} suggested changes to your mentoring expectations`,
    reminder: `Reminder: please confirm your mentoring expectations with ${other.name}`,
  }[reason];
  const todo =
    party === 'mentor'
      ? 'Please agree, suggest changes or decline: it takes a minute.'
      : 'Please agree or suggest changes: it takes a minute.';
  const what = {
    new:
      party === 'mentor'
        ? `${program} proposes you as mentor to ${pairing.mentee.name}, ${careerStageLabels[pairing.mentee.careerStage].toLowerCase()}.`
        : `${program} proposes ${pairing.mentor.name} as your mentor.`,
    changed: `${other.name} suggested changes to your mentoring expectations (marked “changed” below)${pairing.changeNote ? `, saying: “${pairing.changeNote}”` : '.'}`,
    reminder: `We are still waiting for your answer about mentoring with ${other.name}; the proposal lapses 14 days after it was made.`,
  }[reason];
  const why =
    party === 'mentor'
      ? `Why you: ${pairing.mentee.name} is looking for help with ${needsPhrase(pairing)}, and the program office thinks your experience fits. The time asked: ${timeAskedPhrase(pairing)}.`
      : `Why: you are looking for help with ${needsPhrase(pairing)}. The time asked of you both: ${timeAskedPhrase(pairing)}.`;
  const rightTime =
    party === 'mentor'
      ? `Is now the right time for you? Put on your own oxygen mask first. If it is not the right time, or you are not the right person for what ${pairing.mentee.name} needs, choose “Not the right time for me” or “I’m not the right person for what they need” on the page: no fault, and the program office will find another mentor.`
      : undefined;
  const rows = expectationRows(
    pairing.expectations,
    reason === 'changed' ? changedInCurrentVersion(pairing) : new Set(),
    { defaultPlace: hospital.programDefaults.meetingLocation },
  );
  const action =
    party === 'mentor' ? 'Agree, suggest changes or decline' : 'Agree or suggest changes';
  const text = `Dear ${you.name},

${what} ${todo}

${action} here (a personal link, valid 14 days):
${link}

${why}
${rightTime ? `\n${rightTime}\n` : ''}
${rowsText(rows)}
`;
  const html = wrapHtml(
    hospital,
    `<p>Dear ${escapeHtml(you.name)},</p><p><strong>${escapeHtml(what)}</strong> ${escapeHtml(todo)}</p>
${button(link, 'Review and agree')}
<p>${escapeHtml(why)}</p>${rightTime ? `<p>${escapeHtml(rightTime)}</p>` : ''}
${rowsHtml(rows)}
<p style="font-size:13px;color:#555">The button is personal to you and works for 14 days.</p>`,
  );
  return { subject, text, html };
}

/** What the mentee can do before the first meeting, by the relationship's style. */
export function nextStepsBeforeFirstMeeting(pairing: Pairing): string[] {
  const mentor = pairing.mentor;
  const steps = [
    `Send ${mentor.name} (${mentor.email}) a short introduction: your current role, what you hope to get from mentoring.`,
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

/** What the mentor does before and after each meeting (the seed: the mentor gives next steps). */
export function mentorNextSteps(pairing: Pairing): string[] {
  const mentee = pairing.mentee;
  const steps = [
    `Answer ${mentee.name}'s introduction when it comes, and say how you prefer to be contacted.`,
  ];
  steps.push(
    pairing.expectations.formality === 'goal-driven'
      ? `At the end of each meeting, agree with ${mentee.name} on next steps before the next one: ${mentee.name} sends them in the check-in, and they appear in your next invite.`
      : `Share one experience of your own that relates to ${mentee.name}'s goals.`,
  );
  return steps;
}

/** "Tuesday, March 9, 2027, 15:00–15:45 (America/Chicago)". */
function firstMeetingPhrase(pairing: Pairing): string {
  const e = pairing.expectations;
  const on = pairing.series?.startsOn ?? pairing.firstMeetingOn;
  if (!on) return '';
  const [h, m] = e.timeWindow.start.split(':').map(Number);
  const endMinutes = (h ?? 0) * 60 + (m ?? 0) + e.meetingMinutes;
  const end = `${String(Math.floor(endMinutes / 60) % 24).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
  return `${formatLongDate(on)}, ${e.timeWindow.start}–${end} (${e.timeZone})`;
}

/**
 * The agreed-expectations summary: the first meeting (when and where) and the other person's
 * address first, then the goals, the next steps for each of them, the agreed expectations, and
 * one button to manage the mentoring.
 */
export function renderSummaryEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  manageLink: string,
): RenderedEmail {
  const you = pairing[party];
  const other = pairing[otherParty(party)];
  const e = pairing.expectations;
  const subject = `Agreed: your mentoring with ${other.name}`;
  const first = pairing.series ? 'Your next meeting' : 'Your first meeting';
  const when = firstMeetingPhrase(pairing);
  const place = meetingPlace(pairing, hospital.programDefaults.meetingLocation);
  const headline = `You and ${other.name} have both agreed. ${first}${when ? ` is on ${when}` : ' comes as a calendar invitation'}; place: ${place}.`;
  const contact = `${other.name}: ${other.email}`;
  const goals = e.goals.map((g, i) => `${i + 1}. ${g}`).join('\n');
  const mine = party === 'mentee' ? nextStepsBeforeFirstMeeting(pairing) : mentorNextSteps(pairing);
  const theirs =
    party === 'mentee' ? mentorNextSteps(pairing) : nextStepsBeforeFirstMeeting(pairing);
  const bullets = (steps: string[]) => steps.map((s) => `• ${s}`).join('\n');
  const rows = [
    ...expectationRows(e, new Set(), {
      withGoals: false,
      defaultPlace: hospital.programDefaults.meetingLocation,
    }),
    ['Term ends', pairing.termEndsOn ? formatLongDate(pairing.termEndsOn) : ''] as const,
  ];
  const invites = `Invitations come from ${hospital.senderAddress}: accept them, so ${other.name} knows you will be there.`;
  const ending = `Either of you can pause, change or end the mentoring at any time, no fault and no explanation needed, with “Manage our mentoring” (or write to the program office, ${hospital.administrators.join(', ')}).`;
  const text = `Dear ${you.name},

${headline}

Contact ${contact}

Goals:
${goals}

Your next steps:
${bullets(mine)}

${other.name}'s next steps:
${bullets(theirs)}

${invites}

Manage our mentoring (pause, change or end): ${manageLink}

The agreed expectations:
${rowsText(rows)}

${ending}
`;
  const list = (steps: string[]) =>
    `<ul style="padding-left:20px;margin:0 0 12px">${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`;
  const html = wrapHtml(
    hospital,
    `<p>Dear ${escapeHtml(you.name)},</p><p><strong>${escapeHtml(headline)}</strong></p>
<p>Contact ${escapeHtml(other.name)}: ${mailto(other.email)}</p>
<h2 style="font-size:17px;margin:16px 0 4px">Goals</h2><p style="white-space:pre-line;margin:0 0 12px">${escapeHtml(goals)}</p>
<h2 style="font-size:17px;margin:16px 0 4px">Your next steps</h2>${list(mine)}
<h2 style="font-size:17px;margin:16px 0 4px">${escapeHtml(other.name)}’s next steps</h2>${list(theirs)}
<p>${escapeHtml(invites)}</p>
${button(manageLink, 'Manage our mentoring')}
<h2 style="font-size:17px;margin:16px 0 4px">The agreed expectations</h2>
${rowsHtml(rows)}<p>${escapeHtml(ending)}</p>`,
  );
  return { subject, text, html };
}

export function renderSuggestionSent(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
): RenderedEmail {
  const other = pairing[otherParty(party)];
  const intro = `We sent your suggested changes to ${other.name}. You will hear from us when ${other.name} agrees or suggests something else.`;
  const rows = expectationRows(pairing.expectations, new Set(), {
    defaultPlace: hospital.programDefaults.meetingLocation,
  });
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
  | 'pending-agreement'
  | 'checkin-help';

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
    'checkin-help': {
      title: 'Asked for help after a meeting',
      why: 'Who asks',
      hint: 'Reply to this email to reach them. The other person was not told.',
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
