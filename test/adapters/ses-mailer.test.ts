import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '#adapters/ses-mailer';
import { type OutgoingEmail, PermanentSendError, ThrottledSendError } from '#domain/outgoing-email';
import { integrationDependencies, sentEmails, simpleParser } from '../../support/integration.ts';

function email(to: string, overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    kind: 'test',
    from: { name: 'Northbridge Mentoring', address: 'mentoring@test-hospital.example.org' },
    to: [to],
    replyTo: 'checkin+token@reply.test-hospital.example.org',
    subject: 'Your mentoring check-in',
    text: 'How did it go?',
    html: '<p>How did it go?</p>',
    ...overrides,
  };
}

describe('SES mailer', () => {
  it('delivers text, HTML, an inline calendar and an attachment through the SES v2 endpoint', async () => {
    const deps = await integrationDependencies();
    const to = `${randomUUID()}@test-hospital.example.org`;
    const calendar = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const { messageId } = await deps.mailer.send(
      email(to, {
        alternatives: [
          { contentType: 'text/calendar; method=REQUEST; charset=utf-8', content: calendar },
        ],
        attachments: [
          { filename: 'invite.ics', contentType: 'application/ics', content: calendar },
        ],
      }),
    );
    expect(messageId).toBeTruthy();

    const [stored] = await sentEmails(to);
    expect(stored?.subject).toBe('Your mentoring check-in');
    expect(stored?.from).toBe('"Northbridge Mentoring" <mentoring@test-hospital.example.org>');
    expect(stored?.body.text?.trim()).toBe('How did it go?');
    expect(stored?.body.html).toContain('<p>How did it go?</p>');
    expect(stored?.attachments.map((a) => a.filename)).toContain('invite.ics');
  });

  it('composes multipart/alternative with the calendar part inside it', async () => {
    const deps = await integrationDependencies();
    const mailer = new SesMailer(deps.sesClient);
    const raw = await mailer.compose(
      email('x@test-hospital.example.org', {
        alternatives: [
          {
            contentType: 'text/calendar; method=REQUEST',
            content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR',
          },
        ],
      }),
    );
    const text = raw.toString('utf8');
    expect(text).toMatch(/Content-Type: multipart\/alternative/);
    expect(text).toMatch(/Content-Type: text\/calendar; method=REQUEST/);
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get('x-tandem-kind')).toBe('test');
  });

  it('never lets a typed line break inject a header', async () => {
    const deps = await integrationDependencies();
    const raw = await new SesMailer(deps.sesClient).compose(
      email('x@test-hospital.example.org', {
        subject: 'Hello\r\nBcc: attacker@evil.example\r\n\r\nbody',
      }),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.subject).toContain('Bcc: attacker@evil.example');
  });

  it('names a throttling error as such (the dispatcher retries it without counting an attempt)', async () => {
    const client = new SESv2Client({ region: 'us-east-1' });
    const ses = mockClient(client);
    const refusals = [
      ['TooManyRequestsException', 'Maximum sending rate exceeded.'],
      ['ThrottlingException', 'Daily message quota exceeded.'],
      // The message decides whatever the name: SES v1's and the SMTP interface's wording.
      ['Throttling', 'Throttling failure: Daily message quota exceeded.'],
      ['InternalFailure', 'Daily message quota exceeded.'],
    ];
    for (const [name, message] of refusals) {
      ses.on(SendEmailCommand).rejects(Object.assign(new Error(message), { name }));
      const sent = new SesMailer(client).send(email('x@test-hospital.example.org'));
      await expect(sent).rejects.toBeInstanceOf(ThrottledSendError);
      await expect(sent).rejects.toThrow(`${name}: ${message}`);
    }
    // Neither a refused message nor an unknown failure is a throttle.
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }),
      );
    await expect(
      new SesMailer(client).send(email('x@test-hospital.example.org')),
    ).rejects.toBeInstanceOf(PermanentSendError);
    ses
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('We encountered an internal error.'), { name: 'InternalFailure' }),
      );
    const failed = new SesMailer(client).send(email('x@test-hospital.example.org'));
    await expect(failed).rejects.toThrow('We encountered an internal error.');
    await expect(failed).rejects.not.toBeInstanceOf(ThrottledSendError);
    ses.restore();
  });
});
