import type { HospitalConfig } from '#config/hospital-config';
import { emailHtml, emailRowsHtml } from './email-layout.ts';
import { escapeHtml } from './escape.ts';

export interface ParkedWorkAlert {
  id: string;
  kind: string;
  attempts: number;
  error: string;
  dueAt: Date;
}

/** Email to the administrators when a scheduled task kept failing and was set aside. */
export function renderParkedWorkAlert(hospital: HospitalConfig, work: ParkedWorkAlert) {
  const subject = `[${hospital.branding.programName}] A scheduled task failed ${work.attempts} times`;
  const lines = [
    `Tandem stopped retrying a scheduled task for ${hospital.name}.`,
    '',
    `Task: ${work.kind} (${work.id})`,
    `Was due: ${work.dueAt.toISOString()}`,
    `Attempts: ${work.attempts}`,
    `Last error: ${work.error}`,
    '',
    'Nothing else is held up by it. Run `tandem status` to list set-aside tasks;',
    'the operator guide (docs/operations.md) says how to retry one.',
  ];
  const html = emailHtml(
    hospital,
    `<p><strong>Tandem stopped retrying a scheduled task for ${escapeHtml(hospital.name)}.</strong></p>
${emailRowsHtml([
  ['Task', `${work.kind} (${work.id})`],
  ['Was due', work.dueAt.toISOString()],
  ['Attempts', String(work.attempts)],
  ['Last error', work.error],
])}
<p>Nothing else is held up by it. Run <code>tandem status</code> to list set-aside tasks; the operator guide (docs/operations.md) says how to retry one.</p>`,
  );
  return { subject, text: lines.join('\n'), html };
}
