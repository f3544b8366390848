import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import type { HospitalConfig } from '#config/hospital-config';
import type { InviteMethod, Meeting } from '#domain/meeting';
import type { Pairing } from '#domain/pairing';

export interface MeetingCalendarInput {
  hospital: HospitalConfig;
  pairing: Pairing;
  meeting: Meeting;
  method: InviteMethod;
  /** Text for the DESCRIPTION: goals, next steps and the recipient's links. */
  description: string;
  now: Date;
}

/**
 * The iCalendar object of one meeting, built with ical-generator. Avoids its known traps: no
 * calendar-level zone (that would write DTSTAMP without `Z`), only zone-aware luxon times (a
 * native Date would be formatted with this process's local getters), the VTIMEZONE block made by
 * @touch4it/ical-timezones for the event's TZID, and SEQUENCE and UID taken from the stored
 * meeting.
 */
export function renderMeetingCalendar(input: MeetingCalendarInput): string {
  const { hospital, pairing, meeting, method } = input;
  const zone = pairing.expectations.timeZone;
  const calendar = ical({
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    prodId: { company: 'Tandem', product: 'Mentoring', language: 'EN' },
  });
  // name: null keeps the calendar zone-less; the generator still emits VTIMEZONE per event TZID.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  calendar.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp: DateTime.fromJSDate(input.now, { zone: 'utc' }),
    start: DateTime.fromISO(meeting.start, { zone }),
    end: DateTime.fromISO(meeting.end, { zone }),
    timezone: zone,
    summary: `Mentoring: ${pairing.mentor.name} and ${pairing.mentee.name}`,
    location: hospital.programDefaults.meetingLocation,
    description: input.description,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: hospital.branding.programName, email: hospital.senderAddress },
    attendees: [pairing.mentor, pairing.mentee].map((person) => ({
      name: person.name,
      email: person.email,
      rsvp: true,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
    })),
  });
  return calendar.toString();
}
