import type { HospitalConfig } from '#config/hospital-config';
import { formatLongDate } from '#domain/calendar-dates';
import type { CheckinAnswer, CheckinRecord } from '#domain/checkin';
import type { Meeting } from '#domain/meeting';
import {
  type EndReason,
  endReasons,
  meetingPlace,
  otherParty,
  type Pairing,
  type Party,
  parties,
} from '#domain/pairing';
import { formalities, frequencies, meetingLengths } from '#domain/pairing-request';
import { emailButton, emailHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';
import { formalityLabels, frequencyLabels } from './expectations.ts';
import { timeSelect } from './form-controls.ts';
import { renderPage } from './layout.ts';
import { checkinAnswerLabels } from './mail-in-emails.ts';
import { meetingWhen } from './meeting-emails.ts';
import type { RenderedEmail } from './pairing-emails.ts';
import { mentorNextSteps, nextStepsBeforeFirstMeeting } from './pairing-emails.ts';
import { expectationList } from './respond-page.ts';

export const endReasonLabels: Record<EndReason, string> = {
  'goals-met': 'Our goals are met',
  'became-peers': 'The mentee has become a peer',
  'mentor-stepped-back': 'The mentor is stepping back',
  'mentee-withdrew': 'The mentee is withdrawing',
  'program-ended': 'The program term ended',
};

const wrap = (hospital: HospitalConfig, inner: string) => emailHtml(hospital, inner);

/** A paragraph, or the email's action: a button in the HTML, "label: link" in the text. */
type Paragraph = string | { label: string; link: string };

function simple(
  hospital: HospitalConfig,
  subject: string,
  greeting: string,
  paragraphs: Paragraph[],
): RenderedEmail {
  const text = (p: Paragraph) => (typeof p === 'string' ? p : `${p.label}: ${p.link}`);
  const html = (p: Paragraph, i: number) =>
    typeof p === 'string'
      ? `<p style="white-space:pre-line">${i === 0 ? `<strong>${escapeHtml(p)}</strong>` : escapeHtml(p)}</p>`
      : `<p>${emailButton(p.link, p.label)}</p>`;
  return {
    subject,
    text: `${greeting}\n\n${paragraphs.map(text).join('\n\n')}\n`,
    html: wrap(hospital, `<p>${escapeHtml(greeting)}</p>${paragraphs.map(html).join('')}`),
  };
}

const byWhom = (pairing: Pairing, by: Party | 'program') =>
  by === 'program' ? 'the program office' : pairing[by].name;

export function renderPausedEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  by: Party | 'program',
  until?: string,
): RenderedEmail {
  return simple(
    hospital,
    'Your mentoring is paused',
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `${byWhom(pairing, by)} paused your mentoring relationship${until ? ` until ${formatLongDate(until)}` : ''}. Future meetings are cancelled and removed from your calendars; no invites or check-ins are sent meanwhile.`,
      until
        ? 'Meetings are planned again automatically on that date.'
        : 'Either of you can resume it from the link in your summary email.',
    ],
  );
}

export function renderResumedEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  by: Party | 'program',
): RenderedEmail {
  return simple(
    hospital,
    'Your mentoring has resumed',
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `${byWhom(pairing, by)} resumed your mentoring relationship. The next meetings are planned at the agreed rhythm; invites follow ${hospital.programDefaults.inviteLeadDays} days before each.`,
    ],
  );
}

export interface ClosingFigures {
  meetingsHeld: number;
  hoursTogether: number;
  checkinsAnswered: number;
}

