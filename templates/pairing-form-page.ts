import type { HospitalConfig } from '#config/hospital-config';
import { timeZoneNames } from '#config/time-zones';
import { weekdays } from '#domain/calendar-dates';
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
import { requiredMark, timeSelect, timeZoneOptions } from './form-controls.ts';
import { renderPage } from './layout.ts';

export type { FormValues };

const idFor = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface FieldContext {
  values: FormValues;
  errors: FieldErrors;
}

function single(values: FormValues, name: string): string {
  const value = values[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** aria wiring for a field: its hint and its error message, if any. */
function described(
  name: string,
  ctx: FieldContext,
  hint?: string,
): { attrs: string; after: string } {
  const ids: string[] = [];
  let after = '';
  if (hint) {
    ids.push(`${idFor(name)}-hint`);
    after += `<p class="hint" id="${idFor(name)}-hint">${escapeHtml(hint)}</p>`;
  }
  const error = ctx.errors[name];
  if (error) {
    ids.push(`${idFor(name)}-error`);
    after += `<p class="error" id="${idFor(name)}-error">${escapeHtml(error)}</p>`;
  }
  const attrs = `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${error ? ' aria-invalid="true"' : ''}`;
  return { attrs, after };
}

function input(
  ctx: FieldContext,
  name: string,
  label: string,
  options: {
    type?: string;
    hint?: string;
    required?: boolean;
    extra?: string;
    value?: string;
  } = {},
): string {
  const { attrs, after } = described(name, ctx, options.hint);
  const value = options.value ?? single(ctx.values, name);
  return `<label for="${idFor(name)}">${escapeHtml(label)}${options.required ? requiredMark : ''}</label>
<input type="${options.type ?? 'text'}" id="${idFor(name)}" name="${escapeHtml(name)}" value="${escapeHtml(value)}"${options.required ? ' required' : ''}${options.extra ?? ''}${attrs}>
${after}`;
}

function select(
  ctx: FieldContext,
  name: string,
  label: string,
  choices: readonly (readonly [string, string])[],
  options: { hint?: string; placeholder?: string; required?: boolean } = {},
): string {
  const { attrs, after } = described(name, ctx, options.hint);
  const current = single(ctx.values, name);
  const placeholder = options.placeholder
    ? `<option value="">${escapeHtml(options.placeholder)}</option>`
    : '';
  return `<label for="${idFor(name)}">${escapeHtml(label)}${options.required ? requiredMark : ''}</label>
<select id="${idFor(name)}" name="${escapeHtml(name)}"${options.required ? ' required' : ''}${attrs}>${placeholder}${choices
    .map(
      ([value, text]) =>
        `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(text)}</option>`,
    )
    .join('')}</select>
${after}`;
}

function textarea(
  ctx: FieldContext,
  name: string,
  label: string,
  max: number,
  hint?: string,
  required = false,
): string {
  const { attrs, after } = described(name, ctx, hint);
  return `<label for="${idFor(name)}">${escapeHtml(label)}${required ? requiredMark : ''}</label>
<textarea id="${idFor(name)}" name="${escapeHtml(name)}" maxlength="${max}"${required ? ' required' : ''}${attrs}>${escapeHtml(single(ctx.values, name))}</textarea>
${after}`;
}

/** A group of checkboxes or radios in a fieldset whose legend names it; errors sit under the legend. */
function choiceGroup(
  ctx: FieldContext,
  name: string,
  legend: string,
  type: 'checkbox' | 'radio',
  choices: readonly (readonly [string, string])[],
  required = false,
): string {
  const chosen = [ctx.values[name] ?? []].flat();
  const error = ctx.errors[name];
  const errorId = `${idFor(name)}-error`;
  return `<fieldset${error ? ` aria-describedby="${errorId}"` : ''}>
<legend>${escapeHtml(legend)}${required ? requiredMark : ''}</legend>
${error ? `<p class="error" id="${errorId}">${escapeHtml(error)}</p>` : ''}
${choices
  .map(
    ([value, text], i) =>
      `<label class="option" for="${idFor(name)}-${i}"><input type="${type}" id="${idFor(name)}-${i}" name="${escapeHtml(name)}" value="${escapeHtml(value)}"${chosen.includes(value) ? ' checked' : ''}> ${escapeHtml(text)}</label>`,
  )
  .join('\n')}
</fieldset>`;
}

/** A 24-hour time list, with its error under it. */
function timeField(ctx: FieldContext, name: string, label: string): string {
  const { attrs, after } = described(name, ctx);
  return `${timeSelect(idFor(name), name, label, single(ctx.values, name), { attrs: `${attrs} required`, marked: true })}
${after}`;
}

/** The time zone: a list of every zone by region, the hospital's chosen unless another was. */
function zoneField(ctx: FieldContext, hospitalZone: string): string {
  const { attrs, after } = described(
    'timeZone',
    ctx,
    `Default: ${hospitalZone.replaceAll('_', ' ')}`,
  );
  return `<label for="${idFor('timeZone')}">Time zone</label>
<select id="${idFor('timeZone')}" name="timeZone"${attrs}>${timeZoneOptions(timeZoneNames(), single(ctx.values, 'timeZone') || hospitalZone)}</select>
${after}`;
}

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
  const summary =
    errorEntries.length > 0 || options.formMessage
      ? `<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
<h2>${options.formMessage ? escapeHtml(options.formMessage) : `Please correct ${errorEntries.length === 1 ? 'this field' : `these ${errorEntries.length} fields`}`}</h2>
${errorEntries.length ? `<ul>${errorEntries.map(([field, message]) => `<li><a href="${anchorFor(field)}">${escapeHtml(message)}</a></li>`).join('')}</ul>` : ''}
</div>`
      : '';
  const goals = [ctx.values.goals ?? []].flat();
  const goalInputs = Array.from({ length: limits.goals }, (_, i) =>
    input(ctx, `goals.${i}`, `Goal ${i + 1}${i === 0 ? '' : ' (optional)'}`, {
      value: goals[i] ?? '',
      required: i === 0,
      extra: ` maxlength="${limits.goal}"`,
    }).replace(`name="goals.${i}"`, 'name="goals"'),
  ).join('\n');

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
<fieldset><legend>Goals (1 to ${limits.goals})</legend>
${ctx.errors.goals ? `<p class="error" id="${idFor('goals')}-error">${escapeHtml(ctx.errors.goals)}</p>` : ''}
${goalInputs}
</fieldset>
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
${select(
  ctx,
  'preferredWeekday',
  'Preferred weekday',
  weekdays.map((d) => [d, capitalize(d)] as const),
  { placeholder: 'Choose…', required: true },
)}
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
