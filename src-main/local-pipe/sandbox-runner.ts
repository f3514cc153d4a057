// The sandbox as the local PIPE service uses it: check, build, start, and act as the browser on its own Dex login.
// The sandbox code (and @kubernetes/client-node under it) is imported only when the user starts a local PIPE.
import { join } from 'node:path';
import type { BuildProgress } from '../../sandbox/build-binaries';

/** A running local PIPE. */
export interface LocalSandbox {
  /** The platform profile file the sandbox wrote (Dex, core and runtime clusters with their CAs). */
  readonly profilePath: string;
  /** Every process it started (tests check they are gone after stop). */
  readonly pids: readonly number[];
  /** Acts as the user's browser on an authorization URL of the sandbox's Dex (through its fake GitHub). */
  browse(authUrl: string): Promise<void>;
  stop(): Promise<void>;
}

/** What is missing to start, and the Go that can build it (undefined without Go). */
export interface SandboxCheck {
  readonly missing: readonly string[];
  readonly go: string | undefined;
}

/** The sandbox operations the service needs; the real one below, fakes in unit tests. */
export interface SandboxRunner {
  check(): Promise<SandboxCheck>;
  build(opts: { signal: AbortSignal; log: (line: string) => void; onProgress: (p: BuildProgress) => void }): Promise<void>;
  start(opts: { log: (line: string) => void }): Promise<LocalSandbox>;
}

/** Missing binaries and assets for `env` (PATH, PIPE_SANDBOX_*, XDG_CACHE_HOME), and Go's version. */
export async function checkSandbox(env: NodeJS.ProcessEnv = process.env): Promise<SandboxCheck> {
  const [{ resolveBinaries, MissingBinariesError }, { goVersion }] = await Promise.all([
    import('../../sandbox/binaries'),
    import('../../sandbox/build-binaries'),
  ]);
  let missing: string[] = [];
  try {
    if (!resolveBinaries(env).tektonCrds) missing = ['tekton-crds'];
  } catch (err) {
    if (!(err instanceof MissingBinariesError)) throw err;
    missing = [...err.missing];
  }
  return { missing, go: missing.length ? await goVersion(env) : undefined };
}

/** The one message shown when neither Go nor the binaries are here. */
export function needsGoMessage(missing: readonly string[]): string {
  return (
    `A local PIPE needs ${missing.join(', ')}, built once from Go modules, and Go is not installed. ` +
    'Install Go 1.25 or newer (https://go.dev/dl), then start it again — or set PIPE_SANDBOX_ASSETS to a folder ' +
    'that holds those binaries.'
  );
}

/** The real sandbox (sandbox/index.ts), built into the per-version cache. */
export const realSandboxRunner: SandboxRunner = {
  check: () => checkSandbox(),
  build: async ({ signal, log, onProgress }) => {
    const { buildBinaries } = await import('../../sandbox/build-binaries');
    await buildBinaries({ signal, log, onProgress });
  },
  start: async ({ log }) => {
    const [{ startSandbox, browseDexLogin, resolveBinaries, toSandboxInfo }, { writeSandboxInfo }] = await Promise.all([
      import('../../sandbox/index'),
      import('../../sandbox/info'),
    ]);
    // The whole flow, as `npm run sandbox` runs it: pipe-events with the sample repository, and Tekton's controller
    // when it is built (optional: without it runs are created but never run).
    const sandbox = await startSandbox({ log, pipeEvents: true, tektonController: resolveBinaries().tektonController !== undefined });
    // Its sandbox.json (in its own mkdtemp folder) is how the host's "Send a sample event" finds it.
    await writeSandboxInfo(join(sandbox.dir, 'sandbox.json'), toSandboxInfo(sandbox));
    return {
      profilePath: sandbox.profilePath,
      pids: sandbox.pids,
      browse: async (authUrl) => {
        const redirectUri = new URL(authUrl).searchParams.get('redirect_uri') ?? '';
        await browseDexLogin(sandbox, authUrl, { redirectUri });
      },
      stop: () => sandbox.stop(),
    };
  },
};
