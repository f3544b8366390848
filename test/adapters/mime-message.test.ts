import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeMime } from '#adapters/mime-message';
import { oneLine } from '#domain/one-line';
import { simpleParser } from '../../support/integration.ts';

// Text as people type it, any script, with line breaks; CR only as part of CRLF.
const typed = fc
  .string({ unit: 'grapheme', maxLength: 400 })
  .map((s) => s.replace(/\r(?!\n)/g, ''));
const header = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 });

describe('composeMime', () => {
  it('gives back what it was given, read by mailparser: headers, text, HTML, calendar and attachment', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        header,
        typed,
        typed,
        typed,
        async (subject, name, text, html, calendar) => {
          const raw = composeMime(
            {
              kind: 'meeting-invite',
              from: { name, address: 'mentoring@test-hospital.example.org' },
              to: ['ada.okafor@test-hospital.example.org', 'ben.liu@test-hospital.example.org'],
              replyTo: 'checkin+abc@reply.test-hospital.example.org',
              subject,
              text,
              html: `<p>${html}</p>`,
              alternatives: [
                { contentType: 'text/calendar; charset=utf-8; method=REQUEST', content: calendar },
              ],
              attachments: [
                { filename: 'invite.ics', contentType: 'application/ics', content: calendar },
              ],
            },
            new Date('2026-11-26T10:00:00Z'),
          );
          // Every line of the message within SMTP's limit (RFC 5322: 998 characters).
          for (const line of raw.toString('utf8').split('\r\n'))
            expect(line.length).toBeLessThanOrEqual(998);
          const parsed = await simpleParser(raw, { skipTextToHtml: true });
          const lf = (s: string) => s.replace(/\r\n/g, '\n');
          expect(parsed.subject ?? '').toBe(oneLine(subject).replace(/\s+/g, ' ').trim());
          expect(parsed.from?.value).toEqual([
            {
              name: oneLine(name).replace(/\s+/g, ' ').trim(),
              address: 'mentoring@test-hospital.example.org',
            },
          ]);
          expect(parsed.headers.get('x-tandem-kind')).toBe('meeting-invite');
          expect(parsed.headers.has('bcc')).toBe(false);
          expect(parsed.date?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
          // mailparser reads an empty part as one line break.
          expect(lf(parsed.text ?? '')).toBe(text === '' ? '\n' : lf(text));
          expect(lf(String(parsed.html))).toBe(lf(`<p>${html}</p>`));
          const attachment = parsed.attachments.find((a) => a.filename === 'invite.ics');
          expect(attachment?.content.toString('utf8')).toBe(calendar);
          const inline = parsed.attachments.find((a) => a.contentType === 'text/calendar');
          expect(lf(inline?.content.toString('utf8') ?? '')).toBe(lf(calendar));
        },
      ),
      { numRuns: 300 },
    );
  });
});
