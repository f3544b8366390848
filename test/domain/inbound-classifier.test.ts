import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInboundMessage } from '#adapters/mime-reader';
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
  return inboundSummary(message, classifyInbound(message, replyDomain));
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

describe('new reply text', () => {
  it('drops a trailing signature that starts with the sender’s name', () => {
    expect(newReplyText('Thanks, all good.\n\nBen Liu\nPGY-2', 'Ben Liu')).toBe(
      'Thanks, all good.',
    );
    expect(newReplyText('Ben Liu here: all good.', 'Ben Liu')).toBe('Ben Liu here: all good.');
  });
});
