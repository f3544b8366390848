import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isIsoDate } from '#domain/calendar-dates';
import {
  answerChange,
  answerRenewal,
  answerReview,
  conclude,
  type EndReason,
  endReasons,
  LifecycleError,
  pause,
  proposeChange,
  type ReviewAnswer,
  renewalOpen,
  resume,
  reviewAnswers,
} from '#domain/pairing';
import { renderRelationshipPage, renderReviewPage } from '#templates/relationship';
import { renderActionResult } from '#templates/respond-page';
import { actOnPairing } from '#workflows/pairing-workflow';
import type { RelationshipRoutePorts } from '../ports.ts';
import { suggestedChangeFromForm } from './change-form.ts';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';
import { checkPairingLink } from './signed-link-check.ts';

/** Pause, resume or end, from the personal link in the summary email. GET shows; POST acts. */
export function relationshipRoutes(deps: RelationshipRoutePorts) {
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
    const now = deps.clock.now();
    const [meetings, checkins] = await Promise.all([
      deps.meetingStore.list(checked.pairing.id),
      deps.inbound.checkins.listCheckins(checked.pairing.id),
    ]);
    return htmlResponse(
      200,
      renderRelationshipPage(hospital, checked.pairing, checked.party, checked.token, {
        renewalOpen: renewalOpen(checked.pairing, now),
        home: { meetings, checkins, now },
      }),
    );
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await check(event, firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, party, token } = checked;
    const reshow = (problem: string) =>
      htmlResponse(
        400,
        renderRelationshipPage(hospital, pairing, party, token, {
          problem,
          renewalOpen: renewalOpen(pairing, deps.clock.now()),
        }),
      );
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
        case 'renew':
        case 'let-end': {
          const answer = action === 'renew' ? 'renew' : 'end';
          const after = await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
            answerRenewal(p, party, answer, now),
          );
          if (answer === 'end')
            return done(
              'Thank you',
              'Your mentoring ends with the term; meetings continue until then. The other person has been told.',
            );
          return after.termEndsOn !== pairing.termEndsOn
            ? done(
                'Renewed',
                `You both chose to continue, until ${after.termEndsOn}. Invites for the new term follow.`,
              )
            : done(
                'Thank you',
                'We have asked the other person; the term is renewed once they agree too.',
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

  const checkReview = (event: APIGatewayProxyEventV2, token: string | undefined) =>
    checkPairingLink(
      deps,
      pathParameter(event, 'pairingId'),
      token,
      (c) => c.purpose === 'review' && typeof c.round === 'number',
    );
  const isReviewAnswer = (value: string | undefined): value is ReviewAnswer =>
    (reviewAnswers as readonly (string | undefined)[]).includes(value);

  /**
   * The review link opens a page with its answer chosen; one button records it. Recording on GET
   * would let hospital mail scanners (which open every link) answer for the person.
   */
  const showReview = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const checked = await checkReview(event, event.queryStringParameters?.t);
    if (!checked.ok) return checked.result;
    const answer = event.queryStringParameters?.answer;
    return htmlResponse(
      200,
      renderReviewPage(
        hospital,
        checked.pairing,
        checked.claims.party,
        checked.token,
        isReviewAnswer(answer) ? answer : 'keep',
      ),
    );
  };

  const answerReviewQuestion = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await checkReview(event, firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, claims, token } = checked;
    const answer = firstValue(fields.answer);
    if (!isReviewAnswer(answer))
      return htmlResponse(
        400,
        renderReviewPage(hospital, pairing, claims.party, token, 'keep', 'Choose one answer.'),
      );
    try {
      await actOnPairing(deps.pairingWorkflow, pairing.id, (p, now) =>
        answerReview(p, claims.party, claims.round ?? 0, answer, now),
      );
    } catch (error) {
      if (error instanceof LifecycleError)
        return htmlResponse(409, renderActionResult(hospital, 'Nothing to answer', error.message));
      throw error;
    }
    return htmlResponse(
      200,
      renderActionResult(
        hospital,
        'Thank you',
        'Your answer is recorded. If you both asked for the same change, it takes effect at once; if only one of you did, the other is asked to agree.',
      ),
    );
  };

  return [
    { method: 'GET' as const, path: '/review/{pairingId}', handler: showReview },
    { method: 'POST' as const, path: '/review/{pairingId}', handler: answerReviewQuestion },
    { method: 'GET' as const, path: '/relationship/{pairingId}', handler: show },
    { method: 'POST' as const, path: '/relationship/{pairingId}', handler: act },
  ];
}
