import { describe, expect, it } from 'vitest';
import { type Mailer, type OutgoingEmail, ThrottledSendError } from '#domain/outgoing-email';
import { ThrottlePauseMailer } from '#domain/throttled-sending';

const email = { kind: 'test', to: ['a@example.org'] } as OutgoingEmail;

/** A mailer that answers from a script and counts what reached it. */
function scripted(answers: ('ok' | 'throttle' | 'fail')[]) {
  const reached: number[] = [];
  const mailer: Mailer = {
    send: async () => {
      reached.push(reached.length);
      const answer = answers.shift() ?? 'ok';
      if (answer === 'throttle')
        throw new ThrottledSendError('ThrottlingException: Daily message quota exceeded.');
      if (answer === 'fail') throw new Error('InternalFailure');
      return { messageId: `m${reached.length}` };
    },
  };
  return { mailer, reached };
}

describe('a pause after SES throttles', () => {
  it('refuses sends at once for the pause after a throttle, then asks SES again', async () => {
    let now = Date.parse('2027-03-01T09:00:00Z');
    const inner = scripted(['ok', 'throttle', 'throttle', 'ok']);
    const throttled: string[] = [];
    const mailer = new ThrottlePauseMailer(
      inner.mailer,
      () => new Date(now),
      (e) => throttled.push(e.kind),
      60_000,
    );
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'm1' });
    await expect(mailer.send(email)).rejects.toBeInstanceOf(ThrottledSendError);
    // Within the minute: refused without reaching SES, saying why.
    now += 59_000;
    await expect(mailer.send(email)).rejects.toThrow(
      /not sent: SES throttled an earlier send \(ThrottlingException: Daily message quota exceeded\.\)/,
    );
    expect(inner.reached).toHaveLength(2);
    // After it: SES is asked again; a second throttle starts a new pause.
    now += 1_000;
    await expect(mailer.send(email)).rejects.toBeInstanceOf(ThrottledSendError);
    expect(inner.reached).toHaveLength(3);
    await expect(mailer.send(email)).rejects.toBeInstanceOf(ThrottledSendError);
    expect(inner.reached).toHaveLength(3);
    now += 60_000;
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'm4' });
    // Every email not sent for throttling is told, whether SES or the pause refused it.
    expect(throttled).toEqual(['test', 'test', 'test', 'test']);
  });

  it('does not pause for any other failure', async () => {
    const inner = scripted(['fail', 'ok']);
    const throttled: string[] = [];
    const mailer = new ThrottlePauseMailer(
      inner.mailer,
      () => new Date(0),
      (e) => throttled.push(e.kind),
    );
    await expect(mailer.send(email)).rejects.toThrow('InternalFailure');
    expect(throttled).toEqual([]);
    await expect(mailer.send(email)).resolves.toEqual({ messageId: 'm2' });
  });
});
