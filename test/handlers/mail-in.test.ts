import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { FolderRawMailSource } from '#adapters/folder-raw-mail-source';
import { recordAttendance, skipMeeting } from '#domain/meeting';
import { createInboundMailHandler } from '#handlers/inbound-mail';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { sesEventFor } from '#local/smtp-listener';
import {
  day,
  activePairing as sharedActivePairing,
  start,
  tick,
} from '../../support/active-pairing.ts';
import { signedInAdmin } from '../../support/http-events.ts';
import { adminOffice, sentEmails, testAdminKey } from '../../support/integration.ts';
import { parseInvite } from '../../support/raw-mail.ts';

async function activePairing() {
  const rawMail = new FolderRawMailSource(mkdtempSync(join(tmpdir(), 'tandem-inbound-')));
  const {
    deps,
    clock,
    http,
    request,
    id,
    raw: sent,
    manageLink,
  } = await sharedActivePairing({}, { rawMailSource: rawMail });
  const inbound = createInboundMailHandler(deps);
  /** Delivers a message the way SES would: raw in the bucket, then the Lambda event. */
  const deliver = async (
    raw: Buffer,
    envelope: { from: string; to: string[] },
    verdict: Parameters<typeof sesEventFor>[3] = 'PASS',
  ) => {
    const receiptId = randomUUID();
    await rawMail.write(receiptId, raw);
    const [result] = (await inbound(
      sesEventFor(receiptId, envelope, clock.now(), verdict),
      localLambdaContext('inbound'),
    )) as {
      kind: string;
      outcome: string;
      duplicate: boolean;
      reason?: string;
    }[];
    await deps.outboxSettled(); // what the table stream sends after the handler answered
    return { ...result!, receiptId };
  };
  return { deps, clock, http, request, id, sent, deliver, rawMail, manageLink };
}

function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

