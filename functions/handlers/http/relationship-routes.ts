import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isIsoDate } from '#domain/calendar-dates';
import {
  answerChange,
  conclude,
  type EndReason,
  endReasons,
  LifecycleError,
  type Pairing,
  type Party,
  pause,
  proposeChange,
  resume,
} from '#domain/pairing';
import { actOnPairing } from '#domain/pairing-workflow';
import { parseSuggestedChange } from '#domain/suggested-change';
import type { TandemDependencies } from '#runtime/dependencies';
import { renderRelationshipPage } from '#templates/relationship';
import { renderActionResult, renderLinkProblem } from '#templates/respond-page';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';

type Checked =
  | { ok: true; party: Party; pairing: Pairing; token: string }
  | { ok: false; result: HttpResult };

/** Pause, resume or end, from the personal link in the summary email. GET shows; POST acts. */
export function relationshipRoutes(deps: TandemDependencies) {
  const { hospital } = deps.config;

  const check = async (
    event: APIGatewayProxyEventV2,
    token: string | undefined,
  ): Promise<Checked> => {
    const pairingId = pathParameter(event, 'pairingId');
    const problem = (kind: Parameters<typeof renderLinkProblem>[1], status: number) => ({
      ok: false as const,
      result: htmlResponse(status, renderLinkProblem(hospital, kind)),
    });
    if (!token) return problem('tampered', 400);
    const claims = await deps.linkSigner.verify(token, deps.clock.now());
    if (claims === 'expired') return problem('expired', 410);
    if (claims === 'tampered') return problem('tampered', 400);
    if (claims.pairingId !== pairingId || claims.purpose !== 'relationship')
      return problem('other-pairing', 400);
    const stored = await deps.pairingStore.get(pairingId);
    if (!stored) return problem('not-found', 404);
    return { ok: true, party: claims.party, pairing: stored.pairing, token };
  };

  const show = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const checked = await check(event, event.queryStringParameters?.t);
    if (!checked.ok) return checked.result;
    return htmlResponse(
      200,
      renderRelationshipPage(hospital, checked.pairing, checked.party, checked.token),
    );
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await check(event, firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, party, token } = checked;
    const reshow = (problem: string) =>
      htmlResponse(400, renderRelationshipPage(hospital, pairing, party, token, { problem }));
    const done = (title: string, message: string) =>
      htmlResponse(200, renderActionResult(hospital, title, message));
    const action = firstValue(fields.action);
    const reason = firstValue(fields.reason) as EndReason | undefined;
    const note = (firstValue(fields.note) ?? '').trim().slice(0, 1000);
    const askNewMentor = party === 'mentor' && firstValue(fields.askNewMentor) === 'yes';
    try {
      switch (action) {
        case 'pause': {
          const until = firstValue(fields.until) || undefined;
          if (
            until !== undefined &&
            (!isIsoDate(until) || until <= new Date(deps.clock.now()).toISOString().slice(0, 10))
          ) {
            return reshow('Choose a date in the future, or leave it empty.');
          }
          await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
            pause(p, party, until, now),
          );
          return done(
            'Paused',
            'Future meetings are cancelled and both of you have been told. Resume from the same link.',
          );
        }
        case 'resume':
          await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) => resume(p, party, now));
          return done(
            'Resumed',
            'The next meetings are planned at the agreed rhythm; invites follow.',
          );
        case 'end':
          if (!reason || !(endReasons as readonly string[]).includes(reason))
            return reshow('Choose why the relationship ends.');
          return htmlResponse(
            200,
            renderRelationshipPage(hospital, pairing, party, token, {
              confirmEnd: { reason, note, askNewMentor },
            }),
          );
        case 'end-confirmed':
          if (!reason || !(endReasons as readonly string[]).includes(reason))
            return reshow('Choose why the relationship ends.');
          await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
            conclude(p, party, reason, note || undefined, askNewMentor, now),
          );
          return done(
            'The relationship has ended',
            'Both of you get a closing email, and future meetings are cancelled. Thank you.',
          );
        case 'propose-change': {
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
          await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
            proposeChange(p, party, parsed.change, now),
          );
          return done(
            'Change proposed',
            'The other person has been emailed and asked to agree. Until then, everything stays as it is.',
          );
        }
        case 'agree-change':
        case 'decline-change': {
          const version = Number(firstValue(fields.version));
          const accept = action === 'agree-change';
          await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
            answerChange(p, party, version, accept, now),
          );
          return accept
            ? done(
                'Change agreed',
                'Both of you get a new summary; the remaining meetings are replaced by new invites.',
              )
            : done(
                'Kept as it is',
                'We have let the other person know. Your mentoring continues as agreed.',
              );
        }
        default:
          return reshow('Choose one of the actions below.');
      }
    } catch (error) {
      if (error instanceof LifecycleError) return reshow(error.message);
      throw error;
    }
  };

  return [
    { method: 'GET' as const, path: '/relationship/{pairingId}', handler: show },
    { method: 'POST' as const, path: '/relationship/{pairingId}', handler: act },
  ];
}
