import type { HospitalConfig } from '#config/hospital-config';
import {
  type MenteeRequest,
  type MentorProfile,
  mentorStages,
  mentorStyles,
  poolLimits,
  type Suggestion,
} from '#domain/mentor-pool';
import type { FormValues } from '#domain/pairing-form-input';
import {
  careerStages,
  type FieldErrors,
  frequencies,
  limits,
  needKinds,
} from '#domain/pairing-request';
import { importProblems } from './admin-pages.ts';
import { escapeHtml } from './escape.ts';
import {
  capitalize,
  careerStageLabels,
  formalityLabels,
  frequencyLabels,
  needLabels,
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

const mentorStageLabels: Record<(typeof mentorStages)[number], string> = {
  fellow: 'Fellow',
  'early-attending': 'Attending in the first years',
  attending: 'Attending',
  'senior-attending': 'Senior attending',
  other: 'Other',
};

const styleLabels: Record<(typeof mentorStyles)[number], string> = {
  casual: 'Casual: talk through what comes up',
  'goal-driven': formalityLabels['goal-driven'],
  either: 'Either suits me',
};

const multiFields = new Set(['offers', 'menteeStages', 'preferredWeekdays', 'needs', 'style']);

/** Where a field's error links to in the summary (groups link to their first option). */
function anchorFor(field: string): string {
  const base = field.split('.')[0] ?? field;
  if (multiFields.has(base)) return `#${idFor(base)}-0`;
  if (base === 'goals') return `#${idFor('goals.0')}`;
  if (base === 'areas') return `#${idFor('areas')}`;
  return `#${idFor(field)}`;
}

/** Errors of list fields (`areas.2`) shown on the list's own field. */
function foldedErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const base = field.split('.')[0] ?? field;
    const key = ['areas', 'offers', 'menteeStages', 'preferredWeekdays', 'needs'].includes(base)
      ? base
      : field;
    out[key] ??= message;
  }
  return out;
}

function when(ctx: FieldContext, hospital: HospitalConfig, legend: string): string {
  return `${choiceGroup(ctx, 'preferredWeekdays', legend, 'checkbox', weekdayChoices, true)}
<div class="row"><div>${timeField(ctx, 'timeWindow.start', 'Time window from')}</div>
<div>${timeField(ctx, 'timeWindow.end', 'until')}</div></div>
<p class="hint">24-hour clock, in the time zone below.</p>
${zoneField(ctx, hospital.timeZone)}`;
}

/** The mentor's fields, for joining (with the address) and for editing (without). */
function mentorFields(ctx: FieldContext, hospital: HospitalConfig, withEmail: boolean): string {
  return `<fieldset><legend>You</legend>
${input(ctx, 'name', 'Name', { required: true, extra: ` maxlength="${limits.name}" autocomplete="name"` })}
${withEmail ? input(ctx, 'email', 'Email', { type: 'email', required: true, hint: `An address at ${hospital.allowedEmailDomains.join(' or ')}: the confirmation goes there`, extra: ' autocomplete="email"' }) : ''}
${input(ctx, 'department', 'Department', { required: true, extra: ` maxlength="${poolLimits.department}"` })}
${select(
  ctx,
  'careerStage',
  'Your career stage',
  mentorStages.map((s) => [s, mentorStageLabels[s]] as const),
  { placeholder: 'Choose…', required: true },
)}
</fieldset>
${choiceGroup(
  ctx,
  'offers',
  'What you can offer (choose all that apply)',
  'checkbox',
  needKinds.map((n) => [n, needLabels[n]] as const),
  true,
)}
${textarea(ctx, 'areas', 'The areas you know, in your own words', poolLimits.areas * (poolLimits.area + 1), `One per line, up to ${poolLimits.areas}: e.g. “critical care fellowship”, “burnout”`, true)}
${choiceGroup(
  ctx,
  'style',
  'Your style',
  'radio',
  mentorStyles.map((s) => [s, styleLabels[s]] as const),
  true,
)}
<fieldset><legend>Who and how many</legend>
${input(ctx, 'capacity', 'Mentees at a time', { type: 'number', required: true, extra: ` min="1" max="${poolLimits.capacity}" inputmode="numeric"`, hint: 'Counting the mentees you have now, however they were paired with you' })}
</fieldset>
${choiceGroup(
  ctx,
  'menteeStages',
  'The mentees you will take',
  'checkbox',
  careerStages.map((s) => [s, careerStageLabels[s]] as const),
  true,
)}
${when(ctx, hospital, 'The weekdays that suit you')}
<fieldset><legend>Availability and boundaries</legend>
${textarea(ctx, 'availability', 'Your availability and contact boundaries', limits.mentorAvailability, 'e.g. “Email only, weekdays; at most 4 messages a month”', true)}
</fieldset>`;
}

