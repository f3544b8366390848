import type { HospitalConfig } from '#config/hospital-config';
import type { AlertEntry } from '#domain/alert-log';
import { careerStages } from '#domain/pairing-request';
import type { DashboardFigures, DashboardFilter } from '#domain/program-dashboard';
import { alertLabels } from './admin-pages.ts';
import { barChart, type ChartSpec, lineChart, stackedAreaChart } from './charts.ts';
import { escapeHtml } from './escape.ts';
import { renderPage } from './layout.ts';

const stateNames = {
  proposed: 'Waiting for agreement',
  active: 'Active',
  paused: 'Paused',
  concluded: 'Ended',
  declined: 'Declined',
  expired: 'Expired',
} as const;

export interface DashboardChart {
  id: string;
  title: string;
  summary: string;
  svg: (labelledBy: string) => string;
  /** The data table (and the CSV): a header row, then one row per category. */
  table: { head: string[]; rows: (string | number)[][] };
}

const monthName = (m: string) =>
  new Date(`${m}-01T12:00:00Z`).toLocaleString('en-GB', {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });
const shortDate = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
const pct = (n: number | null) => (n === null ? 'no data' : `${n}%`);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Every chart of the dashboard, with its summary and its data: the page and the CSVs use these. */
export function dashboardCharts(f: DashboardFigures): DashboardChart[] {
  const months = f.months.map((m) => monthName(m.period));
  const last = f.weeks.at(-1);
  const first = f.weeks[0];
  const planned = sum(f.months.map((m) => m.planned));
  const held = sum(f.months.map((m) => m.held));
  const hours = Math.round(sum(f.months.map((m) => m.hoursHeld)) * 10) / 10;
  const invited = sum(f.months.map((m) => m.invited));
  const accepted = sum(f.months.map((m) => m.accepted));
  const answered = sum(f.months.map((m) => Math.min(m.checkinsAnswered, m.held)));
  const agreed = sum(f.agreementDays.map((b) => b.count));
  const within7 = sum(f.agreementDays.slice(0, 3).map((b) => b.count));
  const spec = (s: Omit<ChartSpec, 'categories'> & { categories?: string[] }): ChartSpec => ({
    categories: months,
    ...s,
  });
  const states = Object.keys(stateNames) as (keyof typeof stateNames)[];
  return [
    {
      id: 'states',
      title: 'Pairings by state, week by week',
      summary: last
        ? `At the end of the week of ${shortDate(last.monday)}: ${last.counts.active} active, ${last.counts.proposed} waiting for agreement, ${last.counts.paused} paused${first ? ` (${first.counts.active} active in the week of ${shortDate(first.monday)})` : ''}.`
        : 'No weeks in this range yet.',
      svg: (id) =>
        stackedAreaChart(
          {
            categories: f.weeks.map((w) => shortDate(w.monday)),
            series: states.map((s) => ({
              name: stateNames[s],
              values: f.weeks.map((w) => w.counts[s]),
            })),
          },
          id,
        ),
      table: {
        head: ['Week of', ...states.map((s) => stateNames[s])],
        rows: f.weeks.map((w) => [w.monday, ...states.map((s) => w.counts[s])]),
      },
    },
    {
      id: 'meetings',
      title: 'Meetings held and planned, per month',
      summary: `${held} of ${planned} planned meetings held (${hours} hours). Held: over, not declined by both, and not reported "we didn't meet".`,
      svg: (id) =>
        barChart(
          spec({
            series: [
              { name: 'Planned', values: f.months.map((m) => m.planned) },
              { name: 'Held', values: f.months.map((m) => m.held) },
            ],
          }),
          id,
        ),
      table: {
        head: ['Month', 'Planned', 'Held', 'Hours held'],
        rows: f.months.map((m) => [m.period, m.planned, m.held, m.hoursHeld]),
      },
    },
    {
      id: 'rates',
      title: 'Invite acceptance and check-in response, per month',
      summary: `${accepted} of ${invited} invites accepted (${pct(invited ? Math.round((1000 * accepted) / invited) / 10 : null)}); check-ins answered for ${answered} of ${held} meetings held (${pct(held ? Math.round((1000 * answered) / held) / 10 : null)}).`,
      svg: (id) =>
        lineChart(
          spec({
            unit: '%',
            yMax: 100,
            series: [
              { name: 'Invites accepted', values: f.months.map((m) => m.acceptanceRate) },
              { name: 'Check-ins answered', values: f.months.map((m) => m.checkinRate) },
            ],
          }),
          id,
        ),
      table: {
        head: [
          'Month',
          'Invites sent',
          'Accepted',
          'Acceptance %',
          'Meetings held',
          'Check-ins answered',
          'Response %',
        ],
        rows: f.months.map((m) => [
          m.period,
          m.invited,
          m.accepted,
          m.acceptanceRate ?? '',
          m.held,
          Math.min(m.checkinsAnswered, m.held),
          m.checkinRate ?? '',
        ]),
      },
    },
    {
      id: 'agreement',
      title: 'Days from proposal to agreement',
      summary: agreed
        ? `${agreed} pairings agreed in this range; ${within7} of them within 7 days.`
        : 'No pairing was agreed in this range.',
      svg: (id) =>
        barChart(
          {
            categories: f.agreementDays.map((b) => b.label),
            series: [{ name: 'Pairings agreed', values: f.agreementDays.map((b) => b.count) }],
          },
          id,
        ),
      table: {
        head: ['Days to agreement', 'Pairings'],
        rows: f.agreementDays.map((b) => [b.label, b.count]),
      },
    },
  ];
}

