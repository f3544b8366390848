import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  agree,
  decline,
  isOpen,
  type Pairing,
  PairingActionError,
  type PairingProblem,
  suggestChange,
} from '#domain/pairing';
import { actOnPairing, PairingNotFoundError } from '#domain/pairing-workflow';
import type { LinkClaims } from '#domain/signed-link';
import { declineReasonSchema, parseSuggestedChange } from '#domain/suggested-change';
import type { TandemDependencies } from '#runtime/dependencies';
import {
  type LinkPageProblem,
  renderActionResult,
  renderLinkProblem,
  renderRespondPage,
} from '#templates/respond-page';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';

const problemStatus: Record<LinkPageProblem, number> = {
  expired: 410,
  tampered: 400,
  'other-pairing': 400,
  superseded: 409,
  closed: 409,
  'not-found': 404,
};

type Checked =
  | { ok: true; claims: LinkClaims; pairing: Pairing; token: string }
  | { ok: false; result: HttpResult };

/** The pages behind the signed links in proposal emails. GET only shows; POST acts. */
export function respondRoutes(deps: TandemDependencies) {
  const { hospital } = deps.config;
  const problemPage = (problem: LinkPageProblem, detail?: string) =>
    htmlResponse(problemStatus[problem], renderLinkProblem(hospital, problem, detail));

  /** Verifies the link and that it is for this pairing; a failure changes nothing. */
  const check = async (pairingId: string, token: string | undefined): Promise<Checked> => {
    if (!token) return { ok: false, result: problemPage('tampered') };
    const claims = await deps.linkSigner.verify(token, deps.clock.now());
    if (claims === 'expired' || claims === 'tampered')
      return { ok: false, result: problemPage(claims) };
    // A meeting link cannot be used to agree, and a link cannot be used on another pairing.
    if (
      claims.pairingId !== pairingId ||
      claims.meeting !== undefined ||
      claims.purpose !== undefined
    ) {
      return { ok: false, result: problemPage('other-pairing') };
    }
    const stored = await deps.pairingStore.get(pairingId);
    if (!stored) return { ok: false, result: problemPage('not-found') };
    return { ok: true, claims, pairing: stored.pairing, token };
  };

  const settledPage = (pairing: Pairing, claims: LinkClaims): HttpResult => {
    if (pairing.status === 'active') {
      return htmlResponse(
        200,
        renderActionResult(
          hospital,
          'You have both agreed',
          `This pairing is active. Each of you has been emailed a summary of the agreed expectations; meeting invites follow.`,
        ),
      );
    }
    if (!isOpen(pairing)) return problemPage('closed', `This pairing was ${pairing.status}.`);
    if (claims.version !== pairing.version) return problemPage('superseded');
    return problemPage('closed');
  };

  const show = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const checked = await check(pathParameter(event, 'id'), event.queryStringParameters?.t);
    if (!checked.ok) return checked.result;
    const { pairing, claims, token } = checked;
    if (!isOpen(pairing) || claims.version !== pairing.version) return settledPage(pairing, claims);
    return htmlResponse(200, renderRespondPage(hospital, pairing, claims.party, token));
  };

  const fromProblem = (
    problem: PairingProblem,
    pairing: Pairing,
    claims: LinkClaims,
    token: string,
    message: string,
  ) => {
    if (problem === 'superseded') return problemPage('superseded');
    if (problem === 'closed') return settledPage(pairing, claims);
    return htmlResponse(400, renderRespondPage(hospital, pairing, claims.party, token, message));
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await check(pathParameter(event, 'id'), firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, claims, token } = checked;
    const action = firstValue(fields.action);
    const reshow = (message: string) =>
      htmlResponse(400, renderRespondPage(hospital, pairing, claims.party, token, message));

    let decide: Parameters<typeof actOnPairing>[2];
    if (action === 'agree') {
      decide = (p, now) => agree(p, claims.party, claims.version, now);
    } else if (action === 'suggest') {
      const minutes = firstValue(fields.meetingMinutes);
      const parsed = parseSuggestedChange({
        frequency: firstValue(fields.frequency),
        formality: firstValue(fields.formality),
        meetingMinutes: minutes && /^\d+$/.test(minutes) ? Number(minutes) : minutes,
        timeWindow: {
          start: firstValue(fields['timeWindow.start']),
          end: firstValue(fields['timeWindow.end']),
        },
        note: firstValue(fields.note) || undefined,
      });
      if (!parsed.ok) return reshow(parsed.message);
      decide = (p, now) => suggestChange(p, claims.party, claims.version, parsed.change, now);
    } else if (action === 'decline') {
      const reason = declineReasonSchema.safeParse(firstValue(fields.reason));
      if (!reason.success) return reshow(reason.error.issues[0]?.message ?? 'Give a reason');
      decide = (p, now) => decline(p, claims.party, claims.version, reason.data, now);
    } else {
      return reshow('Choose Agree, Suggest changes or Decline.');
    }

    let after: Pairing;
    try {
      after = await actOnPairing(deps.pairingWorkflow, pairing.id, decide);
    } catch (error) {
      if (error instanceof PairingActionError)
        return fromProblem(error.problem, pairing, claims, token, error.message);
      if (error instanceof PairingNotFoundError) return problemPage('not-found');
      throw error;
    }
    const other = claims.party === 'mentor' ? after.mentee : after.mentor;
    if (after.status === 'active') return settledPage(after, claims);
    if (after.status === 'declined') {
      return htmlResponse(
        200,
        renderActionResult(
          hospital,
          'Pairing declined',
          'Thank you for letting us know. The program office has been told and will follow up with the mentee.',
        ),
      );
    }
    if (action === 'suggest') {
      return htmlResponse(
        200,
        renderActionResult(
          hospital,
          'Suggestion sent',
          `${other.name} has been emailed your version (version ${after.version}) and asked to agree to it.`,
        ),
      );
    }
    return htmlResponse(
      200,
      renderActionResult(
        hospital,
        'Thank you, you have agreed',
        `We are waiting for ${other.name}. When both of you have agreed, each gets a summary by email.`,
      ),
    );
  };

  return [
    { method: 'GET' as const, path: '/respond/{id}', handler: show },
    { method: 'POST' as const, path: '/respond/{id}', handler: act },
  ];
}
