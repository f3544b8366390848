import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  assertValidWorkId,
  dueKeyFor,
  retryDelayMs,
  shardFor,
  upperDueKey,
} from '#domain/due-work';

const workId = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,60}$/);
const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
});

describe('due keys', () => {
  it('sort in time order whatever the ids', () => {
    fc.assert(
      fc.property(instant, instant, workId, workId, (a, b, idA, idB) => {
        fc.pre(a.getTime() !== b.getTime());
        const [early, late] =
          a < b ? [dueKeyFor(a, idA), dueKeyFor(b, idB)] : [dueKeyFor(b, idB), dueKeyFor(a, idA)];
        return early < late;
      }),
    );
  });

  it('fall at or below the upper bound for "now" exactly when the work is due', () => {
    fc.assert(
      fc.property(instant, instant, workId, (dueAt, now, id) => {
        const isDue = dueKeyFor(dueAt, id) <= upperDueKey(now);
        return isDue === dueAt.getTime() <= now.getTime();
      }),
    );
  });

  it('refuses ids that could break the key format', () => {
    expect(() => assertValidWorkId('pairing#1')).toThrow(/must be 1-200 characters/);
    expect(() => assertValidWorkId('')).toThrow();
    expect(() => assertValidWorkId('invite:PAIR-1:2027-01-05')).not.toThrow();
  });
});

describe('write sharding', () => {
  it('puts every id on a shard in range, always the same one', () => {
    fc.assert(
      fc.property(workId, fc.integer({ min: 1, max: 64 }), (id, shards) => {
        const shard = shardFor(id, shards);
        return shard >= 0 && shard < shards && shardFor(id, shards) === shard;
      }),
    );
  });

  it('spreads sequential ids evenly (each of 4 shards within 10% of its share)', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[shardFor(`invite:pairing-${i}`, 4)]! += 1;
    for (const count of counts) expect(Math.abs(count - 2500)).toBeLessThan(250);
  });
});

describe('retries', () => {
  it('back off exponentially from one minute and stop growing at six hours', () => {
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(4)).toBe(480_000);
    expect(retryDelayMs(30)).toBe(6 * 3_600_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), (n) => retryDelayMs(n + 1) >= retryDelayMs(n)),
    );
  });

  it('park the work once the attempts reach the maximum', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(afterFailure(1, 3, now)).toEqual({
      action: 'retry',
      dueAt: new Date('2027-01-01T00:01:00Z'),
    });
    expect(afterFailure(3, 3, now)).toEqual({ action: 'park' });
  });
});
