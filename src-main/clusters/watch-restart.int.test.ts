// A watch survives a real kube-apiserver restart: the cluster's one retry loop waits it out, then views resume.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { clientFor } from './testing/clients';
import { clusterStack, createPod, recordingView } from './testing/sandbox-helpers';
import { waitUntil } from '../../src-node/testing/wait-until';
import type { KubeClient } from '../../src-node/kube/kube-client';

// The shared sandbox cannot be restarted from a test worker, so this file starts its own (unseeded).
let sandbox: Sandbox;
let admin: KubeClient;
let stack: Awaited<ReturnType<typeof clusterStack>>;

beforeAll(async () => {
  sandbox = await startSandbox();
  admin = clientFor(sandbox.runtime.adminKubeconfig);
  stack = await clusterStack([sandbox.runtime.adminKubeconfig], sandbox.teamNamespace);
}, 240_000);
afterAll(async () => {
  await stack?.dispose();
  admin?.dispose();
  await sandbox?.stop();
}, 60_000);

describe('apiserver restart', () => {
  it('a pods watch survives the restart and keeps delivering changes', async () => {
    const ctx = stack.firstContext();
    const connection = stack.registry.get(ctx)!.connection;
    await waitUntil(() => connection.isReady, 'ready');
    const view = recordingView();
    const { informer, release } = stack.pool.acquire(
      ctx,
      stack.registry.handle(ctx),
      'pods',
      sandbox.teamNamespace,
    );
    informer.subscribe(view.emit);
    await waitUntil(() => view.states().includes('live'), 'live');
    await createPod(admin, sandbox.teamNamespace, 'before-restart');
    await waitUntil(() => !!view.byName('before-restart'), 'pod before restart');

    const phases: string[] = [];
    const off = connection.onDidChange((s) => phases.push(s.phase));
    await sandbox.restartApiserver('runtime');
    await createPod(admin, sandbox.teamNamespace, 'after-restart');
    await waitUntil(
      () => view.byName('after-restart')?.phase === 'Running',
      'pod after restart, running on kwok',
      60_000,
    );
    off();

    expect(phases).toContain('unreachable');
    expect(phases.at(-1)).toBe('ready');
    expect(view.states()).toContain('reconnecting');
    expect(view.states().at(-1)).toBe('live');
    // Rows stayed on screen through the outage (no empty table), and only one snapshot was ever sent.
    expect(view.byName('before-restart')).toBeDefined();
    expect(view.events.filter((e) => e.type === 'reset')).toHaveLength(1);
    release();
  });

  it('while the apiserver is down the cluster shows unreachable with a retry time, then recovers', async () => {
    const ctx = stack.firstContext();
    const connection = stack.registry.get(ctx)!.connection;
    const { release } = stack.pool.acquire(ctx, stack.registry.handle(ctx), 'pods', sandbox.teamNamespace);
    await waitUntil(() => connection.isReady, 'ready');
    await sandbox.stopApiserver('runtime');
    await waitUntil(() => connection.status.phase === 'unreachable', 'unreachable');
    expect(connection.status.problem).toMatchObject({ code: 'unavailable' });
    expect(connection.status.problem!.message).toMatch(/connection refused|cannot be reached|closed/i);
    // One clock reading per instant: the retry is scheduled after the check that failed.
    expect(connection.status.checkedAt).toBeTypeOf('number');
    expect(connection.status.retryAt).toBeGreaterThan(connection.status.checkedAt!);
    await sandbox.startApiserver('runtime');
    await waitUntil(() => connection.isReady, 'ready again');
    release();
  });
});
