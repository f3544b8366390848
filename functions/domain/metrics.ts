import type { Mailer, OutgoingEmail } from './outgoing-email.ts';

/** Port: the service's CloudWatch metrics (names in `#config/metric-names`). */
export interface MetricsRecorder {
  /** Adds 1 (or `n`) to a count, optionally split by `kind`. */
  count(name: string, kind?: string, n?: number): void;
  seconds(name: string, value: number): void;
  /** Publishes what was recorded (the end of an invocation). */
  flush(): void;
}

/** The embedded runtime and tests: nothing is published. */
export const noMetrics: MetricsRecorder = {
  count: () => {},
  seconds: () => {},
  flush: () => {},
};

/** Counts every email sent, by kind. */
export class CountingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly metrics: MetricsRecorder,
    private readonly name: string,
  ) {}

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const sent = await this.inner.send(email);
    this.metrics.count(this.name, email.kind);
    return sent;
  }
}
