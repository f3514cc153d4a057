// Typechecks every layer with its own tsconfig, so layer rules (no DOM in src-shared, no node in the renderer) hold.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'tsconfig.json',
  'src-shared/tsconfig.json',
  'src-shared/tsconfig.test.json',
  'src-main/tsconfig.json',
  'src-node/tsconfig.json',
  'src-renderer/tsconfig.json',
  'src-service/tsconfig.json',
  'sandbox/tsconfig.json',
  'e2e/tsconfig.json',
  'bench/tsconfig.json',
].filter((p) => existsSync(p));

let failed = 0;
for (const project of projects) {
  const r = spawnSync('npx', ['tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
  else console.log(`typecheck ok: ${project}`);
}
process.exit(failed ? 1 : 0);
