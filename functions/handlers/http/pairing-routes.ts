import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dateInZone } from '#domain/calendar-dates';
import { formToPairingInput } from '#domain/pairing-form-input';
import { pairingRequestJsonSchema } from '#domain/pairing-request';
import {
  defaultFormValues,
  renderPairingForm,
  renderSubmitted,
} from '#templates/pairing-form-page';
import { submitPairing } from '#workflows/pairing-workflow';
import type { PairingRoutePorts } from '../ports.ts';
import {
  BadRequestError,
  firstValue,
  formBody,
  type HttpResult,
  header,
  htmlResponse,
  jsonBody,
  jsonResponse,
  pathParameter,
  sameSecret,
} from './http-io.ts';

const idempotencyKeyPattern = /^[A-Za-z0-9_.:-]{8,100}$/;

function adminAllowed(deps: PairingRoutePorts, event: APIGatewayProxyEventV2): boolean {
  const given = /^Bearer (.+)$/.exec(header(event, 'authorization') ?? '')?.[1];
  return sameSecret(given, deps.config.adminKey);
}

export function pairingRoutes(deps: PairingRoutePorts) {
  const { hospital } = deps.config;

  const showForm = async (): Promise<HttpResult> =>
    htmlResponse(
      200,
      renderPairingForm(hospital, {
        values: defaultFormValues(hospital),
        errors: {},
        submissionId: randomUUID(),
      }),
    );

  const submitForm = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const submissionId = firstValue(fields.submissionId);
    const key =
      submissionId && idempotencyKeyPattern.test(submissionId) ? `form:${submissionId}` : undefined;
    const result = await submitPairing(deps.pairingWorkflow, formToPairingInput(fields), key);
    const again = (status: number, errors: Record<string, string>, formMessage?: string) =>
      htmlResponse(
        status,
        renderPairingForm(hospital, {
          values: fields,
          errors,
          submissionId: submissionId ?? randomUUID(),
          ...(formMessage ? { formMessage } : {}),
        }),
      );
    switch (result.kind) {
      case 'created':
        return htmlResponse(result.repeated ? 200 : 201, renderSubmitted(hospital, result.pairing));
      case 'invalid':
        return again(400, result.errors);
      case 'conflict':
        return again(409, {}, result.message);
    }
  };

  const submitJson = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    let input: unknown;
    try {
      input = jsonBody(event);
    } catch (error) {
      if (error instanceof BadRequestError)
        return jsonResponse(400, { message: error.message, errors: {} });
      throw error;
    }
    const key = header(event, 'idempotency-key');
    if (key !== undefined && !idempotencyKeyPattern.test(key)) {
      return jsonResponse(400, {
        message: 'Idempotency-Key must be 8-100 letters, digits or _ . : -',
        errors: { 'Idempotency-Key': 'Use 8-100 letters, digits or _ . : -' },
      });
    }
    const result = await submitPairing(deps.pairingWorkflow, input, key ? `api:${key}` : undefined);
    switch (result.kind) {
      case 'created':
        return jsonResponse(result.repeated ? 200 : 201, {
          id: result.pairing.id,
          status: result.pairing.status,
        });
      case 'invalid':
        return jsonResponse(400, {
          message: 'The pairing request has errors',
          errors: result.errors,
        });
      case 'conflict':
        return jsonResponse(409, { message: result.message });
    }
  };

  const schema = async (): Promise<HttpResult> =>
    jsonResponse(
      200,
      pairingRequestJsonSchema({
        hospital,
        today: dateInZone(deps.clock.now(), hospital.timeZone),
      }),
    );

  const getPairing = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    if (!adminAllowed(deps, event)) {
      return {
        ...jsonResponse(401, {
          message: 'Administrators only: send Authorization: Bearer <admin key>',
        }),
        headers: { ...jsonResponse(401, {}).headers, 'www-authenticate': 'Bearer' },
      };
    }
    const stored = await deps.pairingStore.get(pathParameter(event, 'id'));
    if (!stored) return jsonResponse(404, { message: 'No such pairing' });
    return jsonResponse(200, stored.pairing);
  };

  return [
    { method: 'GET' as const, path: '/', handler: showForm },
    { method: 'POST' as const, path: '/', handler: submitForm },
    { method: 'POST' as const, path: '/api/pairings', handler: submitJson },
    { method: 'GET' as const, path: '/api/schema', handler: schema },
    { method: 'GET' as const, path: '/api/pairings/{id}', handler: getPairing },
  ];
}
