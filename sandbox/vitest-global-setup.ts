// Vitest global setup for the `integration` project: starts the sandbox once, shares its SandboxInfo via env.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_INFO_ENV, writeSandboxInfo } from './info.js';
import { startSandbox, toSandboxInfo } from './sandbox.js';

/** Minimal view of vitest's TestProject we use (provide is also set so tests may `inject('pipeSandboxInfo')`). */
interface ProjectLike {
  provide?: (key: string, value: unknown) => void;
}

/**
 * Starts the sandbox unless PIPE_SANDBOX_INFO already points at a running one, writes the info JSON,
 * sets PIPE_SANDBOX_INFO (inherited by test workers, which start after global setup) and returns a
 * teardown that stops exactly what it started.
 */
export default async function setup(project?: ProjectLike): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env[SANDBOX_INFO_ENV];
  if (existing && existsSync(existing)) {
    project?.provide?.('pipeSandboxInfo', existing);
    return undefined;
  }
  const verbose = process.env.PIPE_SANDBOX_VERBOSE === '1';
  const sandbox = await startSandbox({
    log: verbose ? (l) => console.log(l) : undefined,
    tektonController: process.env.PIPE_SANDBOX_WITH_TEKTON_CONTROLLER === '1',
  });
  const file = join(sandbox.dir, 'sandbox.json');
  const info = toSandboxInfo(sandbox);
  const stop = (): Promise<void> => sandbox.stop();
  await writeSandboxInfo(file, info);
  process.env[SANDBOX_INFO_ENV] = file;
  project?.provide?.('pipeSandboxInfo', file);
  console.log(`PIPE sandbox ready in ${(info.readyMs / 1000).toFixed(1)} s (${info.dir})`);
  const onSignal = (): void => void stop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    delete process.env[SANDBOX_INFO_ENV];
    await stop();
  };
}
