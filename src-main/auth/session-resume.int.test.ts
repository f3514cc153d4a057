// After a failed refresh (the refresh token revoked), a PIPE cluster's pods watch stops for want of credentials; the
// next sign-in brings it back by itself — through the app-managed kubeconfig, the credential helper and the app's own
// cluster registry and informer, against the sandbox's short-lived Dex (5 s ID tokens) and runtime apiserver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browseDexLogin, dexPasswordGrant, readSandboxInfo } from '../../sandbox/index.js';
import { ClusterRegistry } from '../clusters/cluster-registry';
import { ExecApprovals } from '../clusters/exec-approvals';
import { InformerPool } from '../clusters/informer-pool';
import { KubeconfigStore } from '../clusters/kubeconfig-store';
import { ShellEnvironment } from '../clusters/shell-environment';
import { clientFor } from '../clusters/testing/clients';
import { createPod, deletePod, recordingView } from '../clusters/testing/sandbox-helpers';
import { waitUntil } from '../../src-node/testing/wait-until';
import { retryClustersAfterSignIn } from './retry-after-sign-in';
import { startAuthHarness, type AuthHarness } from './testing/auth-harness';

const info = readSandboxInfo();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
});

async function signIn(h: AuthHarness): Promise<void> {
  const { authUrl } = await h.auth.signIn({ connector: 'local' });
  await browseDexLogin(info, authUrl, { redirectUri: new URL(authUrl).searchParams.get('redirect_uri')! });
  await waitUntil(
    () => h.auth.status().state === 'signed-in' || !!h.auth.status().error,
    'sign-in to finish',
  );
  expect(h.auth.status()).toMatchObject({ state: 'signed-in' });
}

describe('watches after a failed refresh', () => {
  it('stop for want of credentials, then resume by themselves after the next sign-in', async () => {
    const h = await startAuthHarness(info, { shortLived: true });
    cleanups.push(() => h.dispose());
    // The expiry of the last ID token the session handed out (the session forgets it once it has ended).
    let lastExpiry = 0;
    cleanups.push(h.auth.onDidChange((s) => (lastExpiry = Math.max(lastExpiry, s.user?.expiresAt ?? 0))));
    await signIn(h);
    const kubeconfig = join(h.dir, 'kubeconfigs', 'pipe-pipe-sandbox-short.yaml');
    const context = 'pipe-pipe-sandbox-short-runtime';

    // The app's cluster stack over the app-managed kubeconfig. Its retry loop is slow on purpose (first retry after a
    // minute): within this test only the sign-in can bring the cluster back.
    const dir = mkdtempSync(join(tmpdir(), 'pipe-resume-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new KubeconfigStore({
      envKubeconfig: () => undefined,
      home: undefined,
      userPaths: () => [kubeconfig],
      appDir: join(dir, 'app'),
      watch: { debounceMs: 50 },
    });
    await store.start();
    cleanups.push(() => store.dispose());
    const registry = new ClusterRegistry({
      store,
      shellEnv: new ShellEnvironment({ env: { PATH: process.env.PATH } }),
      namespaceOf: (_c, ns) => ns ?? info.teamNamespace,
      timing: {
        baseMs: 60_000,
        maxMs: 600_000,
        idleMaxMs: 600_000,
        healthMs: 600_000,
        idleHealthMs: 600_000,
        probeTimeoutMs: 5000,
      },
      approvals: new ExecApprovals(join(dir, 'exec-approvals.json')),
    });
    registry.start();
    cleanups.push(() => registry.dispose());
    const pool = new InformerPool({ batchMs: 5, lingerMs: 0 });
    cleanups.push(() => pool.dispose());
    cleanups.push(retryClustersAfterSignIn(h.auth, registry));

    await waitUntil(() => !!registry.get(context), 'the PIPE context in the registry');
    await registry.approveExec(context);
    const connection = registry.get(context)!.connection;
    const view = recordingView();
    const { informer, release } = pool.acquire(context, registry.handle(context), 'pods', info.teamNamespace);
    cleanups.push(release);
    informer.subscribe(view.emit);
    await waitUntil(() => view.states().includes('live'), 'pods watch live');

    // Another offline session of the same user and client makes Dex drop the app's refresh token: the next renewal fails.
    await dexPasswordGrant(info, { issuer: info.dexShortLived.issuer });
    await waitUntil(
      () => h.auth.status().state === 'expired',
      'the session to end (refresh refused)',
      30_000,
    );
    // Once the last ID token is past its expiry, a new watch needs new credentials, which the helper cannot get.
    await waitUntil(
      () => lastExpiry > 0 && Date.now() > lastExpiry + 1000,
      'the last ID token to expire',
      30_000,
    );
    informer.restartWatch();
    await waitUntil(
      () => connection.status.phase === 'auth-failed',
      'the cluster to report missing credentials',
      30_000,
    );
    expect(view.states().at(-1)).not.toBe('live');

    const admin = clientFor(info.runtime.adminKubeconfig);
    cleanups.push(() => admin.dispose());
    const pod = `made-while-signed-out-${process.pid}`;
    await createPod(admin, info.teamNamespace, pod);
    cleanups.push(() => deletePod(admin, info.teamNamespace, pod));
    expect(view.byName(pod)).toBeUndefined();

    await signIn(h);
    await waitUntil(() => !!view.byName(pod), 'the watch to resume and show the pod made meanwhile');
    expect(connection.status.phase).toBe('ready');
    expect(view.states().at(-1)).toBe('live');
    // One "Sign in again" prompt for the whole outage.
    expect(h.notices.list().filter((n) => n.message.includes('Sign in again'))).toHaveLength(1);
  });
});
