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
import type { LinkClaims } from '#domain/signed-link';
import { declineReasonSchema } from '#domain/suggested-change';
import {
  type LinkPageProblem,
  renderActionResult,
  renderRespondPage,
} from '#templates/respond-page';
import { nextSuggestionWork } from '#workflows/mentor-matching';
import { actOnPairing, PairingNotFoundError } from '#workflows/pairing-workflow';
import type { RespondRoutePorts } from '../ports.ts';
import { suggestedChangeFromForm } from './change-form.ts';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';
import { checkPairingLink, linkProblemPage } from './signed-link-check.ts';

/** The pages behind the signed links in proposal emails. GET only shows; POST acts. */
export function respondRoutes(deps: RespondRoutePorts) {
  const { hospital } = deps.config;
  const problemPage = (problem: LinkPageProblem, detail?: string) =>
    linkProblemPage(hospital, problem, detail);

  // Agreement links only: a meeting or relationship link cannot be used to agree.
  const check = (pairingId: string, token: string | undefined) =>
    checkPairingLink(
      deps,
      pairingId,
      token,
      (c) => c.meeting === undefined && c.purpose === undefined,
    );

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
      const parsed = suggestedChangeFromForm(fields);
      if (!parsed.ok) return reshow(parsed.message);
      decide = (p, now) => suggestChange(p, claims.party, claims.version, parsed.change, now);
    } else if (action === 'decline') {
      // A no-fault choice ("Not the right time for me"), a reason in words, or both.
      const given = [firstValue(fields.reasonChoice), firstValue(fields.reason)?.trim()]
        .filter(Boolean)
        .join(': ');
      const reason = declineReasonSchema().safeParse(given);
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
      // A pairing matched from the pool: its request is offered the next suggestion.
      await deps.outbox([nextSuggestionWork(after.id, deps.clock.now())]);
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
