import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HospitalConfig } from '#config/hospital-config';
import { loadHospital } from '#config/hospital-files';
import { type RuntimeConfig, runtimeConfigSchema } from '#config/runtime-config';
import type { DependencySecrets } from '#runtime/dependencies';
import { ensureAdminKey, ensureSigningSecret } from './local-secrets.ts';
import { runtimeFileName, tandemHome } from './paths.ts';

export interface LocalPorts {
  http: number;
  ses: number;
  smtp: number;
  dynamodb: number;
}

/** What a running `npm start` writes to `.tandem/runtime.json` so `tandem` commands can find it. */
export interface LocalRuntimeFile {
  pid: number;
  hospitalId: string;
  tableName: string;
  ports: LocalPorts;
  inMemory: boolean;
  startedAt: string;
}

export const localRegion = 'us-east-1';

export function localTableName(hospital: HospitalConfig): string {
  return `tandem-${hospital.id}`;
}

/** The runtime config a Lambda would get from its environment, pointed at the emulators. */
export function localRuntimeConfig(
  hospital: HospitalConfig,
  ports: Pick<LocalPorts, 'ses' | 'dynamodb' | 'http'>,
  adminKey: string,
  logLevel = process.env.LOG_LEVEL ?? 'INFO',
): RuntimeConfig {
  return runtimeConfigSchema().parse({
    hospital,
    region: localRegion,
    tableName: localTableName(hospital),
    configurationSetName: `tandem-${hospital.id}`,
    logLevel,
    publicBaseUrl: `http://localhost:${ports.http}`,
    adminKey,
    acceptUnverifiedMail: true,
    endpoints: {
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      ses: `http://127.0.0.1:${ports.ses}`,
    },
  });
}

export function readLocalRuntimeFile(home = tandemHome()): LocalRuntimeFile {
  const path = join(home, runtimeFileName);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalRuntimeFile;
  } catch {
    throw new Error(`The embedded service is not running (no ${path}). Start it with: npm start`);
  }
}

/** Config and secrets of the running service, for `tandem` commands. */
export function dependenciesInputFromFile(
  file: LocalRuntimeFile,
  home = tandemHome(),
): { config: RuntimeConfig; secrets: DependencySecrets } {
  return {
    config: localRuntimeConfig(
      loadHospital(file.hospitalId),
      file.ports,
      ensureAdminKey(home),
      'WARN',
    ),
    secrets: { signingSecret: ensureSigningSecret(home) },
  };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
