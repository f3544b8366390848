import type { Server } from 'node:http';
import sesModule from 'aws-ses-v2-local';

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

/** Starts aws-ses-v2-local (SES v2 API plus its mail viewer at `/`) on loopback. */
export async function startLocalSes(
  port: number,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  // The package is CommonJS compiled from TypeScript: its function is the `default` export.
  const start = ((sesModule as unknown as { default?: StartSes }).default ??
    sesModule) as unknown as StartSes;
  const server = await start({ host: '127.0.0.1', port });
  server.keepAliveTimeout = 65_000; // see the HTTP server in embedded-service.ts
  server.headersTimeout = 66_000;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
