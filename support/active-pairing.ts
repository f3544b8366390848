import { createDispatcherHandler } from '#handlers/dispatcher';
import { localLambdaContext } from '#local/api-gateway-adapter';
import type { TandemDependencies } from '#runtime/dependencies';
import { httpClient } from './http-events.ts';
import { integrationDependencies, sentEmails, steppingClock, testAdminKey } from './integration.ts';
import { pairingRequest, respondLinkFor, shortLinkIn } from './pairing-fixtures.ts';
import { captureRawMail, invitesIn } from './raw-mail.ts';

export const start = new Date('2027-03-01T14:00:00Z');
export const day = 86_400_000;
export const admin = { authorization: `Bearer ${testAdminKey}` };

/** A pairing both parties agreed to on 1 March 2027, with helpers to read what was sent. */
export async function activePairing(
  overrides: Record<string, unknown> = {},
  dependencies: Omit<Parameters<typeof integrationDependencies>[0], 'clock'> = {},
) {
  const clock = steppingClock(start);
  const deps = await integrationDependencies({ clock, ...dependencies });
  const http = httpClient(deps);
  const { request, id } = await proposeAndAgree(http, overrides);
  const raw = captureRawMail(deps);
  /** The personal "pause or end" link from a party's summary email. */
  const manageLink = async (email: string) => {
    const [summary] = (await sentEmails(email)).filter((e) => e.subject.startsWith('Agreed:'));
    const link = shortLinkIn(summary?.body.text ?? '');
    if (!link) throw new Error(`no link in the summary to ${email}`);
    return link;
  };
  const invites = () => invitesIn(raw);
  return { deps, clock, http, request, id, raw, manageLink, invites };
}

/** A pairing proposed through the JSON API and agreed by both from their proposal emails. */
export async function proposeAndAgree(
  http: ReturnType<typeof httpClient>,
  overrides: Record<string, unknown> = {},
) {
  const request = pairingRequest(overrides);
  const id = (await http.postJson('/api/pairings', request)).json().id as string;
  for (const party of [request.mentor, request.mentee]) {
    const link = await respondLinkFor(party.email);
    await http.postForm(`/respond/${id}`, { t: link.token, action: 'agree' });
  }
  return { request, id };
}

/** One scheduled dispatcher run, and the outbox deliveries it caused. */
export const tick = async (deps: TandemDependencies) => {
  const summary = await createDispatcherHandler(deps)({}, localLambdaContext('dispatcher'));
  await deps.outboxSettled();
  return summary;
};