export function renderClosingEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  figures: ClosingFigures,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  const reason =
    endReasonLabels[(pairing.closeReason ?? 'goals-met') as EndReason] ?? pairing.closeReason ?? '';
  return simple(
    hospital,
    `Your mentoring with ${other.name} has ended`,
    `Dear ${pairing[to].name},`,
    [
      `Your mentoring relationship with ${other.name} has ended: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}. Ending is part of mentoring, and no one is at fault.${pairing.closeNote ? `\n\nNote: ${pairing.closeNote}` : ''}`,
      `Together you held ${figures.meetingsHeld} meeting${figures.meetingsHeld === 1 ? '' : 's'} (${figures.hoursTogether} hours), and ${figures.checkinsAnswered} check-in${figures.checkinsAnswered === 1 ? ' was' : 's were'} answered.`,
      'Any future meetings are cancelled and removed from your calendars. Thank you for the time and care you gave.',
    ],
  );
}

export function renderAskNewMentor(
  hospital: HospitalConfig,
  pairing: Pairing,
  note?: string,
): RenderedEmail {
  return simple(
    hospital,
    `[${hospital.branding.programName}] ${pairing.mentee.name} needs a new mentor`,
    'Dear program office,',
    [
      `${pairing.mentor.name} stepped back from mentoring ${pairing.mentee.name} (${pairing.mentee.email}) and asked you to find them a new mentor.${note ? `\n\nNote: ${note}` : ''}`,
      `Pairing: ${pairing.id}`,
    ],
  );
}

/** An end reason as the person choosing it says it, in their own person. */
function endReasonChoice(reason: EndReason, party: Party, otherName: string): string {
  const mine: Record<Party, Partial<Record<EndReason, string>>> = {
    mentor: {
      'goals-met': 'Our goals are met',
      'became-peers': `${otherName} has become a peer`,
      'mentor-stepped-back': 'I am stepping back: not the right time, or not the right person',
    },
    mentee: {
      'goals-met': 'Our goals are met',
      'became-peers': 'I have become a peer',
      'mentee-withdrew': 'I am withdrawing: it is not the right time for me',
    },
  };
  return mine[party][reason] ?? endReasonLabels[reason];
}

/** The person's home above the controls: contact, goals, next steps, check-ins, what was agreed. */
function renderHome(
  pairing: Pairing,
  party: Party,
  checkins: CheckinRecord[],
  defaultPlace: string,
): string {
  const other = pairing[otherParty(party)];
  const latest = checkins.filter((c) => c.text).at(-1);
  const steps = latest?.text
    ? `<p style="white-space:pre-line">${escapeHtml(latest.text)}</p><p class="hint">From ${escapeHtml(latest.by === party ? 'your' : `${pairing[latest.by ?? 'mentee'].name}’s`)} last check-in.</p>`
    : `<ul>${(party === 'mentee' ? nextStepsBeforeFirstMeeting(pairing) : mentorNextSteps(pairing)).map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`;
  const said = (c: CheckinRecord) =>
    parties
      // A request for help went to the program office alone: only its sender sees it here.
      .filter((p) => c.answers[p] && (p === party || c.answers[p] !== 'help'))
      .map(
        (p) =>
          `${p === party ? 'You' : escapeHtml(pairing[p].name)}: ${escapeHtml(checkinAnswerLabels[c.answers[p] as CheckinAnswer])}`,
      )
      .join('; ');
  const history = checkins.length
    ? `<ul>${checkins
        .map(
          (c) =>
            `<li><strong>Meeting ${c.meetingIndex + 1}</strong>${said(c) ? `: ${said(c)}` : ''}${c.text ? `<br><span style="white-space:pre-line">${escapeHtml(c.text)}</span> <span class="hint">(${escapeHtml(c.by === party ? 'you' : pairing[c.by ?? 'mentee'].name)})</span>` : ''}</li>`,
        )
        .join('')}</ul>`
    : '<p>None yet: after each meeting, both of you get a check-in email.</p>';
  return `<section aria-labelledby="contact"><h2 id="contact">Contact</h2>
<p>${escapeHtml(other.name)}: <a href="mailto:${escapeHtml(other.email)}">${escapeHtml(other.email)}</a></p></section>
<section aria-labelledby="goals"><h2 id="goals">Goals</h2><ol>${pairing.expectations.goals.map((g) => `<li>${escapeHtml(g)}</li>`).join('')}</ol></section>
<section aria-labelledby="next-steps"><h2 id="next-steps">Next steps before your next meeting</h2>${steps}</section>
<section aria-labelledby="checkins"><h2 id="checkins">Check-ins so far</h2>${history}</section>
<section aria-labelledby="agreed"><h2 id="agreed">What you agreed</h2>${expectationList(pairing, defaultPlace)}</section>`;
}

