import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { metricsNamespace } from '#config/metric-names';
import type { MetricsRecorder } from '#domain/metrics';

/**
 * CloudWatch metrics through Powertools' embedded metric format (one structured log line, no
 * API call). Counts split by kind are added up during the invocation and published as one
 * metric per name and kind at `flush`, instead of one log line per email.
 */
export class PowertoolsMetricsRecorder implements MetricsRecorder {
  private readonly metrics: Metrics;
  private readonly counts = new Map<string, { name: string; kind?: string; n: number }>();
  private readonly values: { name: string; value: number }[] = [];

  constructor(hospitalId: string) {
    this.metrics = new Metrics({
      namespace: metricsNamespace,
      serviceName: 'tandem',
      defaultDimensions: { hospital: hospitalId },
    });
  }

  count(name: string, kind?: string, n = 1): void {
    const key = `${name}\u0000${kind ?? ''}`;
    const entry = this.counts.get(key) ?? { name, ...(kind ? { kind } : {}), n: 0 };
    entry.n += n;
    this.counts.set(key, entry);
  }

  seconds(name: string, value: number): void {
    this.values.push({ name, value });
  }

  flush(): void {
    for (const { name, kind, n } of this.counts.values()) {
      const single = this.metrics.singleMetric();
      if (kind) single.addDimension('kind', kind);
      single.addMetric(name, MetricUnit.Count, n);
    }
    this.counts.clear();
    const values = this.values.splice(0);
    for (const { name, value } of values) this.metrics.addMetric(name, MetricUnit.Seconds, value);
    if (values.length > 0) this.metrics.publishStoredMetrics();
  }
}
