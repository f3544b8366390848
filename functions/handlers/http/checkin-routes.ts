import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isCheckinAnswer } from '#domain/checkin';
import { otherParty } from '#domain/pairing';
import { limits } from '#domain/pairing-request';
import { renderCheckinPage } from '#templates/checkin-page';
import { renderActionResult } from '#templates/respond-page';
import { answerCheckin } from '#workflows/checkin-answer';
import type { MeetingRoutePorts } from '../ports.ts';
import { firstValue, formBody, type HttpResult, htmlResponse } from './http-io.ts';
import { checkMeetingLink } from './signed-link-check.ts';

/** The page behind a check-in's one-tap answers. GET only shows (with the answer chosen); POST records. */
export function checkinRoutes(deps: MeetingRoutePorts) {
  const { hospital } = deps.config;

  const check = (event: APIGatewayProxyEventV2, token: string | undefined) =>
    checkMeetingLink(deps, event, token, 'checkin');

  const show = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const checked = await check(event, event.queryStringParameters?.t);
    if (!checked.ok) return checked.result;
    const chosen = event.queryStringParameters?.answer;
    return htmlResponse(
      200,
      renderCheckinPage(
        hospital,
        checked.pairing,
        checked.meeting,
        checked.claims.party,
        checked.token,
        {
          ...(isCheckinAnswer(chosen) ? { chosen } : {}),
        },
      ),
    );
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await check(event, firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, meeting, claims, token } = checked;
    const answer = firstValue(fields.answer);
    const nextSteps = firstValue(fields.nextSteps)?.trim() ?? '';
    const reshow = (problem: string) =>
      htmlResponse(
        400,
        renderCheckinPage(hospital, pairing, meeting, claims.party, token, {
          ...(isCheckinAnswer(answer) ? { chosen: answer } : {}),
          problem,
        }),
      );
    if (!isCheckinAnswer(answer)) return reshow('Choose how the meeting went.');
    if (nextSteps.length > limits.note)
      return reshow(`Keep the next steps under ${limits.note} characters.`);
    await answerCheckin(
      {
        checkins: deps.inbound.checkins,
        hospital,
        clock: deps.clock,
        outbox: deps.inbound.outbox,
        timeline: deps.inbound.timeline,
      },
      pairing,
      meeting,
      claims.party,
      answer,
      nextSteps || undefined,
    );
    const other = pairing[otherParty(claims.party)].name;
    return htmlResponse(
      200,
      renderActionResult(
        hospital,
        'Thank you',
        answer === 'help'
          ? `The program office has your request and will contact you soon. ${other} was not told.`
          : `Your answer is recorded and ${other} has been told.${nextSteps ? ' Your next steps appear in your next invite.' : ''}`,
      ),
    );
  };

  return [
    { method: 'GET' as const, path: '/checkin/{pairingId}/{index}', handler: show },
    { method: 'POST' as const, path: '/checkin/{pairingId}/{index}', handler: act },
  ];
}
