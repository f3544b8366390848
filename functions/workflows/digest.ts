import { addDays } from '#domain/calendar-dates';
import { programSender } from '#domain/outgoing-email';
import { type WeekFigures, weeklyFigures } from '#domain/program-dashboard';
import { digestChartId, digestChartSvg, renderDigest } from '#templates/digest-email';
import { type DigestDependencies, digestWorkKind, nextDigestWork } from './digest-schedule.ts';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';

/** Weeks the digest's chart shows, the reported week last. */
export const digestChartWeeks = 8;

/**
 * The weekly digest of the week before `monday`: each figure with its change since the week
 * before that, the pairs at risk (the week's alerts, linked), and a chart of meetings held and
 * planned as a PNG (Gmail and Outlook show no SVG). All from the counters kept on write.
 */
async function renderWeeklyDigest(deps: DigestDependencies, monday: string) {
  const week = addDays(monday, -7);
  const [weekRows, alerts] = await Promise.all([
    deps.counters.weekRows(week),
    deps.alertLog.recent(new Date(`${week}T00:00:00Z`)),
  ]);
  const weeks = weeklyFigures(weekRows, addDays(week, -7 * (digestChartWeeks - 1)), week);
  const [before, reported] = weeks.slice(-2) as [WeekFigures, WeekFigures];
  const rendered = renderDigest(deps.hospital, {
    week: reported,
    before,
    chartWeeks: weeks,
    alerts: alerts.filter((a) => a.at < `${monday}T23:59:59Z`),
    adminUrl: `${deps.publicBaseUrl}/admin`,
  });
  const png = await deps.chartPng(digestChartSvg(weeks, deps.chartFont), 1200);
  return { ...rendered, png, weeks };
}

export function digestHandlers(deps: DigestDependencies): DueWorkHandlers {
  return {
    [digestWorkKind]: async (work) => {
      const digest = await renderWeeklyDigest(deps, String(work.payload.week));
      await deps.mailer.send({
        kind: 'weekly-digest',
        from: programSender(deps.hospital),
        to: deps.hospital.administrators,
        subject: digest.subject,
        text: digest.text,
        html: digest.html,
        inlineImages: [
          {
            contentId: digestChartId,
            filename: 'meetings-by-week.png',
            contentType: 'image/png',
            base64: Buffer.from(digest.png).toString('base64'),
          },
        ],
      });
      await deps.schedule(nextDigestWork(deps.hospital, deps.clock.now()));
    },
  };
}
