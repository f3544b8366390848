import type { HospitalConfig } from '#config/hospital-config';
import { escapeHtml } from './escape.ts';

/** A label and its value; `changed` marks what a new version changed. */
export type EmailRow = readonly [label: string, value: string, changed?: boolean];

/**
 * The HTML frame of every email to mentors, mentees and administrators: the program's coloured
 * band, the content, and (for the agreement emails) a footer naming the hospital and whom to ask.
 * Built for a phone first (issue 15): one column at most 600 px wide, long words and addresses
 * wrap instead of widening the message, and nothing has a fixed width.
 */
export function emailHtml(
  hospital: HospitalConfig,
  inner: string,
  options: { footer?: boolean; title?: string } = {},
): string {
  const footer = options.footer
    ? `\n<p style="color:#555;font-size:13px">${escapeHtml(hospital.name)} · ${escapeHtml(hospital.branding.programName)} · questions: ${hospital.administrators.map((a) => `<a href="mailto:${escapeHtml(a)}" style="color:#555">${escapeHtml(a)}</a>`).join(', ')}</p>\n`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title ?? hospital.branding.programName)}</title></head><body style="margin:0;padding:0;font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5;overflow-wrap:anywhere;word-break:break-word">
<div style="max-width:600px;margin:0 auto;padding:0 12px">
<p style="background:${hospital.branding.primaryColor};color:#fff;padding:8px 12px;margin:0 -12px 16px">${escapeHtml(hospital.branding.programName)}</p>
${inner}${footer}</div></body></html>`;
}

/** The one obvious action of an email: a button that is a link (no bare URL in the HTML). */
export function emailButton(link: string, label: string, color = '#1a1a1a'): string {
  return `<a href="${escapeHtml(link)}" style="display:inline-block;background:${color};color:#fff;padding:12px 18px;margin:0 8px 8px 0;text-decoration:none;border-radius:6px;font-weight:600">${escapeHtml(label)}</a>`;
}

/** Labels above their values, so rows read on a 375 px phone as on a desktop. */
export function emailRowsHtml(rows: readonly EmailRow[]): string {
  return rows
    .map(
      ([label, value, changed]) =>
        `<p style="margin:0 0 10px"><strong>${escapeHtml(label)}</strong>${changed ? ' <span style="background:#fff3bf;padding:0 4px;border-radius:3px">changed</span>' : ''}<br><span style="white-space:pre-line">${escapeHtml(value)}</span></p>`,
    )
    .join('\n');
}

export function emailRowsText(rows: readonly EmailRow[]): string {
  return rows
    .map(
      ([label, value, changed]) =>
        `${label}${changed ? ' (changed)' : ''}:\n  ${value.replaceAll('\n', '\n  ')}`,
    )
    .join('\n');
}
