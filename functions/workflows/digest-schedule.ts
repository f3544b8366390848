import type { HospitalConfig } from '#config/hospital-config';
import type { AlertLog } from '#domain/alert-log';
import { zonedInstant } from '#domain/cadence';
import { addDays, dateInZone, nextWeekday } from '#domain/calendar-dates';
import type { CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { MeetingStore } from '#domain/meeting';
import type { Mailer } from '#domain/outgoing-email';
import type { PairingStore } from '#domain/pairing-store';
import type { ProgramCounterStore } from '#domain/program-counters';

// When the weekly digest goes, and what it is made from: apart from its rendering (digest.ts,
// with the chart's d3 and resvg), which the dispatcher loads only when a digest is due.

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
