import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { planMeetings } from '#domain/meeting';
import { changeMeeting } from '#workflows/meeting-changes';
import { integrationDependencies, testHospital } from '../../support/integration.ts';
import { agreedPairing } from '../../support/pairing-fixtures.ts';

const now = new Date('2027-03-01T14:00:00Z');

describe('the record of sends on a meeting stored before sends were recorded', () => {
  it('is created by the fallback write (which once named attributes it did not use)', async () => {
    const deps = await integrationDependencies();
    const pairing = agreedPairing({ hospital: testHospital, now, id: crypto.randomUUID() });
    const [planned] = planMeetings(pairing, testHospital, now);
    if (!planned) throw new Error('no meeting planned');
    expect(await deps.meetingStore.createIfAbsent(planned.meeting, [])).toBe('created');
    // As a meeting written by an older release: no `sent` map at all.
    await deps.documentClient.send(
      new UpdateCommand({
        TableName: deps.config.tableName,
        Key: { pk: `PAIR#${pairing.id}`, sk: 'MEET#0000' },
        UpdateExpression: 'REMOVE sent',
      }),
    );
    const stored = await deps.documentClient.send(
      new GetCommand({
        TableName: deps.config.tableName,
        Key: { pk: `PAIR#${pairing.id}`, sk: 'MEET#0000' },
      }),
    );
    expect(stored.Item?.sent).toBeUndefined();
    const sent = { sequence: 0, method: 'REQUEST' as const, at: now.toISOString() };
    // The one-transaction path cannot set a path in a missing map: it says so, writing nothing.
    expect(await deps.meetingStore.recordSentWith(pairing.id, 0, 'mentor', sent, [])).toBe(
      'changed',
    );
    const recorded = await deps.meetingStore.recordSent(pairing.id, 0, 'mentor', sent);
    expect(recorded?.sent).toEqual({ mentor: sent });
    // And from then on the usual path records the other person's.
    expect(await deps.meetingStore.recordSentWith(pairing.id, 0, 'mentee', sent, [])).toBe(
      'recorded',
    );
    expect((await deps.meetingStore.get(pairing.id, 0))?.sent).toEqual({
      mentor: sent,
      mentee: sent,
    });
  });
});

describe('a meeting change that meets another transaction on the meeting', () => {
  it('reads again and decides again, as for a changed meeting, instead of failing the request', async () => {
    const deps = await integrationDependencies();
    const pairing = agreedPairing({ hospital: testHospital, now, id: crypto.randomUUID() });
    const [planned] = planMeetings(pairing, testHospital, now);
    if (!planned) throw new Error('no meeting planned');
    await deps.meetingStore.createIfAbsent(planned.meeting, []);
    // DynamoDB cancels a transaction whose item another transaction holds at that moment (a
    // dispatcher recording a send): injected once, as DynamoDB answers it.
    let conflicts = 0;
    deps.documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && conflicts++ === 0)
          throw new TransactionCanceledException({
            message:
              'Transaction cancelled, please refer cancellation reasons for specific reasons',
            $metadata: { httpStatusCode: 400 },
            CancellationReasons: [
              { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
              { Code: 'None' },
            ],
          });
        return next(args);
      },
      { step: 'initialize', name: 'injectTransactionConflict' },
    );
    const moved = await changeMeeting(
      deps.meetingStore,
      { pairingId: pairing.id, index: 0 },
      (meeting) => ({
        meeting: { ...meeting, sequence: meeting.sequence + 1, status: 'cancelled' },
        work: [],
      }),
      { attempts: 3 },
    );
    expect(conflicts).toBe(2);
    expect(moved?.meeting.sequence).toBe(1);
    expect((await deps.meetingStore.get(pairing.id, 0))?.status).toBe('cancelled');
  });
});
