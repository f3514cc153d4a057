#!/usr/bin/env node
// Runs a packaged PIPE Desktop with --smoke-test and checks its one-line JSON verdict (release workflow, each OS).
// Usage: node scripts/packaged-smoke.mjs <path to the app executable>
import { spawn } from 'node:child_process';

const TIMEOUT_MS = 45_000; // the app's own deadline is 30 s; this one only guards against a hang before it starts

const [executable] = process.argv.slice(2);
if (!executable) {
  process.stderr.write('usage: node scripts/packaged-smoke.mjs <app executable>\n');
  process.exit(2);
}
const child = spawn(executable, ['--smoke-test'], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (chunk) => (out += chunk.toString('utf8')));
const timer = setTimeout(() => {
  process.stderr.write(`no verdict within ${TIMEOUT_MS / 1000} s\n`);
  child.kill('SIGKILL');
}, TIMEOUT_MS);
child.on('exit', (code) => {
  clearTimeout(timer);
  const line = out.split('\n').reverse().find((l) => l.startsWith('{'));
  let verdict;
  try {
    verdict = line ? JSON.parse(line) : undefined;
  } catch {
    verdict = undefined;
  }
  process.stdout.write(`${line ?? '(no JSON line)'}\n`);
  const ok = code === 0 && verdict?.ok === true && verdict?.mode === 'electron';
  process.exit(ok ? 0 : 1);
});
