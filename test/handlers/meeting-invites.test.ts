import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { metricNames } from '#config/metric-names';
import { noMetrics } from '#domain/metrics';
import { activePairing, day, start, tick } from '../../support/active-pairing.ts';
import { adminOffice, sentEmails } from '../../support/integration.ts';
import { linkToken, respondLinkFor } from '../../support/pairing-fixtures.ts';
import { invitesIn, linksAtAcceptance } from '../../support/raw-mail.ts';

/** How many invites each person got for each meeting (by its UID and the email's To). */
function invitesPerMeetingAndRecipient(invites: Awaited<ReturnType<typeof invitesIn>>) {
  const counts = new Map<string, number>();
  for (const invite of invites) {
    const key = `${invite.event.uid} ${/^To: (.+)$/m.exec(invite.raw)?.[1]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('meeting invites', () => {
  it('sends one invite per party for each meeting due within the lead time, and nothing twice', async () => {
    const { deps, clock, raw, request } = await activePairing();
    clock.advance(60_000);
    await tick(deps); // the first meeting (Tue 9 March) is 8 days away: not yet
    expect(raw).toHaveLength(0);
    clock.set(new Date(start.getTime() + 2 * day)); // 7 days before it: invited now
    await tick(deps);
    let invites = await invitesIn(raw);
    expect(invites).toHaveLength(2);
    expect(invites.map((i) => i.subject)).toEqual(
      expect.arrayContaining([
        'Invitation: Mentoring with Dr Ben Liu · Tue 9 Mar, 15:00',
        'Invitation: Mentoring with Dr Ada Okafor · Tue 9 Mar, 15:00',
      ]),
    );

    clock.set(new Date(start.getTime() + 38 * day)); // 8 April: April's meeting (13th) is due too
    await tick(deps);
    invites = await invitesIn(raw);
    expect(invites).toHaveLength(4);
    const again = raw.length;
    await tick(deps); // the same moment again: nothing new
    expect(raw.length).toBe(again);

    const byUid = new Map<string, number>();
    for (const invite of invites)
      byUid.set(invite.event.uid, (byUid.get(invite.event.uid) ?? 0) + 1);
    expect([...byUid.values()]).toEqual([2, 2]); // one per party per meeting
    expect(
      (await sentEmails(request.mentor.email))
        .filter((e) => e.subject.startsWith('Invitation'))
        .every((e) => e.attachments.some((a) => a.filename === 'invite.ics')),
    ).toBe(true);
  });

  it('sends no invite to an address that bounced, and records none as in that calendar', async () => {
    const { deps, clock, raw, request, id } = await activePairing();
    const { suppressions } = deps.deliverability;
    await suppressions.suppress(request.mentee.email, 'bounce', clock.now());
    expect(await suppressions.listSuppressed()).toContain(request.mentee.email.toLowerCase());
    clock.set(new Date(start.getTime() + 2 * day));
    await tick(deps);
    const invites = await invitesIn(raw);
    expect(invites.map((i) => i.subject)).toEqual([
      'Invitation: Mentoring with Dr Ben Liu · Tue 9 Mar, 15:00',
    ]);
    expect(await sentEmails(request.mentee.email)).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringMatching(/^Invitation/) }),
    );
    const meeting = await deps.meetingStore.get(id, 0);
    expect(Object.keys(meeting?.sent ?? {})).toEqual(['mentor']);
    await suppressions.clear(request.mentee.email);
    expect(await suppressions.listSuppressed()).not.toContain(request.mentee.email.toLowerCase());
  });

  it('builds RFC 5545 invites Outlook, Google and Apple read correctly', async () => {
    const { deps, clock, raw, request } = await activePairing();
    clock.set(new Date(start.getTime() + 40 * day));
    await tick(deps);
    const invites = await invitesIn(raw);
    const march = invites.find((i) => i.event.startDate.toString().startsWith('2027-03-09'))!;
    const april = invites.find((i) => i.event.startDate.toString().startsWith('2027-04-13'))!;

    for (const invite of [march, april]) {
      expect(invite.method).toBe('REQUEST');
      expect(invite.event.uid).toMatch(/^tandem-[\w-]+-m\d+@test-hospital\.example\.org$/);
      expect(invite.event.sequence).toBe(0);
      expect(invite.event.location).toBe('To be agreed between mentor and mentee');
      expect(invite.event.description).toContain('Lead a code blue with confidence');
      expect(invite.event.description).toMatch(
        /I'll be there: http:\/\/tandem\.test\/l\/[\w-]{22}\?a=yes/,
      );
      // ORGANIZER is the program at an address Tandem receives (the reply domain), never an
      // attendee, so calendar apps' answers come back to Tandem.
      const organizer = invite.vevent.getFirstProperty('organizer')!;
      expect(organizer.getFirstValue()).toBe('mailto:calendar@reply.test-hospital.example.org');
      expect(organizer.getParameter('cn')).toBe('Physician Mentoring Program');
      const attendees = invite.vevent.getAllProperties('attendee');
      expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase()).sort()).toEqual(
        [`mailto:${request.mentee.email}`, `mailto:${request.mentor.email}`].sort(),
      );
      for (const attendee of attendees) {
        expect(attendee.getParameter('rsvp')).toBe('TRUE');
        expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
        expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
      }
      // Each TZID has its VTIMEZONE; DTSTAMP is UTC.
      const tzid = invite.vevent.getFirstProperty('dtstart')!.getParameter('tzid');
      expect(tzid).toBe('America/Chicago');
      expect(
        invite.calendar
          .getAllSubcomponents('vtimezone')
          .map((z) => z.getFirstPropertyValue('tzid')),
      ).toEqual(['America/Chicago']);
      expect(invite.calendarText).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
      // Folded at 75 octets, CRLF line ends.
      for (const line of invite.calendarText.split('\r\n'))
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      expect(invite.calendarText.replaceAll('\r\n', '')).not.toContain('\n');
      // MIME: text, HTML and the calendar inline in multipart/alternative, plus invite.ics.
      const alternative =
        /Content-Type: multipart\/alternative;[\s\S]*?boundary="?([^"\r\n]+)"?/.exec(
          invite.raw,
        )?.[1] ?? '';
      const section = invite.raw.split(`--${alternative}`);
      expect(section.some((p) => /Content-Type: text\/plain/.test(p))).toBe(true);
      expect(section.some((p) => /Content-Type: text\/html/.test(p))).toBe(true);
      expect(
        section.some((p) => /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/.test(p)),
      ).toBe(true);
      expect(invite.attachmentNames).toContain('invite.ics');
    }
    // 15:00 local on both sides of the 14 March DST change: UTC-6 then UTC-5.
    expect(march.event.startDate.toJSDate().toISOString()).toBe('2027-03-09T21:00:00.000Z');
    expect(april.event.startDate.toJSDate().toISOString()).toBe('2027-04-13T20:00:00.000Z');
    expect(
      DateTime.fromJSDate(april.event.endDate.toJSDate(), { zone: 'America/Chicago' }).toFormat(
        'HH:mm',
      ),
    ).toBe('15:30');
  });

  it('sends an update with the same UID and SEQUENCE + 1 when a meeting is rescheduled', async () => {
    const { deps, clock, raw, http, id } = await activePairing();
    clock.advance(2 * day);
    await tick(deps);
    const [first] = await invitesIn(raw);
    const manage =
      /Reschedule or skip this meeting: (http:\/\/tandem\.test\S+)/.exec(
        first!.event.description,
      )?.[1] ?? '';
    const url = new URL(manage);
    const page = await http.get(`${url.pathname}${url.search}`);
    expect(page.status, `${manage}\n${page.body.slice(-600)}`).toBe(200);
    expect(page.body).toContain('Reschedule this meeting');

    const outside = await http.postForm(url.pathname, {
      t: linkToken(url),
      action: 'reschedule',
      date: '2027-03-11',
      time: '16:45',
    });
    expect(outside.status).toBe(400);
    expect(outside.body).toContain('the agreed window');

    const moved = await http.postForm(url.pathname, {
      t: linkToken(url),
      action: 'reschedule',
      date: '2027-03-11',
      time: '16:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toContain('Meeting moved');
    const updates = (await invitesIn(raw)).filter((i) =>
      i.subject.startsWith('Updated: Mentoring with'),
    );
    expect(updates).toHaveLength(2);
    for (const update of updates) {
      expect(update.method).toBe('REQUEST');
      expect(update.event.uid).toBe(first!.event.uid);
      expect(update.event.sequence).toBe(1);
      expect(update.event.startDate.toString()).toBe('2027-03-11T16:00:00');
    }
    const stored = await deps.meetingStore.get(id, 0);
    expect(stored).toMatchObject({
      sequence: 1,
      date: '2027-03-11',
      rescheduledBy: expect.any(String),
    });
  });

  it('sends invites and updates whose links work the moment SES accepts them', async () => {
    const { deps, clock, raw, http } = await activePairing();
    const checked = linksAtAcceptance(deps);
    clock.advance(2 * day);
    await tick(deps); // the first invites: their links were stored when the meetings were planned
    const [first] = await invitesIn(raw);
    const manage = new URL(
      /Reschedule or skip this meeting: (http:\/\/tandem\.test\S+)/.exec(
        first!.event.description,
      )?.[1] ?? '',
    );
    clock.advance(60_000);
    const moved = await http.postForm(manage.pathname, {
      t: linkToken(manage),
      action: 'reschedule',
      date: '2027-03-11',
      time: '16:00',
    });
    expect(moved.status).toBe(200); // the updates: links stored with the change
    expect(checked.map((c) => c.subject.split(':')[0])).toEqual([
      'Invitation',
      'Invitation',
      'Updated',
      'Updated',
    ]);
    for (const { subject, verdict } of checked)
      expect(verdict, subject).toMatchObject({ meeting: 0, version: expect.any(Number) });
    // Each person's links are their own.
    expect(new Set(checked.map((c) => c.token)).size).toBe(2);
  });

  it('cancels a skipped meeting with METHOD:CANCEL, same UID, SEQUENCE + 1; an uninvited one is just never sent', async () => {
    const { deps, clock, raw, http, id } = await activePairing();
    clock.advance(2 * day);
    await tick(deps);
    const [first] = await invitesIn(raw);
    const manage = new URL(
      /Reschedule or skip this meeting: (\S+)/.exec(first!.event.description)![1]!,
    );
    const skipped = await http.postForm(manage.pathname, {
      t: linkToken(manage),
      action: 'skip',
    });
    expect(skipped.body).toContain('Meeting skipped');
    const cancels = (await invitesIn(raw)).filter((i) => i.method === 'CANCEL');
    expect(cancels).toHaveLength(2);
    for (const cancel of cancels) {
      expect(cancel.event.uid).toBe(first!.event.uid);
      expect(cancel.event.sequence).toBe(1);
      expect(cancel.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(cancel.subject).toMatch(/^Cancelled: Mentoring with/);
      // Nothing to answer: no RSVP, no answer or reschedule links; says what to do in Outlook.
      expect(cancel.calendarText).not.toMatch(/RSVP|PARTSTAT/);
      expect(cancel.event.description).not.toMatch(/http/);
      expect(cancel.event.description).toMatch(/skipped this meeting/);
      const text = (await simpleParser(cancel.raw)).text ?? '';
      expect(text).not.toMatch(/http:\/\/tandem\.test/);
      expect(text).toMatch(/Outlook, choose “Remove from calendar”/);
    }

    // Skip meeting 3 (June) long before its invite is due: nothing is sent now or later.
    const later = await deps.meetingStore.get(id, 3);
    const { meetingLinks } = await import('#workflows/meeting-changes');
    const links = await meetingLinks(
      { signer: deps.linkSigner, publicBaseUrl: 'http://tandem.test', clock: deps.clock },
      { pairingId: id, party: 'mentee', version: 1, meeting: 3 },
    );
    const skipLater = new URL(links.manage);
    const before = raw.length;
    await http.postForm(skipLater.pathname, {
      t: linkToken(skipLater),
      action: 'skip',
    });
    expect(raw.length).toBe(before);
    clock.set(new Date(later!.start));
    await tick(deps);
    const june = (await invitesIn(raw)).filter((i) => i.event.uid === later!.uid);
    expect(june).toEqual([]);
  });

  it('records "I\'ll be there" and "I can\'t make it" from the invite email\'s links, on a confirm click', async () => {
    const { deps, clock, raw, http, id, request } = await activePairing();
    clock.advance(2 * day);
    await tick(deps);
    const [invite] = await invitesIn(raw);
    const yes = new URL(/I'll be there: (\S+)/.exec(invite!.event.description)![1]!);
    const page = await http.get(`${yes.pathname}${yes.search}`);
    expect(page.body).toContain('Confirm: I’ll be there');
    expect((await deps.meetingStore.get(id, 0))?.attendance).toEqual({}); // opening the link changes nothing
    const party = invite!.raw.includes('Dear Dr Ada Okafor') ? 'mentor' : 'mentee';
    await http.postForm(yes.pathname, {
      t: linkToken(yes),
      action: 'attend',
      answer: 'yes',
    });
    expect((await deps.meetingStore.get(id, 0))?.attendance).toEqual({ [party]: 'ACCEPTED' });

    // "I can't make it" records the decline and tells the other person, once however often clicked.
    const no = new URL(/I can't make it: (\S+)/.exec(invite!.event.description)![1]!);
    for (let i = 0; i < 2; i++) {
      await http.postForm(no.pathname, {
        t: linkToken(no),
        action: 'attend',
        answer: 'no',
      });
    }
    expect((await deps.meetingStore.get(id, 0))?.attendance).toEqual({ [party]: 'DECLINED' });
    const otherEmail = party === 'mentor' ? request.mentee.email : request.mentor.email;
    expect(
      (await sentEmails(otherEmail)).filter((e) => e.subject.includes('cannot make your meeting')),
    ).toHaveLength(1);
  });

  it('still sends every invite exactly once when SES throttles part of a run', async () => {
    const { deps, clock, raw } = await activePairing({ frequency: 'weekly' });
    let calls = 0;
    deps.sesClient.middlewareStack.add(
      (next) => async (args) => {
        // Every third invite is refused (the check-in emails to both people, sent in the same
        // runs, would otherwise take turns at the refusals and make the count depend on order).
        const data = (args.input as { Content?: { Raw?: { Data?: Uint8Array } } }).Content?.Raw
          ?.Data;
        if (!data || !/text\/calendar/.test(Buffer.from(data).toString())) return next(args);
        calls++;
        if (calls % 3 === 0) {
          throw Object.assign(new Error('Maximum sending rate exceeded.'), {
            name: 'TooManyRequestsException',
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttle', priority: 'high' },
    );
    clock.set(new Date(start.getTime() + 35 * day));
    const first = (await tick(deps)) as { retried: number };
    expect(first.retried).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) {
      clock.advance(10 * 60_000);
      await tick(deps);
    }
    const perMeetingAndRecipient = invitesPerMeetingAndRecipient(await invitesIn(raw));
    // Weekly on Tuesdays from 9 March, invited 7 days ahead; as of 5 April (evening) that is
    // 9 March to 6 April: 5 meetings, 2 recipients each.
    expect(perMeetingAndRecipient.size).toBe(5 * 2);
    expect([...perMeetingAndRecipient.values()].every((n) => n === 1)).toBe(true);
  });

  it("parks nothing while SES's daily quota is reached, and sends each invite once after it", async () => {
    const counted: string[] = [];
    const metrics = { ...noMetrics, count: (name: string) => void counted.push(name) };
    const { deps, clock, raw } = await activePairing({ frequency: 'weekly' }, { metrics });
    let quotaReached = true;
    let asked = 0;
    deps.sesClient.middlewareStack.add(
      (next) => async (args) => {
        if (!quotaReached) return next(args);
        asked++;
        throw Object.assign(new Error('Daily message quota exceeded.'), {
          name: 'ThrottlingException',
          $metadata: {},
        });
      },
      { step: 'initialize', name: 'quota', priority: 'high' },
    );
    clock.set(new Date(start.getTime() + 35 * day));
    // Twice as many runs as the attempts an item has (3 here), each after the retry's 10 minutes.
    const throttledRuns = [];
    const askedPerRun: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = asked;
      throttledRuns.push((await tick(deps)) as { parked: number; throttled: number; done: number });
      askedPerRun.push(asked - before);
      clock.advance(11 * 60_000);
    }
    expect(throttledRuns.map((r) => r.parked)).toEqual([0, 0, 0, 0, 0, 0]);
    // Work that sends nothing (the first run's reviews and checks) goes on; no email does.
    expect(throttledRuns.slice(1).map((r) => r.done)).toEqual([0, 0, 0, 0, 0]);
    expect(throttledRuns.every((r) => r.throttled >= 10)).toBe(true);
    // After the first refusal of a run, the others are refused without asking SES (only sends
    // already in flight in the dispatcher's 8 lanes when it came back reach SES).
    expect(askedPerRun.every((n) => n >= 1 && n <= 8)).toBe(true);
    expect(asked).toBeLessThan(throttledRuns.reduce((sum, r) => sum + r.throttled, 0) / 2);
    // Each email not sent is counted for the stack's sending-throttled alarm (those of the outbox
    // runs a tick also makes too, which the scheduled runs' summaries do not include).
    const throttledItems = throttledRuns.reduce((sum, r) => sum + r.throttled, 0);
    const throttledCounts = counted.filter((name) => name === metricNames.emailsThrottled);
    expect(throttledCounts.length).toBeGreaterThanOrEqual(throttledItems);
    expect(await invitesIn(raw)).toEqual([]);

    quotaReached = false;
    await tick(deps);
    const perMeetingAndRecipient = invitesPerMeetingAndRecipient(await invitesIn(raw));
    // Weekly on Tuesdays from 9 March, invited 7 days ahead: 9 March to 6 April, 5 meetings.
    expect(perMeetingAndRecipient.size).toBe(5 * 2);
    expect([...perMeetingAndRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(await deps.dueWorkStore.listParked()).toEqual([]);
  });

  it('reports a permanently refused recipient at once, without stopping the others', async () => {
    const { deps, clock, raw, request } = await activePairing();
    deps.sesClient.middlewareStack.add(
      (next) => async (args) => {
        const data = (args.input as { Content?: { Raw?: { Data?: Uint8Array } } }).Content?.Raw
          ?.Data;
        if (
          data &&
          Buffer.from(data).toString().includes(`To: ${request.mentee.email}`) &&
          /text\/calendar/.test(Buffer.from(data).toString())
        ) {
          throw Object.assign(new Error('Email address is not verified.'), {
            name: 'MessageRejected',
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'reject', priority: 'high' },
    );
    clock.advance(2 * day);
    const summary = (await tick(deps)) as { parked: number; done: number };
    expect(summary.parked).toBe(1);
    expect((await invitesIn(raw)).map((i) => /^To: (.+)$/m.exec(i.raw)?.[1])).toEqual([
      request.mentor.email,
    ]);
    const alerts = (await sentEmails(adminOffice(deps))).filter(
      (e) =>
        e.subject.includes('scheduled task failed') && e.body.text?.includes('MessageRejected'),
    );
    expect(alerts.length).toBeGreaterThan(0);
  });

  it('keeps agreement links and meeting links apart', async () => {
    const { deps, clock, raw, http, id, request } = await activePairing();
    clock.advance(2 * day);
    await tick(deps);
    const [invite] = await invitesIn(raw);
    const manage = new URL(
      /Reschedule or skip this meeting: (\S+)/.exec(invite!.event.description)![1]!,
    );
    const onRespond = await http.postForm(`/respond/${id}`, {
      t: linkToken(manage),
      action: 'agree',
    });
    expect(onRespond.body).toContain('belongs to another pairing');
    const agreement = await respondLinkFor(request.mentor.email);
    const onMeeting = await http.postForm(manage.pathname, { t: agreement.token, action: 'skip' });
    expect(onMeeting.body).toContain('belongs to another pairing');
    expect((await deps.meetingStore.get(id, 0))?.status).toBe('scheduled');
  });
});
