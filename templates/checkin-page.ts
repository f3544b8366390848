import type { HospitalConfig } from '#config/hospital-config';
import { type CheckinAnswer, checkinAnswers } from '#domain/checkin';
import type { Meeting } from '#domain/meeting';
import { otherParty, type Pairing, type Party } from '#domain/pairing';
import { limits } from '#domain/pairing-request';
import { escapeHtml } from './escape.ts';
import { renderPage } from './layout.ts';
import { checkinAnswerLabels } from './mail-in-emails.ts';
import { meetingWhen } from './meeting-emails.ts';

/**
 * The page a check-in's one-tap answer opens: that answer chosen, next steps to add if they like,
 * and one button. Opening it records nothing (mail scanners open links); the button does.
 */
export function renderCheckinPage(
  hospital: HospitalConfig,
  pairing: Pairing,
  meeting: Meeting,
  party: Party,
  token: string,
  options: { chosen?: CheckinAnswer; problem?: string } = {},
): string {
  const other = pairing[otherParty(party)];
  const when = meetingWhen(meeting, pairing.expectations.timeZone);
  const choice = (answer: CheckinAnswer) =>
    `<label class="option"><input type="radio" name="answer" value="${answer}"${options.chosen === answer ? ' checked' : ''} required> ${escapeHtml(checkinAnswerLabels[answer])}</label>`;
  const body = `<h1>How did your meeting with ${escapeHtml(other.name)} go?</h1>
${options.problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(options.problem)}</p></div>` : ''}
<p>${escapeHtml(when)}</p>
<form method="post" action="/checkin/${escapeHtml(pairing.id)}/${meeting.index}">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<fieldset><legend>Your answer</legend>
${checkinAnswers.map(choice).join('\n')}
</fieldset>
<label for="nextSteps">Your next steps before the next meeting (optional)</label>
<p class="hint" id="nextSteps-hint">${escapeHtml(other.name)} sees them, and they appear in your next invite. A request for help goes to the program office only.</p>
<textarea id="nextSteps" name="nextSteps" maxlength="${limits.note}" aria-describedby="nextSteps-hint"></textarea>
<p><button type="submit">Send my answer</button></p>
</form>`;
  return renderPage(hospital, `Check-in: mentoring with ${other.name}`, body);
}
