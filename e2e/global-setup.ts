// E2E global setup: builds the app once when out/ is missing or stale, and checks Chromium is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, ROOT } from './harness';

/** Runs before the e2e project. */
export default function setup(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pipe-desktop.mjs'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Building the app for the e2e tests failed (see above).');
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The e2e tests need Chromium at ${CHROMIUM_PATH}: run 'apt-get update && apt-get install -y chromium' as root.`);
  }
}
