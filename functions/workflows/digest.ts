import type { HospitalConfig } from '#config/hospital-config';
import { zonedInstant } from '#domain/cadence';
import { addDays, dateInZone, nextWeekday } from '#domain/calendar-dates';
import type { CheckinStore } from '#domain/checkin';
import type { Clock } from '#domain/clock';
import type { NewDueWork } from '#domain/due-work';
import type { MeetingStore } from '#domain/meeting';
import { type Mailer, programSender } from '#domain/outgoing-email';
import type { PairingStore } from '#domain/pairing-store';
import { isPlanned } from '#domain/program-figures';
import { renderInboundAlert } from '#templates/mail-in-emails';
import type { DueWorkHandlers } from './due-work-dispatcher.ts';
import { pairingFigures } from './pairing-figures.ts';

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

export interface ProgramFigures {
  activePairings: number;
  medianDaysToAgreement: number | null;
  inviteAcceptanceRate: number | null;
  checkinResponseRate: number | null;
  mentoringHours: number;
  pendingAgreementOver7Days: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? null)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface DigestDependencies {
  pairings: PairingStore;
  meetings: MeetingStore;
  checkins: CheckinStore;
  hospital: HospitalConfig;
  clock: Clock;
  mailer: Mailer;
  schedule: (work: NewDueWork) => Promise<unknown>;
}

/** The program's figures, from the pairings, their meetings and their check-ins. */
export async function programFigures(deps: DigestDependencies): Promise<ProgramFigures> {
  const now = deps.clock.now().getTime();
  const entries = await deps.pairings.list();
  const daysToAgreement: number[] = [];
  let invited = 0;
  let accepted = 0;
  let held = 0;
  let answered = 0;
  let minutes = 0;
  let pending = 0;
  for (const entry of entries) {
    if (
      (entry.status === 'proposed' || entry.status === 'agreeing') &&
      now - Date.parse(entry.createdAt) > 7 * 86_400_000
    )
      pending++;
    const stored = await deps.pairings.get(entry.id);
    if (stored?.pairing.agreedAt) {
      daysToAgreement.push(
        (Date.parse(stored.pairing.agreedAt) - Date.parse(stored.pairing.createdAt)) / 86_400_000,
      );
    }
    // Held, hours and answered by the one definition the closing email and the CSV use.
    const { meetings, figures } = await pairingFigures(deps, entry.id, now);
    for (const m of meetings) {
      if (!isPlanned(m)) continue;
      const answers = Object.values(m.attendance);
      invited += answers.length > 0 || Date.parse(m.start) <= now ? 2 : 0;
      accepted += answers.filter((a) => a === 'ACCEPTED').length;
    }
    held += figures.held;
    minutes += figures.hours * 60;
    answered += figures.checkinsAnswered;
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    activePairings: entries.filter((e) => e.status === 'active').length,
    medianDaysToAgreement: ((m) => (m === null ? null : round(m)))(median(daysToAgreement)),
    inviteAcceptanceRate: invited ? round((100 * accepted) / invited) : null,
    checkinResponseRate: held ? round((100 * Math.min(answered, held)) / held) : null,
    mentoringHours: round(minutes / 60),
    pendingAgreementOver7Days: pending,
  };
}

export function digestHandlers(deps: DigestDependencies): DueWorkHandlers {
  return {
    [digestWorkKind]: async (work) => {
      const f = await programFigures(deps);
      const pct = (n: number | null) => (n === null ? 'n/a' : `${n}%`);
      await deps.mailer.send({
        kind: 'weekly-digest',
        from: programSender(deps.hospital),
        to: deps.hospital.administrators,
        ...renderInboundAlert(
          deps.hospital,
          `Weekly digest, week of ${String(work.payload.week)}`,
          [
            ['Active pairings', String(f.activePairings)],
            [
              'Median days to agreement',
              f.medianDaysToAgreement === null ? 'n/a' : String(f.medianDaysToAgreement),
            ],
            ['Invite acceptance rate', pct(f.inviteAcceptanceRate)],
            ['Check-in response rate', pct(f.checkinResponseRate)],
            ['Mentoring hours', String(f.mentoringHours)],
            ['Proposals waiting over 7 days', String(f.pendingAgreementOver7Days)],
          ],
          'The admin page lists every pairing; its CSV export has the figures per pairing.',
        ),
      });
      await deps.schedule(nextDigestWork(deps.hospital, deps.clock.now()));
    },
  };
}