describe('check-in replies', () => {
  it('asks the mentee after the meeting and keeps only the new text of the reply, then tells the mentor', async () => {
    const { deps, clock, request, id, deliver, sent } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z')); // first meeting 9 March 15:00-15:30 Chicago, + 24 h
    await tick(deps);
    const [checkin] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith('How did your mentoring meeting'),
    );
    expect(checkin).toBeDefined();
    const replyTo = (checkin as unknown as { replyTo: string[] }).replyTo[0]!;
    expect(replyTo).toMatch(
      /^checkin\+[0-9a-f]{20}\.[0-9a-f]{16}@reply\.test-hospital\.example\.org$/,
    );
    const address = /checkin\+[^>\s]+/.exec(replyTo)![0];

    const reply = await compose({
      from: `Dr Ben Liu <${request.mentee.email}>`,
      to: address,
      subject: 'Re: How did your mentoring meeting go?',
      messageId: `<${randomUUID()}@mail.example>`,
      text: `Great session. Next steps: finish the QI project charter.\n\nOn Thu, Mar 11, 2027 at 6:00 AM Program <mentoring@test-hospital.example.org> wrote:\n> How did it go?\n`,
    });
    const result = await deliver(reply, { from: request.mentee.email, to: [address] });
    expect(result).toMatchObject({ kind: 'checkin-reply', outcome: 'recorded', duplicate: false });
    expect((await deps.inbound.checkins.latestReply(id))?.text).toBe(
      'Great session. Next steps: finish the QI project charter.',
    );

    const [note] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.includes('next steps after your mentoring meeting'),
    );
    expect(note?.body.text).toContain('Great session. Next steps: finish the QI project charter.');
    expect(note?.body.text).not.toContain('How did it go?');
    expect((await deps.timeline.list(id)).map((e) => [e.what, e.who])).toEqual(
      expect.arrayContaining([
        ['email:checkin', 'mentee'],
        ['reply:checkin', 'mentee'],
        ['email:checkin-note', 'mentor'],
      ]),
    );

    // The next invite carries the mentee's next steps.
    clock.set(new Date('2027-04-08T00:00:00Z'));
    await tick(deps);
    const april = await Promise.all(
      sent.filter((s) => /text\/calendar/.test(s.raw)).map((s) => parseInvite(s.raw)),
    );
    expect(april.some((i) => i.event.description.includes('finish the QI project charter'))).toBe(
      true,
    );

    // The same message delivered again is stored once and sends nothing more.
    const again = await deliver(reply, { from: request.mentee.email, to: [address] });
    expect(again.duplicate).toBe(true);
    expect(
      (await sentEmails(request.mentor.email)).filter((e) =>
        e.subject.includes('next steps after'),
      ),
    ).toHaveLength(1);
  });

  it('quarantines a forged sender, a bad token and failed SPF/DKIM/DMARC, telling the administrators', async () => {
    const { deps, clock, request, id, deliver } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z'));
    await tick(deps);
    const [checkin] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith('How did your mentoring meeting'),
    );
    const address = /checkin\+[^>\s]+/.exec(
      (checkin as unknown as { replyTo: string[] }).replyTo[0]!,
    )![0];
    const message = (from: string, to: string) =>
      compose({
        from,
        to,
        subject: 'Re: check-in',
        messageId: `<${randomUUID()}@x>`,
        text: 'All fine.',
      });

    const forged = await deliver(
      await message('Mallory <mallory@test-hospital.example.org>', address),
      { from: 'mallory@test-hospital.example.org', to: [address] },
    );
    expect(forged).toMatchObject({
      outcome: 'quarantined',
      reason: expect.stringContaining('is not the mentee'),
    });
    const badToken =
      'checkin+00000000000000000000.0000000000000000@reply.test-hospital.example.org';
    expect(
      await deliver(await message(request.mentee.email, badToken), {
        from: request.mentee.email,
        to: [badToken],
      }),
    ).toMatchObject({
      outcome: 'quarantined',
      reason: 'the reply address carries a token that does not verify',
    });
    expect(
      await deliver(
        await message(request.mentee.email, address),
        { from: request.mentee.email, to: [address] },
        'FAIL',
      ),
    ).toMatchObject({
      outcome: 'quarantined',
      reason: expect.stringMatching(/^the sender is not proven: neither DMARC nor a DKIM/),
    });

    // A forged From with SPF passing for the forger's own envelope domain: SPF proves only the
    // envelope, so it is quarantined and the mentor hears nothing.
    const forgery = await deliver(
      Buffer.concat([
        Buffer.from(
          'Authentication-Results: amazonses.com;\r\n spf=pass (spfCheck: domain of attacker.example designates 203.0.113.9 as permitted sender) client-ip=203.0.113.9; envelope-from=bounce@attacker.example; helo=mx.attacker.example;\r\n dkim=fail header.i=@test-hospital.example.org;\r\n dmarc=fail header.from=test-hospital.example.org;\r\n' +
            // A header the forger wrote: below SES's, so it never counts.
            'Authentication-Results: amazonses.com; dkim=pass header.i=@test-hospital.example.org; dmarc=pass header.from=test-hospital.example.org\r\n',
        ),
        await message(request.mentee.email, address),
      ]),
      { from: 'bounce@attacker.example', to: [address] },
      { spf: 'PASS', dkim: 'FAIL', dmarc: 'FAIL' },
    );
    expect(forgery).toMatchObject({
      outcome: 'quarantined',
      reason: expect.stringContaining('SPF alone proves only the envelope sender'),
    });
    expect(await deps.inbound.checkins.latestReply(id)).toBeNull(); // nothing was recorded
    expect(
      (await sentEmails(request.mentor.email)).filter((e) => e.subject.includes('next steps')),
    ).toEqual([]);

    // DKIM passing for the From's own domain is proof, even where the domain has no DMARC record.
    const aligned = await deliver(
      Buffer.concat([
        Buffer.from(
          'Authentication-Results: amazonses.com;\r\n spf=fail smtp.mailfrom=bounce@esp.example.net;\r\n dkim=pass header.i=@test-hospital.example.org;\r\n dmarc=none header.from=test-hospital.example.org;\r\n',
        ),
        await message(request.mentee.email, address),
      ]),
      { from: 'bounce@esp.example.net', to: [address] },
      { spf: 'FAIL', dkim: 'PASS', dmarc: 'GRAY' },
    );
    expect(aligned).toMatchObject({ outcome: 'recorded' });
    const alerts = (await sentEmails(adminOffice(deps))).filter((e) =>
      e.subject.includes('A reply was quarantined'),
    );
    expect(alerts.some((a) => a.body.text?.includes('mallory@test-hospital.example.org'))).toBe(
      true,
    );
  });
});