export function defaultMentorValues(hospital: HospitalConfig): FormValues {
  return {
    capacity: '2',
    timeZone: hospital.timeZone,
    'timeWindow.start': '15:00',
    'timeWindow.end': '17:00',
  };
}

export function renderJoinForm(
  hospital: HospitalConfig,
  options: { values: FormValues; errors: FieldErrors },
): string {
  const ctx: FieldContext = { values: options.values, errors: foldedErrors(options.errors) };
  const errors = Object.keys(options.errors).length > 0;
  return renderPage(
    hospital,
    errors ? 'Error: offer to mentor' : 'Offer to mentor',
    `<h1>Offer to mentor</h1>
<p>Say what you can offer, in which areas, in which style and when. Mentees who need exactly that
are suggested to you; you agree or decline each proposal, and you can step out whenever it is not
the right time. Nothing is listed until you confirm from the email we send you.</p>
${errorSummary(options.errors, anchorFor)}
<form method="post" action="/mentors/join" novalidate>
${mentorFields(ctx, hospital, true)}
<button type="submit">Send and confirm by email</button>
</form>`,
  );
}

export function renderJoinSubmitted(
  hospital: HospitalConfig,
  email: string,
  already: boolean,
): string {
  return renderPage(
    hospital,
    'Check your email',
    `<h1>Check your email</h1>
<p role="status">${
      already
        ? `${escapeHtml(email)} is already in the pool: we emailed it the link to its listing again.`
        : `We emailed ${escapeHtml(email)} a link. Open it and press “Confirm my listing” to be listed.`
    }</p>`,
  );
}

const statusLines: Record<MentorProfile['status'], string> = {
  pending: 'Not listed yet: confirm this is your address to be listed.',
  listed: 'Listed: mentees who need what you offer may be suggested to you.',
  'stepped-out':
    'Stepped out: no new mentees are suggested to you. Your current mentees stay with you.',
};

/** The mentor's own page (the personal link): confirm, edit, step out or back in. */
export function renderProfilePage(
  hospital: HospitalConfig,
  profile: MentorProfile,
  token: string,
  options: { values?: FormValues; errors?: FieldErrors; message?: string } = {},
): string {
  const t = `<input type="hidden" name="t" value="${escapeHtml(token)}">`;
  const action = `/mentors/profile/${encodeURIComponent(profile.id)}`;
  if (profile.status === 'pending')
    return renderPage(
      hospital,
      'Confirm your listing',
      `<h1>Confirm your listing</h1>
<p>${escapeHtml(profile.name)}, ${escapeHtml(profile.email)}. ${escapeHtml(statusLines.pending)}</p>
<form method="post" action="${action}">${t}<input type="hidden" name="action" value="confirm">
<button type="submit">Confirm my listing</button></form>`,
    );
  const ctx: FieldContext = {
    values: options.values ?? {},
    errors: foldedErrors(options.errors ?? {}),
  };
  const step =
    profile.status === 'listed'
      ? `<form method="post" action="${action}">${t}<input type="hidden" name="action" value="step-out">
<p>Not the right time to take someone on? Step out: no new suggestions, your current mentees stay.</p>
<button type="submit" class="secondary">Not the right time for me: step out</button></form>`
      : `<form method="post" action="${action}">${t}<input type="hidden" name="action" value="step-in">
<button type="submit">Step back in</button></form>`;
  return renderPage(
    hospital,
    options.errors && Object.keys(options.errors).length
      ? 'Error: your mentor listing'
      : 'Your mentor listing',
    `<h1>Your mentor listing</h1>
${options.message ? `<p role="status"><strong>${escapeHtml(options.message)}</strong></p>` : ''}
<p>${escapeHtml(profile.email)} · ${escapeHtml(statusLines[profile.status])}</p>
${step}
<h2>Change your listing</h2>
${errorSummary(options.errors ?? {}, anchorFor)}
<form method="post" action="${action}" novalidate>${t}<input type="hidden" name="action" value="save">
${mentorFields(ctx, hospital, false)}
<button type="submit">Save my listing</button>
</form>`,
  );
}

