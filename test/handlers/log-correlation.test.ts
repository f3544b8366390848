import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { correlateRequests } from '#handlers/observability';
import { localLambdaContext } from '#local/api-gateway-adapter';
import { httpEvent } from '../../support/http-events.ts';

/** JSON log lines the logger wrote while `run` ran. */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    }),
    ...(['log', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((line) => lines.push(String(line))),
    ),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

describe('log correlation on HTTP requests', () => {
  it('tags lines with the request id and the pairing id of the page, then forgets them', async () => {
    const logger = new Logger({ serviceName: 'tandem', logLevel: 'INFO' });
    const handler = middy<APIGatewayProxyEventV2>(async () => {
      logger.info('working');
      return { statusCode: 200, body: '' };
    }).use(correlateRequests({ logger }));
    const lines = await logLines(async () => {
      await handler(httpEvent('GET', '/relationship/p-123?t=x'), localLambdaContext('http'));
      await handler(httpEvent('GET', '/'), localLambdaContext('http'));
      await handler(httpEvent('GET', '/l/AbCdEfGhIjKlMnOpQrStUv'), localLambdaContext('http'));
    });
    const [onPairing, elsewhere, shortLink] = lines.filter((l) => l.message === 'working');
    expect(JSON.stringify(shortLink)).not.toContain('AbCdEfGhIjKlMnOpQrStUv'); // nor a short one
    expect(onPairing).toMatchObject({
      pairingId: 'p-123',
      function_request_id: expect.any(String),
    });
    expect(elsewhere).not.toHaveProperty('pairingId');
    expect(JSON.stringify(onPairing)).not.toContain('t=x'); // no link token in the logs
  });
});
