import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials } from '#adapters/dynamo-client';
import { projectRoot } from '#local/paths';
import { agreedPairing, embeddedService, mailbox, waitFor } from './support.ts';

let service: Awaited<ReturnType<typeof embeddedService>>;
beforeAll(async () => {
  service = await embeddedService();
});
afterAll(async () => service?.stop());

const run = promisify(execFile);
const domain = 'northbridge-general.example.org';

describe('a check-in reply written in a real mail client (neomutt)', () => {
  it('is recorded with exactly its new text, without neomutt’s quoting', async () => {
    const { id, mentor, mentee } = await agreedPairing(service);
    // Two months on: the first meeting is over and its check-in is due.
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString();
    await run(process.execPath, [join(projectRoot, 'bin/tandem.mjs'), 'tick', '--now', later], {
      env: { ...process.env, TANDEM_HOME: service.home },
    });
    const checkin = await waitFor('the check-in email', async () =>
      (await mailbox(service.viewer, mentee)).find((e) => e.subject.startsWith('How did your')),
    );
    const replyTo = (checkin as unknown as { replyTo: string[] }).replyTo[0]!;

    // The check-in as it sits in the mentee's mailbox (an mbox file neomutt opens).
    const dir = mkdtempSync(join(tmpdir(), 'neomutt-'));
    const raw = await new MailComposer({
      from: `Northbridge Physician Mentoring <mentoring@${domain}>`,
      to: mentee,
      replyTo,
      subject: checkin.subject,
      messageId: `<${randomUUID()}@tandem.test>`,
      date: new Date(),
      text: checkin.body.text ?? '',
    })
      .compile()
      .build();
    // mbox's separator line carries an asctime date: "Wed Nov 25 15:40:17 2026".
    const [weekday, dayOfMonth, month, year, time] = new Date()
      .toUTCString()
      .replace(',', '')
      .split(' ');
    writeFileSync(
      join(dir, 'inbox'),
      `From mentoring@${domain} ${weekday} ${month} ${dayOfMonth} ${time} ${year}\n${raw
        .toString('utf8')
        .replace(/\r\n/g, '\n')
        .replace(/^From /gm, '>From ')}\n`,
    );
    const newText =
      'Useful meeting about the fellowship shortlist.\nNext: ask Dr Okafor to read my personal statement.';
    // neomutt's editor: the new text goes above the quoted original neomutt prepared.
    const editor = join(dir, 'editor.sh');
    writeFileSync(
      editor,
      `#!/bin/sh\nprintf '%s\\n\\n' "$NEW_TEXT" | cat - "$1" > "$1.new" && mv "$1.new" "$1"\n`,
    );
    chmodSync(editor, 0o755);
    writeFileSync(
      join(dir, 'muttrc'),
      [
        `set from="Dr Ben Liu <${mentee}>"`,
        'set use_from=yes',
        `set smtp_url="smtp://127.0.0.1:${service.ports.smtp}/"`,
        'set ssl_starttls=no',
        'set ssl_force_tls=no',
        `set editor="${editor}"`,
        'set fast_reply=yes',
        'set include=yes',
        'set edit_headers=no',
        'set record=""',
        'set postpone=no',
        'set copy=no',
        'set quit=yes',
        'set wait_key=no',
        'set confirmappend=no',
        'set mbox_type=mbox',
        'set header_cache=""',
        'set help=no',
        'set sleep_time=0',
        'set mail_check_stats=no',
        'set reply_to=yes',
        `set folder="${dir}"`,
        `set spoolfile="${dir}/inbox"`,
        `set mbox="${dir}/inbox"`,
        'set move=no',
        '',
      ].join('\n'),
    );
    // neomutt is a terminal program: `script` gives it one. Reply, send, quit.
    const command = `neomutt -n -F ${dir}/muttrc -f ${dir}/inbox -e 'push <reply><send-message><quit>'`;
    await run('script', ['-qfec', command, '/dev/null'], {
      env: { ...process.env, TERM: 'xterm', NEW_TEXT: newText, HOME: dir },
      timeout: 30_000,
    });

    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${service.ports.dynamodb}`,
        credentials: localCredentials,
      }),
    );
    const reply = await waitFor('the recorded reply', async () => {
      const result = await client.send(
        new QueryCommand({
          TableName: 'tandem-northbridge-general',
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :checkin)',
          ExpressionAttributeValues: { ':pk': `PAIR#${id}`, ':checkin': 'CHECKIN#' },
        }),
      );
      return result.Items?.[0];
    });
    client.destroy();
    expect(reply.text).toBe(newText);
    const note = await waitFor('the note to the mentor', async () =>
      (await mailbox(service.viewer, mentor)).find((e) => e.subject.includes('next steps')),
    );
    expect(note.body.text).toContain('ask Dr Okafor to read my personal statement');
    expect(note.body.text).not.toMatch(/^>/m);
  });
});
