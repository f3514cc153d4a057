// The host's run notifier against the sandbox's runtime apiserver, through the real `runs.watchRun` handler: a run
// that fails while watched is announced once (reason in words, link to the run), its watch closed; asking again for
// the finished run stays quiet; a run deleted while watched is dropped without a notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxInfo, type SandboxInfo } from '../../sandbox/index';
import type { RequestContext } from '../../src-shared/contract/rpc';
import type { RunRef, RunWatchEvent } from '../../src-shared/contract/runs';
import type { KubeClient } from '../../src-node/kube/kube-client';
import type { ClusterRegistry } from '../clusters/cluster-registry';
import { clientFor } from '../clusters/testing/clients';
import { RecordingNotifier } from './desktop-notifier';
import { RunNotifier, type WatchRun } from './run-notifier';
import { createRunsHandlers } from './runs-handlers';
import { waitUntil } from '../../src-node/testing/wait-until';

const TEKTON = '/apis/tekton.dev/v1/namespaces';
let info: SandboxInfo;
let runtime: KubeClient;

beforeAll(() => {
  info = readSandboxInfo();
  runtime = clientFor(info.runtime.adminKubeconfig);
});
afterAll(() => runtime?.dispose());

/** The real watch, with every snapshot and every open/close recorded. */
function realWatch() {
  const registry = { handle: () => ({ client: runtime }) } as unknown as ClusterRegistry;
  const handlers = createRunsHandlers({ registry, batchMs: 10 });
  const events: RunWatchEvent[] = [];
  let open = 0;
  const watchRun: WatchRun = (ref, emit) => {
    open++;
    const stop = handlers.watchRun(ref, (e) => (events.push(e), emit(e)), { connectionId: 'test' } as RequestContext) as () => void;
    return () => (open--, stop());
  };
  return { watchRun, events, open: () => open };
}

async function createRun(ns: string, name: string): Promise<void> {
  await runtime.request(`${TEKTON}/${ns}/pipelineruns`, {
    method: 'POST',
    body: {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name, labels: { 'pipe.linecorp.com/pipeline': 'ci' }, annotations: { 'pipe.linecorp.com/repository': 'acme/app', 'pipe.linecorp.com/ref': 'refs/heads/main' } },
      // Pending: Tekton's controller (when the sandbox runs it) starts nothing; the test writes the result.
      spec: { status: 'PipelineRunPending', pipelineSpec: { tasks: [{ name: 'build', taskSpec: { steps: [{ name: 'compile', image: 'alpine' }] } }] } },
    },
  });
}

async function finishAsFailed(ns: string, name: string): Promise<void> {
  const now = new Date().toISOString();
  await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}/status`, {
    method: 'PATCH',
    contentType: 'application/merge-patch+json',
    body: { status: { startTime: now, completionTime: now, conditions: [{ type: 'Succeeded', status: 'False', reason: 'PipelineRunTimeout', message: 'timed out' }] } },
  });
}

describe('RunNotifier against the sandbox', () => {
  it('announces a run that fails while watched once, with the reason and a link; a second request for it stays quiet', async () => {
    const ns = info.teamNamespace;
    const name = `notify-${Date.now().toString(36)}`;
    const ref: RunRef = { context: 'sandbox-runtime', namespace: ns, name };
    await createRun(ns, name);
    const w = realWatch();
    const recorder = new RecordingNotifier();
    const notifier = new RunNotifier({ watchRun: w.watchRun, notifier: recorder });
    try {
      notifier.watch(ref);
      await waitUntil(() => w.events.find((e) => e.type === 'run'), 'the first snapshot');
      expect(recorder.shown).toEqual([]);
      await finishAsFailed(ns, name);
      await waitUntil(() => recorder.shown[0], 'the notification');
      expect(recorder.shown).toEqual([{ title: 'ci failed', body: 'acme/app · branch main · took 0ms\nThe run took longer than its timeout.', link: `pipe-desktop://runs/sandbox-runtime/${ns}/${name}` }]);
      expect(w.open()).toBe(0);
      expect(notifier.state().runs).toEqual([]);

      // The page reconnected and asks again: the first snapshot is already final, so nothing more is shown.
      const seen = w.events.length;
      notifier.watch(ref);
      await waitUntil(() => (w.open() === 0 ? true : undefined), 'the quiet end of the second watch');
      expect(w.events.slice(seen).map((e) => (e.type === 'run' ? e.run.phase : e.type))).toEqual(['Failed']);
      expect(recorder.shown).toHaveLength(1);
    } finally {
      notifier.dispose();
      await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });

  it('drops a run deleted while watched, without a notification', async () => {
    const ns = info.teamNamespace;
    const name = `notify-gone-${Date.now().toString(36)}`;
    await createRun(ns, name);
    const w = realWatch();
    const recorder = new RecordingNotifier();
    const notifier = new RunNotifier({ watchRun: w.watchRun, notifier: recorder });
    try {
      notifier.watch({ context: 'sandbox-runtime', namespace: ns, name });
      await waitUntil(() => w.events.find((e) => e.type === 'run'), 'the first snapshot');
      await runtime.request(`${TEKTON}/${ns}/pipelineruns/${name}`, { method: 'DELETE' });
      await waitUntil(() => (notifier.state().runs.length === 0 ? true : undefined), 'the run to be dropped');
      expect(w.events.at(-1)?.type).toBe('gone');
      expect(w.open()).toBe(0);
      expect(recorder.shown).toEqual([]);
    } finally {
      notifier.dispose();
    }
  });
});
