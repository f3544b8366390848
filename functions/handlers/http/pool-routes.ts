import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type MentorProfile,
  menteeRequestJsonSchema,
  mentorProfileJsonSchema,
} from '#domain/mentor-pool';
import {
  formToMentorInput,
  formToRequestInput,
  mentorFormValues,
} from '#domain/pairing-form-input';
import type { LinkClaims } from '#domain/signed-link';
import {
  defaultMentorValues,
  defaultRequestValues,
  renderChoicePage,
  renderJoinForm,
  renderJoinSubmitted,
  renderProfilePage,
  renderRequestForm,
  renderRequestSubmitted,
} from '#templates/pool-pages';
import {
  askForMentor,
  confirmListing,
  joinPool,
  PoolError,
  proposeMatch,
  setListed,
  updateProfile,
} from '#workflows/mentor-matching';
import type { PoolRoutePorts } from '../ports.ts';
import {
  BadRequestError,
  firstValue,
  formBody,
  type HttpResult,
  htmlResponse,
  jsonBody,
  jsonResponse,
  pathParameter,
} from './http-io.ts';
import { checkLinkClaims, linkProblemPage } from './signed-link-check.ts';

/**
 * The mentor pool's public side: mentors join (form and JSON), confirm and manage their listing
 * through their personal link; mentees ask (form and JSON) and, in "mentee-choice" mode, choose
 * from their suggestions through theirs. Every link opens a page; only its button changes
 * anything.
 */