export function defaultRequestValues(hospital: HospitalConfig): FormValues {
  return {
    frequency: hospital.programDefaults.frequency,
    timeZone: hospital.timeZone,
    'timeWindow.start': '15:00',
    'timeWindow.end': '17:00',
  };
}

export function renderRequestForm(
  hospital: HospitalConfig,
  options: { values: FormValues; errors: FieldErrors },
): string {
  const ctx: FieldContext = { values: options.values, errors: foldedErrors(options.errors) };
  const errors = Object.keys(options.errors).length > 0;
  return renderPage(
    hospital,
    errors ? 'Error: ask for a mentor' : 'Ask for a mentor',
    `<h1>Ask for a mentor</h1>
<p>Say what you need and when you are free. We suggest the mentors who fit best, each with why;
${hospital.matching.mode === 'mentee-choice' ? 'you choose one by email' : 'the program office proposes one'}, and they agree or decline.</p>
${errorSummary(options.errors, anchorFor)}
<form method="post" action="/request" novalidate>
<fieldset><legend>You</legend>
${input(ctx, 'mentee.name', 'Name', { required: true, extra: ` maxlength="${limits.name}" autocomplete="name"` })}
${input(ctx, 'mentee.email', 'Email', { type: 'email', required: true, hint: `An address at ${hospital.allowedEmailDomains.join(' or ')}`, extra: ' autocomplete="email"' })}
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
  'What you are looking for (choose all that apply)',
  'checkbox',
  needKinds.map((n) => [n, needLabels[n]] as const),
  true,
)}
${goalsFieldset(ctx)}
${textarea(ctx, 'areas', 'Areas you want guidance in (optional)', poolLimits.areas * (poolLimits.area + 1), `One per line, up to ${poolLimits.areas}: e.g. “critical care fellowship”`)}
${choiceGroup(
  ctx,
  'style',
  'The style you prefer',
  'radio',
  mentorStyles.map((s) => [s, styleLabels[s]] as const),
  true,
)}
<fieldset><legend>Meetings</legend>
${select(
  ctx,
  'frequency',
  'How often',
  frequencies.map((f) => [f, frequencyLabels[f]] as const),
)}
</fieldset>
${when(ctx, hospital, 'The weekdays that suit you')}
<button type="submit">Find my mentor</button>
</form>`,
  );
}

