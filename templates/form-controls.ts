import { escapeHtml } from './escape.ts';

/*
 * Controls shared by every form. Times are a list of 24-hour quarter hours, not
 * `<input type="time">`, which a US-English browser shows as "03:00 PM" beside the 24-hour times
 * every email and page uses; no script is needed for either (the pages' CSP allows none).
 */

const quarterHours = Array.from({ length: 96 }, (_, i) => {
  const h = String(Math.floor(i / 4)).padStart(2, '0');
  const m = String((i % 4) * 15).padStart(2, '0');
  return `${h}:${m}`;
});

/** The `<option>`s of a time list, with `current` chosen (and kept if it is not a quarter hour). */
export function timeOptions(current: string): string {
  const times =
    quarterHours.includes(current) || !current ? quarterHours : [...quarterHours, current].sort();
  return `${current ? '' : '<option value="">Choose…</option>'}${times
    .map((t) => `<option value="${t}"${t === current ? ' selected' : ''}>${t}</option>`)
    .join('')}`;
}

/** The mark after a required field's label. */
export const requiredMark = ' <span class="required">(required)</span>';

/** A labelled 24-hour time list; `marked` says "(required)" beside the label. */
export function timeSelect(
  id: string,
  name: string,
  label: string,
  current: string,
  options: { attrs?: string; marked?: boolean } = {},
): string {
  return `<label for="${escapeHtml(id)}">${escapeHtml(label)}${options.marked ? requiredMark : ''}</label><select id="${escapeHtml(id)}" name="${escapeHtml(name)}"${options.attrs ?? ''}>${timeOptions(current)}</select>`;
}

/** Every zone, grouped by its region ("America", "Europe" …), with `current` chosen. */
export function timeZoneOptions(zones: readonly string[], current: string): string {
  const groups = new Map<string, string[]>();
  const all = current && !zones.includes(current) ? [current, ...zones] : zones;
  for (const zone of all) {
    const region = zone.includes('/') ? (zone.split('/')[0] ?? 'Other') : 'Other';
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups]
    .map(
      ([region, names]) =>
        `<optgroup label="${escapeHtml(region)}">${names
          .map(
            (z) =>
              `<option value="${escapeHtml(z)}"${z === current ? ' selected' : ''}>${escapeHtml(z.replaceAll('_', ' '))}</option>`,
          )
          .join('')}</optgroup>`,
    )
    .join('');
}