/** The page behind "Pause or end this relationship": each action takes a click and a confirmation. */
export function renderRelationshipPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  token: string,
  options: {
    confirmEnd?: { reason: EndReason; note: string; askNewMentor: boolean };
    problem?: string;
    /** In the term's last 30 days: the question "renew or let it end?". */
    renewalOpen?: boolean;
    /** The person's home: the next meeting, and every check-in so far. */
    home?: { meetings: Meeting[]; checkins: CheckinRecord[]; now: Date };
  } = {},
): string {
  const action = `/relationship/${escapeHtml(pairing.id)}`;
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const other = pairing[otherParty(party)];
  if (options.confirmEnd) {
    const { reason, note, askNewMentor } = options.confirmEnd;
    return renderPage(
      hospital,
      'Confirm: end the relationship',
      `<h1>End your mentoring with ${escapeHtml(other.name)}?</h1>
<p>Reason: ${escapeHtml(endReasonChoice(reason, party, other.name))}. Both of you get a closing email; future meetings are cancelled.</p>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="end-confirmed">
<input type="hidden" name="reason" value="${escapeHtml(reason)}"><input type="hidden" name="note" value="${escapeHtml(note)}">
${askNewMentor ? '<input type="hidden" name="askNewMentor" value="yes">' : ''}
<p><button type="submit">Yes, end the relationship</button></p></form>
<p><a href="${action}?t=${escapeHtml(encodeURIComponent(token))}">No, go back</a></p>`,
    );
  }
  const home = options.home;
  const upcoming = home?.meetings
    .filter((m) => m.status !== 'cancelled' && Date.parse(m.start) > home.now.getTime())
    .sort((a, b) => a.start.localeCompare(b.start))[0];
  const status =
    pairing.status === 'paused'
      ? `Paused${pairing.pausedUntil ? ` until ${formatLongDate(pairing.pausedUntil)}` : ''}: no meetings or emails until it resumes.`
      : pairing.status === 'active'
        ? upcoming
          ? `Your next meeting: ${meetingWhen(upcoming, pairing.expectations.timeZone)}. Place: ${meetingPlace(pairing, hospital.programDefaults.meetingLocation)}.`
          : 'Active: your next meeting comes as a calendar invitation.'
        : `This mentoring has ${pairing.status === 'concluded' ? 'ended' : `been ${pairing.status}`}.`;
  const running = pairing.status === 'active' || pairing.status === 'paused';
  const reasons = (
    party === 'mentor'
      ? endReasons.filter((r) => r !== 'mentee-withdrew')
      : endReasons.filter((r) => r !== 'mentor-stepped-back')
  )
    .map(
      (r) =>
        `<label class="option" for="reason-${r}"><input type="radio" id="reason-${r}" name="reason" value="${r}" required> ${escapeHtml(endReasonChoice(r, party, other.name))}</label>`,
    )
    .join('\n');
  const body = `<h1>Your mentoring with ${escapeHtml(other.name)}</h1>
${options.problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(options.problem)}</p></div>` : ''}
<p role="status"><strong>${escapeHtml(status)}</strong></p>
${home ? renderHome(pairing, party, home.checkins, hospital.programDefaults.meetingLocation) : ''}
${options.renewalOpen ? renderRenewalQuestion(pairing, party, token) : ''}
${renderPendingChange(pairing, party, token)}
${pairing.status === 'active' && !pairing.pendingChange ? renderProposeChangeForm(pairing, token) : ''}
${
  !running
    ? ''
    : `${
        pairing.status === 'active'
          ? `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="pause">
<fieldset><legend>Pause</legend><p class="hint">Future meetings are cancelled; nothing is sent until the relationship resumes.</p>
<label for="until">Until (optional)</label><input type="date" id="until" name="until">
<p><button type="submit" class="secondary">Pause</button></p></fieldset></form>`
          : `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="resume">
<p><button type="submit">Resume now</button></p></form>`
      }
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="end">
<fieldset><legend>End the relationship</legend><p class="hint">No fault, no explanation needed. You will be asked to confirm.</p>
${reasons}
<label for="note">Note (optional)</label><textarea id="note" name="note" maxlength="1000"></textarea>
${party === 'mentor' ? `<label class="option" for="askNewMentor"><input type="checkbox" id="askNewMentor" name="askNewMentor" value="yes"> Ask the program office to find ${escapeHtml(other.name)} a new mentor</label>` : ''}
<p><button type="submit" class="secondary">End…</button></p></fieldset></form>`
}`;
  return renderPage(hospital, `Your mentoring with ${other.name}`, body);
}

export function renderTermNotice(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  endsOn: string,
  link: string,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  return simple(
    hospital,
    `Your mentoring term ends on ${formatLongDate(endsOn)}`,
    `Dear ${pairing[to].name},`,
    [
      `Your mentoring term with ${other.name} ends in 30 days, on ${formatLongDate(endsOn)}.`,
      `Would you like to renew for another ${pairing.expectations.termMonths} months, or let it end?`,
      { label: 'Renew or let it end', link },
      `It is renewed only if both of you choose to renew. Without an answer, the relationship ends on that date with thanks, and each of you gets a closing note.`,
    ],
  );
}

export function renderRenewalAnswer(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  answer: 'renew' | 'end',
  link: string,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  const endsOn = formatLongDate(pairing.termEndsOn ?? '');
  return answer === 'renew'
    ? simple(
        hospital,
        `${other.name} would like to renew your mentoring`,
        `Dear ${pairing[to].name},`,
        [
          `${other.name} would like to continue for another ${pairing.expectations.termMonths} months. If you would too, say so with one tap.`,
          { label: 'Renew or let it end', link },
          `Without your answer, the relationship ends on ${endsOn}.`,
        ],
      )
    : simple(hospital, 'Your mentoring ends at the end of the term', `Dear ${pairing[to].name},`, [
        `${other.name} has chosen to let your mentoring end with the term, on ${endsOn}. Meetings continue until then, and each of you gets a closing note.`,
      ]);
}

export function renderRenewedEmail(
  hospital: HospitalConfig,
  pairing: Pairing,
  until: string,
): RenderedEmail {
  return simple(
    hospital,
    'Your mentoring is renewed',
    `Dear ${pairing.mentor.name} and ${pairing.mentee.name},`,
    [
      `You both chose to continue: your mentoring is renewed until ${formatLongDate(until)}, with the same expectations. Invites for the new term follow at the agreed rhythm.`,
    ],
  );
}

export const reviewAnswerLabels = {
  keep: 'It suits us: keep it',
  'less-often': 'Meet less often',
  'more-often': 'Meet more often',
} as const;

export function renderReviewQuestion(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
  links: Record<keyof typeof reviewAnswerLabels, string>,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  const how = frequencyLabels[pairing.expectations.frequency].toLowerCase();
  const choices = (Object.keys(reviewAnswerLabels) as (keyof typeof reviewAnswerLabels)[]).map(
    (k) => [reviewAnswerLabels[k], links[k]] as const,
  );
  return {
    subject: `Does meeting ${how} still suit you and ${other.name}?`,
    text: `Dear ${pairing[to].name},\n\nYou and ${other.name} meet ${how}. Does that still suit you? One click:\n\n${choices.map(([label, link]) => `${label}: ${link}`).join('\n')}\n\nIf you both want the same change it takes effect at once; otherwise ${other.name} is asked to agree.\n`,
    html: wrap(
      hospital,
      `<p>Dear ${escapeHtml(pairing[to].name)},</p><p>You and ${escapeHtml(other.name)} meet ${escapeHtml(how)}. Does that still suit you? One click:</p>
