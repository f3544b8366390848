import type { HospitalConfig } from '#config/hospital-config';
import type { AlertEntry } from '#domain/alert-log';
import type { Meeting } from '#domain/meeting';
import type { Pairing, PairingStatus } from '#domain/pairing';
import type { ImportProblem } from '#domain/pairing-import-format';
import type { PairingListEntry } from '#domain/pairing-store';
import type { TimelineEntry } from '#domain/timeline';
import { escapeHtml } from './escape.ts';
import { renderPage } from './layout.ts';
import { meetingWhen } from './meeting-emails.ts';
import { endReasonLabels } from './relationship.ts';
import { historySentence, logSentence } from './timeline-sentences.ts';

const statuses: PairingStatus[] = [
  'proposed',
  'agreeing',
  'active',
  'paused',
  'concluded',
  'declined',
  'expired',
];

export function renderSignIn(hospital: HospitalConfig, problem?: string): string {
  return renderPage(
    hospital,
    'Administrators: sign in',
    `<h1>Administrators: sign in</h1>
${problem ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(problem)}</p></div>` : ''}
<form method="post" action="/admin/sign-in">
<label for="key">Admin key</label><input type="password" id="key" name="key" autocomplete="current-password" required>
<p><button type="submit">Sign in</button></p></form>`,
  );
}

export const alertLabels: Record<string, string> = {
  'admin-alert-declined': 'Declined by the mentor',
  'admin-alert-expired': 'Expired without agreement',
  'admin-alert-pending-agreement': 'Agreement pending over 7 days',
  'admin-alert-no-first-meeting': 'No first meeting within 6 weeks',
  'admin-alert-two-declines': 'Two invites declined in a row',
  'admin-alert-checkins-unanswered': 'Three check-ins unanswered',
  'admin-alert-undeliverable': 'Bounced or complaining address',
  'admin-alert-quarantine': 'Mail quarantined',
  'admin-alert-review-disagreement': 'Disagree on frequency',
  'admin-alert-parked-work': 'Work that could not be done',
  'admin-ask-new-mentor': 'A mentee needs a new mentor',
};

function renderAlerts(alerts: AlertEntry[]): string {
  if (alerts.length === 0) return '<h2>Alerts</h2><p>No alerts in the last 30 days.</p>';
  const items = alerts
    .map(
      (a) =>
        `<li><details><summary><time datetime="${escapeHtml(a.at)}">${escapeHtml(a.at.replace('T', ' ').slice(0, 16))}</time> <strong>${escapeHtml(alertLabels[a.kind] ?? a.kind)}</strong>: ${escapeHtml(a.subject)}</summary><pre>${escapeHtml(a.text)}</pre></details></li>`,
    )
    .join('');
  return `<h2>Alerts <span class="hint">(${alerts.length} in the last 30 days)</span></h2><ul class="alerts">${items}</ul>`;
}

export function renderSignedIn(hospital: HospitalConfig): string {
  return renderPage(
    hospital,
    'Signed in',
    `<meta http-equiv="refresh" content="0;url=/admin/pairings"><h1>Signed in</h1><p><a href="/admin/pairings">Continue to the pairings</a></p>`,
  );
}

/** An admin action that could not be done, with the way back. */
export function renderAdminProblem(
  hospital: HospitalConfig,
  problem: string,
  back = '/admin/pairings',
): string {
  return renderPage(
    hospital,
    'Not done',
    `<h1>Not done</h1><div class="error-summary" role="alert"><p class="error">${escapeHtml(problem)}</p></div>
<p><a href="${escapeHtml(back)}">← Back</a></p>`,
  );
}

export function renderPairingList(
  hospital: HospitalConfig,
  entries: PairingListEntry[],
  filter: { status?: string; q?: string },
  alerts: AlertEntry[] = [],
): string {
  const options = ['', ...statuses]
    .map(
      (s) =>
        `<option value="${s}"${s === (filter.status ?? '') ? ' selected' : ''}>${s === '' ? 'All' : s}</option>`,
    )
    .join('');
  const counts = statuses
    .map((s) => `${s}: ${entries.filter((e) => e.status === s).length}`)
    .join(' · ');
  const shown = entries.filter(
    (e) =>
      (!filter.status || e.status === filter.status) &&
      (!filter.q ||
        [e.mentorName, e.mentorEmail, e.menteeName, e.menteeEmail, e.id].some((v) =>
          v.toLowerCase().includes((filter.q ?? '').toLowerCase()),
        )),
  );
  const rows = shown
    .map(
      (e) =>
        `<tr><td><a href="/admin/pairings/${escapeHtml(e.id)}">${escapeHtml(e.mentorName)} → ${escapeHtml(e.menteeName)}</a></td><td>${escapeHtml(e.status)}</td><td>${escapeHtml(e.createdAt.slice(0, 10))}</td><td>${escapeHtml(e.updatedAt.slice(0, 10))}</td></tr>`,
    )
    .join('');
  return renderPage(
    hospital,
    'Pairings',
    `<h1>Pairings</h1>
<p>${escapeHtml(counts)}</p>
<form method="get" action="/admin/pairings" class="row">
<div><label for="status">State</label><select id="status" name="status">${options}</select></div>
<div><label for="q">Search names or emails</label><input type="text" id="q" name="q" value="${escapeHtml(filter.q ?? '')}"></div>
<div><p><button type="submit">Filter</button></p></div></form>
<p><a href="/admin/export.csv">Download the per-pairing log (CSV)</a> · <a href="/admin/import">Import pairings from a CSV file</a></p>
<table><caption>${shown.length} of ${entries.length} pairings</caption>
<thead><tr><th scope="col">Mentor → mentee</th><th scope="col">State</th><th scope="col">Proposed</th><th scope="col">Last change</th></tr></thead>
<tbody>${rows}</tbody></table>
${renderAlerts(alerts)}
<form method="post" action="/admin/undeliverable/clear" class="row">
<div><label for="clear-email">Clear an address marked undeliverable (after a hard bounce or a complaint)</label>
<input type="email" id="clear-email" name="email" required></div><div><p><button type="submit" class="secondary">Clear</button></p></div></form>
<form method="post" action="/admin/forget">
<fieldset><legend>Forget a person</legend><p class="hint">Erases their name, address and what they wrote (goals, notes, check-in replies, mail they sent). Their pairings stay in the figures, as "Forgotten person". End any running pairing first.</p>
<label for="forget-email">Email address</label><input type="email" id="forget-email" name="email" required>
<label class="option" for="forget-confirm"><input type="checkbox" id="forget-confirm" name="confirm" value="yes" required> I understand this cannot be undone</label>
<p><button type="submit" class="secondary">Forget this person</button></p></fieldset></form>
<form method="post" action="/admin/sign-out"><p><button type="submit" class="secondary">Sign out</button></p></form>`,
  );
}

export function renderPairingDetail(
  hospital: HospitalConfig,
  pairing: Pairing,
  meetings: Meeting[],
  checkins: number,
  log: TimelineEntry[] = [],
): string {
  // The pairing's own changes, and every email sent and reply received, in time order.
  const entries = [
    ...pairing.history.map((h) => ({ at: h.at, text: historySentence(pairing, h) })),
    ...log.map((e) => ({ at: e.at, text: logSentence(pairing, e) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const timeline = entries
    .map(
      (e) =>
        `<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(e.at.replace('T', ' ').slice(0, 16))}</time> ${escapeHtml(e.text)}</li>`,
    )
    .join('');
  const meetingRows = meetings
    .map(
      (m) =>
        `<tr><td>${escapeHtml(meetingWhen(m, pairing.expectations.timeZone))}</td><td>${escapeHtml(m.status)}</td><td>${m.sequence}</td><td>${escapeHtml(m.attendance.mentor ?? '—')}</td><td>${escapeHtml(m.attendance.mentee ?? '—')}</td></tr>`,
    )
    .join('');
  const action = `/admin/pairings/${escapeHtml(pairing.id)}`;
  const running = pairing.status === 'active' || pairing.status === 'paused';
  const reasons = (Object.keys(endReasonLabels) as (keyof typeof endReasonLabels)[])
    .map((r) => `<option value="${r}">${escapeHtml(endReasonLabels[r])}</option>`)
    .join('');
  return renderPage(
    hospital,
    `Pairing ${pairing.mentor.name} → ${pairing.mentee.name}`,
    `<p><a href="/admin/pairings">← All pairings</a></p>
