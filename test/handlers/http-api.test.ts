import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createHttpApiHandler } from '#handlers/http-api';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { buildDependencies } from '#runtime/dependencies';
import { activePairing, day, tick } from '../../support/active-pairing.ts';
import { httpClient } from '../../support/http-events.ts';
import {
  integrationDependencies,
  silentLogger,
  testSigningSecret,
} from '../../support/integration.ts';
import { respondLinkFor } from '../../support/pairing-fixtures.ts';

function get(path: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}

describe('HTTP API handler', () => {
  it('reports health after reading the table', async () => {
    const handler = createHttpApiHandler(await integrationDependencies());
    const result = (await handler(
      get('/health'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toEqual({
      status: 'ok',
      hospital: 'test-hospital',
      name: 'Test Hospital',
    });
  });

  it('answers 404 for an unknown route and 500 without internals when the table is missing', async () => {
    const missing = createHttpApiHandler(
      await integrationDependencies({ config: { tableName: 'no-such-table' } }),
    );
    const notFound = (await missing(
      get('/nope'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(notFound.statusCode).toBe(404);
    const broken = (await missing(
      get('/health'),
      localLambdaContext('http'),
    )) as APIGatewayProxyStructuredResultV2;
    expect(broken.statusCode).toBe(500);
    expect(broken.body).not.toMatch(/no-such-table|ResourceNotFound/);
  });
});

/** An agreed pairing whose first invites went out, with a link of each kind from its emails. */
async function pairingWithItsLinks() {
  const active = await activePairing();
  active.clock.advance(2 * day);
  await tick(active.deps); // the first invites, with their meeting links
  const [invite] = await active.invites();
  const meetingLink = /Reschedule or skip this meeting: (http:\/\/tandem\.test\S+)/.exec(
    invite?.event.description ?? '',
  )?.[1];
  return {
    ...active,
    respond: await respondLinkFor(active.request.mentor.email),
    relationship: await active.manageLink(active.request.mentee.email),
    meetingPath: new URL(meetingLink ?? 'http://tandem.test/missing').pathname,
  };
}

describe('the pages a person opens', () => {
  it("read a short link's stored grant once per click, though the page checks the token again", async () => {
    const { deps, respond, relationship, meetingPath } = await pairingWithItsLinks();
    const reads = new Map<string, number>();
    deps.documentClient.middlewareStack.add(
      (next) => async (args) => {
        const key = (args.input as { Key?: { pk?: { S?: string } | string } }).Key?.pk;
        const pk = typeof key === 'string' ? key : key?.S;
        if (pk?.startsWith('LINK#')) reads.set(pk, (reads.get(pk) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'countLinkReads' },
    );
    const http = httpClient(deps);
    const opened = [];
    for (const path of [respond.path, relationship.path, meetingPath])
      opened.push((await http.get(path)).status);
    expect(opened).toEqual([200, 200, 200]);
    expect([...reads.values()]).toEqual([1, 1, 1]);
    expect([...reads.keys()].map((pk) => pk.slice('LINK#'.length))).toEqual([
      respond.token,
      relationship.token,
      meetingPath.slice('/l/'.length),
    ]);
    // A POST through the short link: one read too.
    reads.clear();
    const paused = await http.postForm(relationship.path, {
      t: relationship.token,
      action: 'pause',
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatch(/paused/i);
    expect([...reads.values()]).toEqual([1]);
  });

  it('answer every GET without the signing secret (the HTTP function fetches it for the others)', async () => {
    const { deps, clock, id, respond, relationship, meetingPath } = await pairingWithItsLinks();
    // The same table and clock, with a secret that counts every time something reads it.
    let asked = 0;
    const reader = buildDependencies(
      deps.config,
      () => {
        asked += 1;
        return { signingSecret: testSigningSecret };
      },
      { clock, logger: silentLogger },
    );
    const pages = [
      '/',
      '/health',
      '/api/schema',
      `/api/pairings/${id}`,
      '/mentors/join',
      '/api/schema/mentor',
      '/request',
      '/api/schema/request',
      respond.path,
      relationship.path,
      meetingPath,
      '/l/AAAAAAAAAAAAAAAAAAAAAA',
    ];
    const statuses = [];
    for (const page of pages)
      statuses.push(`${page} ${(await httpClient(reader).get(page)).status}`);
    expect(statuses).toEqual([
      '/ 200',
      '/health 200',
      '/api/schema 200',
      `/api/pairings/${id} 401`,
      '/mentors/join 200',
      '/api/schema/mentor 200',
      '/request 200',
      '/api/schema/request 200',
      `${respond.path} 200`,
      `${relationship.path} 200`,
      expect.stringMatching(/^\/l\/[\w-]{22} 200$/),
      '/l/AAAAAAAAAAAAAAAAAAAAAA 400',
    ]);
    expect(asked).toBe(0);
    // A POST that sends a link reads it (the Lambda entry fetches it before such a request).
    await httpClient(reader).postForm(relationship.path, {
      t: relationship.token,
      action: 'pause',
    });
    expect(asked).toBeGreaterThan(0);
  });
});
