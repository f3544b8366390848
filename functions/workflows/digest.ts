import type { HospitalConfig } from '#config/hospital-config';
import type { AlertLog } from '#domain/alert-log';
import { zonedInstant } from '#domain/cadence';
import { addDays, dateInZone, nextWeekday } from '#domain/calendar-dates';
import type { CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { MeetingStore } from '#domain/meeting';
import { type Mailer, programSender } from '#domain/outgoing-email';
import type { PairingStore } from '#domain/pairing-store';
import type { ProgramCounterStore } from '#domain/program-counters';
import { type WeekFigures, weeklyFigures } from '#domain/program-dashboard';
import { digestChartId, digestChartSvg, renderDigest } from '#templates/digest-email';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';

export const digestWorkKind = 'weekly-digest';

/** The next digest: Monday 08:00 in the hospital's zone; its id makes scheduling it idempotent. */
export function nextDigestWork(hospital: HospitalConfig, now: Date): NewDueWork {
  const monday = nextWeekday(addDays(dateInZone(now, hospital.timeZone), 1), 'monday');
  return {
    id: `${digestWorkKind}:${monday}`,
    kind: digestWorkKind,
    dueAt: zonedInstant(monday, '08:00', hospital.timeZone),
    payload: { week: monday },
  };
}

export interface DigestDependencies {
  pairings: PairingStore;
  meetings: MeetingStore;
  checkins: CheckinStore;
  hospital: HospitalConfig;
  clock: Clock;
  mailer: Mailer;
  schedule: (work: NewDueWork) => Promise<unknown>;
  /** The program's counters: the digest reads a few week rows, never the pairings. */
  counters: Pick<ProgramCounterStore, 'weekRows'>;
  alertLog: Pick<AlertLog, 'recent'>;
  /** Draws an SVG as a PNG this many pixels wide (the email's chart). */
  chartPng: (svg: string, width: number) => Promise<Uint8Array>;
  /** The SVG font the PNG renderer has. */
  chartFont: string;
  publicBaseUrl: string;
}

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
