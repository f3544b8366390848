import { describe, expect, it } from 'vitest';
import { createSesEventsHandler } from '#handlers/ses-events';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { proposeAndAgree } from '../../support/active-pairing.ts';
import { httpClient, signedInAdmin } from '../../support/http-events.ts';
import {
  adminOffice,
  integrationDependencies,
  sentEmails,
  steppingClock,
  testAdminKey,
  thenOutbox,
} from '../../support/integration.ts';

const start = new Date('2027-03-01T14:00:00Z');

function bounce(email: string, bounceType = 'Permanent') {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    account: '123456789012',
    time: start.toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: email }],
      },
      mail: { tags: { 'ses:configuration-set': ['tandem-test-hospital'] } },
    },
  };
}

describe('bounces and complaints', () => {
  it('stop all mail to a hard-bounced address, pause its pairings and alert the administrators, until cleared', async () => {
    const clock = steppingClock(start);
    const deps = await integrationDependencies({ clock });
    const http = httpClient(deps);
    const { request, id } = await proposeAndAgree(http);
    const handler = thenOutbox(deps, createSesEventsHandler(deps));
    expect(
      await handler(bounce(request.mentee.email, 'Transient'), localLambdaContext('ses-events')),
    ).toEqual({ marked: 0 });
    expect(
      await handler(bounce(request.mentee.email.toUpperCase()), localLambdaContext('ses-events')),
    ).toEqual({ marked: 1 });
    expect(await handler(bounce(request.mentee.email), localLambdaContext('ses-events'))).toEqual({
      marked: 0,
    }); // once

    expect((await deps.pairingStore.get(id))?.pairing.status).toBe('paused');
    const alerts = (await sentEmails(adminOffice(deps))).filter((e) =>
      e.subject.includes('stopped receiving mail'),
    );
    expect(alerts.some((a) => a.body.text?.includes(request.mentee.email))).toBe(true);
    // The pause notice reached the mentor only.
    expect(
      (await sentEmails(request.mentor.email)).filter(
        (e) => e.subject === 'Your mentoring is paused',
      ),
    ).toHaveLength(1);
    expect(
      (await sentEmails(request.mentee.email)).filter(
        (e) => e.subject === 'Your mentoring is paused',
      ),
    ).toHaveLength(0);

    // An administrator clears it; mail flows again.
    const admin = await signedInAdmin(deps, testAdminKey);
    expect(
      (await admin.postForm('/admin/undeliverable/clear', { email: request.mentee.email })).status,
    ).toBe(303);
    expect(await deps.deliverability.suppressions.isSuppressed(request.mentee.email)).toBe(false);
  });

  it('treat a complaint like a hard bounce', async () => {
    const deps = await integrationDependencies({ clock: steppingClock(start) });
    const handler = thenOutbox(deps, createSesEventsHandler(deps));
    const event = {
      ...bounce('x@test-hospital.example.org'),
      detail: {
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'x@test-hospital.example.org' }] },
      },
    };
    expect(await handler(event, localLambdaContext('ses-events'))).toEqual({ marked: 1 });
    expect(await deps.deliverability.suppressions.isSuppressed('x@test-hospital.example.org')).toBe(
      true,
    );
  });
});
