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
