import { type Mailer, type OutgoingEmail, ThrottledSendError } from './outgoing-email.ts';

/**
 * After SES throttles a send, the sends of the next `pauseMs` fail at once with the same error,
 * without asking SES: when the daily quota is reached, every send of a run would otherwise wait
 * through the SDK's retries and be refused all the same. Written by hand: a general circuit
 * breaker library (error ratios, half-open probes, events) does far more than this one rule.
 */
export class ThrottlePauseMailer implements Mailer {
  private pausedUntil = 0;
  private reason = '';

  constructor(
    private readonly inner: Mailer,
    private readonly now: () => Date,
    /** Told of every email not sent for throttling (the wiring counts them for an alarm). */
    private readonly onThrottled: (email: OutgoingEmail) => void = () => {},
    private readonly pauseMs = 60_000,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const at = this.now().getTime();
    if (at < this.pausedUntil) {
      this.onThrottled(email);
      throw new ThrottledSendError(`not sent: SES throttled an earlier send (${this.reason})`);
    }
    try {
      return await this.inner.send(email);
    } catch (error) {
      if (error instanceof ThrottledSendError) {
        this.pausedUntil = this.now().getTime() + this.pauseMs;
        this.reason = error.message.slice(0, 200);
        this.onThrottled(email);
      }
      throw error;
    }
  }
}
