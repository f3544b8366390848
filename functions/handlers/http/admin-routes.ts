import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  adminSessionHours,
  maxFailedSignIns,
  maxFailedSignInsOverall,
  signInWindowMinutes,
} from '#domain/admin-access';
import { addMonths, dateInZone } from '#domain/calendar-dates';
import { resendLastInvite } from '#domain/meeting';
import { conclude, type EndReason, LifecycleError, pause, resume } from '#domain/pairing';
import { importColumns } from '#domain/pairing-import-format';
import { careerStages } from '#domain/pairing-request';
import { pairingIdOfRef } from '#domain/pairing-store';
import { mondayOf } from '#domain/program-counters';
import { type DashboardFilter, dashboardFigures } from '#domain/program-dashboard';
import { mentorHours } from '#domain/program-figures';
import {
  renderAdminProblem,
  renderImportPage,
  renderPairingDetail,
  renderPairingList,
  renderSignedIn,
  renderSignIn,
  withCsrfToken,
} from '#templates/admin-pages';
import { dashboardCharts, renderDashboard } from '#templates/dashboard-page';
import { endReasonLabels } from '#templates/relationship';
import { renderActionResult } from '#templates/respond-page';
import { forgetPerson } from '#workflows/forget-person';
import { pairingFigures } from '#workflows/pairing-figures';
import { importPairings } from '#workflows/pairing-import';
import {
  actOnPairing,
  PairingNotFoundError,
  ReplacementError,
  replaceMentor,
} from '#workflows/pairing-workflow';
import { recountAllWork } from '#workflows/program-counting';
import type { AdminRoutePorts } from '../ports.ts';
import { csvResponse as csvDownload, multipartBody, uploadedCsv } from './admin-files.ts';
import {
  BadRequestError,
  firstValue,
  formBody,
  type HttpResult,
  header,
  htmlResponse,
  pathParameter,
  sameSecret,
} from './http-io.ts';
import type { AdminTools } from './pool-admin-routes.ts';

const cookieName = 'tandem_admin';

const loginCookieName = 'tandem_admin_login';

/** The largest CSV an administrator may upload. */
const importMaxBytes = 2_000_000;

/**
 * The administrators' pages. In AWS they sign in through the stack's Cognito user pool (the
 * authorization-code flow with PKCE); locally with the key printed in the start-up banner. Either
 * way a session cookie follows; without it every admin route answers 401 or redirects.
 */
