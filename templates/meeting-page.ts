import type { HospitalConfig } from '#config/hospital-config';
import type { Meeting } from '#domain/meeting';
import { meetingPlace, otherParty, type Pairing, type Party } from '#domain/pairing';
import { escapeHtml } from './escape.ts';
import { timeSelect } from './form-controls.ts';
import { renderPage } from './layout.ts';
import { meetingWhen } from './meeting-emails.ts';

/** The page behind a meeting link: answer attendance, reschedule within the window, or skip. */
export function renderMeetingPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  party: Party,
  token: string,
  options: { answer?: 'yes' | 'no'; problem?: string } = {},
): string {
  const e = pairing.expectations;
  const other = pairing[otherParty(party)];
  const when = meetingWhen(meeting, e.timeZone);
  const action = `/meetings/${escapeHtml(pairing.id)}/${meeting.index}`;
  const hidden = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const answerForm = (answer: 'yes' | 'no', label: string, secondary = false) =>
    `<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="attend"><input type="hidden" name="answer" value="${answer}"><button type="submit"${secondary ? ' class="secondary"' : ''}>${escapeHtml(label)}</button></form>`;
  const current = meeting.attendance[party];
  const body = `<h1>Mentoring with ${escapeHtml(other.name)}</h1>
${options.problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(options.problem)}</p></div>` : ''}
<p><strong>${escapeHtml(when)}</strong><br>Place: ${escapeHtml(meetingPlace(pairing, hospital.programDefaults.meetingLocation))}</p>
${current ? `<p role="status">You answered: ${current === 'ACCEPTED' ? 'I’ll be there' : 'I can’t make it'}.</p>` : ''}
${
  options.answer
    ? `<p>Please confirm:</p>${answerForm(options.answer, options.answer === 'yes' ? 'Confirm: I’ll be there' : 'Confirm: I can’t make it', options.answer === 'no')}`
    : `<div class="row"><div>${answerForm('yes', 'I’ll be there')}</div><div>${answerForm('no', 'I can’t make it', true)}</div></div>`
}
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="reschedule">
<fieldset><legend>Reschedule this meeting</legend>
<p class="hint">Within the agreed window: ${escapeHtml(e.timeWindow.start)}–${escapeHtml(e.timeWindow.end)} (${escapeHtml(e.timeZone)}), ${e.meetingMinutes} minutes. ${escapeHtml(other.name)} gets an updated invitation.</p>
<div class="row"><div><label for="date">Date</label><input type="date" id="date" name="date" value="${escapeHtml(meeting.date)}" required></div>
<div>${timeSelect('time', 'time', 'Start', e.timeWindow.start, { attrs: ' required' })}</div></div>
<p><button type="submit" class="secondary">Move the meeting</button></p>
</fieldset></form>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="skip">
<fieldset><legend>Skip this meeting</legend>
<p class="hint">The meeting is removed from both calendars; the next one stays as planned.</p>
<p><button type="submit" class="secondary">Skip this meeting</button></p>
</fieldset></form>`;
  return renderPage(hospital, `Mentoring with ${other.name}`, body);
}