export function poolRoutes(deps: PoolRoutePorts) {
  const { hospital } = deps.config;
  const matching = deps.matching;

  /** The link of this page's purpose, for this mentor or request, else the reason it is not. */
  const checkLink = async (
    event: APIGatewayProxyEventV2,
    purpose: LinkClaims['purpose'],
    token: string | undefined,
  ) => {
    const id = pathParameter(event, 'id');
    const checked = await checkLinkClaims(deps, id, token, (c) => c.purpose === purpose);
    return checked.ok ? { ...checked, id } : checked;
  };

  const readJson = (
    event: APIGatewayProxyEventV2,
  ): { ok: true; input: unknown } | { ok: false; result: HttpResult } => {
    try {
      return { ok: true, input: jsonBody(event) };
    } catch (error) {
      if (error instanceof BadRequestError)
        return { ok: false, result: jsonResponse(400, { message: error.message, errors: {} }) };
      throw error;
    }
  };

  const joinJson = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const body = readJson(event);
    if (!body.ok) return body.result;
    const result = await joinPool(matching, body.input);
    if (result.kind === 'invalid')
      return jsonResponse(400, { message: 'The mentor profile has errors', errors: result.errors });
    if (result.kind === 'exists')
      return jsonResponse(409, {
        message: 'This address is already in the pool; its personal link was emailed to it again.',
        status: result.status,
      });
    return jsonResponse(201, { id: result.profile.id, status: result.profile.status });
  };

  const joinForm = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const result = await joinPool(matching, formToMentorInput(fields));
    if (result.kind === 'invalid')
      return htmlResponse(400, renderJoinForm(hospital, { values: fields, errors: result.errors }));
    const email = String(firstValue(fields.email) ?? '')
      .trim()
      .toLowerCase();
    return htmlResponse(
      result.kind === 'joined' ? 201 : 200,
      renderJoinSubmitted(hospital, email, result.kind === 'exists'),
    );
  };

  const profilePage = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const link = await checkLink(event, 'mentor-profile', event.queryStringParameters?.t);
    if (!link.ok) return link.result;
    const profile = await matching.pool.get(link.id);
    if (!profile) return linkProblemPage(hospital, 'not-found');
    return htmlResponse(
      200,
      renderProfilePage(hospital, profile, link.token, { values: mentorFormValues(profile) }),
    );
  };

  const profileAction = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const link = await checkLink(event, 'mentor-profile', firstValue(fields.t));
    if (!link.ok) return link.result;
    /** The listing page after an action: the saved profile in the form, and what happened. */
    const shown = (profile: MentorProfile, message: string, status = 200) =>
      htmlResponse(
        status,
        renderProfilePage(hospital, profile, link.token, {
          values: mentorFormValues(profile),
          message,
        }),
      );
    const action = firstValue(fields.action);
    try {
      if (action === 'confirm')
        return shown(
          await confirmListing(matching, link.id),
          'You’re listed. We emailed you the link to this page: keep it.',
        );
      if (action === 'step-out' || action === 'step-in')
        return shown(
          await setListed(matching, link.id, action === 'step-in'),
          action === 'step-in'
            ? 'You’re listed again.'
            : 'You stepped out: no new mentees will be suggested to you. Your current mentees stay.',
        );
      if (action === 'save') {
        const result = await updateProfile(matching, link.id, formToMentorInput(fields));
        if (result.kind === 'invalid')
          return htmlResponse(
            400,
            renderProfilePage(hospital, result.profile, link.token, {
              values: fields,
              errors: result.errors,
            }),
          );
        return shown(result.profile, 'Your listing is saved.');
      }
    } catch (error) {
      if (error instanceof PoolError) {
        if (error.problem === 'not-found') return linkProblemPage(hospital, 'not-found');
        const profile = await matching.pool.get(link.id);
        if (!profile) return linkProblemPage(hospital, 'not-found');
        return htmlResponse(
          409,
          renderProfilePage(hospital, profile, link.token, { message: error.message }),
        );
      }
      throw error;
    }
    return linkProblemPage(hospital, 'tampered', 'Unknown action.');
  };

  const askJson = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const body = readJson(event);
    if (!body.ok) return body.result;
    const result = await askForMentor(matching, body.input);
    if (result.kind === 'invalid')
      return jsonResponse(400, { message: 'The request has errors', errors: result.errors });
    return jsonResponse(201, { id: result.request.id, suggestions: result.request.suggestions });
  };

  const askForm = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const result = await askForMentor(matching, formToRequestInput(fields));
    if (result.kind === 'invalid')
      return htmlResponse(
        400,
        renderRequestForm(hospital, { values: fields, errors: result.errors }),
      );
    return htmlResponse(201, renderRequestSubmitted(hospital, result.request));
  };

  const choicePage = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const link = await checkLink(event, 'mentee-choice', event.queryStringParameters?.t);
    if (!link.ok) return link.result;
    const request = await matching.pool.getRequest(link.id);
    if (!request) return linkProblemPage(hospital, 'not-found');
    return htmlResponse(200, renderChoicePage(hospital, request, link.token));
  };

  const choose = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const link = await checkLink(event, 'mentee-choice', firstValue(fields.t));
    if (!link.ok) return link.result;
    const request = await matching.pool.getRequest(link.id);
    if (!request) return linkProblemPage(hospital, 'not-found');
    const mentorId = firstValue(fields.mentorId) ?? '';
    // Only one of the three the mentee was offered.
    if (!request.suggestions.slice(0, 3).some((s) => s.mentorId === mentorId))
      return htmlResponse(
        400,
        renderChoicePage(hospital, request, link.token, 'Choose one of these mentors.'),
      );
    try {
      const result = await proposeMatch(matching, request.id, mentorId);
      if (result.kind !== 'created') {
        const message =
          result.kind === 'conflict'
            ? result.message
            : 'This mentor cannot be proposed now; choose another.';
        return htmlResponse(409, renderChoicePage(hospital, request, link.token, message));
      }
    } catch (error) {
      if (error instanceof PoolError)
        return htmlResponse(409, renderChoicePage(hospital, request, link.token, error.message));
      throw error;
    }
    const after = await matching.pool.getRequest(request.id);
    return htmlResponse(200, renderChoicePage(hospital, after ?? request, link.token));
  };

  return [
    {
      method: 'GET' as const,
      path: '/mentors/join',
      handler: async () =>
        htmlResponse(
          200,
          renderJoinForm(hospital, { values: defaultMentorValues(hospital), errors: {} }),
        ),
    },
    { method: 'POST' as const, path: '/mentors/join', handler: joinForm },
    { method: 'POST' as const, path: '/api/mentors', handler: joinJson },
    {
      method: 'GET' as const,
      path: '/api/schema/mentor',
      handler: async () => jsonResponse(200, mentorProfileJsonSchema(hospital)),
    },
    { method: 'GET' as const, path: '/mentors/profile/{id}', handler: profilePage },
    { method: 'POST' as const, path: '/mentors/profile/{id}', handler: profileAction },
    {
      method: 'GET' as const,
      path: '/request',
      handler: async () =>
        htmlResponse(
          200,
          renderRequestForm(hospital, { values: defaultRequestValues(hospital), errors: {} }),
        ),
    },
    { method: 'POST' as const, path: '/request', handler: askForm },
    { method: 'POST' as const, path: '/api/requests', handler: askJson },
    {
      method: 'GET' as const,
      path: '/api/schema/request',
      handler: async () => jsonResponse(200, menteeRequestJsonSchema(hospital)),
    },
    { method: 'GET' as const, path: '/request/choose/{id}', handler: choicePage },
    { method: 'POST' as const, path: '/request/choose/{id}', handler: choose },
  ];
}