<h1>${escapeHtml(pairing.mentor.name)} → ${escapeHtml(pairing.mentee.name)}</h1>
<dl><dt>State</dt><dd>${escapeHtml(pairing.status)}</dd>
<dt>Mentor</dt><dd>${escapeHtml(pairing.mentor.email)}</dd><dt>Mentee</dt><dd>${escapeHtml(pairing.mentee.email)}</dd>
<dt>Check-ins answered</dt><dd>${checkins}</dd><dt>Reference</dt><dd>${escapeHtml(pairing.id)}</dd></dl>
${
  running
    ? `<form method="post" action="${action}" class="row">
<div><button type="submit" name="action" value="${pairing.status === 'active' ? 'pause' : 'resume'}" class="secondary">${pairing.status === 'active' ? 'Pause' : 'Resume'}</button></div></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="end">
<label for="reason">End with reason</label><select id="reason" name="reason">${reasons}</select>
<p><button type="submit" class="secondary">End the relationship</button></p></form>`
    : ''
}
${
  running
    ? `<form method="post" action="${action}"><input type="hidden" name="action" value="resend-invite">
<p><button type="submit" class="secondary">Resend the last invite</button> <span class="hint">The same invite again, to both (for a lost or deleted invitation).</span></p></form>`
    : ''
}
${
  pairing.status === 'proposed' || pairing.status === 'agreeing'
    ? ''
    : `<form method="post" action="${action}"><input type="hidden" name="action" value="replace-mentor">
<fieldset><legend>Replace the mentor</legend><p class="hint">The new mentor gets a proposal with ${escapeHtml(pairing.mentee.name)}'s goals and the agreed expectations.${running ? ' This relationship then ends (no fault), and its future meetings are cancelled.' : ''}</p>
<label for="mentorName">New mentor's name</label><input type="text" id="mentorName" name="mentorName" required maxlength="120">
<label for="mentorEmail">New mentor's email</label><input type="email" id="mentorEmail" name="mentorEmail" required>
<label for="mentorAvailability">New mentor's availability and contact boundaries</label><textarea id="mentorAvailability" name="mentorAvailability" required maxlength="500"></textarea>
<p><button type="submit" class="secondary">Propose the new mentor</button></p></fieldset></form>`
}
<h2>Timeline</h2><ol>${timeline}</ol>
<h2>Meetings</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">State</th><th scope="col">Sequence</th><th scope="col">Mentor</th><th scope="col">Mentee</th></tr></thead><tbody>${meetingRows}</tbody></table>`,
  );
}