function suggestionList(suggestions: readonly Suggestion[], choose?: { name: string }): string {
  if (suggestions.length === 0) return '<p>No listed mentor fits this request right now.</p>';
  return `<ol class="suggestions">${suggestions
    .map(
      (s, i) =>
        `<li>${
          choose
            ? `<label class="option" for="s-${i}"><input type="radio" id="s-${i}" name="${choose.name}" value="${escapeHtml(s.mentorId)}"${i === 0 ? ' checked' : ''}> <strong>${escapeHtml(s.name)}</strong></label>`
            : `<strong>${escapeHtml(s.name)}</strong>`
        }<ul>${s.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></li>`,
    )
    .join('')}</ol>`;
}

export function renderRequestSubmitted(hospital: HospitalConfig, request: MenteeRequest): string {
  const next =
    hospital.matching.mode === 'mentee-choice'
      ? 'We emailed you the three that fit best, with a link to choose one.'
      : 'The program office has your request and will propose one of them to you.';
  return renderPage(
    hospital,
    'Your mentor suggestions',
    `<h1>Your mentor suggestions</h1>
<p role="status">Thank you, ${escapeHtml(request.mentee.name)}. ${escapeHtml(next)}</p>
${suggestionList(request.suggestions)}`,
  );
}

/** The mentee's choice (mentee-choice mode): the top three, one button. */
export function renderChoicePage(
  hospital: HospitalConfig,
  request: MenteeRequest,
  token: string,
  message?: string,
): string {
  const action = `/request/choose/${encodeURIComponent(request.id)}`;
  const body =
    request.status === 'proposed'
      ? '<p role="status">Your choice is made: the mentor has been sent the proposal, and you will both hear from us.</p>'
      : `${message ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(message)}</p></div>` : ''}
<form method="post" action="${action}"><input type="hidden" name="t" value="${escapeHtml(token)}">
<fieldset><legend>Choose your mentor</legend>${suggestionList(request.suggestions.slice(0, 3), { name: 'mentorId' })}</fieldset>
<button type="submit">Propose this mentor</button></form>`;
  return renderPage(hospital, 'Choose your mentor', `<h1>Choose your mentor</h1>\n${body}`);
}

/** The administrators' page of one request: its suggestions, each with "Propose this match". */
export function renderRequestAdmin(
  hospital: HospitalConfig,
  request: MenteeRequest,
  passedOverNames: readonly string[],
  message?: string,
): string {
  const proposals =
    request.status === 'proposed' && request.proposed
      ? `<p role="status">Proposed: <a href="/admin/pairings/${encodeURIComponent(request.proposed.pairingId)}">the pairing</a> (${escapeHtml(request.proposed.at.slice(0, 10))}).</p>`
      : request.suggestions.length === 0
        ? '<p>No listed mentor fits this request now.</p>'
        : `<ol class="suggestions">${request.suggestions
            .map(
              (
                s,
              ) => `<li><strong>${escapeHtml(s.name)}</strong> <span class="hint">(score ${s.score})</span><ul>${s.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>
<form method="post" action="/admin/requests/${encodeURIComponent(request.id)}"><input type="hidden" name="mentorId" value="${escapeHtml(s.mentorId)}">
<button type="submit" aria-label="Propose this match: ${escapeHtml(s.name)}">Propose this match</button></form></li>`,
            )
            .join('')}</ol>`;
  return renderPage(
    hospital,
    `Request: ${request.mentee.name}`,
    `<p><a href="/admin/requests">All requests</a> · <a href="/admin/pool">The mentor pool</a></p>
<h1>${escapeHtml(request.mentee.name)} asks for a mentor</h1>
${message ? `<div class="error-summary" role="alert"><p class="error">${escapeHtml(message)}</p></div>` : ''}
<dl><dt>Career stage</dt><dd>${escapeHtml(careerStageLabels[request.mentee.careerStage])}</dd>
<dt>Looking for</dt><dd>${escapeHtml(request.needs.map((n) => needLabels[n]).join(', '))}</dd>
<dt>Goals</dt><dd>${escapeHtml(request.goals.join('\n'))}</dd>
<dt>Areas</dt><dd>${escapeHtml(request.areas.join('; ') || '—')}</dd>
<dt>When</dt><dd>${escapeHtml(`${request.preferredWeekdays.map(capitalize).join(', ')}, ${request.timeWindow.start}–${request.timeWindow.end} (${request.timeZone})`)}</dd>
${passedOverNames.length ? `<dt>Declined</dt><dd>${escapeHtml(passedOverNames.join(', '))}</dd>` : ''}</dl>
<h2>Suggestions</h2>
${proposals}`,
  );
}

export function renderRequestList(
  hospital: HospitalConfig,
  requests: readonly MenteeRequest[],
): string {
  const rows = requests
    .map(
      (r) =>
        `<tr><td><a href="/admin/requests/${encodeURIComponent(r.id)}">${escapeHtml(r.mentee.name)}</a></td><td>${escapeHtml(r.createdAt.slice(0, 10))}</td><td>${r.status === 'proposed' ? 'proposed' : 'open'}</td><td>${escapeHtml(r.suggestions[0]?.name ?? '—')}</td></tr>`,
    )
    .join('');
  return renderPage(
    hospital,
    'Mentee requests',
    `<p><a href="/admin/dashboard">Dashboard</a> · <a href="/admin/pool">The mentor pool</a></p>
<h1>Mentee requests</h1>
${requests.length ? `<table><thead><tr><th scope="col">Mentee</th><th scope="col">Asked</th><th scope="col">State</th><th scope="col">Best suggestion</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No requests yet.</p>'}`,
  );
}

