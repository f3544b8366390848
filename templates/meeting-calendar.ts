import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import type { HospitalConfig } from '#config/hospital-config';
import { vtimezoneComponent } from '#config/time-zones';
import { calendarOrganizer, type InviteMethod, type Meeting } from '#domain/meeting';
import { meetingPlace, type Pairing } from '#domain/pairing';

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
 * A person's name as an iCalendar parameter value (CN), safe by construction. RFC 5545 §3.1
 * allows no DQUOTE and no control character in a quoted parameter value and has no escape for
 * them; ical-generator writes `\"`, which parsers read as the end of the value, so a name such
 * as `Dr Robert "Bob" Smith` could end the CN early and a crafted one could supply another
 * address. Quotes become typographic ones, backslashes (which parsers treat differently) and
 * control or separator characters become spaces.
 */
export function calendarParameterText(name: string): string {
  return name
    .replace(/"([^"]*)"/g, '\u201c$1\u201d')
    .replace(/"/g, '\u201d')
    .replace(/[\\\p{Cc}\p{Zl}\p{Zp}\u202a-\u202e\u2066-\u2069]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * The iCalendar object of one meeting, built with ical-generator. Avoids its known traps: no
 * calendar-level zone (that would write DTSTAMP without `Z`), only zone-aware luxon times (a
 * native Date would be formatted with this process's local getters), the VTIMEZONE block made by
 * timezones-ical-library (via #config/time-zones) for the event's TZID, and SEQUENCE and UID taken from the stored
 * meeting.
 */
export function renderMeetingCalendar(input: MeetingCalendarInput): string {
  const { hospital, pairing, meeting, method } = input;
  const zone = pairing.expectations.timeZone;
  const organizer = calendarOrganizer(hospital);
  const calendar = ical({
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    prodId: { company: 'Tandem', product: 'Mentoring', language: 'EN' },
  });
  // name: null keeps the calendar zone-less; the generator still emits VTIMEZONE per event TZID.
  calendar.timezone({ name: null, generator: vtimezoneComponent });
  calendar.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp: DateTime.fromJSDate(input.now, { zone: 'utc' }),
    // From the instant, not the ISO text: luxon's ISO parser was a third of the calendar's CPU.
    start: DateTime.fromMillis(Date.parse(meeting.start), { zone }),
    end: DateTime.fromMillis(Date.parse(meeting.end), { zone }),
    timezone: zone,
    summary: `Mentoring: ${pairing.mentor.name} and ${pairing.mentee.name}`,
    location: meetingPlace(pairing, hospital.programDefaults.meetingLocation),
    description: input.description,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    // Replies go to the ORGANIZER: an address on the reply domain, which Tandem receives.
    organizer: {
      name: calendarParameterText(organizer.name),
      email: organizer.address,
    },
    // A CANCEL asks for no answer (RFC 5546 §3.2.5): no RSVP, no PARTSTAT.
    attendees: [pairing.mentor, pairing.mentee].map((person) => ({
      name: calendarParameterText(person.name),
      email: person.email,
      role: ICalAttendeeRole.REQ,
      ...(method === 'CANCEL' ? {} : { rsvp: true, status: ICalAttendeeStatus.NEEDSACTION }),
    })),
  });
  return calendar.toString();
}
