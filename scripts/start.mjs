// `npm start`: builds when needed, then runs the Electron app, or browser mode where Electron cannot run.
import { spawn } from 'node:child_process';
import { ensureBuilt, electronBinary, runBrowserMode, ROOT } from './pipe-desktop.mjs';

/** Why Electron cannot run here, or undefined when it can (returns the binary in `binary`). */
function electronUnavailable(env = process.env) {
  const binary = electronBinary(ROOT, env);
  if (!binary) return { reason: 'the Electron binary is not installed (node_modules/electron has no dist/)' };
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  return { binary };
}

async function main() {
  ensureBuilt();
  const { binary, reason } = electronUnavailable();
  if (!binary) {
    process.stderr.write(`PIPE Desktop: ${reason}; starting browser mode instead (open the URL below).\n`);
    return runBrowserMode();
  }
  const child = spawn(binary, ['.'], { cwd: ROOT, stdio: 'inherit' });
  process.on('SIGINT', () => child.kill('SIGINT'));
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`npm start: ${err.message}\n`);
    process.exit(1);
  },
);