/** The pool for the administrators: load against capacity, availability, last active. */
export function renderPoolPage(
  hospital: HospitalConfig,
  mentors: readonly { profile: MentorProfile; load: number }[],
): string {
  const rows = mentors
    .map(
      ({ profile: p, load }) =>
        `<tr><td>${escapeHtml(p.name)}<br><span class="hint">${escapeHtml(p.department)}</span></td><td>${escapeHtml(p.status)}</td><td>${load} of ${p.capacity}</td><td>${escapeHtml(p.areas.join('; '))}</td><td>${escapeHtml(p.availability)}</td><td>${escapeHtml(p.lastActiveAt.slice(0, 10))}</td></tr>`,
    )
    .join('');
  return renderPage(
    hospital,
    'The mentor pool',
    `<p><a href="/admin/dashboard">Dashboard</a> · <a href="/admin/requests">Mentee requests</a> · <a href="/admin/pool.csv">The pool as CSV</a> · <a href="/admin/pool/import">Import mentors</a></p>
<h1>The mentor pool</h1>
<p>Mentors join at <a href="/mentors/join">/mentors/join</a>; mentees ask at <a href="/request">/request</a>.</p>
${mentors.length ? `<table><caption>${mentors.length} mentors</caption><thead><tr><th scope="col">Mentor</th><th scope="col">State</th><th scope="col">Mentees</th><th scope="col">Areas</th><th scope="col">Availability</th><th scope="col">Last active</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No mentor has joined yet.</p>'}`,
  );
}

/** The pool's CSV import: the columns, and what an upload did (all or nothing). */
export function renderPoolImportPage(
  hospital: HospitalConfig,
  columns: readonly string[],
  outcome?:
    | { kind: 'rejected'; problems: { row: number; field: string; message: string }[] }
    | { kind: 'imported'; created: { row: number; id: string; email: string }[] },
): string {
  const result =
    outcome?.kind === 'rejected'
      ? importProblems(outcome.problems)
      : outcome?.kind === 'imported'
        ? `<div role="status"><h2>${outcome.created.length} mentor${outcome.created.length === 1 ? '' : 's'} imported</h2>
<p>Each has been emailed a link to confirm their listing; nobody is suggested until they do.</p>
<ul>${outcome.created.map((c) => `<li>Line ${c.row}: ${escapeHtml(c.email)}</li>`).join('')}</ul></div>`
        : '';
  return renderPage(
    hospital,
    'Import mentors',
    `<p><a href="/admin/pool">← The mentor pool</a></p>
<h1>Import mentors (CSV)</h1>
${result}
<p>One mentor per line, with a header line naming the columns: <code>${columns.map(escapeHtml).join(', ')}</code>.
Separate several offers, areas, mentee stages or weekdays with <code>;</code>; <code>timeZone</code> may be left empty.
The pool's own CSV export imports as it is. Every line is checked first; if any has a problem, nothing is imported.</p>
<form method="post" action="/admin/pool/import" enctype="multipart/form-data">
<label for="csv">CSV file</label><input type="file" id="csv" name="csv" accept=".csv,text/csv" required>
<p><button type="submit">Check and import</button></p></form>`,
  );
}
