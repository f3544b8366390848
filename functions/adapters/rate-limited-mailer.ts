import pThrottle from 'p-throttle';
import type { Mailer, OutgoingEmail } from '#domain/outgoing-email';

/**
 * Keeps this process under SES's sending rate (`dispatcher.maxSendRatePerSecond`). The
 * dispatcher runs one at a time (reserved concurrency 1), so a per-process limit is the limit.
 */
export class RateLimitedMailer implements Mailer {
  private readonly throttled: (email: OutgoingEmail) => Promise<{ messageId: string }>;

  constructor(inner: Mailer, ratePerSecond: number) {
    const [limit, interval] =
      ratePerSecond >= 1 ? [Math.floor(ratePerSecond), 1000] : [1, Math.ceil(1000 / ratePerSecond)];
    this.throttled = pThrottle({ limit, interval })((email: OutgoingEmail) => inner.send(email));
  }

  send(email: OutgoingEmail): Promise<{ messageId: string }> {
    return this.throttled(email);
  }
}
