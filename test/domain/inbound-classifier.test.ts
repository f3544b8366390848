import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readInboundMessage } from '#adapters/mime-reader';
import { organizationalDomain } from '#adapters/public-suffix-list';
import { classifyInbound, inboundSummary } from '#domain/inbound-mail';
import { newReplyText } from '#domain/reply-text';
import { projectRoot } from '#local/paths';

const corpus = join(projectRoot, 'test/fixtures/mail');
const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;
const replyDomain = 'reply.test-hospital.example.org';

async function parse(file: string) {
  const message = await readInboundMessage(readFileSync(join(corpus, file)), {
    receiptId: file,
    receivedAt: new Date('2027-03-10T12:00:00Z'),
  });
  return inboundSummary(message, classifyInbound(message, replyDomain), organizationalDomain);
}

describe('the mail-in corpus (Gmail, Outlook, Apple Mail, Thunderbird, calendar replies, auto-replies)', () => {
  const files = readdirSync(corpus)
    .filter((f) => f.endsWith('.eml'))
    .sort();

  it('has at least 15 messages, each with an expected parse', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  for (const file of files) {
    it(`reads ${file}`, async () => {
      expect(await parse(file)).toMatchObject(expected[file]!);
    });
  }

  it('is what `tandem mail parse` prints', () => {
    const output = execFileSync(
      process.execPath,
      [
        join(projectRoot, 'bin/tandem.mjs'),
        'mail',
        'parse',
        join(corpus, 'outlook-desktop.eml'),
        '--hospital',
        'northbridge-general',
      ],
      { encoding: 'utf8' },
    );
    // Northbridge's reply domain differs from the corpus's: the same message is then "unknown".
    expect(JSON.parse(output)).toEqual({
      kind: 'unknown',
      from: 'ben.liu@test-hospital.example.org',
      authenticated: false,
      authReason: 'no SES verdicts and no Authentication-Results header from SES',
    });
  });
});

const words = [
  'we',
  'discussed',
  'fellowship',
  'options',
  'night',
  'shifts',
  'the',
  'abstract',
  'with',
  'Dr',
  'Okafor',
  'by',
  'Friday',
  'review',
  'two',
  'cases',
  'next',
  'step',
  'draft',
  'my',
];
const sentence = fc
  .array(fc.constantFrom(...words), { minLength: 3, maxLength: 14 })
  .map((w) => `${w.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const attributions = [
  'On Wed, Mar 10, 2027 at 9:00 AM Physician Mentoring Program <mentoring@test-hospital.example.org> wrote:',
  'Am Mi., 10. März 2027 um 09:00 Uhr schrieb Physician Mentoring Program <mentoring@test-hospital.example.org>:',
  'Le mer. 10 mars 2027 à 09:00, Physician Mentoring Program <mentoring@test-hospital.example.org> a écrit :',
  'El mié, 10 mar 2027 a las 9:00, Physician Mentoring Program (<mentoring@test-hospital.example.org>) escribió:',
  'Em qua., 10 de mar. de 2027 às 09:00, Physician Mentoring Program <mentoring@test-hospital.example.org> escreveu:',
  'Il giorno mer 10 mar 2027 alle ore 09:00 Physician Mentoring Program <mentoring@test-hospital.example.org> ha scritto:',
  'Op wo 10 mrt 2027 om 09:00 schreef Physician Mentoring Program <mentoring@test-hospital.example.org>:',
];
/** Greedy word wrap at `width` columns, as narrow clients and HTML-to-text do. */
const wrap = (text: string, width: number) =>
  text.split(' ').reduce<string[]>((lines, word) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length + 1 <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
    return lines;
  }, []);

describe('new reply text', () => {
  it('is exactly the new text above any attribution, in any language, wrapped at any width', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...attributions),
        fc.integer({ min: 24, max: 120 }),
        (sentences, attribution, width) => {
          const text = sentences.join('\n');
          const body = `${text}\n\n${wrap(attribution, width).join('\n')}\n\n> Dear Ben Liu,\n> How did it go?\n`;
          expect(newReplyText(body, 'Ben Liu')).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps what follows a sign-off when it is a sentence, and drops a signature block', () => {
    expect(
      newReplyText('All good.\n\nThanks\nP.S. I will send the abstract tomorrow morning.'),
    ).toBe('All good.\n\nThanks\nP.S. I will send the abstract tomorrow morning.');
    expect(newReplyText('All good.\n\nCheers, Ben\nBen Liu, MD\nPGY-2 Internal Medicine')).toBe(
      'All good.',
    );
  });

  it('never stores a confidentiality notice as the mentee’s words, and keeps a text that only mentions one', () => {
    expect(
      newReplyText(
        'Next: read the HIPAA module.\n\nThe information in this email is confidential and intended only for the addressee. If you received it in error, notify the sender and delete it.',
      ),
    ).toBe('Next: read the HIPAA module.');
    expect(newReplyText('We talked about keeping patient notes confidential.')).toBe(
      'We talked about keeping patient notes confidential.',
    );
  });

  it('drops a trailing signature that starts with the sender’s name', () => {
    expect(newReplyText('Thanks, all good.\n\nBen Liu\nPGY-2', 'Ben Liu')).toBe(
      'Thanks, all good.',
    );
    expect(newReplyText('Ben Liu here: all good.', 'Ben Liu')).toBe('Ben Liu here: all good.');
  });
});
