import type { HospitalConfig } from '#config/hospital-config';
import type { AlertEntry } from '#domain/alert-log';
import { pairingRef } from '#domain/pairing-store';
import type { WeekFigures } from '#domain/program-dashboard';
import { alertLabels } from './admin-pages.ts';
import { barChart } from './charts.ts';
import {
  type EmailRow,
  emailButton,
  emailHtml,
  emailRowsHtml,
  emailRowsText,
} from './email-layout.ts';
import { escapeHtml } from './escape.ts';

/** The digest's chart, by the Content-ID its PNG goes under. */
export const digestChartId = 'weekly-meetings@tandem';

const shortDate = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** "+2 on the week before", "−1 …", "same as the week before"; rates in percentage points. */
export function change(now: number | null, before: number | null, unit = ''): string {
  if (now === null || before === null) return 'no figure the week before to compare';
  const delta = Math.round((now - before) * 10) / 10;
  if (delta === 0) return 'same as the week before';
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta)}${unit} on the week before`;
}

const rate = (n: number | null) => (n === null ? 'no data' : `${n}%`);

/** The rows of the digest: each figure of the week, with its change since the week before. */
export function digestRows(week: WeekFigures, before: WeekFigures): EmailRow[] {
  return [
    [
      'Active pairings at the end of the week',
      `${week.active} (${change(week.active, before.active)})`,
    ],
    ['Waiting for agreement', `${week.waiting} (${change(week.waiting, before.waiting)})`],
    [
      'Meetings held',
      `${week.held} of ${week.planned} planned (${change(week.held, before.held)})`,
    ],
    ['Mentoring hours', `${week.hoursHeld} (${change(week.hoursHeld, before.hoursHeld)})`],
    [
      'Invite acceptance',
      `${rate(week.acceptanceRate)} (${change(week.acceptanceRate, before.acceptanceRate, ' points')})`,
    ],
    [
      'Check-in response',
      `${rate(week.checkinRate)} (${change(week.checkinRate, before.checkinRate, ' points')})`,
    ],
    ['New proposals', `${week.proposed} (${change(week.proposed, before.proposed)})`],
    ['Pairings agreed', `${week.agreed} (${change(week.agreed, before.agreed)})`],
  ];
}

/** The chart the digest shows as a PNG: meetings planned and held, week by week. */
export function digestChartSvg(weeks: readonly WeekFigures[], font: string): string {
  return barChart({
    categories: weeks.map((w) => shortDate(w.period)),
    series: [
      { name: 'Planned', values: weeks.map((w) => w.planned) },
      { name: 'Held', values: weeks.map((w) => w.held) },
    ],
    width: 600,
    height: 240,
    font,
  });
}

export function renderDigest(
  hospital: HospitalConfig,
  input: {
    week: WeekFigures;
    before: WeekFigures;
    chartWeeks: readonly WeekFigures[];
    alerts: readonly AlertEntry[];
    adminUrl: string;
  },
): { subject: string; text: string; html: string } {
  const { week, before, chartWeeks, alerts, adminUrl } = input;
  const rows = digestRows(week, before);
  const title = `Week of ${shortDate(week.period)}`;
  // The alert's own subject says what happened and to whom; its kind's label when it has none.
  const risk = (a: AlertEntry) =>
    a.subject.replace(/^\[[^\]]*\]\s*/, '') || (alertLabels[a.kind] ?? a.kind);
  const pairingUrl = (id: string) => `${adminUrl}/p/${encodeURIComponent(pairingRef(id))}`;
  const risksHtml =
    alerts.length === 0
      ? '<p>No pair was at risk this week: no alert went to the program office.</p>'
      : `<ul style="padding-left:20px">${alerts
          .map(
            (a) =>
              `<li style="margin-bottom:6px">${a.pairingId ? `<a href="${escapeHtml(pairingUrl(a.pairingId))}">${escapeHtml(risk(a))}</a>` : escapeHtml(risk(a))}</li>`,
          )
          .join('')}</ul>`;
  const risksText =
    alerts.length === 0
      ? 'No pair was at risk this week: no alert went to the program office.'
      : alerts
          .map((a) => `- ${risk(a)}${a.pairingId ? ` (${pairingUrl(a.pairingId)})` : ''}`)
          .join('\n');
  const chartText = chartWeeks
    .map((w) => `${shortDate(w.period)}: ${w.held} held of ${w.planned} planned`)
    .join('; ');
  return {
    subject: `[${hospital.branding.programName}] Weekly digest, week of ${week.period}`,
    text: `${title}: the program's figures, each with its change since the week before.\n\n${emailRowsText(rows)}\n\nMeetings held and planned, week by week: ${chartText}.\n\nPairs at risk:\n${risksText}\n\nThe dashboard: ${adminUrl}/dashboard\n`,
    html: emailHtml(
      hospital,
      `<h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(title)}</h1>
<p>The program's figures, each with its change since the week before.</p>
${emailRowsHtml(rows)}
<h2 style="font-size:17px;margin:20px 0 8px">Meetings held and planned, week by week</h2>
<img src="cid:${digestChartId}" width="600" alt="${escapeHtml(`Meetings held and planned, week by week: ${chartText}.`)}" style="display:block;width:100%;max-width:600px;height:auto;border:0">
<h2 style="font-size:17px;margin:20px 0 8px">Pairs at risk</h2>
${risksHtml}
<p>${emailButton(`${adminUrl}/dashboard`, 'Open the dashboard', hospital.branding.primaryColor)}</p>`,
      { title: `Weekly digest, ${title}` },
    ),
  };
}
