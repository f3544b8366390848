import type { HospitalConfig } from '#config/hospital-config';
import { formatLongDate } from '#domain/calendar-dates';
import { meetingPlace, otherParty, type Pairing, type Party } from '#domain/pairing';
import { formalities, frequencies, limits, meetingLengths } from '#domain/pairing-request';
import { escapeHtml } from './escape.ts';
import { expectationRows, formalityLabels, frequencyLabels, partiesLine } from './expectations.ts';
import { timeSelect } from './form-controls.ts';
import { renderPage } from './layout.ts';

export function expectationList(pairing: Pairing, defaultPlace: string): string {
  return `<dl>${expectationRows(pairing.expectations, new Set(), { defaultPlace })
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>`;
}

function options(choices: readonly (readonly [string, string])[], current: string): string {
  return choices
    .map(
      ([v, t]) =>
        `<option value="${escapeHtml(v)}"${v === current ? ' selected' : ''}>${escapeHtml(t)}</option>`,
    )
    .join('');
}

/** The page a signed link opens: the current proposal, and Agree / Suggest changes / Decline. */
export function renderRespondPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  party: Party,
  token: string,
  problem?: string,
): string {
  const e = pairing.expectations;
  const other = pairing[otherParty(party)];
  const alreadyAgreed = pairing.agreedVersion[party] === pairing.version;
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const changedBy =
    pairing.proposedBy === 'form'
      ? ''
      : `<p><strong>${escapeHtml(pairing[pairing.proposedBy].name)}</strong> suggested changes to the first proposal${pairing.changeNote ? `: “${escapeHtml(pairing.changeNote)}”` : '.'}</p>`;
  const decline =
    party === 'mentor'
      ? `<form method="post" action="/respond/${escapeHtml(pairing.id)}">
${hidden}<input type="hidden" name="action" value="decline">
<fieldset><legend>Decline, no fault</legend>
<p class="hint">Saying no is part of mentoring well. The program office is told and will help ${escapeHtml(pairing.mentee.name)} find another mentor.</p>
<label class="option"><input type="radio" name="reasonChoice" value="Not the right time for me"> Not the right time for me</label>
<label class="option"><input type="radio" name="reasonChoice" value="I’m not the right person for what they need"> I’m not the right person for what they need</label>
<label for="reason">Anything the program office should know (optional with a choice above)</label>
<textarea id="reason" name="reason" maxlength="${limits.note}"></textarea>
<p><button type="submit" class="secondary">Decline this pairing</button></p>
</fieldset></form>`
      : '';
  const body = `<h1>Your mentoring expectations</h1>
${problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(problem)}</p></div>` : ''}
<p>${escapeHtml(partiesLine(pairing))}. You are the <strong>${party}</strong>.</p>
${changedBy}
${expectationList(pairing, hospital.programDefaults.meetingLocation)}
${
  alreadyAgreed
    ? `<p role="status"><strong>You have agreed to this version.</strong> We are waiting for ${escapeHtml(other.name)}.</p>`
    : `<form method="post" action="/respond/${escapeHtml(pairing.id)}">
${hidden}<input type="hidden" name="action" value="agree">
<p><button type="submit">Agree to these expectations</button></p>
</form>`
}
<form method="post" action="/respond/${escapeHtml(pairing.id)}">
${hidden}<input type="hidden" name="action" value="suggest">
<fieldset><legend>Suggest changes</legend>
<p class="hint">${escapeHtml(other.name)} will be asked to agree to your version.</p>
<label for="frequency">How often</label>
<select id="frequency" name="frequency">${options(
    frequencies.map((f) => [f, frequencyLabels[f]] as const),
    e.frequency,
  )}</select>
<label for="formality">Style</label>
<select id="formality" name="formality">${options(
    formalities.map((f) => [f, formalityLabels[f]] as const),
    e.formality,
  )}</select>
<label for="meetingMinutes">Meeting length</label>
<select id="meetingMinutes" name="meetingMinutes">${options(
    meetingLengths.map((m) => [String(m), `${m} minutes`] as const),
    String(e.meetingMinutes),
  )}</select>
<div class="row"><div>${timeSelect('start', 'timeWindow.start', 'Time window from', e.timeWindow.start)}</div>
<div>${timeSelect('end', 'timeWindow.end', 'until', e.timeWindow.end)}</div></div>
<label for="place">Where you meet</label>
<input type="text" id="place" name="place" value="${escapeHtml(e.place ?? '')}" maxlength="${limits.place}" aria-describedby="place-hint">
<p class="hint" id="place-hint">A room, a video link, or “phone call”. Now: ${escapeHtml(meetingPlace(pairing, hospital.programDefaults.meetingLocation))}</p>
<label for="note">Note for ${escapeHtml(other.name)} (optional)</label>
<textarea id="note" name="note" maxlength="${limits.note}"></textarea>
<p><button type="submit" class="secondary">Send my suggestion</button></p>
</fieldset></form>
${decline}
<p class="hint">This link is personal to you and works for 14 days. Meet for the first time by ${escapeHtml(formatLongDate(e.firstMeetingBy))}.</p>`;
  return renderPage(hospital, `Mentoring expectations for ${pairing.mentee.name}`, body);
}

export function renderActionResult(
  hospital: HospitalConfig,
  title: string,
  message: string,
): string {
  return renderPage(
    hospital,
    title,
    `<h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p>`,
  );
}

export type LinkPageProblem =
  | 'expired'
  | 'tampered'
  | 'superseded'
  | 'other-pairing'
  | 'closed'
  | 'not-found';

const linkProblems: Record<LinkPageProblem, [string, string]> = {
  expired: [
    'This link has expired',
    'Links in our emails work for 14 days. Nothing was changed. Use the link in the most recent email from the program, or write to the program office and we will send a new one.',
  ],
  tampered: [
    'This link is not valid',
    'The link may have been cut short or changed when it was copied. Nothing was changed. Open it again straight from the email, or write to the program office.',
  ],
  superseded: [
    'This proposal has changed',
    'Someone suggested changes after this link was sent, so it is for an older version. Nothing was changed. Look for the newer email from the program and use its link.',
  ],
  'other-pairing': [
    'This link belongs to another pairing',
    'The link does not match this page. Nothing was changed. Open the link straight from your email.',
  ],
  closed: [
    'This pairing is settled',
    'It is no longer waiting for agreement, so nothing was changed.',
  ],
  'not-found': [
    'We cannot find this pairing',
    'Nothing was changed. Write to the program office if you think this is wrong.',
  ],
};

export function renderLinkProblem(
  hospital: HospitalConfig,
  problem: LinkPageProblem,
  detail?: string,
): string {
  const [title, message] = linkProblems[problem];
  return renderPage(
    hospital,
    title,
    `<h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(detail ? `${detail} ${message}` : message)}</p>`,
  );
}
