// Sign-in figures for `npm run bench -- auth`: sign-in round trip against the sandbox's Dex, credential helper cost per
// kubectl call next to a bare `node -e 0` (same run), refresh latency. Prints figures; never asserts.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { browseDexLogin, readSandboxInfo, startSandbox, type Sandbox, type SandboxInfo } from '../sandbox/index';
import { startAuthHarness, type AuthHarness } from '../src-main/auth/testing/auth-harness';

const run = promisify(execFile);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function signInOnce(h: AuthHarness, info: SandboxInfo): Promise<void> {
  const signedIn = new Promise<void>((r) => {
    const off = h.auth.onDidChange((s) => {
      if (s.state === 'signed-in') {
        off();
        r();
      }
    });
  });
  const { authUrl } = await h.auth.signIn({ connector: 'github' });
  await browseDexLogin(info, authUrl, { redirectUri: new URL(authUrl).searchParams.get('redirect_uri')! });
  await signedIn;
}

/** Runs the auth figures against PIPE_SANDBOX_INFO's sandbox, or a private one. */
export async function benchAuth(): Promise<Record<string, number>> {
  let sandbox: Sandbox | undefined;
  const info = process.env.PIPE_SANDBOX_INFO ? readSandboxInfo() : (sandbox = await startSandbox());
  const h = await startAuthHarness(info);
  try {
    const signIns: number[] = [];
    for (let i = 0; i < 5; i++) {
      if (i > 0) await h.auth.signOut();
      signIns.push(await timed(() => signInOnce(h, info)));
    }
    const helper = resolve('scripts/pipe-credential-helper.mjs');
    const helperArgs = [helper, '--run-dir', join(h.dir, 'run'), '--profile', h.profile.name ?? 'profile'];
    const helperRuns: number[] = [];
    const nodeRuns: number[] = [];
    // Interleaved so both see the same machine load.
    for (let i = 0; i < 30; i++) {
      nodeRuns.push(await timed(() => run(process.execPath, ['-e', '0'])));
      helperRuns.push(await timed(() => run(process.execPath, helperArgs)));
    }
    const refreshes: number[] = [];
    for (let i = 0; i < 10; i++) refreshes.push(await timed(() => h.auth.currentSession!.refresh()));
    return {
      'sign-in round trip (GitHub connector, to kubeconfig written) p50 ms': percentile(signIns, 50),
      'credential helper per kubectl call p50 ms': percentile(helperRuns, 50),
      'credential helper per kubectl call p95 ms': percentile(helperRuns, 95),
      'anchor: node -e 0 p50 ms': percentile(nodeRuns, 50),
      'anchor: node -e 0 p95 ms': percentile(nodeRuns, 95),
      'refresh (Dex refresh grant + ID token verify) p50 ms': percentile(refreshes, 50),
      'refresh p95 ms': percentile(refreshes, 95),
    };
  } finally {
    await h.dispose();
    await sandbox?.stop();
  }
}