<p>${choices.map(([label, link]) => `<a href="${escapeHtml(link)}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 12px;border:1px solid ${hospital.branding.primaryColor};border-radius:4px;color:${hospital.branding.primaryColor};text-decoration:none">${escapeHtml(label)}</a>`).join('')}</p>
<p>If you both want the same change it takes effect at once; otherwise ${escapeHtml(other.name)} is asked to agree.</p>`,
    ),
  };
}

/** The page a review link opens: the answer from the link, recorded by one button. */
export function renderReviewPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  token: string,
  answer: keyof typeof reviewAnswerLabels,
  problem?: string,
): string {
  const choices = (Object.keys(reviewAnswerLabels) as (keyof typeof reviewAnswerLabels)[])
    .map(
      (k) =>
        `<label class="option" for="answer-${k}"><input type="radio" id="answer-${k}" name="answer" value="${k}"${k === answer ? ' checked' : ''}> ${escapeHtml(reviewAnswerLabels[k])}</label>`,
    )
    .join('\n');
  return renderPage(
    hospital,
    'How often to meet',
    `<h1>Does meeting ${escapeHtml(frequencyLabels[pairing.expectations.frequency].toLowerCase())} still suit you?</h1>
${problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(problem)}</p></div>` : ''}
<form method="post" action="/review/${escapeHtml(pairing.id)}"><input type="hidden" name="t" value="${escapeHtml(token)}">
<fieldset><legend>Your answer about your mentoring with ${escapeHtml(pairing[otherParty(party)].name)}</legend>${choices}</fieldset>
<p><button type="submit">Send my answer</button></p></form>`,
  );
}

