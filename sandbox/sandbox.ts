// Starts the whole local PIPE: two etcd+apiserver pairs, two Dex, fake GitHub, kwok, pod binder, RBAC, CRDs, profile.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Apiserver } from './apiserver.js';
import { resolveBinaries, tektonConfigDir } from './binaries.js';
import { startPodBinder } from './binder.js';
import { createSandboxCerts, type SandboxCerts } from './certs.js';
import { DEX_CLIENT_ID, GITHUB_ORG, GITHUB_TEAM, SANDBOX_USER, startDex } from './dex.js';
import { startEtcd } from './etcd.js';
import { startFakeGithub } from './fake-github.js';
import type { ClusterInfo, SandboxInfo } from './info.js';
import { applyObjects, loadKubeConfig, waitForCrds, waitForWatchable } from './kube.js';
import { certUser, execUser, writeKubeconfig, type DexExecAuth } from './kubeconfig.js';
import { startKwok } from './kwok.js';
import { coreNamespaceObjects, FORBIDDEN_NAMESPACE, runtimeNamespaceObjects, TEAM_NAMESPACE } from './namespaces.js';
import { freePorts } from './ports.js';
import { DisposableStore, rssBytes, type ManagedProcess } from './processes.js';
import { profileConfigMap, sandboxProfile } from './profile.js';
import { crdName, loadTektonCrds, servedCollectionPaths } from './tekton.js';
import { startTektonController } from './tekton-controller.js';
import { sandboxPolicyObjects } from './policies.js';
import { startSandboxPipeEvents } from './pipe-events.js';
import { SAMPLE_REPOSITORY } from './sample-repository.js';
import { startSampleStepLogs } from './sample-step-logs.js';

type Which = 'core' | 'runtime';

/** A running sandbox: its description plus lifecycle controls. */
export interface Sandbox extends SandboxInfo {
  /** Stops everything the sandbox started and removes its folder (unless it was given via opts.dir). */
  stop(): Promise<void>;
  restartApiserver(which: Which): Promise<void>;
  stopApiserver(which: Which): Promise<void>;
  startApiserver(which: Which): Promise<void>;
  /** Sum of VmRSS of every running process the sandbox started, in bytes. */
  rssBytes(): number;
}

/** The plain SandboxInfo part of a Sandbox (what gets written to JSON for test workers). */
export function toSandboxInfo(sb: Sandbox): SandboxInfo {
  const { stop, restartApiserver, stopApiserver, startApiserver, rssBytes, ...info } = sb;
  void [stop, restartApiserver, stopApiserver, startApiserver, rssBytes];
  return info;
}

/** Options for startSandbox. */
export interface StartSandboxOptions {
  /** Lifetime of ID tokens from the main Dex (Go duration, default "10m"). */
  idTokenTTL?: string;
  /** Lifetime of ID tokens from the short-lived Dex (default "5s"). */
  shortIdTokenTTL?: string;
  /** Seed sample PIPE data (see seed.ts). Default false. */
  seed?: boolean;
  log?: (line: string) => void;
  /** Data folder; default a fresh temp folder on /dev/shm (else the OS temp dir), removed on stop. */
  dir?: string;
  /** Stretch: also run Tekton's real controller (needs `npm run sandbox:build -- tekton-controller`). */
  tektonController?: boolean;
  /**
   * Also run pipe-events (child processes of `src-service/main.ts`) wired to the fake GitHub's sample repository
   * (`pipe-sandbox/sample-app` → the team namespace); `true` = one replica. Default off (adds a few seconds).
   */
  pipeEvents?: boolean | { replicas?: number };
}

async function makeDir(dir: string | undefined): Promise<{ dir: string; owned: boolean }> {
  if (dir) {
    await mkdir(dir, { recursive: true });
    return { dir, owned: false };
  }
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return { dir: await mkdtemp(join(base, 'pipe-sandbox-')), owned: true };
}

