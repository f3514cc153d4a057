// Following real PipelineRuns run by Tekton's controller on kwok: every line exactly once, in reading order, also
// across a restart of the runtime apiserver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import type { LogEvent } from '../../src-shared/contract/logs';
import { clientFor } from '../clusters/testing/clients';
import type { KubeClient } from '../../src-node/kube/kube-client';
import { ContainerLogHub } from './container-log-hub';
import { kubeLogOpener } from './kube-log-opener';
import { RunLogSession } from './run-log-session';
import { appendLines, startScenarioRun, type ScenarioContainer } from './testing/run-scenario';
import { waitUntil } from '../../src-node/testing/wait-until';

// Tekton's controller and an apiserver restart need a sandbox of their own.
let sandbox: Sandbox;
let admin: KubeClient;
let hub: ContainerLogHub;

beforeAll(async () => {
  sandbox = await startSandbox({ tektonController: true, seed: false });
  admin = clientFor(sandbox.runtime.adminKubeconfig);
  hub = new ContainerLogHub({ openerFor: () => kubeLogOpener(admin) });
}, 240_000);
afterAll(async () => {
  hub?.dispose();
  admin?.dispose();
  await sandbox?.stop();
}, 60_000);

/** A run session recording what a subscriber receives. */
function follow(run: string) {
  const events: LogEvent[] = [];
  const session = new RunLogSession({ context: 'sandbox', namespace: sandbox.teamNamespace, name: run, reader: admin, hub, emit: (e) => (events.push(e), true), pollMs: 250 });
  const sources = () => events.filter((e): e is Extract<LogEvent, { type: 'source' }> => e.type === 'source');
  const linesOf = (pod: string, container: string): string[] => {
    const id = sources().find((s) => s.pod === pod && s.container === container)?.source;
    return events.flatMap((e) => (e.type === 'lines' && e.source === id ? e.texts : []));
  };
  const merged = () => events.flatMap((e) => (e.type === 'lines' ? e.texts : []));
  const complete = () => events.some((e) => e.type === 'run' && e.complete);
  const states = (id: number) => events.flatMap((e) => (e.type === 'source-state' && e.source === id ? [e.state] : []));
  return { events, session, sources, linesOf, merged, complete, states };
}

describe('run logs against Tekton on kwok', () => {
  it('follows a multi-task run with a retry and a finally task to its end: every line once, in reading order', async () => {
    const run = `logs-${Date.now().toString(36)}`;
    const containers = await startScenarioRun(sandbox, admin, run, [
      { name: 'build', steps: ['compile', undefined], lines: 300, completeAfter: '8s' },
      { name: 'test', steps: ['unit'], runAfter: ['build'], retries: 1, fail: true, lines: 40 },
      { name: 'report', steps: ['send'], isFinally: true, lines: 10 },
    ]);
    const f = follow(run);
    const compile = containers[0]!;
    // Lines written while the step runs arrive too.
    await waitUntil(() => f.linesOf(compile.pod, compile.container).length >= 300, 'first lines of build/compile', 90_000);
    await appendLines(compile, Array.from({ length: 500 }, (_, i) => `appended ${i}`));
    await waitUntil(f.complete, 'the run to end and every log to be read', 150_000);
    f.session.dispose();

    expect(f.sources().map((s) => `${s.task}/${s.step}#${s.attempt}${s.isFinally ? ' finally' : ''}`)).toEqual([
      'build/compile#0',
      'build/unnamed-1#0',
      'test/unit#0',
      'test/unit#1',
      'report/send#0 finally',
    ]);
    expect(f.sources().map((s) => s.pod)).toEqual(containers.map((c: ScenarioContainer) => c.pod));
    for (const c of containers) expect(f.linesOf(c.pod, c.container), `${c.pod}/${c.container}`).toEqual(c.lines);
    expect(f.merged()).toEqual(containers.flatMap((c) => c.lines));
    expect(f.events.filter((e) => e.type === 'run').map((e) => (e as { phase: string }).phase)).toContain('Failed');
  });

  it('a restart of the runtime apiserver mid-follow loses and repeats no line', async () => {
    const run = `restart-${Date.now().toString(36)}`;
    const [c] = await startScenarioRun(sandbox, admin, run, [{ name: 'long', steps: ['work'], lines: 100, completeAfter: '45s' }]);
    const f = follow(run);
    await waitUntil(() => f.linesOf(c!.pod, c!.container).length >= 100, 'first lines', 90_000);
    await appendLines(c!, Array.from({ length: 100 }, (_, i) => `before restart ${i}`));
    await waitUntil(() => f.linesOf(c!.pod, c!.container).length >= 200, 'lines before the restart', 90_000);
    const restarting = sandbox.restartApiserver('runtime');
    await appendLines(c!, Array.from({ length: 100 }, (_, i) => `during restart ${i}`));
    await restarting;
    await appendLines(c!, Array.from({ length: 100 }, (_, i) => `after restart ${i}`));
    await waitUntil(f.complete, 'the run to end', 150_000);
    f.session.dispose();

    const id = f.sources()[0]!.source;
    expect(f.states(id)).toContain('reconnecting');
    expect(f.linesOf(c!.pod, c!.container)).toEqual(c!.lines);
    expect(c!.lines).toHaveLength(400);
  });
});