function describeChange(pairing: Pairing): string {
  const change = pairing.pendingChange?.change ?? {};
  const parts: string[] = [];
  if (change.frequency) parts.push(`how often: ${frequencyLabels[change.frequency].toLowerCase()}`);
  if (change.formality) parts.push(`style: ${formalityLabels[change.formality].toLowerCase()}`);
  if (change.meetingMinutes) parts.push(`meeting length: ${change.meetingMinutes} minutes`);
  if (change.timeWindow)
    parts.push(`time window: ${change.timeWindow.start}–${change.timeWindow.end}`);
  if (change.place) parts.push(`where you meet: ${change.place}`);
  return parts.join('; ');
}

export function renderChangeProposal(
  hospital: HospitalConfig,
  pairing: Pairing,
  by: Party,
  link: string,
): RenderedEmail {
  const to = otherParty(by);
  const note = pairing.pendingChange?.change.note;
  return simple(
    hospital,
    `${pairing[by].name} proposes a change to your mentoring`,
    `Dear ${pairing[to].name},`,
    [
      `${pairing[by].name} proposes: ${describeChange(pairing)}.${note ? `\n\n“${note}”` : ''}`,
      { label: 'Agree, or keep things as they are', link },
      'Until you agree, everything stays as it is.',
    ],
  );
}

export function renderChangeDeclined(
  hospital: HospitalConfig,
  pairing: Pairing,
  to: Party,
): RenderedEmail {
  const other = pairing[otherParty(to)];
  return simple(
    hospital,
    `${other.name} kept the current arrangement`,
    `Dear ${pairing[to].name},`,
    [
      `${other.name} did not take up the change you proposed; your mentoring continues as agreed. You can talk it over at your next meeting.`,
    ],
  );
}

