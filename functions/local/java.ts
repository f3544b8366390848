import { spawnSync } from 'node:child_process';

export const javaInstallHint =
  'DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and run npm start again.';

/** The major version of `java` on PATH, or null when there is none. */
export function javaMajorVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  const major = Number(match[1]);
  // Java 8 and older report "1.8".
  return major === 1 ? Number(match[2]) : major;
}

export function javaProblem(): string | null {
  const major = javaMajorVersion();
  if (major === null) return `Java was not found. ${javaInstallHint}`;
  if (major < 17) return `Java ${major} was found. ${javaInstallHint}`;
  return null;
}
