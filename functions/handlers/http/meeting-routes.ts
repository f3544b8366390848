import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isIsoDate } from '#domain/calendar-dates';
import {
  type Meeting,
  MeetingActionError,
  type MeetingTransition,
  recordAttendance,
  rescheduleMeeting,
  skipMeeting,
} from '#domain/meeting';
import type { Pairing } from '#domain/pairing';
import { meetingWhen } from '#templates/meeting-emails';
import { renderMeetingPage } from '#templates/meeting-page';
import { renderActionResult } from '#templates/respond-page';
import { recordAttendanceAnswer } from '#workflows/attendance';
import { changeMeeting, withInviteLinks } from '#workflows/meeting-changes';
import { recountWork } from '#workflows/program-counting';
import type { MeetingRoutePorts } from '../ports.ts';
import { firstValue, formBody, type HttpResult, htmlResponse } from './http-io.ts';
import { checkMeetingLink, linkProblemPage, type MeetingLinkCheck } from './signed-link-check.ts';

/** The pages behind an invite's links. GET only shows (mail scanners open links); POST acts. */
export function meetingRoutes(deps: MeetingRoutePorts) {
  const { hospital } = deps.config;

  /** An invite's link (no purpose) for this meeting, on an active pairing. */
  const check = async (
    event: APIGatewayProxyEventV2,
    token: string | undefined,
  ): Promise<MeetingLinkCheck> => {
    const checked = await checkMeetingLink(deps, event, token, undefined);
    if (checked.ok && checked.pairing.status !== 'active') {
      return {
        ok: false,
        result: linkProblemPage(hospital, 'closed', `This pairing is ${checked.pairing.status}.`),
      };
    }
    return checked;
  };

  const show = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const checked = await check(event, event.queryStringParameters?.t);
    if (!checked.ok) return checked.result;
    const answer = event.queryStringParameters?.answer;
    return htmlResponse(
      200,
      renderMeetingPage(
        hospital,
        checked.pairing,
        checked.meeting,
        checked.claims.party,
        checked.token,
        {
          ...(answer === 'yes' || answer === 'no' ? { answer } : {}),
        },
      ),
    );
  };

  /** Change the meeting (read, decide, save if unchanged), then send what the change causes. */
  const change = async (
    pairing: Pairing,
    index: number,
    decide: (meeting: Meeting) => MeetingTransition,
  ): Promise<Meeting> => {
    // The change, the links its invites carry and the recount of the program's figures it calls
    // for are saved together.
    const pairingId = pairing.id;
    const next = await changeMeeting(
      deps.meetingStore,
      { pairingId, index },
      (meeting) => {
        const decided = withInviteLinks(deps.linkSigner, pairing, decide(meeting));
        const ref = `meeting-${index}-s${decided.meeting.sequence}`;
        return {
          ...decided,
          work: [...decided.work, recountWork(pairingId, deps.clock.now(), ref)],
        };
      },
      { attempts: 5 },
    );
    if (!next) throw new MeetingActionError('cancelled', 'This meeting no longer exists.');
    await deps.pairingWorkflow.runNow(next.work);
    return next.meeting;
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const checked = await check(event, firstValue(fields.t));
    if (!checked.ok) return checked.result;
    const { pairing, meeting, claims, token } = checked;
    const party = claims.party;
    const now = () => deps.clock.now();
    const reshow = (problem: string) =>
      htmlResponse(400, renderMeetingPage(hospital, pairing, meeting, party, token, { problem }));
    const done = (title: string, message: string) =>
      htmlResponse(200, renderActionResult(hospital, title, message));
    const action = firstValue(fields.action);
    try {
      if (action === 'attend') {
        const answer = firstValue(fields.answer) === 'yes' ? 'ACCEPTED' : 'DECLINED';
        const updated = recordAttendance(meeting, party, answer);
        if (updated !== meeting) {
          const ref = `link:${pairing.id}:${meeting.index}:s${meeting.sequence}:${party}`;
          const saved = await recordAttendanceAnswer(
            deps.inbound,
            pairing,
            meeting,
            party,
            answer,
            ref,
          );
          if (saved === 'conflict')
            return reshow('The meeting changed meanwhile; please answer again.');
        }
        return answer === 'ACCEPTED'
          ? done(
              'Thank you',
              `We have noted that you will be there on ${meetingWhen(meeting, pairing.expectations.timeZone)}.`,
            )
          : done(
              'Thank you for letting us know',
              `We have told ${pairing[party === 'mentor' ? 'mentee' : 'mentor'].name}. You can reschedule or skip the meeting from the same link.`,
            );
      }
      if (action === 'reschedule') {
        const date = firstValue(fields.date) ?? '';
        const time = firstValue(fields.time) ?? '';
        if (!isIsoDate(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
          return reshow('Choose a date and a start time.');
        const moved = await change(pairing, meeting.index, (m) =>
          rescheduleMeeting(m, pairing, hospital, { date, time, by: party }, now()),
        );
        return done(
          'Meeting moved',
          `Both of you get an updated invitation for ${meetingWhen(moved, pairing.expectations.timeZone)}.`,
        );
      }
      if (action === 'skip') {
        await change(pairing, meeting.index, (m) => skipMeeting(m, party, now()));
        return done(
          'Meeting skipped',
          'It is removed from both calendars. The next meeting stays as planned.',
        );
      }
      return reshow('Choose one of the actions below.');
    } catch (error) {
      if (error instanceof MeetingActionError) return reshow(error.message);
      throw error;
    }
  };

  return [
    { method: 'GET' as const, path: '/meetings/{pairingId}/{index}', handler: show },
    { method: 'POST' as const, path: '/meetings/{pairingId}/{index}', handler: act },
  ];
}
