import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type HospitalConfig,
  HospitalConfigError,
  parseHospitalConfig,
} from './hospital-config.ts';

export const hospitalsDirectory = fileURLToPath(new URL('../../infra/hospitals/', import.meta.url));

/** Reads and validates one `infra/hospitals/<id>.json`; the file name must equal its `id`. */
export function loadHospitalFile(path: string): HospitalConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new HospitalConfigError(path, [`(file): ${(error as Error).message}`]);
  }
  const config = parseHospitalConfig(raw, path);
  const expectedId = basename(path, '.json');
  if (config.id !== expectedId) {
    throw new HospitalConfigError(path, [
      `id: is "${config.id}" but the file is named ${expectedId}.json`,
    ]);
  }
  return config;
}

/** Every hospital config in the directory, sorted by id so "the first example" is stable. */
export function loadAllHospitals(directory = hospitalsDirectory): HospitalConfig[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => loadHospitalFile(join(directory, name)));
}

export function loadHospital(
  id: string | undefined,
  directory = hospitalsDirectory,
): HospitalConfig {
  const hospitals = loadAllHospitals(directory);
  const chosen = id === undefined ? hospitals[0] : hospitals.find((h) => h.id === id);
  if (chosen === undefined) {
    const known = hospitals.map((h) => h.id).join(', ') || '(none)';
    throw new Error(`No hospital "${id}" in ${directory}; known hospitals: ${known}`);
  }
  return chosen;
}
