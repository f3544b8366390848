import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { pairingIdOfRef } from '#domain/pairing-store';
import { renderAdminProblem } from '#templates/admin-pages';
import {
  renderPoolImportPage,
  renderPoolPage,
  renderRequestAdmin,
  renderRequestList,
} from '#templates/pool-pages';
import { PoolError, proposeMatch } from '#workflows/mentor-matching';
import {
  importPool,
  poolCsvRow,
  poolExportColumns,
  poolImportColumns,
} from '#workflows/pool-import';
import type { PoolRoutePorts } from '../ports.ts';
import { csvResponse, uploadedCsv } from './admin-files.ts';
import { firstValue, formBody, type HttpResult, htmlResponse, pathParameter } from './http-io.ts';

type Handler = (event: APIGatewayProxyEventV2) => Promise<HttpResult>;

/** What the admin routes lend: their sign-in and CSRF guard, and their redirect. */
export interface AdminTools {
  guard: (handler: Handler, page?: boolean) => Handler;
  redirect: (to: string) => HttpResult;
}

/**
 * The mentor pool for the program office: the pool (load against capacity, availability, last
 * active) and its CSV, the mentees' requests, and one request's suggestions with "Propose this
 * match" (coordinator mode; in mentee-choice mode the office may still propose).
 */
export function poolAdminRoutes(deps: PoolRoutePorts, { guard, redirect }: AdminTools) {
  const { hospital } = deps.config;
  const matching = deps.matching;

  const withLoads = async () => {
    const profiles = (await matching.pool.all()).sort((a, b) => a.name.localeCompare(b.name));
    const loads = await matching.pool.loads(profiles.map((p) => p.email));
    return profiles.map((profile) => ({ profile, load: loads.get(profile.email) ?? 0 }));
  };

  const requestPage = async (id: string, status = 200, message?: string): Promise<HttpResult> => {
    const request = await matching.pool.getRequest(id);
    if (!request) return htmlResponse(404, renderAdminProblem(hospital, 'No such request.'));
    const names = await Promise.all(
      request.passedOver.map(async (m) => (await matching.pool.get(m))?.name ?? m),
    );
    return htmlResponse(status, renderRequestAdmin(hospital, request, names, message));
  };

  const propose: Handler = async (event) => {
    const id = pathParameter(event, 'id');
    const mentorId = firstValue(formBody(event).mentorId) ?? '';
    try {
      const result = await proposeMatch(matching, id, mentorId);
      if (result.kind === 'created')
        return redirect(`/admin/pairings/${encodeURIComponent(result.pairing.id)}`);
      const message =
        result.kind === 'conflict'
          ? result.message
          : `The match could not be proposed: ${Object.values(result.errors).join('; ')}`;
      return requestPage(id, 409, message);
    } catch (error) {
      if (error instanceof PoolError)
        return requestPage(id, error.problem === 'not-found' ? 404 : 409, error.message);
      throw error;
    }
  };

  const poolCsv: Handler = async () =>
    csvResponse(
      hospital.id,
      'mentor-pool',
      (await withLoads()).map(({ profile, load }) => poolCsvRow(profile, load)),
      poolExportColumns,
    );

  const importPage: Handler = async () =>
    htmlResponse(200, renderPoolImportPage(hospital, poolImportColumns));

  const importCsv: Handler = async (event) => {
    const upload = await uploadedCsv(event, 2_000_000);
    const outcome = upload.ok
      ? await importPool(matching, upload.text)
      : {
          kind: 'rejected' as const,
          problems: [{ row: 0, field: 'file', message: upload.message }],
        };
    return htmlResponse(
      outcome.kind === 'imported' ? 200 : 400,
      renderPoolImportPage(hospital, poolImportColumns, outcome),
    );
  };

  return [
    { method: 'GET' as const, path: '/admin/pool/import', handler: guard(importPage, true) },
    { method: 'POST' as const, path: '/admin/pool/import', handler: guard(importCsv) },
    {
      method: 'GET' as const,
      path: '/admin/pool',
      handler: guard(
        async () => htmlResponse(200, renderPoolPage(hospital, await withLoads())),
        true,
      ),
    },
    { method: 'GET' as const, path: '/admin/pool.csv', handler: guard(poolCsv) },
    {
      method: 'GET' as const,
      path: '/admin/requests',
      handler: guard(
        async () => htmlResponse(200, renderRequestList(hospital, await matching.pool.requests())),
        true,
      ),
    },
    {
      method: 'GET' as const,
      path: '/admin/requests/{id}',
      handler: guard((event) => requestPage(pathParameter(event, 'id')), true),
    },
    { method: 'POST' as const, path: '/admin/requests/{id}', handler: guard(propose) },
    // The emails' short link to a request (its UUID in 22 characters).
    {
      method: 'GET' as const,
      path: '/admin/r/{ref}',
      handler: guard(
        async (event) =>
          redirect(
            `/admin/requests/${encodeURIComponent(pairingIdOfRef(pathParameter(event, 'ref')))}`,
          ),
        true,
      ),
    },
  ];
}
