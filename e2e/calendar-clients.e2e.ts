import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '#local/paths';
import { freePort } from '#local/ports';
import {
  agreedPairing,
  embeddedService,
  mailbox,
  postToLink,
  type ViewerEmail,
  waitFor,
} from './support.ts';

let service: Awaited<ReturnType<typeof embeddedService>>;
let radicale: { url: string; stop: () => void };

/** Debian's Radicale on loopback, storing into a fresh folder, any user allowed. */
async function startRadicale() {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/radicale',
    [
      '--server-hosts',
      `127.0.0.1:${port}`,
      '--storage-filesystem-folder',
      mkdtempSync(join(tmpdir(), 'radicale-')),
      '--auth-type',
      'none',
      '--rights-type',
      'authenticated',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor('Radicale', async () => {
    try {
      return (await fetch(`${url}/.web/`)).status < 500 ? true : undefined;
    } catch {
      return undefined;
    }
  });
  return { url, stop: () => child.kill() };
}

beforeAll(async () => {
  service = await embeddedService();
  radicale = await startRadicale();
});
afterAll(async () => {
  radicale?.stop();
  await service?.stop();
});

const icsOf = (email: ViewerEmail) => {
  const part = email.attachments.find((a) => a.filename === 'invite.ics');
  if (!part) throw new Error(`no invite.ics in "${email.subject}"`);
  // The local SES store keeps attachment content as base64 or as text, depending on the part.
  return part.content.startsWith('BEGIN:VCALENDAR')
    ? part.content
    : Buffer.from(part.content, 'base64').toString('utf8');
};

describe('Tandem’s invites, updates and cancels in real calendar software', () => {
  it('are accepted by a CalDAV server (Radicale) and read back; a cancel is a cancel; Python’s icalendar and vobject agree', async () => {
    const today = new Date();
    const weekday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][
      (today.getUTCDay() + 4) % 7
    ];
    // Weekly, four days from now: the first meeting's invite is due at once.
    const { id, mentor, mentee } = await agreedPairing(service, {
      frequency: 'weekly',
      preferredWeekday: weekday,
    });
    // The invites go out through the outbox after the agreement was answered: wait for both,
    // so the reschedule below updates a meeting each calendar already holds.
    const [invite] = await Promise.all(
      [mentor, mentee].map((person) =>
        waitFor(`the first invite to ${person}`, async () =>
          (await mailbox(service.viewer, person)).find((e) => e.subject.startsWith('Invitation')),
        ),
      ),
    );
    if (!invite) throw new Error('no invite to the mentor');
    // Reschedule the meeting by an hour (an update), then pause (a cancel).
    const manage = new URL(
      /Reschedule or skip this meeting: (\S+)/.exec(invite.body.text ?? '')![1]!,
    );
    const page = await (await fetch(manage)).text();
    const date = /name="date" value="([^"]+)"/.exec(page)?.[1];
    // The link works the moment the invite is there (it was stored with the meeting).
    const moved = await postToLink(manage, {
      action: 'reschedule',
      ...(date ? { date } : {}),
      time: '16:00',
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const update = await waitFor('the update', async () =>
      (await mailbox(service.viewer, mentor)).find((e) => e.subject.startsWith('Updated')),
    );
    const summary = (await mailbox(service.viewer, mentor)).find((e) =>
      e.subject.startsWith('Agreed:'),
    );
    const relationship = new URL(
      /http:\/\/localhost:\d+\/l\/[\w-]+/.exec(summary?.body.text ?? '')![0],
    );
    expect((await postToLink(relationship, { action: 'pause' })).status).toBe(200);
    const cancel = await waitFor('the cancel', async () =>
      (await mailbox(service.viewer, mentor)).find((e) => e.subject.startsWith('Cancelled')),
    );
    expect(id).toBeTruthy();
    // Every message, to each party: the invite, the update and the cancel.
    const messagesTo = async (person: string) =>
      Promise.all(
        [/^Invitation/, /^Updated/, /^Cancelled/].map((subject) =>
          waitFor(`${subject} to ${person}`, async () =>
            (await mailbox(service.viewer, person)).find((e) => subject.test(e.subject)),
          ),
        ),
      );
    expect((await messagesTo(mentor)).map((m) => m.subject)).toEqual(
      [invite, update, cancel].map((m) => m.subject),
    );
    for (const [user, person] of [
      ['mentor', mentor],
      ['mentee', mentee],
    ] as const) {
      const messages = await messagesTo(person);
      const files = messages.map((email, i) => {
        const path = join(mkdtempSync(join(tmpdir(), 'tandem-ics-')), `${i}.ics`);
        writeFileSync(path, icsOf(email));
        return path;
      });

      // CalDAV: the person's calendar, then each message applied to the one event, read back.
      const auth = { authorization: `Basic ${Buffer.from(`${user}:x`).toString('base64')}` };
      const calendar = `${radicale.url}/${user}/tandem/`;
      expect((await fetch(calendar, { method: 'MKCALENDAR', headers: auth })).status).toBe(201);
      const seen = [];
      for (const [i, email] of messages.entries()) {
        const ics = icsOf(email);
        const uid = /^UID:(.+)$/m.exec(ics)![1]!.trim();
        const resource = `${calendar}${encodeURIComponent(uid)}.ics`;
        const put = await fetch(resource, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'text/calendar; charset=utf-8' },
          body: ics,
        });
        expect([201, 204], `PUT of message ${i} to ${user}: ${await put.text()}`).toContain(
          put.status,
        );
        const stored = await (await fetch(resource, { headers: auth })).text();
        seen.push({
          uid: /^UID:(.+)$/m.exec(stored)?.[1]?.trim(),
          sequence: Number(/^SEQUENCE:(\d+)/m.exec(stored)?.[1] ?? 0),
          status: /^STATUS:(.+)$/m.exec(stored)?.[1]?.trim(),
        });
      }
      expect(seen.map((s) => [s.sequence, s.status])).toEqual([
        [0, 'CONFIRMED'],
        [1, 'CONFIRMED'],
        [2, 'CANCELLED'],
      ]);
      expect(new Set(seen.map((s) => s.uid)).size).toBe(1);

      // The same files through Python's two libraries.
      const { stdout } = await promisify(execFile)('/usr/bin/python3', [
        join(projectRoot, 'e2e/parse_calendars.py'),
        ...files,
      ]);
      const parsed = JSON.parse(stdout) as {
        icalendar: { method: string; uid: string; sequence: number; status: string; tzid: string };
        vobject: { method: string; uid: string; sequence: number; status: string };
      }[];
      const expected = [
        ['REQUEST', 0, 'CONFIRMED'],
        ['REQUEST', 1, 'CONFIRMED'],
        ['CANCEL', 2, 'CANCELLED'],
      ];
      expect(
        parsed.map((p) => [p.icalendar.method, p.icalendar.sequence, p.icalendar.status]),
      ).toEqual(expected);
      expect(parsed.map((p) => [p.vobject.method, p.vobject.sequence, p.vobject.status])).toEqual(
        expected,
      );
      expect(new Set(parsed.flatMap((p) => [p.icalendar.uid, p.vobject.uid])).size).toBe(1);
      expect(parsed[0]?.icalendar.tzid).toBe('America/New_York'); // the hospital's zone
    }
  });
});
