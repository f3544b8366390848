import { afterEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsMetricsRecorder } from '#adapters/powertools-metrics';
import type { MetricsRecorder } from '#domain/metrics';
import { loggableError } from '#runtime/loggable-error';
import { proposeAndAgree, tick } from '../../support/active-pairing.ts';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, steppingClock } from '../../support/integration.ts';

/** EMF documents written to stdout while `run` runs. */
function emfWrittenBy(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((line) => lines.push(String(line)));
  try {
    run();
  } finally {
    spy.mockRestore();
    log.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l));
}

afterEach(() => vi.restoreAllMocks());

describe('CloudWatch metrics (embedded metric format, Powertools)', () => {
  it('adds counts up per kind and publishes one metric per name and kind, with the lag in seconds', () => {
    const recorder = new PowertoolsMetricsRecorder('northbridge-general');
    recorder.count('EmailsSent', 'meeting-invite');
    recorder.count('EmailsSent', 'meeting-invite');
    recorder.count('EmailsSent', 'checkin');
    recorder.seconds('DispatcherLagSeconds', 42);
    const documents = emfWrittenBy(() => recorder.flush());
    const invites = documents.find((d) => d.kind === 'meeting-invite');
    expect(invites).toMatchObject({
      EmailsSent: 2,
      hospital: 'northbridge-general',
      service: 'tandem',
    });
    expect(
      (invites!._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] })
        .CloudWatchMetrics[0],
    ).toMatchObject({
      Namespace: 'Tandem',
      Dimensions: [expect.arrayContaining(['kind', 'hospital', 'service'])],
    });
    expect(documents.find((d) => d.kind === 'checkin')).toMatchObject({ EmailsSent: 1 });
    expect(documents.find((d) => 'DispatcherLagSeconds' in d)).toMatchObject({
      DispatcherLagSeconds: 42,
    });
    expect(emfWrittenBy(() => recorder.flush())).toEqual([]); // nothing twice
  });

  it('a dispatcher run reports its lag and the emails it sent by kind', async () => {
    const counts = new Map<string, number>();
    const lags: number[] = [];
    let flushes = 0;
    const metrics: MetricsRecorder = {
      count: (name, kind, n = 1) =>
        counts.set(`${name}:${kind}`, (counts.get(`${name}:${kind}`) ?? 0) + n),
      seconds: (_name, value) => lags.push(value),
      flush: () => {
        flushes++;
      },
    };
    const clock = steppingClock(new Date('2027-03-01T14:00:00Z'));
    const deps = await integrationDependencies({ clock, metrics });
    const http = httpClient(deps);
    await proposeAndAgree(http);
    expect(counts.get('EmailsSent:proposal-new')).toBe(2);
    expect(counts.get('EmailsSent:agreed-summary')).toBe(2);
    // The 9 March invites were due on 2 March at 15:00 Chicago; the run is a day late.
    clock.set(new Date('2027-03-03T21:00:00Z'));
    const before = flushes;
    await tick(deps);
    expect(flushes).toBe(before + 1);
    expect(counts.get('EmailsSent:meeting-invite')).toBe(2);
    expect(lags.at(-1)).toBeGreaterThanOrEqual(86_400);
  });

  it('keeps email addresses out of logged errors', () => {
    expect(
      loggableError(
        new Error('Email address is not verified: ada.okafor@test-hospital.example.org'),
      ),
    ).toEqual({ name: 'Error', message: 'Email address is not verified: <address>' });
  });
});
