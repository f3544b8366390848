import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { httpClient } from '../../support/http-events.ts';
import {
  integrationDependencies,
  sentEmails,
  steppingClock,
  testHospital,
} from '../../support/integration.ts';
import { pairingRequest, respondLinkFor } from '../../support/pairing-fixtures.ts';

const start = new Date('2027-03-01T14:00:00Z'); // Monday

describe('the weekly digest', () => {
  it('sends the administrators the program’s figures every Monday', async () => {
    const clock = steppingClock(start);
    // Its own administrator address: other test files' digests go to the shared test one.
    const administrator = `digest-${randomUUID()}@test-hospital.example.org`;
    const deps = await integrationDependencies({
      clock,
      hospital: { ...testHospital, administrators: [administrator] },
    });
    const http = httpClient(deps);
    const tick = () => createDispatcherHandler(deps)({}, localLambdaContext('dispatcher'));
    const request = pairingRequest();
    const id = (await http.postJson('/api/pairings', request)).json().id as string;
    clock.advance(86_400_000); // agreed a day later
    for (const party of [request.mentor, request.mentee]) {
      const link = await respondLinkFor(party.email);
      await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' });
    }
    await http.postJson('/api/pairings', pairingRequest()); // stays unanswered
    await tick(); // schedules the first digest (Monday 8 March, 08:00 Chicago)
    clock.set(new Date('2027-03-15T15:00:00Z')); // the second Monday: the 9 March meeting is over
    await tick();
    const digests = (await sentEmails(administrator)).filter((e) =>
      e.subject.includes('Weekly digest'),
    );
    // The 8 March digest ran at the first tick after it was due; the next is for 22 March.
    expect(digests.map((d) => d.subject)).toEqual([
      '[Physician Mentoring Program] Weekly digest, week of 2027-03-08',
    ]);
    const latest = digests[0];
    expect(latest?.body.text).toContain('Active pairings: 1');
    expect(latest?.body.text).toContain('Median days to agreement: 1');
    expect(latest?.body.text).toContain('Mentoring hours: 0.5');
    expect(latest?.body.text).toContain('Proposals waiting over 7 days: 1');
    expect(latest?.body.text).toContain('Check-in response rate: 0%');
  });
});
