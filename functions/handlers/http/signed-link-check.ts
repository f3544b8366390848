import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HospitalConfig } from '#config/hospital-config';
import type { Meeting, MeetingStore } from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import type { LinkClaims } from '#domain/signed-link';
import { type LinkPageProblem, renderLinkProblem } from '#templates/respond-page';
import type { LinkCheckPorts } from '../ports.ts';
import { followedLinkClaims } from './followed-link.ts';
import { type HttpResult, htmlResponse, pathParameter } from './http-io.ts';

const problemStatus: Record<LinkPageProblem, number> = {
  expired: 410,
  tampered: 400,
  'other-pairing': 400,
  superseded: 409,
  closed: 409,
  'not-found': 404,
};

/** The page explaining why a link cannot be used, with its HTTP status. */
export function linkProblemPage(
  hospital: HospitalConfig,
  problem: LinkPageProblem,
  detail?: string,
): HttpResult {
  return htmlResponse(problemStatus[problem], renderLinkProblem(hospital, problem, detail));
}

export type PairingLinkCheck =
  | { ok: true; claims: LinkClaims; pairing: Pairing; token: string }
  | { ok: false; result: HttpResult };

/**
 * Verifies a signed link on a page of one pairing: signature and expiry, that it is for this
 * pairing, and (`fits`) that it is the kind of link this page takes, so an agreement link cannot
 * act on a meeting and the other way round. A failure changes nothing.
 */
export async function checkPairingLink(
  deps: LinkCheckPorts,
  pairingId: string,
  token: string | undefined,
  fits: (claims: LinkClaims) => boolean,
): Promise<PairingLinkCheck> {
  const checked = await checkLinkClaims(deps, pairingId, token, fits);
  if (!checked.ok) return checked;
  const stored = await deps.pairingStore.get(pairingId);
  if (!stored) return { ok: false, result: linkProblemPage(deps.config.hospital, 'not-found') };
  return { ...checked, pairing: stored.pairing };
}

/**
 * A link's token checked for a page about `id` (a pairing, or the pool's mentor or request):
 * signature and expiry, that it is for `id`, and (`fits`) that it is the kind of link the page
 * takes. A failure is the page explaining it.
 */
export async function checkLinkClaims(
  deps: Pick<LinkCheckPorts, 'config' | 'clock' | 'linkSigner'>,
  id: string,
  token: string | undefined,
  fits: (claims: LinkClaims) => boolean,
): Promise<{ ok: true; claims: LinkClaims; token: string } | { ok: false; result: HttpResult }> {
  const fail = (problem: LinkPageProblem) => ({
    ok: false as const,
    result: linkProblemPage(deps.config.hospital, problem),
  });
  if (!token) return fail('tampered');
  const claims =
    followedLinkClaims(token) ?? (await deps.linkSigner.verify(token, deps.clock.now()));
  if (claims === 'expired' || claims === 'tampered') return fail(claims);
  if (claims.pairingId !== id || !fits(claims)) return fail('other-pairing');
  return { ok: true, claims, token };
}

export type MeetingLinkCheck =
  | {
      ok: true;
      claims: LinkClaims & { meeting: number };
      pairing: Pairing;
      meeting: Meeting;
      token: string;
    }
  | { ok: false; result: HttpResult };

/**
 * A link on one meeting's page (`/meetings/<pairing>/<index>`, or `/checkin/…` with the
 * `checkin` purpose): checked as `checkPairingLink` does, for that meeting and that purpose
 * only, and the meeting must exist. A failure changes nothing.
 */
export async function checkMeetingLink(
  deps: LinkCheckPorts & { meetingStore: Pick<MeetingStore, 'get'> },
  event: APIGatewayProxyEventV2,
  token: string | undefined,
  purpose: LinkClaims['purpose'],
): Promise<MeetingLinkCheck> {
  const pairingId = pathParameter(event, 'pairingId');
  const index = Number(pathParameter(event, 'index'));
  const checked = await checkPairingLink(
    deps,
    pairingId,
    token,
    (c) => c.meeting === index && c.purpose === purpose,
  );
  if (!checked.ok) return checked;
  const meeting = await deps.meetingStore.get(pairingId, index);
  if (!meeting) return { ok: false, result: linkProblemPage(deps.config.hospital, 'not-found') };
  return { ...checked, claims: { ...checked.claims, meeting: index }, meeting };
}
