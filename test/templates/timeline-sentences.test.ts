import { describe, expect, it } from 'vitest';
import { dateInZone } from '#domain/calendar-dates';
import { agree, conclude, pause, proposePairing, suggestChange } from '#domain/pairing';
import { parsePairingRequest } from '#domain/pairing-request';
import { historySentence, logSentence } from '#templates/timeline-sentences';
import { testHospital } from '../../support/integration.ts';
import { pairingRequest } from '../../support/pairing-requests.ts';

const now = new Date('2027-03-01T14:00:00Z');

describe('the administrators’ timeline in sentences', () => {
  it('names people and says what each version changed', () => {
    const parsed = parsePairingRequest(pairingRequest(), {
      hospital: testHospital,
      today: dateInZone(now, testHospital.timeZone),
    });
    if (!parsed.ok) throw new Error('invalid fixture');
    let { pairing } = proposePairing('p-1', parsed.request, now);
    pairing = suggestChange(pairing, 'mentee', 1, { frequency: 'biweekly' }, now).pairing;
    pairing = agree(pairing, 'mentor', 2, now).pairing;
    pairing = agree(pairing, 'mentee', 2, now).pairing; // a suggestion is the suggester's agreement
    pairing = pause(pairing, 'mentor', '2027-05-03', now).pairing;
    pairing = conclude(pairing, 'mentee', 'became-peers', undefined, false, now).pairing;
    expect(pairing.history.map((h) => historySentence(pairing, h))).toEqual([
      'The pairing was proposed; both were emailed the proposal.',
      'Dr Ben Liu suggested changes (version 2): how often to every 2 weeks.',
      'Dr Ada Okafor agreed to version 2, which changed how often to every 2 weeks.',
      'Both agreed: the mentoring started, and the meetings were planned.',
      'Dr Ada Okafor paused the mentoring until 2027-05-03.',
      'Dr Ben Liu ended the mentoring: the mentee has become a peer.',
    ]);
    expect(
      [
        { at: now.toISOString(), what: 'email:proposal-new', who: 'mentor' },
        { at: now.toISOString(), what: 'email:meeting-invite', who: 'mentee' },
        {
          at: now.toISOString(),
          what: 'reply:checkin',
          who: 'mentor',
          detail: 'meeting 2027-03-09',
        },
        { at: now.toISOString(), what: 'email:weekly-digest' },
      ].map((e) => logSentence(pairing, e)),
    ).toEqual([
      'The proposal was emailed to Dr Ada Okafor.',
      'A meeting invitation was emailed to Dr Ben Liu.',
      'Dr Ada Okafor replied to the check-in with next steps (meeting 2027-03-09).',
      'An email (weekly digest) was emailed to the administrators.',
    ]);
  });
});