describe('check-ins to both, with one-tap answers', () => {
  const checkinsTo = async (email: string) =>
    (await sentEmails(email)).filter((e) => e.subject.startsWith('How did your mentoring meeting'));
  const subjects = async (email: string) => (await sentEmails(email)).map((e) => e.subject);

  it('asks both after a meeting; a tap opens its answer, the button records it once, and the other is told', async () => {
    const { deps, clock, http, request, id, manageLink } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z'));
    await tick(deps);
    const [toMentor] = await checkinsTo(request.mentor.email);
    const [toMentee] = await checkinsTo(request.mentee.email);
    expect(toMentor?.subject).toBe('How did your mentoring meeting with Dr Ben Liu go?');
    expect(toMentee?.subject).toBe('How did your mentoring meeting with Dr Ada Okafor go?');
    const taps = (text: string) =>
      Object.fromEntries(
        [...text.matchAll(/^(.+): (http:\/\/tandem\.test\/l\/[\w-]{22}\?a=([\w-]+))$/gm)].map(
          (m) => [m[3], new URL(m[2]!)],
        ),
      ) as Record<string, URL>;
    const menteeTaps = taps(toMentee?.body.text ?? '');
    expect(Object.keys(menteeTaps)).toEqual(['met', 'not-met', 'help']);
    expect(toMentee?.body.text).toContain('Or reply to this email with your next steps');

    // Opening a tap (as a mail scanner would) shows the answer chosen and records nothing.
    const opened = await http.get(`${menteeTaps.met!.pathname}${menteeTaps.met!.search}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatch(/value="met" checked/);
    await deps.outboxSettled();
    expect(await subjects(request.mentor.email)).not.toContain(
      'Dr Ben Liu: your meeting went well',
    );

    // The button records it; a second click sends nothing twice.
    const token = menteeTaps.met!.pathname.slice('/l/'.length);
    for (let i = 0; i < 2; i++) {
      const answered = await http.postForm(`/checkin/${id}/0`, { t: token, answer: 'met' });
      expect(answered.body).toContain('Dr Ada Okafor has been told');
    }
    expect(
      (await subjects(request.mentor.email)).filter(
        (s) => s === 'Dr Ben Liu: your meeting went well',
      ),
    ).toHaveLength(1);
    expect(
      (await subjects(request.mentee.email)).filter(
        (s) => s === 'Thank you: your check-in arrived',
      ),
    ).toHaveLength(1);

    // The mentor asks the program office for help: the office hears it, the mentee does not.
    const mentorHelp = taps(toMentor?.body.text ?? '').help!;
    const helped = await http.postForm(mentorHelp.pathname, {
      t: mentorHelp.pathname.slice('/l/'.length),
      answer: 'help',
      nextSteps: '',
    });
    expect(helped.body).toContain('Dr Ben Liu was not told');
    const [alert] = (await sentEmails(adminOffice(deps))).filter((e) =>
      e.subject.includes('Asked for help after a meeting: Dr Ada Okafor'),
    );
    expect(alert?.body.text).toContain('Dr Ada Okafor (the mentor) asked for help');
    expect((alert as unknown as { replyTo: string[] }).replyTo).toEqual([request.mentor.email]);
    expect((await subjects(request.mentee.email)).some((s) => /help/i.test(s))).toBe(false);

    // Each person's home shows the next meeting, the contact, the goals and the check-ins so far;
    // the mentor's request for help only on the mentor's own page.
    const menteeHome = (await http.get((await manageLink(request.mentee.email)).path)).body;
    for (const expected of [
      'Your next meeting: Tuesday, April 13, 2027, 15:00–15:30 (America/Chicago).',
      `Dr Ada Okafor: <a href="mailto:${request.mentor.email}">`,
      '<li>Lead a code blue with confidence</li>',
      '<strong>Meeting 1</strong>: You: We met: it went well</li>',
      'I have become a peer',
    ])
      expect(menteeHome).toContain(expected);
    expect(menteeHome).not.toMatch(/help from the program office<\/li>/);
    const mentorHome = (await http.get((await manageLink(request.mentor.email)).path)).body;
    expect(mentorHome).toContain(
      '<strong>Meeting 1</strong>: You: I’d like help from the program office; Dr Ben Liu: We met: it went well',
    );
    expect(mentorHome).toContain('Dr Ben Liu has become a peer');

    // A link of one kind opens no other: a check-in link is not a meeting link.
    const onMeeting = await http.get(`/meetings/${id}/0?t=${token}`);
    expect(onMeeting.body).toContain('belongs to another pairing');
  });

  it('takes the mentor’s reply as next steps: the mentee reads them (Reply-To the mentor), and the next invites carry them', async () => {
    const { deps, clock, request, deliver, sent } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z'));
    await tick(deps);
    const [toMentor] = await checkinsTo(request.mentor.email);
    const address = /checkin\+[^>\s]+/.exec(
      (toMentor as unknown as { replyTo: string[] }).replyTo[0]!,
    )![0];
    const reply = await compose({
      from: `Dr Ada Okafor <${request.mentor.email}>`,
      to: address,
      subject: 'Re: How did your mentoring meeting go?',
      messageId: `<${randomUUID()}@mail.example>`,
      text: 'Before we meet: shadow the night ICU team twice.\n',
    });
    // The mentee's reply address does not take the mentor's mail.
    const [toMentee] = await checkinsTo(request.mentee.email);
    const menteeAddress = /checkin\+[^>\s]+/.exec(
      (toMentee as unknown as { replyTo: string[] }).replyTo[0]!,
    )![0];
    expect(
      (await deliver(reply, { from: request.mentor.email, to: [menteeAddress] })).outcome,
    ).toBe('quarantined');
    expect(await deliver(reply, { from: request.mentor.email, to: [address] })).toMatchObject({
      outcome: 'recorded',
    });
    const [note] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith("Dr Ada Okafor's next steps"),
    );
    expect(note?.body.text).toContain('shadow the night ICU team twice');
    expect((note as unknown as { replyTo: string[] }).replyTo).toEqual([request.mentor.email]);
    expect(await subjects(request.mentor.email)).toContain('Thank you: your check-in arrived');

    clock.set(new Date('2027-04-08T00:00:00Z'));
    await tick(deps);
    const april = (
      await Promise.all(
        sent.filter((s) => /text\/calendar/.test(s.raw)).map((s) => parseInvite(s.raw)),
      )
    ).filter((i) => i.event.startDate.toString().startsWith('2027-04-13'));
    expect(april).toHaveLength(2); // one to each
    for (const invite of april)
      expect(invite.event.description).toContain('shadow the night ICU team twice');
    // And the invitation email's own body, not only the calendar's description.
    const [email] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith('Invitation: Mentoring with Dr Ada Okafor · Tue 13 Apr'),
    );
    expect(email?.body.text).toContain(
      "Next steps (from Dr Ada Okafor's last check-in):\nBefore we meet: shadow the night ICU team twice.",
    );
  });

  it('sends no check-in for a skipped meeting, or one both declined', async () => {
    const { deps, clock, request, id } = await activePairing();
    // The first meeting skipped by the mentee, the second declined by both.
    const first = await deps.meetingStore.get(id, 0);
    const skipped = skipMeeting(first!, 'mentee', clock.now());
    expect(await deps.meetingStore.save(skipped.meeting, first!, skipped.work)).toBe('saved');
    const second = await deps.meetingStore.get(id, 1);
    const declined = recordAttendance(
      recordAttendance(second!, 'mentor', 'DECLINED'),
      'mentee',
      'DECLINED',
    );
    expect(await deps.meetingStore.save(declined, second!, [])).toBe('saved');
    clock.set(new Date('2027-04-16T00:00:00Z')); // after both
    await tick(deps);
    expect(await checkinsTo(request.mentor.email)).toEqual([]);
    expect(await checkinsTo(request.mentee.email)).toEqual([]);
    clock.set(new Date('2027-05-14T00:00:00Z')); // the third, held
    await tick(deps);
    expect(await checkinsTo(request.mentor.email)).toHaveLength(1);
    expect(await checkinsTo(request.mentee.email)).toHaveLength(1);
  });
});

describe('calendar replies', () => {
  async function invitedMeeting() {
    const context = await activePairing();
    context.clock.set(new Date(start.getTime() + 40 * day));
    await tick(context.deps);
    const invites = await Promise.all(
      context.sent.filter((s) => /text\/calendar/.test(s.raw)).map((s) => parseInvite(s.raw)),
    );
    return { ...context, invites };
  }

  function replyCalendar(uid: string, attendee: string, partstat: string, sequence = 0) {
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `SEQUENCE:${sequence}`,
      'DTSTAMP:20270405T120000Z',
      `ATTENDEE;PARTSTAT=${partstat};CN=Someone:mailto:${attendee}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  }

  const calendarMail = (from: string, calendar: string) =>
    compose({
      from,
      to: 'mentoring@test-hospital.example.org',
      subject: 'Accepted: Mentoring',
      messageId: `<${randomUUID()}@calendar.example>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
      text: 'Reply',
      alternatives: [
        { contentType: 'text/calendar; method=REPLY; charset=utf-8', content: calendar },
      ],
    });

  it('records an accept on the meeting, and a decline tells the other party; two declines in a row alert the administrators', async () => {
    const { deps, request, id, deliver, invites } = await invitedMeeting();
    const first = invites.find((i) => i.event.uid.endsWith('-m0@test-hospital.example.org'))!;
    const second = invites.find((i) => i.event.uid.endsWith('-m1@test-hospital.example.org'))!;
    const envelope = {
      from: request.mentor.email,
      to: ['mentoring@reply.test-hospital.example.org'],
    };

    const accepted = await deliver(
      await calendarMail(
        request.mentor.email,
        replyCalendar(first.event.uid, request.mentor.email, 'ACCEPTED'),
      ),
      envelope,
    );
    expect(accepted).toMatchObject({ kind: 'calendar-reply', outcome: 'recorded' });
    expect((await deps.meetingStore.get(id, 0))?.attendance).toEqual({ mentor: 'ACCEPTED' });

    await deliver(
      await calendarMail(
        request.mentee.email,
        replyCalendar(first.event.uid, request.mentee.email, 'DECLINED'),
      ),
      { ...envelope, from: request.mentee.email },
    );
    expect((await deps.meetingStore.get(id, 0))?.attendance).toEqual({
      mentor: 'ACCEPTED',
      mentee: 'DECLINED',
    });
    const [note] = (await sentEmails(request.mentor.email)).filter((e) =>
      e.subject.includes('cannot make your meeting'),
    );
    expect(note?.body.text).toMatch(/http:\/\/tandem\.test\/l\/[\w-]{22}\b/);
    const twoInARow = () =>
      sentEmails(adminOffice(deps)).then((all) =>
        all.filter(
          (e) => e.subject.includes('Two declined meetings in a row') && e.body.text?.includes(id),
        ),
      );
    expect(await twoInARow()).toHaveLength(0);

    await deliver(
      await calendarMail(
        request.mentee.email,
        replyCalendar(second.event.uid, request.mentee.email, 'DECLINED'),
      ),
      { ...envelope, from: request.mentee.email },
    );
    expect(await twoInARow()).toHaveLength(1);
  });

  it('quarantines a reply whose attendee is not a party, or differs from the sender', async () => {
    const { request, deliver, invites } = await invitedMeeting();
    const uid = invites[0]!.event.uid;
    const envelope = {
      from: request.mentor.email,
      to: ['mentoring@reply.test-hospital.example.org'],
    };
    expect(
      await deliver(
        await calendarMail(
          'eve@test-hospital.example.org',
          replyCalendar(uid, 'eve@test-hospital.example.org', 'ACCEPTED'),
        ),
        envelope,
      ),
    ).toMatchObject({
      outcome: 'quarantined',
      reason: expect.stringContaining("is not one of the meeting's parties"),
    });
    expect(
      await deliver(
        await calendarMail(
          request.mentor.email,
          replyCalendar(uid, request.mentee.email, 'DECLINED'),
        ),
        envelope,
      ),
    ).toMatchObject({
      outcome: 'quarantined',
      reason: expect.stringContaining('differs from the sender'),
    });
  });

  it('ignores auto-replies: recorded, never acted on, never answered', async () => {
    const { request, deliver } = await activePairing();
    const before = (await sentEmails(request.mentee.email)).length;
    const ooo = await compose({
      from: request.mentee.email,
      to: 'mentoring@reply.test-hospital.example.org',
      subject: 'Automatic reply: Invitation',
      messageId: `<${randomUUID()}@x>`,
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away.',
    });
    expect(
      await deliver(ooo, {
        from: request.mentee.email,
        to: ['mentoring@reply.test-hospital.example.org'],
      }),
    ).toMatchObject({ kind: 'auto-reply', outcome: 'ignored' });
    expect((await sentEmails(request.mentee.email)).length).toBe(before);
  });
});

describe('the inbound record', () => {
  it('is kept with its outcome for the administrators', async () => {
    const { deps, deliver } = await activePairing();
    const messageId = `<${randomUUID()}@x>`;
    await deliver(
      await compose({
        from: 'x@elsewhere.example',
        to: 'hello@reply.test-hospital.example.org',
        subject: 'Hi',
        messageId,
        text: 'Hello',
      }),
      {
        from: 'x@elsewhere.example',
        to: ['hello@reply.test-hospital.example.org'],
      },
    );
    const stored = await deps.documentClient.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { pk: `INBOUND#${messageId}`, sk: 'MESSAGE' },
      }),
    );
    expect(stored.Item).toMatchObject({
      kind: 'unknown',
      outcome: 'flagged',
      flaggedForAdministrators: true,
    });
  });
});

