// CloudWatch's share of a hospital's fixed cost: the custom metrics the functions publish (EMF),
// and the stack's alarms and dashboard, read from the synthesized stack rather than counted by hand.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp, cdkContext } from '#infra/app';

/**
 * Published list prices, us-east-1 (https://aws.amazon.com/cloudwatch/pricing/): $0.30 per custom
 * metric per month (first 10,000), $0.10 per standard-resolution alarm metric per month (a
 * metric-math alarm is charged for each metric it reads), $3 per dashboard per month. The free
 * tier (10 metrics, 10 alarms, 3 dashboards per account) is left out: hospitals share an account.
 */
export const cloudWatchPrices = { metricMonth: 0.3, alarmMetricMonth: 0.1, dashboardMonth: 3 };

/** The alarms' metrics and the dashboards of one hospital's synthesized stack. */
export function stackMonitoring(hospitalId: string): { alarmMetrics: number; dashboards: number } {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'tandem-bench-cdk-')),
    context: { ...cdkContext(), 'aws:cdk:bundling-stacks': [] },
  });
  buildApp(app);
  const stack = app.synth().stacks.find((s) => s.stackName === `Tandem-${hospitalId}`);
  if (!stack) throw new Error(`no stack for hospital ${hospitalId}`);
  const resources = Object.values(
    (stack.template as { Resources: Record<string, { Type: string; Properties?: unknown }> })
      .Resources,
  );
  let alarmMetrics = 0;
  let dashboards = 0;
  for (const resource of resources) {
    if (resource.Type === 'AWS::CloudWatch::Dashboard') dashboards++;
    if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
    const metrics = (resource.Properties as { Metrics?: { MetricStat?: unknown }[] }).Metrics;
    alarmMetrics += metrics ? metrics.filter((m) => m.MetricStat).length : 1;
  }
  return { alarmMetrics, dashboards };
}
