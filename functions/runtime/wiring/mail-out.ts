import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { RateLimitedMailer } from '#adapters/rate-limited-mailer';
import { createSesClient, SesMailer } from '#adapters/ses-mailer';
import { chartFontFamily } from '#config/chart-assets';
import { metricNames } from '#config/metric-names';
import { recordAlerts } from '#domain/alert-log';
import { meetingWorkKinds } from '#domain/meeting';
import { AfterSendMailer, type Mailer } from '#domain/outgoing-email';
import { ThrottlePauseMailer } from '#domain/throttled-sending';
import { recordOnTimeline } from '#domain/timeline';
import { loggableError } from '#runtime/loggable-error';
import { type DeliverabilityDependencies, SuppressionAwareMailer } from '#workflows/deliverability';
import type { DueWorkHandlers } from '#workflows/due-work-dispatcher';
import { matchingHandlers } from '#workflows/mentor-matching';
import { actOnPairing } from '#workflows/pairing-workflow';
import { type CountingDependencies, withRecounts } from '#workflows/program-counting';
import { dueWorkHandlers } from '../due-work-handlers.ts';
import { runDueWorkWith } from '../run-due-work.ts';
import type { CoreDependencies } from './core.ts';

export interface MailOutDependencies {
  /** The SES client under the mailer (tests inject faults into its middleware). */
  sesClient: SESv2Client;
  mailer: Mailer;
  dueWorkHandlers: DueWorkHandlers;
  deliverability: DeliverabilityDependencies;
}

/**
 * Sending: the mailer chain over SES and the dispatcher's handlers for every kind of due work.
 * Sets the core's `runDueWork`, so the outbox can run inline where this part is wired.
 */
export function withMailOut<C extends CoreDependencies>(core: C): C & MailOutDependencies {
  const { config, clock, logger, metrics } = core;
  const sesClient = createSesClient({
    region: config.region,
    ...(config.endpoints.ses ? { endpoint: config.endpoints.ses } : {}),
  });
  const recordError = (what: string) => (error: unknown) =>
    logger.warn(`${what} not recorded`, { error: loggableError(error) });
  // Inside out: what SES accepts is counted by kind; nothing goes to an undeliverable address;
  // what does go stays under SES's rate; alerts to the administrators are kept for the admin
  // page, and emails about a pairing go on its timeline.
  const now = () => clock.now();
  const mailer = new AfterSendMailer(
    new AfterSendMailer(
      new RateLimitedMailer(
        new SuppressionAwareMailer(
          new AfterSendMailer(
            // After a throttled send, a minute of sends refused at once (the daily quota).
            new ThrottlePauseMailer(
              new SesMailer(sesClient, config.configurationSetName),
              now,
              () => metrics.count(metricNames.emailsThrottled),
            ),
            (email) => metrics.count(metricNames.emailsSent, email.kind),
            recordError('email count'),
          ),
          core.suppressions,
        ),
        config.hospital.dispatcher.maxSendRatePerSecond,
      ),
      recordAlerts(core.alertLog, now),
      recordError('alert for the admin page'),
    ),
    recordOnTimeline(core.timeline, now),
    recordError('timeline entry'),
  );
  const common = {
    mailer,
    signer: core.linkSigner,
    hospital: config.hospital,
    publicBaseUrl: config.publicBaseUrl,
    meetings: core.meetingStore,
    checkins: core.checkinStore,
  };
  const counting: CountingDependencies = {
    pairings: core.pairingStore,
    meetings: core.meetingStore,
    checkins: core.checkinStore,
    counters: core.counters,
    clock,
    hospital: config.hospital,
    schedule: (work) => core.dueWorkStore.schedule(work),
  };
  const handlers = withRecounts(
    counting,
    {
      ...matchingHandlers(core.matching),
      ...dueWorkHandlers(
        { ...common, workflow: core.pairingWorkflow },
        {
          ...common,
          pairings: core.pairingStore,
          clock,
          checkinTokens: core.inbound.tokens,
          runNow: (work) => core.pairingWorkflow.runNow(work),
          outbox: core.outbox,
          timeline: core.timeline,
          suppressions: core.suppressions,
        },
        mailer,
        {
          pairings: core.pairingStore,
          meetings: core.meetingStore,
          checkins: core.checkinStore,
          hospital: config.hospital,
          clock,
          mailer,
          schedule: (work) => core.dueWorkStore.schedule(work),
          counters: core.counters,
          alertLog: core.alertLog,
          // resvg (WebAssembly) loads at the first chart, never at start-up.
          chartPng: async (svg, width) =>
            (await import('#adapters/resvg-png')).svgToPng(svg, width),
          chartFont: chartFontFamily,
          publicBaseUrl: config.publicBaseUrl,
        },
      ),
    },
    (error, pairingId) =>
      logger.warn('program counters not updated', { pairingId, error: loggableError(error) }),
    (kind) => kind === meetingWorkKinds.invite,
  );
  const wired = Object.assign(core, {
    sesClient,
    mailer,
    dueWorkHandlers: handlers,
    deliverability: {
      suppressions: core.suppressions,
      pairings: core.pairingStore,
      hospital: config.hospital,
      clock,
      mailer,
      act: (pairingId, decide) => actOnPairing(core.pairingWorkflow, pairingId, decide),
    } satisfies DeliverabilityDependencies,
  });
  wired.runDueWork = (only, options) => runDueWorkWith(wired, only, options);
  return wired;
}
