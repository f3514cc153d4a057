// LocalPipeService over a scripted runner and auth: the order of steps, cancel, the no-Go message, teardown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthStatus } from '../../src-shared/contract/auth';
import type { LocalPipeStatus } from '../../src-shared/contract/local-pipe';
import { LocalPipeService, LOG_LINES_KEPT, type LocalPipeAuth } from './local-pipe-service';
import { checkSandbox, type LocalSandbox, type SandboxRunner } from './sandbox-runner';
import { createLocalPipeModule } from './local-pipe-module';
import { ServiceContainer } from '../host/service-container';
import type { ClustersModule } from '../clusters/clusters-module';

const calls: string[] = [];
let dir: string | undefined;
afterEach(async () => {
  calls.length = 0;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** An auth service stand-in: signIn goes to signing-in, the browse completes it. */
function fakeAuth(): LocalPipeAuth & { complete(ok: boolean): void } {
  let status: AuthStatus = { state: 'signed-out', storage: 'memory', contexts: [] };
  const listeners = new Set<(s: AuthStatus) => void>();
  const set = (s: AuthStatus): void => {
    status = s;
    for (const l of [...listeners]) l(s);
  };
  return {
    status: () => status,
    onDidChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    signIn: async (opts) => {
      calls.push(`signIn ${opts.connector} open=${opts.openBrowser}`);
      set({ ...status, state: 'signing-in', profileName: 'pipe-sandbox' });
      return { authUrl: 'https://127.0.0.1:1/dex/auth?x' };
    },
    cancelSignIn: () => calls.push('cancelSignIn'),
    signOut: async () => {
      calls.push('signOut');
      set({ state: 'signed-out', storage: 'memory', contexts: [], profileName: 'pipe-sandbox' });
    },
    complete: (ok) =>
      set(
        ok
          ? { state: 'signed-in', storage: 'memory', contexts: ['c'], profileName: 'pipe-sandbox', user: { username: 'dev@pipe.example', groups: [], expiresAt: 0 } }
          : { state: 'signed-out', storage: 'memory', contexts: [], profileName: 'pipe-sandbox', error: { reason: 'dex-error', message: 'Dex said no' } },
      ),
  };
}

function runner(opts: { missing?: string[]; go?: string; build?: SandboxRunner['build']; auth: ReturnType<typeof fakeAuth>; signInOk?: boolean }): SandboxRunner {
  const sandbox: LocalSandbox = {
    profilePath: '/sandbox/profile.json',
    pids: [1],
    browse: async () => {
      calls.push('browse');
      opts.auth.complete(opts.signInOk ?? true);
    },
    stop: async () => void calls.push('stop sandbox'),
  };
  return {
    check: async () => ({ missing: opts.missing ?? [], go: opts.go }),
    build: opts.build ?? (async () => void calls.push('build')),
    start: async ({ log }) => {
      calls.push('start');
      log('[sandbox +1.0s] all ready');
      return sandbox;
    },
  };
}

function service(r: SandboxRunner, auth: LocalPipeAuth): { svc: LocalPipeService; states: LocalPipeStatus[] } {
  const svc = new LocalPipeService({
    runner: r,
    auth,
    useProfile: async (path) => {
      calls.push(`profile ${path ?? 'user'}`);
      return path ? { state: 'loaded', name: 'pipe-sandbox', namespaces: [] } : { state: 'none', namespaces: [] };
    },
  });
  const states: LocalPipeStatus[] = [];
  svc.onDidChange((s) => states.push(s));
  return { svc, states };
}

const settled = (svc: LocalPipeService, state: LocalPipeStatus['state']): Promise<void> =>
  vi.waitFor(() => expect(svc.status().state).toBe(state), { timeout: 10_000, interval: 5 });

describe('LocalPipeService', () => {
  it('builds what is missing, starts the sandbox, points the profile at it and signs in without opening a browser', async () => {
    const auth = fakeAuth();
    const { svc, states } = service(
      runner({
        missing: ['etcd'],
        go: 'go1.25.0',
        auth,
        build: async ({ log, onProgress }) => {
          calls.push('build');
          onProgress({ done: 0, total: 8, current: 'etcd' });
          log('▶ building etcd v3.6.16 …');
          onProgress({ done: 8, total: 8 });
        },
      }),
      auth,
    );
    const lines: string[] = [];
    svc.onLog((l) => lines.push(...l));
    expect(svc.start()).toEqual({ started: true });
    expect(svc.start()).toEqual({ started: false });
    await settled(svc, 'running');
    expect(calls).toEqual(['build', 'start', 'profile /sandbox/profile.json', 'signIn github open=false', 'browse']);
    expect(states.map((s) => s.state)).toEqual(['starting', 'building', 'building', 'building', 'starting', 'signing-in', 'running']);
    expect(states.find((s) => s.build?.current === 'etcd')).toMatchObject({ needsBuild: true, build: { done: 0, total: 8 } });
    expect(svc.status()).toMatchObject({ state: 'running', profileName: 'pipe-sandbox', username: 'dev@pipe.example' });
    expect(lines[0]).toMatch(/first build takes several minutes/);
    expect(lines).toContain('▶ building etcd v3.6.16 …');
    expect(svc.logLines()).toEqual(lines);

    calls.length = 0;
    expect(await svc.stop()).toEqual({ stopped: true });
    expect(calls).toEqual(['signOut', 'profile user', 'stop sandbox']);
    expect(svc.status().state).toBe('stopped');
    expect(await svc.stop()).toEqual({ stopped: false });
  });

  it('with cached binaries it does not build', async () => {
    const auth = fakeAuth();
    const { svc, states } = service(runner({ auth }), auth);
    svc.start();
    await settled(svc, 'running');
    expect(calls).not.toContain('build');
    expect(states.every((s) => !s.needsBuild && s.state !== 'building')).toBe(true);
    await svc.dispose();
    expect(calls.slice(-3)).toEqual(['signOut', 'profile user', 'stop sandbox']);
  });

  it('cancel during the build aborts it (the signal reaches the build) and starts nothing', async () => {
    const auth = fakeAuth();
    let seen: AbortSignal | undefined;
    const { svc } = service(
      runner({
        missing: ['kube-apiserver'],
        go: 'go1.25.0',
        auth,
        build: ({ signal }) =>
          new Promise((_, reject) => {
            seen = signal;
            signal.addEventListener('abort', () => reject(Object.assign(new Error('go build was cancelled'), { code: 'CANCELLED' })));
          }),
      }),
      auth,
    );
    svc.start();
    await settled(svc, 'building');
    await vi.waitFor(() => expect(seen).toBeDefined());
    expect(svc.cancel()).toEqual({ cancelled: true });
    await settled(svc, 'stopped');
    expect(seen!.aborted).toBe(true);
    expect(svc.status().message).toBe('The local PIPE start was cancelled.');
    expect(calls).not.toContain('start');
    expect(svc.cancel()).toEqual({ cancelled: false });
  });

  it('a failed sign-in stops the sandbox again and says why', async () => {
    const auth = fakeAuth();
    const { svc } = service(runner({ auth, signInOk: false }), auth);
    svc.start();
    await settled(svc, 'failed');
    expect(svc.status().message).toBe('The local PIPE did not start: Dex said no');
    expect(calls.slice(-3)).toEqual(['signOut', 'profile user', 'stop sandbox']);
    expect(svc.runningSandbox).toBeUndefined();
  });

  it('keeps only the last lines of a long build log', async () => {
    const auth = fakeAuth();
    const { svc } = service(
      runner({
        missing: ['etcd'],
        go: 'go1.25.0',
        auth,
        build: async ({ log }) => {
          for (let i = 0; i < LOG_LINES_KEPT + 100; i++) log(`line ${i}`);
        },
      }),
      auth,
    );
    svc.start();
    await settled(svc, 'running');
    const kept = svc.logLines();
    expect(kept).toHaveLength(LOG_LINES_KEPT);
    expect(kept.at(-1)).toMatch(/^Signed in as dev@pipe.example/);
    await svc.dispose();
  });
});

describe('without Go and without cached binaries', () => {
  it('says in one message what to install, and builds and starts nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipe-no-go-'));
    // A PATH without go and an empty cache folder: what a fresh machine without Go looks like.
    const env = { PATH: join(dir, 'bin'), HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };
    const check = await checkSandbox(env);
    expect(check.go).toBeUndefined();
    expect(check.missing).toEqual(expect.arrayContaining(['etcd', 'kube-apiserver', 'dex', 'kwok']));

    const auth = fakeAuth();
    const { svc, states } = service({ ...runner({ auth }), check: () => checkSandbox(env) }, auth);
    svc.start();
    await settled(svc, 'unavailable');
    expect(states.filter((s) => s.message)).toHaveLength(1);
    expect(svc.status().message).toMatch(/^A local PIPE needs etcd, kube-apiserver, dex, kwok.*Go is not installed\. Install Go 1\.25 or newer \(https:\/\/go\.dev\/dl\)/);
    expect(calls).toEqual([]);
    // It can be tried again once Go is there.
    expect(svc.start()).toEqual({ started: true });
    await svc.dispose();
  });
});

describe('the local PIPE in the host', () => {
  it('does not start when the host boots: only the user starts it; the host stops it', async () => {
    const auth = fakeAuth();
    const services = new ServiceContainer();
    const profile = { useSource: async () => ({ state: 'none', namespaces: [] }) } as unknown as ClustersModule['profile'];
    const { service } = createLocalPipeModule({ profile }, auth, services, { info: () => undefined, warn: () => undefined } as never, runner({ auth }));
    await services.start();
    expect(service.status().state).toBe('stopped');
    expect(calls).toEqual([]);
    await services.dispose();
  });
});
