// Pairing requests, import rows and agreed pairings built from them: pure fixtures (no
// emulator, no vitest), shared by the tests and the benchmark.
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { HospitalConfig } from '#config/hospital-config';
import { dateInZone } from '#domain/calendar-dates';
import { agree, type Pairing, proposePairing } from '#domain/pairing';
import { importColumns } from '#domain/pairing-import-format';
import { parsePairingRequest } from '#domain/pairing-request';

/**
 * A valid pairing request with addresses unique to the caller, so emails can be told apart (the
 * test hospital's domain unless another hospital's is given).
 */
export function pairingRequest(
  overrides: Record<string, unknown> = {},
  domain = 'test-hospital.example.org',
) {
  const tag = randomUUID().slice(0, 8);
  return {
    mentor: { name: 'Dr Ada Okafor', email: `ada.okafor.${tag}@${domain}` },
    mentee: {
      name: 'Dr Ben Liu',
      email: `ben.liu.${tag}@${domain}`,
      careerStage: 'resident',
    },
    needs: ['skill', 'career'],
    goals: ['Lead a code blue with confidence', 'Choose a fellowship'],
    frequency: 'monthly',
    formality: 'goal-driven',
    meetingMinutes: 30,
    preferredWeekday: 'tuesday',
    timeWindow: { start: '15:00', end: '17:00' },
    timeZone: 'America/Chicago',
    termMonths: 12,
    firstMeetingBy: '2027-04-15',
    mentorAvailability: 'Email only, weekdays; at most 4 messages a month',
    note: 'Met at the simulation day',
    ...overrides,
  };
}

/** One CSV line from a pairing request, in the import's columns. */
export function importCsvRow(request: ReturnType<typeof pairingRequest>): string[] {
  return [
    request.mentor.name,
    request.mentor.email,
    request.mentee.name,
    request.mentee.email,
    request.mentee.careerStage,
    request.needs.join(';'),
    request.goals.join('; '),
    request.frequency,
    request.formality,
    String(request.meetingMinutes),
    request.preferredWeekday,
    request.timeWindow.start,
    request.timeWindow.end,
    '',
    '',
    request.firstMeetingBy,
    request.mentorAvailability,
    '',
    '',
  ];
}
/** A CSV file for the admin import: the header line, then the rows. */
export const importCsv = (rows: string[][]) => stringify([[...importColumns], ...rows]);

/**
 * A pairing both people agreed to at `now` (version 1), built with the domain's own transitions
 * from `pairingRequest(overrides)`: no store, no emails.
 */
export function agreedPairing(options: {
  hospital: HospitalConfig;
  now: Date;
  id?: string;
  overrides?: Record<string, unknown>;
}): Pairing {
  const { hospital, now } = options;
  const parsed = parsePairingRequest(pairingRequest(options.overrides), {
    hospital,
    today: dateInZone(now, hospital.timeZone),
  });
  if (!parsed.ok) throw new Error(`fixture request invalid: ${JSON.stringify(parsed.errors)}`);
  const { pairing } = proposePairing(options.id ?? 'p-1', parsed.request, now);
  return agree(agree(pairing, 'mentor', 1, now).pairing, 'mentee', 1, now).pairing;
}
