import type { HospitalConfig } from '#config/hospital-config';
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
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Tandem stopped retrying a scheduled task for ${escapeHtml(hospital.name)}.</p>
<table>
<tr><th align="left">Task</th><td>${escapeHtml(work.kind)} (${escapeHtml(work.id)})</td></tr>
<tr><th align="left">Was due</th><td>${escapeHtml(work.dueAt.toISOString())}</td></tr>
<tr><th align="left">Attempts</th><td>${work.attempts}</td></tr>
<tr><th align="left">Last error</th><td>${escapeHtml(work.error)}</td></tr>
</table>
<p>Nothing else is held up by it.</p>
</body></html>`;
  return { subject, text: lines.join('\n'), html };
}
