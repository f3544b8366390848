import fc from 'fast-check';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import ical from 'node-ical';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '#adapters/ses-mailer';
import { calendarOrganizer, planMeetings } from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import { renderMeetingCalendar } from '#templates/meeting-calendar';
import { meetingDescription, renderMeetingEmail } from '#templates/meeting-emails';
import { testHospital } from '../../support/integration.ts';
import { agreedPairing } from '../../support/pairing-fixtures.ts';

const now = new Date('2027-03-01T14:00:00Z');
const links = {
  willAttend: 'https://x.example/yes',
  cannotAttend: 'https://x.example/no',
  manage: 'https://x.example/manage',
};

const base = agreedPairing({ hospital: testHospital, now, id: 'p-names' });
const [planned] = planMeetings(base, testHospital, now);
const meeting = planned!.meeting;
const addressOf = (value: unknown) =>
  String(value)
    .replace(/^mailto:/i, '')
    .toLowerCase();

/** Names as people type them, and as an attacker would: quotes, backslashes, separators. */
const awkward = fc.constantFrom(
  '"',
  '\\',
  '\\"',
  ':',
  ';',
  ',',
  'mailto:evil@attacker.example',
  '";X-Y="',
  '\r\n',
  '\n ATTENDEE:mailto:evil@attacker.example',
  '=?utf-8?q?a=0D=0ABcc:_evil@attacker.example?=',
  "^'",
  '\u2028',
);
const name = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), awkward), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('names never change a calendar address', () => {
  it('ical.js and node-ical read exactly the intended ORGANIZER and ATTENDEEs, for any name', () => {
    fc.assert(
      fc.property(name, name, (mentorName, menteeName) => {
        const pairing: Pairing = {
          ...base,
          mentor: { ...base.mentor, name: mentorName },
          mentee: { ...base.mentee, name: menteeName },
        };
        for (const method of ['REQUEST', 'CANCEL'] as const) {
          const text = renderMeetingCalendar({
            hospital: testHospital,
            pairing,
            meeting,
            method,
            description: meetingDescription(pairing, meeting, method, links),
            now,
          });
          const expected = {
            organizer: calendarOrganizer(testHospital).address,
            attendees: [base.mentor.email, base.mentee.email].sort(),
          };

          const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
          expect({
            organizer: addressOf(vevent.getFirstPropertyValue('organizer')),
            attendees: vevent
              .getAllProperties('attendee')
              .map((a) => addressOf(a.getFirstValue()))
              .sort(),
          }).toEqual(expected);

          const event = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === 'VEVENT') as
            | { organizer: { val: string }; attendee: { val: string } | { val: string }[] }
            | undefined;
          expect(event).toBeDefined();
          expect({
            organizer: addressOf(event!.organizer.val),
            attendees: [event!.attendee]
              .flat()
              .map((a) => addressOf(a.val))
              .sort(),
          }).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a quoted nickname readable in CN: Dr Robert “Bob” Smith', () => {
    const pairing = { ...base, mentor: { ...base.mentor, name: 'Dr Robert "Bob" Smith' } };
    const text = renderMeetingCalendar({
      hospital: testHospital,
      pairing,
      meeting,
      method: 'REQUEST',
      description: '',
      now,
    });
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    const cns = vevent.getAllProperties('attendee').map((a) => a.getParameter('cn'));
    expect(cns).toContain('Dr Robert “Bob” Smith');
  });

  it('never shows a line break in a Subject, whatever encoded-word a name carries', async () => {
    const mailer = new SesMailer({} as never);
    await fc.assert(
      fc.asyncProperty(name, async (otherName) => {
        const pairing = { ...base, mentor: { ...base.mentor, name: otherName } };
        const rendered = renderMeetingEmail(
          testHospital,
          pairing,
          meeting,
          'mentee',
          'REQUEST',
          links,
        );
        const raw = await mailer.compose({
          kind: 'meeting-invite',
          from: { name: 'Program', address: testHospital.senderAddress },
          to: [base.mentee.email],
          ...rendered,
        });
        const parsed = await simpleParser(raw);
        expect(parsed.subject ?? '').not.toMatch(/[\r\n\u2028\u2029]/);
        expect(parsed.headers.get('bcc')).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