describe('forgetting a person', () => {
  it('erases the mentee’s name, address, goals, replies and mail, and keeps the totals', async () => {
    const { deps, clock, request, id, deliver, rawMail } = await activePairing();
    clock.set(new Date('2027-03-11T00:00:00Z'));
    await tick(deps);
    const [checkin] = (await sentEmails(request.mentee.email)).filter((e) =>
      e.subject.startsWith('How did your mentoring meeting'),
    );
    const address = /checkin\+[^>\s]+/.exec(
      (checkin as unknown as { replyTo: string[] }).replyTo[0]!,
    )![0];
    const messageId = `<${randomUUID()}@mail.example>`;
    const raw = await compose({
      from: `Dr Ben Liu <${request.mentee.email}>`,
      to: address,
      subject: 'Re: How did your mentoring meeting go?',
      messageId,
      text: 'My divorce is making residency hard; next: talk to the program director.',
    });
    const { receiptId } = await deliver(raw, { from: request.mentee.email, to: [address] });
    expect((await rawMail.read(receiptId)).length).toBeGreaterThan(0);
    const admin = await signedInAdmin(deps, testAdminKey);
    const forget = { email: request.mentee.email.toUpperCase(), confirm: 'yes' };

    // A running relationship must end first; nothing is erased meanwhile.
    const refused = await admin.postForm('/admin/forget', forget);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('End this pairing first');
    expect((await deps.inbound.checkins.latestReply(id))?.text).toContain('divorce');
    expect((await admin.postForm('/admin/forget', { email: request.mentee.email })).status).toBe(
      400,
    );

    await admin.postForm(`/admin/pairings/${id}`, { action: 'end', reason: 'mentee-withdrew' });
    const done = await admin.postForm('/admin/forget', forget);
    expect(done.status).toBe(200);
    expect(done.body).toContain('from 1 pairing, and 1 message');

    const pairing = (await deps.pairingStore.get(id))!.pairing;
    expect(pairing.mentee).toMatchObject({ name: 'Forgotten person', careerStage: 'resident' });
    expect(pairing.mentee.email).toMatch(/^forgotten-mentee-.*@invalid$/);
    expect(pairing.expectations.goals).toEqual(['(erased)', '(erased)']);
    expect(pairing.mentor.email).toBe(request.mentor.email); // the mentor is not forgotten
    expect(JSON.stringify(pairing)).not.toContain(request.mentee.email);
    expect((await deps.inbound.checkins.latestReply(id))?.text).toBe('');
    expect(await deps.inbound.checkins.countReplies(id)).toBe(1); // still counted
    await expect(rawMail.read(receiptId)).rejects.toThrow(/ENOENT/);
    const record = await deps.documentClient.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { pk: `INBOUND#${messageId}`, sk: 'MESSAGE' },
      }),
    );
    expect(record.Item).toBeUndefined();
    const list = await admin.get('/admin/pairings');
    expect(list.body).not.toContain(request.mentee.email);
    const csv = (await admin.get('/admin/export.csv')).body;
    const row = csv.split('\n').find((l) => l.startsWith(id))!;
    expect(row).toContain('Forgotten person');
    expect(row).not.toContain(request.mentee.email);
    expect(row.split(',').slice(-4)).toEqual(['0', '0', '1', '0.5']); // accepted, declined, check-ins answered, hours

    expect((await admin.postForm('/admin/forget', forget)).status).toBe(404); // nothing left
  });
});
