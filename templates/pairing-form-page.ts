import type { HospitalConfig } from '#config/hospital-config';
import type { Pairing } from '#domain/pairing';
/** What the person typed, by form field name (`mentor.email`, `needs`, `goals` …). */
import type { FormValues } from '#domain/pairing-form-input';
import {
  careerStages,
  type FieldErrors,
  formalities,
  frequencies,
  limits,
  meetingLengths,
  needKinds,
} from '#domain/pairing-request';
import { escapeHtml } from './escape.ts';
import {
  careerStageLabels,
  formalityLabels,
  frequencyLabels,
  needLabels,
  partiesLine,
} from './expectations.ts';
import {
  choiceGroup,
  errorSummary,
  type FieldContext,
  goalsFieldset,
  idFor,
  input,
  select,
  textarea,
  timeField,
  weekdayChoices,
  zoneField,
} from './form-fields.ts';
import { renderPage } from './layout.ts';

export type { FormValues };

/** Where a field's error links to in the summary (groups link to their first option). */
function anchorFor(field: string): string {
  if (field === 'needs' || field === 'formality') return `#${idFor(field)}-0`;
  if (field === 'goals') return `#${idFor('goals.0')}`;
  return `#${idFor(field)}`;
}

export function renderPairingForm(
  hospital: HospitalConfig,
  options: { values: FormValues; errors: FieldErrors; submissionId: string; formMessage?: string },
): string {
  const ctx: FieldContext = { values: options.values, errors: options.errors };
  const defaults = hospital.programDefaults;
  const errorEntries = Object.entries(options.errors);
  const summary = errorSummary(options.errors, anchorFor, options.formMessage);
  const body = `<h1>Propose a mentoring pairing</h1>
<p>Fill this in for a mentor and a mentee. Both receive the proposed expectations by email and
confirm them, or suggest changes, through a link. Nothing is arranged until both agree.</p>
${summary}
<form method="post" action="/" novalidate>
<input type="hidden" name="submissionId" value="${escapeHtml(options.submissionId)}">
<fieldset><legend>Mentor</legend>
${input(ctx, 'mentor.name', 'Name', { required: true, extra: ` maxlength="${limits.name}" autocomplete="off"` })}
${input(ctx, 'mentor.email', 'Email', { type: 'email', required: true, hint: `An address at ${hospital.allowedEmailDomains.join(' or ')}` })}
</fieldset>
<fieldset><legend>Mentee</legend>
${input(ctx, 'mentee.name', 'Name', { required: true, extra: ` maxlength="${limits.name}" autocomplete="off"` })}
${input(ctx, 'mentee.email', 'Email', { type: 'email', required: true, hint: `An address at ${hospital.allowedEmailDomains.join(' or ')}` })}
${select(
  ctx,
  'mentee.careerStage',
  'Career stage',
  careerStages.map((s) => [s, careerStageLabels[s]] as const),
  { placeholder: 'Choose…', required: true },
)}
</fieldset>
${choiceGroup(
  ctx,
  'needs',
  'What the mentee is looking for (choose all that apply)',
  'checkbox',
  needKinds.map((n) => [n, needLabels[n]] as const),
  true,
)}
${goalsFieldset(ctx)}
<fieldset><legend>Meetings</legend>
${select(
  ctx,
  'frequency',
  'How often',
  frequencies.map((f) => [f, frequencyLabels[f]] as const),
)}
${select(
  ctx,
  'meetingMinutes',
  'Meeting length',
  meetingLengths.map((m) => [String(m), `${m} minutes`] as const),
)}
${select(ctx, 'preferredWeekday', 'Preferred weekday', weekdayChoices, {
  placeholder: 'Choose…',
  required: true,
})}
<div class="row"><div>${timeField(ctx, 'timeWindow.start', 'Time window from')}</div>
<div>${timeField(ctx, 'timeWindow.end', 'until')}</div></div>
<p class="hint">24-hour clock, in the time zone below.</p>
${zoneField(ctx, hospital.timeZone)}
${input(ctx, 'place', 'Where you meet (optional)', { hint: `A room, a video link, or “phone call”. Default: ${hospital.programDefaults.meetingLocation}`, extra: ` maxlength="${limits.place}"` })}
</fieldset>
${choiceGroup(
  ctx,
  'formality',
  'Style of the meetings',
  'radio',
  formalities.map((f) => [f, formalityLabels[f]] as const),
  true,
)}
<fieldset><legend>Term</legend>
${input(ctx, 'termMonths', 'Term in months', { type: 'number', extra: ' min="1" max="36" inputmode="numeric"', hint: `Default: ${defaults.termMonths}` })}
${input(ctx, 'firstMeetingBy', 'First meeting by', { type: 'date', hint: 'Default: within 6 weeks' })}
</fieldset>
<fieldset><legend>Availability and boundaries</legend>
${textarea(ctx, 'mentorAvailability', 'The mentor’s availability and contact boundaries', limits.mentorAvailability, 'e.g. “Email only, weekdays; at most 4 messages a month”', true)}
${textarea(ctx, 'note', 'Note (optional)', limits.note)}
</fieldset>
<button type="submit">Send the proposal</button>
</form>`;
  return renderPage(
    hospital,
    errorEntries.length ? 'Error: propose a mentoring pairing' : 'Propose a mentoring pairing',
    body,
  );
}

/** The initial values of an empty form: the hospital's defaults. */
export function defaultFormValues(hospital: HospitalConfig): FormValues {
  const d = hospital.programDefaults;
  return {
    frequency: d.frequency,
    meetingMinutes: String(d.meetingMinutes),
    termMonths: String(d.termMonths),
    timeZone: hospital.timeZone,
    'timeWindow.start': '15:00',
    'timeWindow.end': '17:00',
  };
}

export function renderSubmitted(hospital: HospitalConfig, pairing: Pairing): string {
  return renderPage(
    hospital,
    'Proposal sent',
    `<h1>Proposal sent</h1>
<p role="status">${escapeHtml(partiesLine(pairing))} have each been emailed the proposed expectations, with a link to
agree or to suggest changes. Once both agree, each receives a summary and the meeting invites follow.</p>
<p>Reference: <code>${escapeHtml(pairing.id)}</code></p>
<p><a href="/">Propose another pairing</a></p>`,
  );
}