function renderRenewalQuestion(pairing: Pairing, party: Party, token: string): string {
  const action = `/relationship/${escapeHtml(pairing.id)}`;
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const mine =
    pairing.renewal?.termEndsOn === pairing.termEndsOn
      ? pairing.renewal?.answers[party]
      : undefined;
  const other = pairing[otherParty(party)].name;
  return `<section aria-labelledby="renewal"><h2 id="renewal">Your term ends on ${escapeHtml(formatLongDate(pairing.termEndsOn ?? ''))}</h2>
<p>${mine === 'renew' ? `You chose to renew; waiting for ${escapeHtml(other)}.` : mine === 'end' ? 'You chose to let it end with the term.' : `Renew for another ${pairing.expectations.termMonths} months? It is renewed only if ${escapeHtml(other)} chooses to renew too.`}</p>
<div class="row"><form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="renew"><button type="submit">Renew for another term</button></form>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="let-end"><button type="submit" class="secondary">Let it end with the term</button></form></div></section>`;
}

export function renderPendingChange(pairing: Pairing, party: Party, token: string): string {
  const pending = pairing.pendingChange;
  if (!pending) return '';
  const action = `/relationship/${escapeHtml(pairing.id)}`;
  if (pending.by === party) {
    return `<p role="status">Your proposed change (${escapeHtml(describeChange(pairing))}) is waiting for ${escapeHtml(pairing[otherParty(party)].name)}.</p>`;
  }
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}"><input type="hidden" name="version" value="${pending.version}">`;
  return `<section aria-labelledby="pending"><h2 id="pending">${escapeHtml(pairing[pending.by].name)} proposes a change</h2>
<p>${escapeHtml(describeChange(pairing))}${pending.change.note ? ` — “${escapeHtml(pending.change.note)}”` : ''}</p>
<div class="row"><form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="agree-change"><button type="submit">Agree to the change</button></form>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="decline-change"><button type="submit" class="secondary">Keep things as they are</button></form></div></section>`;
}

export function renderProposeChangeForm(pairing: Pairing, token: string): string {
  const e = pairing.expectations;
  const opt = (choices: readonly (readonly [string, string])[], current: string) =>
    choices
      .map(
        ([v, t]) =>
          `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(t)}</option>`,
      )
      .join('');
  return `<form method="post" action="/relationship/${escapeHtml(pairing.id)}"><input type="hidden" name="t" value="${escapeHtml(token)}"><input type="hidden" name="action" value="propose-change">
<fieldset><legend>Propose a change</legend><p class="hint">The other person is asked to agree; until then nothing changes. On agreement, both get a new summary and new invites.</p>
<label for="c-frequency">How often</label><select id="c-frequency" name="frequency">${opt(
    frequencies.map((f) => [f, frequencyLabels[f]] as const),
    e.frequency,
  )}</select>
<label for="c-formality">Style</label><select id="c-formality" name="formality">${opt(
    formalities.map((f) => [f, formalityLabels[f]] as const),
    e.formality,
  )}</select>
<label for="c-minutes">Meeting length</label><select id="c-minutes" name="meetingMinutes">${opt(
    meetingLengths.map((m) => [String(m), `${m} minutes`] as const),
    String(e.meetingMinutes),
  )}</select>
<div class="row"><div>${timeSelect('c-start', 'timeWindow.start', 'Time window from', e.timeWindow.start)}</div>
<div>${timeSelect('c-end', 'timeWindow.end', 'until', e.timeWindow.end)}</div></div>
<label for="c-place">Where you meet</label><input type="text" id="c-place" name="place" value="${escapeHtml(e.place ?? '')}" maxlength="300" aria-describedby="c-place-hint">
<p class="hint" id="c-place-hint">A room, a video link, or “phone call”; leave empty to keep it as it is.</p>
<label for="c-note">Note (optional)</label><textarea id="c-note" name="note" maxlength="1000"></textarea>
<p><button type="submit" class="secondary">Propose the change</button></p></fieldset></form>`;
}