export function adminRoutes(
  deps: AdminRoutePorts,
  /** More admin routes (the mentor pool's), behind the same sign-in and CSRF guard. */
  more: (tools: AdminTools) => {
    method: 'GET' | 'POST';
    path: string;
    handler: (event: APIGatewayProxyEventV2) => Promise<HttpResult>;
  }[] = () => [],
) {
  const { hospital } = deps.config;
  const sessions = deps.adminSessions;
  const secure = deps.config.publicBaseUrl.startsWith('https:') ? '; Secure' : '';
  const provider = deps.adminSignIn;
  const callbackUrl = `${deps.config.publicBaseUrl.replace(/\/$/, '')}/admin/callback`;

  const cookieValue = (event: APIGatewayProxyEventV2, name: string) =>
    (event.cookies ?? []).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  /** The signed-in session: a valid cookie that was not signed out of. */
  const session = async (event: APIGatewayProxyEventV2) => {
    const cookie = cookieValue(event, cookieName);
    const found = cookie ? await sessions.verify(cookie, deps.clock.now()) : null;
    if (!found || (await deps.adminSecurity.isRevoked(found.id))) return null;
    return found;
  };
  /**
   * A state-changing request comes from this site's own pages: the browser says so
   * (Sec-Fetch-Site, Origin — when sent, they must name this site) and the form carries the
   * session's CSRF token (a field, or the X-CSRF-Token header for scripts).
   */
  const fromOwnPages = async (
    event: APIGatewayProxyEventV2,
    csrf: string,
  ): Promise<string | null> => {
    const site = header(event, 'sec-fetch-site');
    if (site && site !== 'same-origin') return `a ${site} request`;
    const origin = header(event, 'origin');
    const host = header(event, 'host');
    const ownOrigins = [
      new URL(deps.config.publicBaseUrl).origin,
      ...(host ? [`https://${host}`, ...(secure ? [] : [`http://${host}`])] : []),
    ];
    // "null" is what browsers send under the pages' no-referrer policy; Sec-Fetch-Site (above)
    // and the token (below) still decide.
    if (origin && origin !== 'null' && !ownOrigins.includes(origin))
      return `a request from ${origin}`;
    const type = header(event, 'content-type') ?? '';
    const given = /^application\/x-www-form-urlencoded\b/i.test(type)
      ? firstValue(formBody(event).csrf)
      : /^multipart\/form-data\b/i.test(type)
        ? (
            await multipartBody(event, importMaxBytes).catch(() => ({
              fields: {} as Record<string, string>,
            }))
          ).fields.csrf
        : header(event, 'x-csrf-token');
    return sameSecret(given, csrf) ? null : 'a form without this session’s token';
  };
  const redirect = (to: string, cookies?: string[]): HttpResult => ({
    statusCode: 303,
    headers: { location: to, 'cache-control': 'no-store' },
    ...(cookies ? { cookies } : {}),
    body: '',
  });
  const unauthorized = (): HttpResult => ({
    ...htmlResponse(401, renderSignIn(hospital, 'Please sign in.')),
  });
  /**
   * Reading: pages redirect to sign-in, everything else answers 401; each page's forms get the
   * session's CSRF token. Changing (POST): also only from this site's own pages, else 403.
   */
  const guard =
    (
      handler: (
        event: APIGatewayProxyEventV2,
        signedIn: { id: string; expiresAt: Date },
      ) => Promise<HttpResult>,
      page = false,
    ) =>
    async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
      const current = await session(event);
      if (!current) return page ? redirect('/admin/sign-in') : unauthorized();
      if (event.requestContext.http.method === 'POST') {
        const refused = await fromOwnPages(event, current.csrf);
        if (refused) {
          deps.logger.warn('admin request refused', { reason: refused });
          return htmlResponse(
            403,
            renderAdminProblem(
              hospital,
              'This form did not come from this site’s admin pages, or it has expired. Open the page again and retry.',
            ),
          );
        }
      }
      const result = await handler(event, current);
      return typeof result.body === 'string' &&
        String(result.headers?.['content-type'] ?? '').startsWith('text/html')
        ? { ...result, body: withCsrfToken(result.body, current.csrf) }
        : result;
    };
  const sessionCookie = (token: string) =>
    `${cookieName}=${token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${adminSessionHours * 3600}${secure}`;

  /** With a provider: off to its sign-in page, with the state and PKCE verifier in a cookie. */
  const signInPage = async (): Promise<HttpResult> => {
    if (!provider) return htmlResponse(200, renderSignIn(hospital));
    const started = await provider.start(callbackUrl);
    const login = await sessions.issueLogin(started, deps.clock.now());
    // Lax, not Strict: the browser must send it on the redirect back from the provider.
    return redirect(started.url, [
      `${loginCookieName}=${login}; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=600${secure}`,
    ]);
  };
  /**
   * The key sign-in, throttled: after 5 wrong keys from one address (or 50 from all) in a
   * 15-minute window, every attempt is refused until the window ends — the right key too.
   */
  const signIn = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const now = deps.clock.now();
    const source = event.requestContext.http.sourceIp || 'unknown';
    const [fromHere, fromAll] = await Promise.all([
      deps.adminSecurity.failedSignIns(source, now),
      deps.adminSecurity.failedSignIns('*', now),
    ]);
    if (fromHere >= maxFailedSignIns || fromAll >= maxFailedSignInsOverall) {
      deps.logger.warn('admin sign-in throttled', { failures: fromHere, everywhere: fromAll });
      const page = htmlResponse(
        429,
        renderSignIn(hospital, `Too many wrong keys. Try again in ${signInWindowMinutes} minutes.`),
      );
      return {
        ...page,
        headers: { ...page.headers, 'retry-after': String(signInWindowMinutes * 60) },
      };
    }
    if (!sameSecret(firstValue(formBody(event).key) ?? '', deps.config.adminKey)) {
      await Promise.all([
        deps.adminSecurity.recordFailedSignIn(source, now),
        deps.adminSecurity.recordFailedSignIn('*', now),
      ]);
      return htmlResponse(401, renderSignIn(hospital, 'That key is not right.'));
    }
    return redirect('/admin/dashboard', [sessionCookie(await sessions.issue(now))]);
  };
  const callback = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const login = await sessions.verifyLogin(
      cookieValue(event, loginCookieName) ?? '',
      deps.clock.now(),
    );
    if (!provider || !login)
      return htmlResponse(
        400,
        renderAdminProblem(
          hospital,
          'The sign-in took too long or was not started here; please sign in again.',
          '/admin/sign-in',
        ),
      );
    let email: string;
    try {
      const url = new URL(callbackUrl);
      url.search = event.rawQueryString ?? '';
      ({ email } = await provider.finish(url, login));
    } catch (error) {
      deps.logger.warn('administrator sign-in refused', { reason: String(error) });
      return htmlResponse(
        401,
        renderAdminProblem(
          hospital,
          'The sign-in could not be confirmed; please sign in again.',
          '/admin/sign-in',
        ),
      );
    }
    if (!hospital.administrators.map((a) => a.toLowerCase()).includes(email))
      return htmlResponse(
        403,
        renderAdminProblem(
          hospital,
          `${email} is not an administrator of ${hospital.name}.`,
          '/admin/sign-in',
        ),
      );
    // A page, not a redirect: a SameSite=Strict cookie set at the end of a cross-site redirect
    // chain would not be sent on the next redirect, and the browser would land on sign-in again.
    return {
      ...htmlResponse(200, renderSignedIn(hospital)),
      cookies: [
        sessionCookie(await sessions.issue(deps.clock.now(), email)),
        `${loginCookieName}=; Path=/admin; HttpOnly; SameSite=Lax; Max-Age=0${secure}`,
      ],
    };
  };
  /** Ends the session for good: the old cookie no longer works, even if someone kept it. */
  const signOut = async (
    _event: APIGatewayProxyEventV2,
    signedIn: { id: string; expiresAt: Date },
  ) => {
    await deps.adminSecurity.revoke(signedIn.id, signedIn.expiresAt);
    return redirect('/admin/sign-in', [
      `${cookieName}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0${secure}`,
    ]);
  };

  const list = async (event: APIGatewayProxyEventV2) => {
    const query = event.queryStringParameters ?? {};
    return htmlResponse(
      200,
      renderPairingList(
        hospital,
        await deps.pairingStore.list(),
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.q ? { q: query.q } : {}),
        },
        await deps.alertLog.recent(new Date(deps.clock.now().getTime() - 30 * 86_400_000)),
      ),
    );
  };

  const detail = async (event: APIGatewayProxyEventV2) => {
    const id = pathParameter(event, 'id');
    const stored = await deps.pairingStore.get(id);
    if (!stored) return htmlResponse(404, renderAdminProblem(hospital, 'No such pairing.'));
    const [meetings, checkins, log] = await Promise.all([
      deps.meetingStore.list(id),
      deps.inbound.checkins.countReplies(id),
      deps.timeline.list(id),
    ]);
    return htmlResponse(
      200,
      renderPairingDetail(hospital, stored.pairing, meetings, checkins, log),
    );
  };

  const act = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const id = pathParameter(event, 'id');
    const fields = formBody(event);
    const action = firstValue(fields.action);
    const reason = firstValue(fields.reason) as EndReason | undefined;
    try {
      if (action === 'resend-invite') {
        const resent = resendLastInvite(await deps.meetingStore.list(id), deps.clock.now());
        if (!resent)
          return htmlResponse(409, renderAdminProblem(hospital, 'No invite has gone out yet.'));
        for (const work of resent.work) await deps.dueWorkStore.schedule(work);
        await deps.pairingWorkflow.runNow(resent.work);
      } else if (action === 'replace-mentor') {
        const result = await replaceMentor(deps.pairingWorkflow, id, {
          name: (firstValue(fields.mentorName) ?? '').trim(),
          email: (firstValue(fields.mentorEmail) ?? '').trim(),
          mentorAvailability: (firstValue(fields.mentorAvailability) ?? '').trim(),
        });
        if (result.kind === 'invalid') {
          const problems = Object.entries(result.errors)
            .map(([field, message]) => `${field}: ${message}`)
            .join('; ');
          return htmlResponse(400, renderAdminProblem(hospital, `The new mentor: ${problems}`));
        }
        if (result.kind === 'conflict')
          return htmlResponse(409, renderAdminProblem(hospital, result.message));
        return redirect(`/admin/pairings/${encodeURIComponent(result.pairing.id)}`);
      } else if (action === 'pause')
        await actOnPairing(deps.pairingWorkflow, id, (p, now) =>
          pause(p, 'program', undefined, now),
        );
      else if (action === 'resume')
        await actOnPairing(deps.pairingWorkflow, id, (p, now) => resume(p, 'program', now));
      else if (action === 'end' && reason && reason in endReasonLabels) {
        await actOnPairing(deps.pairingWorkflow, id, (p, now) =>
          conclude(p, 'program', reason, undefined, false, now),
        );
      } else return htmlResponse(400, renderAdminProblem(hospital, 'Unknown action.'));
    } catch (error) {
      if (
        error instanceof LifecycleError ||
        error instanceof PairingNotFoundError ||
        error instanceof ReplacementError
      ) {
        return htmlResponse(409, renderAdminProblem(hospital, error.message));
      }
      throw error;
    }
    return redirect(`/admin/pairings/${encodeURIComponent(id)}`);
  };

  /** An administrator clears an address marked undeliverable (after checking it with the person). */
  const clearUndeliverable = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const email = (firstValue(formBody(event).email) ?? '').trim().toLowerCase();
    if (!email.includes('@'))
      return htmlResponse(400, renderAdminProblem(hospital, 'Give an email address.'));
    await deps.deliverability.suppressions.clear(email);
    return redirect('/admin/pairings');
  };

  const csvResponse = (name: string, rows: unknown[][], columns: string[]) =>
    csvDownload(hospital.id, name, rows, columns);

  /** Each pairing with its dates, its end and its figures (the export reads every pairing). */
  const pairingsWithFigures = async () => {
    const now = deps.clock.now().getTime();
    const out = [];
    for (const entry of await deps.pairingStore.list()) {
      // Planned, held, hours and answered by the domain's one definition (cancelled meetings are
      // not planned; a meeting both declined, or reported not held, is not held).
      const [stored, { meetings, checkins, figures }] = await Promise.all([
        deps.pairingStore.get(entry.id),
        pairingFigures(
          { meetings: deps.meetingStore, checkins: deps.inbound.checkins },
          entry.id,
          now,
        ),
      ]);
      if (stored) out.push({ entry, pairing: stored.pairing, meetings, checkins, figures });
    }
    return out;
  };

  const exportCsv = async (): Promise<HttpResult> => {
    const rows = (await pairingsWithFigures()).map(({ entry, pairing, meetings, figures }) => {
      const count = (party: 'mentor' | 'mentee', answer: string) =>
        meetings.filter((m) => m.attendance[party] === answer).length;
      const ended = pairing.status === 'concluded' ? pairing.closedAt : undefined;
      return [
        entry.id,
        entry.status,
        entry.mentorName,
        entry.mentorEmail,
        entry.menteeName,
        entry.menteeEmail,
        pairing.mentee.careerStage,
        pairing.createdAt.slice(0, 10),
        pairing.agreedAt?.slice(0, 10) ?? '',
        ended?.slice(0, 10) ?? '',
        ended
          ? (endReasonLabels[pairing.closeReason as EndReason] ?? pairing.closeReason ?? '')
          : '',
        figures.planned,
        figures.held,
        count('mentor', 'ACCEPTED') + count('mentee', 'ACCEPTED'),
        count('mentor', 'DECLINED') + count('mentee', 'DECLINED'),
        figures.checkinsAnswered,
        figures.hours,
      ];
    });
    return csvResponse('pairings', rows, [
      'pairing',
      'state',
      'mentor',
      'mentor email',
      'mentee',
      'mentee email',
      'mentee career stage',
      'proposed',
      'agreed',
      'ended',
      'end reason',
      'meetings planned',
      'meetings held',
      'accepted',
      'declined',
      'check-ins answered',
      'hours',
    ]);
  };

  /** Each mentor's held meetings and hours per academic year, for faculty credit. */
  const mentorHoursCsv = async (): Promise<HttpResult> => {
    const now = deps.clock.now().getTime();
    const report = mentorHours(await pairingsWithFigures(), hospital.academicYearStartMonth, now);
    return csvResponse(
      'mentor-hours',
      report.map((r) => [
        r.mentorName,
        r.mentorEmail,
        r.academicYear,
        r.mentees,
        r.meetingsHeld,
        r.hours,
      ]),
      ['mentor', 'mentor email', 'academic year', 'mentees', 'meetings held', 'hours'],
    );
  };

  const dashboardFilter = (event: APIGatewayProxyEventV2): DashboardFilter => {
    const query = event.queryStringParameters ?? {};
    const today = dateInZone(deps.clock.now(), hospital.timeZone);
    const month = (value: string | undefined, fallback: string) =>
      value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : fallback;
    const toMonth = month(query.to, today.slice(0, 7));
    const fromMonth = month(query.from, addMonths(`${toMonth}-01`, -11).slice(0, 7));
    const stage = (careerStages as readonly string[]).includes(query.stage ?? '')
      ? (query.stage as DashboardFilter['stage'])
      : 'all';
    if (fromMonth > toMonth)
      throw new BadRequestError('"From month" must not be after "To month".');
    return { stage, fromMonth, toMonth };
  };

  /** The dashboard's figures: two Queries of the counters, whatever the number of pairings. */
  const figuresFor = async (filter: DashboardFilter) => {
    const today = dateInZone(deps.clock.now(), hospital.timeZone);
    const [monthRows, weekRows] = await Promise.all([
      deps.counters.monthRows(filter.fromMonth, filter.toMonth),
      deps.counters.weekRows(mondayOf(today)),
    ]);
    return dashboardFigures(monthRows, weekRows, filter, today);
  };

  const dashboard = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    let filter: DashboardFilter;
    try {
      filter = dashboardFilter(event);
    } catch (error) {
      if (error instanceof BadRequestError)
        return htmlResponse(400, renderAdminProblem(hospital, error.message));
      throw error;
    }
    const [figures, alerts] = await Promise.all([
      figuresFor(filter),
      deps.alertLog.recent(new Date(deps.clock.now().getTime() - 30 * 86_400_000)),
    ]);
    return htmlResponse(
      200,
      renderDashboard(hospital, figures, filter, alerts, {
        recountStarted: event.queryStringParameters?.recount === 'started',
      }),
    );
  };

  const dashboardCsv = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const filter = dashboardFilter(event);
    const chart = dashboardCharts(await figuresFor(filter)).find(
      (c) => c.id === event.queryStringParameters?.chart,
    );
    if (!chart) throw new BadRequestError('Unknown chart.');
    return csvResponse(chart.id, chart.table.rows, chart.table.head);
  };

  /** Erases one person's personal data; the pairings stay, so the program's totals stay right. */
  const forget = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const fields = formBody(event);
    const email = (firstValue(fields.email) ?? '').trim();
    if (!email.includes('@'))
      return htmlResponse(400, renderAdminProblem(hospital, 'Give the person’s email address.'));
    if (firstValue(fields.confirm) !== 'yes')
      return htmlResponse(
        400,
        renderAdminProblem(hospital, 'Tick the box to confirm: forgetting cannot be undone.'),
      );
    const result = await forgetPerson(deps.forget, email);
    if (result.kind === 'unknown')
      return htmlResponse(404, renderAdminProblem(hospital, `Nothing is stored about ${email}.`));
    if (result.kind === 'refused')
      return htmlResponse(409, renderAdminProblem(hospital, result.message));
    return htmlResponse(
      200,
      renderActionResult(
        hospital,
        'Forgotten',
        `Erased ${email}'s name, address and what they wrote from ${result.pairings} pairing${result.pairings === 1 ? '' : 's'}, and ${result.messages} message${result.messages === 1 ? '' : 's'} they sent. Meetings and check-ins still count in the program's figures.`,
      ),
    );
  };

  const importPage = async () => htmlResponse(200, renderImportPage(hospital, importColumns));
  const importCsv = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
    const rejected = (message: string) =>
      htmlResponse(
        400,
        renderImportPage(hospital, importColumns, {
          kind: 'rejected',
          problems: [{ row: 0, field: 'file', message }],
        }),
      );
    const upload = await uploadedCsv(event, importMaxBytes);
    if (!upload.ok) return rejected(upload.message);
    const csv = upload.text;
    const outcome = await importPairings(deps.pairingWorkflow, csv);
    return htmlResponse(
      outcome.kind === 'imported' ? 200 : 400,
      renderImportPage(hospital, importColumns, outcome),
    );
  };

  return [
    { method: 'GET' as const, path: '/admin/import', handler: guard(importPage, true) },
    { method: 'POST' as const, path: '/admin/forget', handler: guard(forget) },
    { method: 'POST' as const, path: '/admin/import', handler: guard(importCsv) },
    { method: 'GET' as const, path: '/admin/sign-in', handler: signInPage },
    { method: 'POST' as const, path: '/admin/sign-in', handler: signIn },
    { method: 'GET' as const, path: '/admin/callback', handler: callback },
    { method: 'POST' as const, path: '/admin/sign-out', handler: guard(signOut) },
    {
      method: 'GET' as const,
      path: '/admin',
      handler: guard(async () => redirect('/admin/dashboard'), true),
    },
    { method: 'GET' as const, path: '/admin/pairings', handler: guard(list, true) },
    { method: 'GET' as const, path: '/admin/export.csv', handler: guard(exportCsv) },
    { method: 'GET' as const, path: '/admin/mentor-hours.csv', handler: guard(mentorHoursCsv) },
    { method: 'GET' as const, path: '/admin/dashboard', handler: guard(dashboard, true) },
    { method: 'GET' as const, path: '/admin/dashboard.csv', handler: guard(dashboardCsv) },
    {
      method: 'POST' as const,
      path: '/admin/dashboard/recount',
      handler: guard(async () => {
        const work = recountAllWork(deps.clock.now());
        await deps.dueWorkStore.schedule(work);
        await deps.pairingWorkflow.runNow([work]);
        return redirect('/admin/dashboard?recount=started');
      }),
    },
    { method: 'GET' as const, path: '/admin/pairings/{id}', handler: guard(detail, true) },
    // The digest's short link to a pairing (pairingRef): the same page.
    {
      method: 'GET' as const,
      path: '/admin/p/{ref}',
      handler: guard(
        async (event) =>
          redirect(
            `/admin/pairings/${encodeURIComponent(pairingIdOfRef(pathParameter(event, 'ref')))}`,
          ),
        true,
      ),
    },
    { method: 'POST' as const, path: '/admin/pairings/{id}', handler: guard(act) },
    {
      method: 'POST' as const,
      path: '/admin/undeliverable/clear',
      handler: guard(clearUndeliverable),
    },
    ...more({ guard, redirect }),
  ];
}
