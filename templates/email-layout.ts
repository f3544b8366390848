import type { HospitalConfig } from '#config/hospital-config';
import { escapeHtml } from './escape.ts';

/**
 * The HTML frame of every email to mentors, mentees and administrators: the program's coloured
 * band, the content, and (for the agreement emails) a footer naming the hospital and whom to ask.
 */
export function emailHtml(
  hospital: HospitalConfig,
  inner: string,
  options: { footer?: boolean } = {},
): string {
  const footer = options.footer
    ? `\n<p style="color:#555;font-size:13px">${escapeHtml(hospital.name)} · ${escapeHtml(hospital.branding.programName)} · questions: ${escapeHtml(hospital.administrators.join(', '))}</p>\n`
    : '';
  return `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;line-height:1.5">
<p style="background:${hospital.branding.primaryColor};color:#fff;padding:8px 12px;margin:0 0 16px">${escapeHtml(hospital.branding.programName)}</p>
${inner}${footer}</body></html>`;
}