/** Starts the sandbox and resolves when every component is ready. */
export async function startSandbox(opts: StartSandboxOptions = {}): Promise<Sandbox> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const step = (what: string): void => log(`[sandbox +${((Date.now() - started) / 1000).toFixed(1)}s] ${what}`);
  const bins = resolveBinaries();
  if (!bins.tektonCrds) throw new Error('Tekton CRDs missing: run `npm run sandbox:build` (copies them from the tektoncd/pipeline module)');
  const { dir, owned } = await makeDir(opts.dir);
  const store = new DisposableStore();
  const procs = new Set<ManagedProcess>();
  const track = <T extends { process: ManagedProcess }>(x: T): T => {
    procs.add(x.process);
    store.add(x.process);
    return x;
  };
  const apiservers = new Map<Which, Apiserver>();
  try {
    for (const sub of ['certs', 'core', 'runtime', 'dex', 'kwok', 'kwok/logs']) await mkdir(join(dir, sub), { recursive: true });
    const certs: SandboxCerts = await createSandboxCerts(join(dir, 'certs'));
    const caFile = certs.ca.cert;
    const [corePort, runtimePort, dexPort, dexShortPort, kwokPort] = await freePorts(5);
    step('certificates ready');

    const fakeGithub = store.add(
      await startFakeGithub({
        certFile: certs.server.cert,
        keyFile: certs.server.key,
        user: {
          login: 'pipe-dev',
          id: 4242,
          name: 'PIPE Sandbox Dev',
          email: SANDBOX_USER.email,
          orgs: [GITHUB_ORG],
          teams: [{ org: GITHUB_ORG, slug: GITHUB_TEAM, name: 'Team A' }],
        },
        // GitHub asks device-flow clients to poll every 5 s; 1 s keeps sign-in tests and demos quick.
        deviceInterval: 1,
      }),
    );
    const dexBase = { binary: bins.dex, dir: join(dir, 'dex'), certs, github: { hostName: fakeGithub.hostName, caFile } };
    const [etcdCore, etcdRuntime, dex, dexShort] = await Promise.all([
      startEtcd({ binary: bins.etcd, dir: join(dir, 'core'), name: 'core' }).then(track),
      startEtcd({ binary: bins.etcd, dir: join(dir, 'runtime'), name: 'runtime' }).then(track),
      startDex({ ...dexBase, name: 'dex', port: dexPort!, path: '/dex', idTokenTTL: opts.idTokenTTL ?? '10m' }).then(track),
      startDex({ ...dexBase, name: 'dex-short', port: dexShortPort!, path: '/dex-short', idTokenTTL: opts.shortIdTokenTTL ?? '5s' }).then(track),
    ]);
    step('etcd ×2, Dex ×2, fake GitHub ready');

    // Both issuers are trusted through one structured authentication config (audience = the public client).
    const oidc = [dex, dexShort].map((d) => ({ issuer: d.issuer, caFile, audiences: [DEX_CLIENT_ID] }));
    for (const [which, port, etcd] of [
      ['core', corePort!, etcdCore],
      ['runtime', runtimePort!, etcdRuntime],
    ] as const) {
      const api = new Apiserver({ name: which, binary: bins.kubeApiserver, dir: join(dir, which), port, etcdUrl: etcd.url, certs, oidc });
      apiservers.set(which, api);
      store.add(api);
    }
    await Promise.all([...apiservers.values()].map((a) => a.start()));
    step('kube-apiserver ×2 ready');

    const execAuth = (which: Which): DexExecAuth => ({
      issuer: dex.issuer,
      caFile,
      clientId: DEX_CLIENT_ID,
      stateFile: join(dir, which, 'user-token.json'),
      email: SANDBOX_USER.email,
      password: SANDBOX_USER.password,
    });
    const clusterInfo = async (which: Which): Promise<ClusterInfo> => {
      const server = apiservers.get(which)!.server;
      const cluster = { name: `pipe-sandbox-${which}`, server, caFile };
      const info: ClusterInfo = {
        name: which,
        server,
        caFile,
        adminKubeconfig: join(dir, which, 'admin.kubeconfig'),
        userKubeconfig: join(dir, which, 'user.kubeconfig'),
        adminContext: `pipe-sandbox-${which}-admin`,
        userContext: `pipe-sandbox-${which}`,
      };
      await writeKubeconfig(info.adminKubeconfig, [cluster], [certUser('pipe-sandbox-admin', certs.admin)], [
        { name: info.adminContext, cluster: cluster.name, user: 'pipe-sandbox-admin' },
      ]);
      await writeKubeconfig(info.userKubeconfig, [cluster], [execUser(`pipe-sandbox-${which}-user`, execAuth(which))], [
        { name: info.userContext, cluster: cluster.name, user: `pipe-sandbox-${which}-user`, namespace: which === 'runtime' ? TEAM_NAMESPACE : undefined },
      ]);
      return info;
    };
    const [core, runtime] = await Promise.all([clusterInfo('core'), clusterInfo('runtime')]);
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(
      kubeconfig,
      [core, runtime].map((c) => ({ name: `pipe-sandbox-${c.name}`, server: c.server, caFile })),
      [
        execUser('pipe-sandbox-core-user', execAuth('core')),
        execUser('pipe-sandbox-runtime-user', execAuth('runtime')),
        certUser('pipe-sandbox-admin', certs.admin),
      ],
      [
        { name: runtime.userContext, cluster: 'pipe-sandbox-runtime', user: 'pipe-sandbox-runtime-user', namespace: TEAM_NAMESPACE },
        { name: core.userContext, cluster: 'pipe-sandbox-core', user: 'pipe-sandbox-core-user' },
        { name: runtime.adminContext, cluster: 'pipe-sandbox-runtime', user: 'pipe-sandbox-admin' },
        { name: core.adminContext, cluster: 'pipe-sandbox-core', user: 'pipe-sandbox-admin' },
      ],
    );

    const coreKc = loadKubeConfig(core.adminKubeconfig);
    const runtimeKc = loadKubeConfig(runtime.adminKubeconfig);
    const dexInfo = {
      issuer: dex.issuer,
      caFile,
      clientId: DEX_CLIENT_ID,
      user: { email: SANDBOX_USER.email, password: SANDBOX_USER.password, groups: [...SANDBOX_USER.groups] },
      idTokenTTL: dex.idTokenTTL,
      connectors: ['local', 'github'],
    };
    const profile = sandboxProfile({ core, runtime, dex: dexInfo, teamNamespace: TEAM_NAMESPACE, forbiddenNamespace: FORBIDDEN_NAMESPACE }, { url: fakeGithub.url, caFile });
    const profilePath = join(dir, 'profile.json');
    await writeFile(profilePath, JSON.stringify(profile, null, 2));

    const tektonCrds = await loadTektonCrds(bins.tektonCrds);
    const [, kwok] = await Promise.all([
      applyObjects(coreKc, [...coreNamespaceObjects(), profileConfigMap(profile)]),
      startKwok({
        binary: bins.kwok,
        dir: join(dir, 'kwok'),
        assetsDir: bins.kwokAssets,
        adminKubeconfig: runtime.adminKubeconfig,
        kc: runtimeKc,
        certs,
        port: kwokPort!,
      }).then(track),
      (async () => {
        await applyObjects(runtimeKc, [...runtimeNamespaceObjects(SANDBOX_USER.groups[0]!), ...tektonCrds, ...sandboxPolicyObjects()]);
        await waitForCrds(runtimeKc, tektonCrds.map(crdName));
        await waitForWatchable(runtimeKc, servedCollectionPaths(tektonCrds));
        step('Tekton CRDs served');
      })(),
    ]);
    store.add(await startPodBinder(runtimeKc, kwok.nodeName, log));
    step('RBAC, Tekton CRDs, kwok node, pod binder, profile ready');
    if (opts.tektonController) {
      if (!bins.tektonController) throw new Error('tekton-controller missing: run `npx tsx sandbox/build-binaries.ts tekton-controller`');
      const proc = await startTektonController({
        binary: bins.tektonController,
        dir: join(dir, 'runtime'),
        configDir: tektonConfigDir(),
        kc: runtimeKc,
        adminKubeconfig: runtime.adminKubeconfig,
      });
      procs.add(proc);
      store.add(proc);
      step('Tekton controller started');
    }

    let pipeEvents: SandboxInfo['pipeEvents'];
    if (opts.pipeEvents) {
      const pe = await startSandboxPipeEvents({
        dir,
        core,
        runtime,
        fakeGithub,
        caFile,
        teamNamespace: TEAM_NAMESPACE,
        replicas: typeof opts.pipeEvents === 'object' ? opts.pipeEvents.replicas : 1,
        log,
      });
      for (const p of pe.processes) procs.add(p);
      store.add(pe);
      pipeEvents = pe.info;
      store.add(await startSampleStepLogs({ kc: runtimeKc, namespace: TEAM_NAMESPACE, repository: SAMPLE_REPOSITORY, logsDir: join(dir, 'kwok', 'logs'), log }));
      step('pipe-events ready');
    }

    const info: SandboxInfo = {
      dir,
      core,
      runtime,
      kubeconfig,
      dex: dexInfo,
      dexShortLived: { issuer: dexShort.issuer, idTokenTTL: dexShort.idTokenTTL },
      fakeGithub: { url: fakeGithub.url, caFile, login: 'pipe-dev', org: GITHUB_ORG, team: GITHUB_TEAM },
      teamNamespace: TEAM_NAMESPACE,
      forbiddenNamespace: FORBIDDEN_NAMESPACE,
      profilePath,
      kwok: { nodeName: kwok.nodeName, logsDir: join(dir, 'kwok', 'logs') },
      tektonController: opts.tektonController === true,
      ...(pipeEvents ? { pipeEvents } : {}),
      pids: [],
      readyMs: 0,
    };
    if (opts.seed) {
      const { seedSandbox } = await import('./seed.js');
      await seedSandbox(info, log);
      step('seeded sample PIPE data');
    }
    const allPids = (): number[] => [...procs, ...[...apiservers.values()].map((a) => ({ pid: a.pid }))].map((p) => p.pid ?? 0).filter((p) => p > 0);
    info.pids = allPids();
    info.readyMs = Date.now() - started;
    step(`all ready in ${(info.readyMs / 1000).toFixed(1)} s`);

    let stopping: Promise<void> | undefined;
    const api = (which: Which): Apiserver => apiservers.get(which)!;
    return {
      ...info,
      stop: () =>
        (stopping ??= (async () => {
          try {
            await store.dispose();
          } finally {
            if (owned) await rm(dir, { recursive: true, force: true });
          }
        })()),
      restartApiserver: (which) => api(which).restart(),
      stopApiserver: (which) => api(which).stop(),
      startApiserver: (which) => api(which).start(),
      rssBytes: () => allPids().reduce((sum, pid) => sum + rssBytes(pid), 0),
    };
  } catch (e) {
    await store.dispose().catch(() => undefined);
    if (owned) await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
