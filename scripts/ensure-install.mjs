// Runs before `npm start` and `npm test` on whatever Node the machine has: when node_modules is
// missing or was installed from another lockfile, installs exactly the lockfile (npm ci), which
// also brings Node 24 (the `node` devDependency) that the scripts then run on.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.tandem-installed-lock');
const lockHash = createHash('sha256')
  .update(readFileSync(join(root, 'package-lock.json')))
  .update(readFileSync(join(root, 'package.json')))
  .digest('hex');

const installed = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';
const nodeBinary = join(root, 'node_modules', '.bin', 'node');
if (installed !== lockHash || !existsSync(nodeBinary)) {
  console.log('Installing dependencies from package-lock.json (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('npm ci failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(marker, `${lockHash}\n`);
}