/** The filter as a query string (the CSV links keep the page's filter). */
function filterQuery(filter: DashboardFilter): string {
  return new URLSearchParams({
    stage: filter.stage,
    from: filter.fromMonth,
    to: filter.toMonth,
  }).toString();
}

function filterForm(filter: DashboardFilter): string {
  const stageOptions = ['all', ...careerStages]
    .map(
      (s) =>
        `<option value="${s}"${s === filter.stage ? ' selected' : ''}>${s === 'all' ? 'All career stages' : escapeHtml(s.replace('-', ' '))}</option>`,
    )
    .join('');
  return `<form method="get" action="/admin/dashboard" class="row" aria-label="Filter the figures">
<div><label for="stage">Mentee career stage</label><select id="stage" name="stage">${stageOptions}</select></div>
<div><label for="from">From month</label><input type="month" id="from" name="from" value="${escapeHtml(filter.fromMonth)}" pattern="\\d{4}-\\d{2}" placeholder="YYYY-MM"></div>
<div><label for="to">To month</label><input type="month" id="to" name="to" value="${escapeHtml(filter.toMonth)}" pattern="\\d{4}-\\d{2}" placeholder="YYYY-MM"></div>
<div><p><button type="submit">Show</button></p></div>
</form>`;
}

function chartSection(chart: DashboardChart, query: string): string {
  const titleId = `${chart.id}-title`;
  const summaryId = `${chart.id}-summary`;
  const head = chart.table.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = chart.table.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(c))}</th>` : `<td>${escapeHtml(String(c))}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<section class="chart" aria-labelledby="${titleId}">
<h2 id="${titleId}">${escapeHtml(chart.title)}</h2>
<p id="${summaryId}">${escapeHtml(chart.summary)}</p>
${chart.svg(`${titleId} ${summaryId}`)}
<details><summary>The figures as a table</summary><table><caption>${escapeHtml(chart.title)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></details>
<p><a href="/admin/dashboard.csv?chart=${chart.id}&amp;${escapeHtml(query)}" download>Download “${escapeHtml(chart.title)}” as CSV</a></p>
</section>`;
}

function risks(alerts: AlertEntry[]): string {
  if (alerts.length === 0)
    return '<h2 id="risk-title">Pairs at risk now</h2><p>No alerts in the last 30 days.</p>';
  const items = alerts
    .map((a) => {
      // The alert's own subject says what happened and to whom; its kind's label when it has none.
      const subject = escapeHtml(
        a.subject.replace(/^\[[^\]]*\]\s*/, '') || (alertLabels[a.kind] ?? a.kind),
      );
      const link = a.pairingId
        ? `<a href="/admin/pairings/${encodeURIComponent(a.pairingId)}">${subject}</a>`
        : subject;
      return `<li>${link} <span class="hint">(${escapeHtml(a.at.slice(0, 10))})</span></li>`;
    })
    .join('');
  return `<h2 id="risk-title">Pairs at risk now <span class="hint">(alerts of the last 30 days)</span></h2><ul>${items}</ul>`;
}

export function renderDashboard(
  hospital: HospitalConfig,
  figures: DashboardFigures,
  filter: DashboardFilter,
  alerts: AlertEntry[],
  options: { recountStarted?: boolean } = {},
): string {
  const query = filterQuery(filter);
  return renderPage(
    hospital,
    'Program dashboard',
    `<p><a href="/admin/pairings">All pairings</a> · <a href="/admin/import">Import pairings</a> · <a href="/admin/export.csv">Pairings as CSV</a> · <a href="/admin/mentor-hours.csv">Mentor hours per academic year (CSV)</a></p>
<h1>Program dashboard</h1>
${filterForm(filter)}
<section aria-labelledby="risk-title">${risks(alerts)}</section>
${dashboardCharts(figures)
  .map((c) => chartSection(c, query))
  .join('\n')}
<p class="hint">Figures come from counters updated as pairings change; a meeting counts as held once its check-in has gone out.</p>
${options.recountStarted ? '<p role="status"><strong>Every pairing is being recounted; the figures are complete within a few dispatcher runs.</strong></p>' : ''}
<form method="post" action="/admin/dashboard/recount"><p class="hint">After upgrading from a version without these counters, or if a figure looks wrong: count every stored pairing again (nothing is counted twice).</p>
<button type="submit" class="secondary">Recount every pairing</button></form>`,
  );
}
