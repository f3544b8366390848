import { describe, expect, it } from 'vitest';
import type { Pairing } from '#domain/pairing';
import { type AttentionFacts, attentionDetail } from '#workflows/attention';

const pairing = {
  id: 'p1',
  status: 'active',
  mentee: { name: 'Dr Ben Liu' },
  agreedAt: '2027-03-01T00:00:00Z',
} as unknown as Pairing;
const facts = (sent: number[], answered: number[]): AttentionFacts => ({
  pairing,
  meetings: [],
  checkinsSent: sent,
  checkinsAnswered: answered,
  now: new Date('2027-06-01T00:00:00Z'),
});

describe('three unanswered check-ins in a row', () => {
  it('alerts at the third, sixth, … unanswered in a row, counted back from the check-in checked', () => {
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2], []), 2)).toContain('last 3');
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2, 3], []), 3)).toBeNull();
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2, 3, 4, 5], []), 5)).toContain(
      'last 6',
    );
  });
  it('an answer breaks the streak', () => {
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2], [1]), 2)).toBeNull();
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2, 3, 4], [1]), 4)).toContain(
      'last 3',
    );
  });
  it('looks only at check-ins up to the one checked, and only when it was sent', () => {
    expect(attentionDetail('checkins-unanswered', facts([0, 1, 2, 3], []), 2)).toContain('last 3');
    expect(attentionDetail('checkins-unanswered', facts([0, 1], []), 2)).toBeNull();
  });
  it('says nothing for a paused or ended relationship', () => {
    const paused = { ...facts([0, 1, 2], []), pairing: { ...pairing, status: 'paused' as const } };
    expect(attentionDetail('checkins-unanswered', paused, 2)).toBeNull();
  });
});
