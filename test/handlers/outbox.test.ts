import { describe, expect, it } from 'vitest';
import { createOutboxHandler, insertedDueWork } from '#handlers/outbox';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { streamEventFor } from '#local/background-outbox';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, sentEmails } from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-fixtures.ts';

describe('the outbox: requests answer first, their mail follows', () => {
  it('answers a new pairing while SES is still holding its proposal emails, then sends them', async () => {
    const deps = await integrationDependencies();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sesCalls = 0;
    deps.sesClient.middlewareStack.add(
      (next) => async (args) => {
        sesCalls++;
        await held; // SES is slow today
        return next(args);
      },
      { step: 'initialize', name: 'holdSes' },
    );
    const request = pairingRequest();
    const http = httpClient(deps, undefined, { waitForOutbox: false });
    const answer = await http.postJson('/api/pairings', request);

    expect(answer.status).toBe(201);
    expect(await sentEmails(request.mentor.email)).toEqual([]); // answered before any mail left
    release();
    await deps.outboxSettled();
    expect(sesCalls).toBe(2);
    for (const person of [request.mentor, request.mentee])
      expect((await sentEmails(person.email)).map((e) => e.subject)).toEqual([
        expect.stringMatching(/mentoring expectations/),
      ]);
  });

  it('sends only inserted due work, each item once however often the stream repeats it', async () => {
    const deps = await integrationDependencies();
    const outbox = createOutboxHandler(deps);
    const now = deps.clock.now();
    const due = { id: `note:${now.getTime()}`, kind: 'no-such-kind', dueAt: now, payload: {} };
    const later = { ...due, id: `${due.id}:later`, dueAt: new Date(now.getTime() + 86_400_000) };
    await deps.dueWorkStore.schedule(due);
    await deps.dueWorkStore.schedule(later);
    const event = streamEventFor([due, later]);
    const modify = { ...event.Records[0]!, eventName: 'MODIFY' as const };
    expect(insertedDueWork({ Records: [...event.Records, modify] }).map((r) => r.id)).toEqual([
      due.id,
      later.id,
    ]);
    // The due one is claimed (and, being of no known kind, parked); the later one waits.
    expect(await outbox(event, localLambdaContext('outbox'))).toMatchObject({
      found: 1,
      claimed: 1,
      parked: 1,
    });
    // A redelivered batch (Lambda retries, or the dispatcher got there first) claims nothing.
    expect(await outbox(event, localLambdaContext('outbox'))).toMatchObject({ claimed: 0 });
  });
});
