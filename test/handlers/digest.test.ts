import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import {
  integrationDependencies,
  simpleParser,
  steppingClock,
  testAdminKey,
  testHospital,
} from '../../support/integration.ts';
import { pairingRequest, respondLinkFor } from '../../support/pairing-fixtures.ts';
import { captureRawMail } from '../../support/raw-mail.ts';

const start = new Date('2027-03-01T14:00:00Z'); // Monday

/** A PNG's width and height, from its IHDR chunk (the first, right after the signature). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the weekly digest', () => {
  it('sends each figure with its change since the week before, the pairs at risk and a PNG chart', async () => {
    const clock = steppingClock(start);
    // Its own administrator address: other test files' digests go to the shared test one.
    const administrator = `digest-${randomUUID()}@test-hospital.example.org`;
    const deps = await integrationDependencies({
      clock,
      hospital: { ...testHospital, administrators: [administrator] },
    });
    const raw = captureRawMail(deps);
    const http = httpClient(deps);
    const tick = async () => {
      await createDispatcherHandler(deps)({}, localLambdaContext('dispatcher'));
      await deps.outboxSettled();
    };
    const request = pairingRequest();
    const id = (await http.postJson('/api/pairings', request)).json().id as string;
    for (const party of [request.mentor, request.mentee]) {
      const link = await respondLinkFor(party.email);
      await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' });
    }
    const waiting = (await http.postJson('/api/pairings', pairingRequest())).json().id as string; // stays unanswered
    await tick(); // schedules the first digest (Monday 8 March, 08:00 Chicago)

    const digests = async () => {
      const mine = raw.filter(
        (m) => m.to.includes(administrator) && m.raw.includes('Weekly digest'),
      );
      // keepCidLinks: the HTML as sent, not with mailparser's data: URLs in place of cid: ones.
      return Promise.all(mine.map((m) => simpleParser(m.raw, { keepCidLinks: true })));
    };

    clock.set(new Date('2027-03-08T15:00:00Z'));
    await tick(); // the digest of the week of 1 March
    const [first] = await digests();
    expect(first?.subject).toBe('[Physician Mentoring Program] Weekly digest, week of 2027-03-01');
    const firstText = String(first?.text);
    expect(firstText).toContain(
      'Active pairings at the end of the week:\n  1 (+1 on the week before)',
    );
    expect(firstText).toContain('Waiting for agreement:\n  1 (+1 on the week before)');
    expect(firstText).toContain('New proposals:\n  2 (+2 on the week before)');
    expect(firstText).toContain('Pairings agreed:\n  1 (+1 on the week before)');
    expect(firstText).toContain(
      'Invite acceptance:\n  no data (no figure the week before to compare)',
    );

    clock.set(new Date('2027-03-10T15:00:00Z'));
    await tick(); // the 9 March meeting is over: its check-in goes out, and it counts as held
    clock.set(new Date('2027-03-15T15:00:00Z'));
    await tick(); // the digest of the week of 8 March
    const second = (await digests())[1];
    expect(second?.subject).toContain('week of 2027-03-08');
    const text = String(second?.text);
    expect(text).toContain(
      'Active pairings at the end of the week:\n  1 (same as the week before)',
    );
    expect(text).toContain('Meetings held:\n  1 of 1 planned (+1 on the week before)');
    expect(text).toContain('Mentoring hours:\n  0.5 (+0.5 on the week before)');
    expect(text).toContain('New proposals:\n  0 (−2 on the week before)');
    expect(text).toContain('Check-in response:\n  0% (no figure the week before to compare)');

    // The pairs at risk: the alert of 8 March about the unanswered proposal, linked to it by a
    // short admin link that opens its page.
    expect(text).toMatch(
      /Pairs at risk:\n(- .*\n)*- Agreement pending for over 7 days: .*\(http:\/\/tandem\.test\/admin\/p\/[\w-]{22}\)/,
    );
    const link = /href="(http[^"]*\/admin\/p\/[\w-]{22})"/.exec(String(second?.html))?.[1] ?? '';
    const admin = await signedInAdmin(deps, testAdminKey);
    const opened = await admin.get(new URL(link).pathname);
    expect(opened.headers.location).toBe(`/admin/pairings/${waiting}`);

    // The chart: a PNG inline in the HTML by its Content-ID, 1200 × 480 pixels (600 × 240 at 2×).
    const png = second?.attachments.find((a) => a.contentType === 'image/png');
    expect(png?.cid).toBe('weekly-meetings@tandem');
    expect(png?.related).toBe(true);
    expect(String(second?.html)).toContain('src="cid:weekly-meetings@tandem"');
    expect(pngSize(png?.content as Buffer)).toEqual({ width: 1200, height: 480 });
    expect(String(second?.html)).toMatch(
      /alt="Meetings held and planned, week by week: [^"]*8 Mar: 1 held of 1 planned/,
    );
  });
});
