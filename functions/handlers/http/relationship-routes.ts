import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isIsoDate } from '#domain/calendar-dates';
import {
  answerChange,
  conclude,
  type EndReason,
  endReasons,
  LifecycleError,
  pause,
  proposeChange,
  resume,
} from '#domain/pairing';
import { actOnPairing } from '#domain/pairing-workflow';
import type { TandemDependencies } from '#runtime/dependencies';
import { renderRelationshipPage } from '#templates/relationship';
import { renderActionResult } from '#templates/respond-page';
import { suggestedChangeFromForm } from './change-form.ts';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';
import { checkPairingLink } from './signed-link-check.ts';

/** Pause, resume or end, from the personal link in the summary email. GET shows; POST acts. */
export function relationshipRoutes(deps: TandemDependencies) {
  const { hospital } = deps.config;

  const check = async (event: APIGatewayProxyEventV2, token: string | undefined) => {
    const checked = await checkPairingLink(
      deps,
      pathParameter(event, 'pairingId'),
      token,
      (c) => c.purpose === 'relationship',
    );
    return checked.ok ? { ...checked, party: checked.claims.party } : checked;
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
          const parsed = suggestedChangeFromForm(fields);
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
