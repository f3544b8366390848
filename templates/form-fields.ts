import { timeZoneNames } from '#config/time-zones';
import { weekdays } from '#domain/calendar-dates';
import type { FormValues } from '#domain/pairing-form-input';
import { type FieldErrors, limits } from '#domain/pairing-request';
import { escapeHtml } from './escape.ts';
import { capitalize } from './expectations.ts';
import { requiredMark, timeSelect, timeZoneOptions } from './form-controls.ts';

/*
 * The labelled fields of the pages' forms (the pairing form, the mentor pool's forms): each with
 * its hint and its error wired to it for screen readers, and "(required)" where it is.
 */

export const idFor = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

export interface FieldContext {
  values: FormValues;
  errors: FieldErrors;
}

export function single(values: FormValues, name: string): string {
  const value = values[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** aria wiring for a field: its hint and its error message, if any. */
export function described(
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

export function input(
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

export function select(
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

export function textarea(
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
export function choiceGroup(
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
export function timeField(ctx: FieldContext, name: string, label: string): string {
  const { attrs, after } = described(name, ctx);
  return `${timeSelect(idFor(name), name, label, single(ctx.values, name), { attrs: `${attrs} required`, marked: true })}
${after}`;
}

/** The time zone: a list of every zone by region, the hospital's chosen unless another was. */
export function zoneField(ctx: FieldContext, hospitalZone: string): string {
  const { attrs, after } = described(
    'timeZone',
    ctx,
    `Default: ${hospitalZone.replaceAll('_', ' ')}`,
  );
  return `<label for="${idFor('timeZone')}">Time zone</label>
<select id="${idFor('timeZone')}" name="timeZone"${attrs}>${timeZoneOptions(timeZoneNames(), single(ctx.values, 'timeZone') || hospitalZone)}</select>
${after}`;
}

/** The goals: 1 to 5 single lines sent as one repeated field `goals`, the first required. */
export function goalsFieldset(ctx: FieldContext): string {
  const goals = [ctx.values.goals ?? []].flat();
  const goalInputs = Array.from({ length: limits.goals }, (_, i) =>
    input(ctx, `goals.${i}`, `Goal ${i + 1}${i === 0 ? '' : ' (optional)'}`, {
      value: goals[i] ?? '',
      required: i === 0,
      extra: ` maxlength="${limits.goal}"`,
    }).replace(`name="goals.${i}"`, 'name="goals"'),
  ).join('\n');
  return `<fieldset><legend>Goals (1 to ${limits.goals})</legend>
${ctx.errors.goals ? `<p class="error" id="${idFor('goals')}-error">${escapeHtml(ctx.errors.goals)}</p>` : ''}
${goalInputs}
</fieldset>`;
}

/** The weekdays as a choice list's value and label. */
export const weekdayChoices = weekdays.map((d) => [d, capitalize(d)] as const);

/**
 * The summary above a form with errors: each message links to its field (`anchorFor`); a message
 * about the whole form (`formMessage`) heads it instead of the count.
 */
export function errorSummary(
  errors: FieldErrors,
  anchorFor: (field: string) => string,
  formMessage?: string,
): string {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !formMessage) return '';
  return `<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
<h2>${formMessage ? escapeHtml(formMessage) : `Please correct ${entries.length === 1 ? 'this field' : `these ${entries.length} fields`}`}</h2>
${entries.length ? `<ul>${entries.map(([field, message]) => `<li><a href="${anchorFor(field)}">${escapeHtml(message)}</a></li>`).join('')}</ul>` : ''}
</div>`;
}
