import { parseArgs } from 'node:util';
import { loadHospital } from '#config/hospital-files';
import { startEmbeddedService } from './embedded-service.ts';
import { javaProblem } from './java.ts';
import { tandemHome } from './paths.ts';
import { portFromEnv } from './ports.ts';

// `npm start [-- --hospital <id>] [--in-memory]`: the whole service on this machine.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { hospital: { type: 'string' }, 'in-memory': { type: 'boolean', default: false } },
  });
  const problem = javaProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const env = process.env;
  const service = await startEmbeddedService({
    hospital: loadHospital(values.hospital),
    home: tandemHome(env),
    inMemory: values['in-memory'] ?? false,
    ports: {
      http: portFromEnv(env, 'PORT', 3000),
      ses: portFromEnv(env, 'SES_PORT', 8005),
      smtp: portFromEnv(env, 'SMTP_PORT', 2525),
      dynamodb: portFromEnv(env, 'DYNAMODB_PORT', 8000),
    },
    dispatchIntervalMs: portFromEnv(env, 'DISPATCH_INTERVAL_SECONDS', 60) * 1000,
  });
  console.log(service.banner);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Tandem…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => shutdown(signal));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
