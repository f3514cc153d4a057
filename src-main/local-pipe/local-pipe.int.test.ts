// A local PIPE from the host side: the real sandbox (cached binaries) started, signed in to through its Dex and fake
// GitHub by the real AuthService, then stopped — every sandbox process gone, the app-managed kubeconfig removed.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parsePlatformProfile, type PlatformProfile } from '../../src-shared/clusters/platform-profile';
import type { ProfileInfo } from '../../src-shared/contract/clusters';
import { findBinary } from '../../sandbox/binaries.js';
import { AuthService } from '../auth/auth-service';
import { MemoryCredentialStore } from '../auth/credential-store';
import { LocalPipeService } from './local-pipe-service';
import { realSandboxRunner } from './sandbox-runner';

const run = promisify(execFile);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** True while the process runs (a zombie waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('Start a local PIPE (host side)', () => {
  it('starts the sandbox with cached binaries, signs in as the sandbox user, and stop leaves no process behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pipe-local-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let profile: PlatformProfile | undefined;
    const profileListeners = new Set<() => void>();
    const auth = new AuthService({
      profile: () => profile,
      onProfileChange: (l) => (profileListeners.add(l), () => profileListeners.delete(l)),
      kubeconfigDir: join(dir, 'kubeconfigs'),
      runDir: join(dir, 'run'),
      openStore: async () => ({ store: new MemoryCredentialStore() }),
      helper: { command: process.execPath, args: [resolve('scripts/pipe-credential-helper.mjs')] },
      reloadKubeconfigs: async () => undefined,
      // Must never be used: the app answers the local Dex itself.
      openExternal: async (url) => {
        throw new Error(`opened a browser on ${url}`);
      },
    });
    await auth.start();
    cleanups.push(() => auth.dispose());
    const useProfile = async (path: string | undefined): Promise<ProfileInfo> => {
      profile = path ? parsePlatformProfile(await readFile(path, 'utf8')).profile : undefined;
      for (const l of profileListeners) l();
      return profile ? { state: 'loaded', name: profile.name ?? '', namespaces: [] } : { state: 'none', namespaces: [] };
    };
    const svc = new LocalPipeService({ runner: realSandboxRunner, useProfile, auth });
    cleanups.push(() => svc.dispose());

    expect(svc.start()).toEqual({ started: true });
    await vi.waitFor(() => expect(['running', 'failed']).toContain(svc.status().state), { timeout: 170_000, interval: 100 });
    // A failed start names its reason first (the CI summary shows a failure's first line), then the log's end.
    const final = svc.status();
    expect(final, `${final.message ?? final.state}\n${svc.logLines().slice(-40).join('\n')}`).toMatchObject({
      state: 'running',
      needsBuild: false,
      profileName: 'pipe-sandbox',
      username: 'dev@pipe.example',
    });
    const sandbox = svc.runningSandbox!;
    expect(sandbox.pids.length).toBeGreaterThan(4);
    expect(sandbox.pids.every(running)).toBe(true);
    expect(svc.logLines().some((l) => l.includes('all ready'))).toBe(true);

    // The app-managed kubeconfig works with kubectl as the sandbox user.
    const kubeconfig = join(dir, 'kubeconfigs', 'pipe-pipe-sandbox.yaml');
    const { stdout } = await run(findBinary('kubectl')!, ['--kubeconfig', kubeconfig, '--context', 'pipe-pipe-sandbox-runtime', 'auth', 'whoami', '-o', 'json']);
    expect((JSON.parse(stdout) as { status: { userInfo: { username: string } } }).status.userInfo.username).toBe('dev@pipe.example');

    expect(await svc.stop()).toEqual({ stopped: true });
    expect(svc.status().state).toBe('stopped');
    expect(sandbox.pids.filter(running)).toEqual([]);
    expect(existsSync(kubeconfig)).toBe(false);
    expect(auth.status().state).toBe('no-profile');
  }, 240_000);
});