/** The CSV import page: the upload form, and after an upload either the problems or the result. */
/** Why an import imported nothing: each line, field and problem. */
export function importProblems(problems: readonly ImportProblem[]): string {
  return `<div class="error-summary" role="alert"><h2>Nothing was imported</h2><p>Correct these and upload the whole file again:</p>
<table><thead><tr><th scope="col">Line</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead><tbody>${problems
    .map(
      (p) =>
        `<tr><td>${p.row}</td><td>${escapeHtml(p.field)}</td><td>${escapeHtml(p.message)}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
}

export function renderImportPage(
  hospital: HospitalConfig,
  columns: readonly string[],
  outcome?:
    | { kind: 'rejected'; problems: ImportProblem[] }
    | { kind: 'imported'; created: { row: number; id: string; repeated: boolean }[] },
): string {
  const result =
    outcome?.kind === 'rejected'
      ? importProblems(outcome.problems)
      : outcome?.kind === 'imported'
        ? `<div role="status"><h2>${outcome.created.length} pairing${outcome.created.length === 1 ? '' : 's'} imported</h2>
<p>Each mentor and mentee has been sent the proposal, as if it had come from the form.${outcome.created.some((c) => c.repeated) ? ' Rows imported by an earlier upload of this file were not created again.' : ''}</p>
<ul>${outcome.created.map((c) => `<li>Line ${c.row}: <a href="/admin/pairings/${escapeHtml(c.id)}">${escapeHtml(c.id)}</a>${c.repeated ? ' (already imported)' : ''}</li>`).join('')}</ul></div>`
        : '';
  return renderPage(
    hospital,
    'Import pairings',
    `<p><a href="/admin/pairings">← All pairings</a></p>
<h1>Import pairings (CSV)</h1>
${result}
<p>One pairing per line, with a header line naming the columns: <code>${columns.map(escapeHtml).join(', ')}</code>.
Separate several needs or goals with <code>;</code>. <code>timeZone</code>, <code>termMonths</code>, <code>firstMeetingBy</code> and <code>note</code> may be left empty.
Every line is checked first; if any has a problem, nothing is imported.</p>
<form method="post" action="/admin/import" enctype="multipart/form-data">
<label for="csv">CSV file</label><input type="file" id="csv" name="csv" accept=".csv,text/csv" required>
<p><button type="submit">Check and import</button></p></form>`,
  );
}

/**
 * Every POST form of an admin page carries the session's CSRF token as its first field (so a
 * multipart upload has it before the file).
 */
export function withCsrfToken(html: string, token: string): string {
  return html.replace(
    /<form\b[^>]*\bmethod="post"[^>]*>/gi,
    (form) => `${form}<input type="hidden" name="csrf" value="${escapeHtml(token)}">`,
  );
}
