import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src-shared/contract/logs';
import type { PipelineRun, TaskRun } from '../../src-shared/runs/tekton-types';
import type { Clock } from '../../src-node/time/clock';
import type { LogStreamOpener } from '../../src-node/kube/pod-log-follower';
import { ContainerLogHub } from './container-log-hub';
import { LogPump } from './log-pump';
import { RunLogSession, type RunReader } from './run-log-session';

/** Timers fire on the next macrotask. */
const immediate: Clock = { now: () => 0, setTimeout: (fn) => setTimeout(fn, 0), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
const ts = (i: number): string => `2026-11-28T10:00:00.${String(i).padStart(6, '0')}Z`;

/** Each container serves its lines (timestamped) and ends; `opened` counts requests per container. */
function logServer(logs: Record<string, string[]>) {
  const opened: Record<string, number> = {};
  const opener: LogStreamOpener = {
    open: async (path, query) => {
      const pod = /pods\/([^/]+)\/log/.exec(path)![1]!;
      const key = `${pod}/${query.container}`;
      opened[key] = (opened[key] ?? 0) + 1;
      const lines = logs[key];
      if (!lines) throw Object.assign(new Error('not found'), { status: 404 });
      return (async function* () {
        yield lines.map((l, i) => `${ts(i)} ${l}\n`).join('');
      })();
    },
  };
  return { opener, opened };
}

const pr = (phase: 'True' | 'Unknown'): PipelineRun => ({
  metadata: { name: 'r' },
  spec: { pipelineSpec: { tasks: [{ name: 'a' }, { name: 'b' }], finally: [{ name: 'f' }] } },
  status: { conditions: [{ type: 'Succeeded', status: phase }] },
});
const tr = (task: string, status: TaskRun['status']): TaskRun => ({ metadata: { name: `r-${task}`, labels: { 'tekton.dev/pipelineTask': task } }, status: { conditions: [{ type: 'Succeeded', status: 'True' }], ...status } });

function reader(state: { pr: PipelineRun; trs: TaskRun[] }): RunReader {
  return {
    request: async <T,>(path: string): Promise<T> => (path.includes('/pipelineruns/') ? state.pr : { items: state.trs }) as T,
  };
}

function session(state: { pr: PipelineRun; trs: TaskRun[] }, opener: LogStreamOpener) {
  const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediate });
  const events: LogEvent[] = [];
  let ended = false;
  const s = new RunLogSession({ context: 'c', namespace: 'n', name: 'r', reader: reader(state), hub, emit: (e) => (events.push(e), true), clock: immediate, pollMs: 1, onEnd: () => (ended = true) });
  const until = async (f: () => boolean): Promise<void> => {
    for (let i = 0; i < 2000 && !f(); i++) await new Promise((r) => setTimeout(r, 1));
    if (!f()) throw new Error('condition not met');
  };
  const lines = () => events.flatMap((e) => (e.type === 'lines' ? e.texts : []));
  return { s, hub, events, until, lines, ended: () => ended };
}

describe('RunLogSession', () => {
  it('reads a finished run in reading order: tasks, retries first, steps, finally; then ends', async () => {
    const state = {
      pr: pr('True'),
      trs: [
        tr('f', { podName: 'pf', steps: [{ name: 's', container: 'step-s', terminated: { exitCode: 0 } }] }),
        tr('b', { podName: 'pb-retry1', retriesStatus: [{ podName: 'pb' }], steps: [{ name: 't', container: 'step-t', terminated: { exitCode: 0 } }] }),
        tr('a', { podName: 'pa', steps: [{ name: 'one', container: 'step-one', terminated: { exitCode: 0 } }, { name: 'unnamed-1', container: 'step-unnamed-1', terminated: { exitCode: 0 } }] }),
      ],
    };
    const { opener, opened } = logServer({
      'pa/step-one': ['a1', 'a2'],
      'pa/step-unnamed-1': ['a3'],
      'pb/step-t': ['b-try0'],
      'pb-retry1/step-t': ['b-try1'],
      'pf/step-s': ['f1'],
    });
    const x = session(state, opener);
    await x.until(x.ended);
    expect(x.events.filter((e) => e.type === 'source').map((e) => (e as { pod: string; container: string }).pod + '/' + (e as { container: string }).container)).toEqual([
      'pa/step-one',
      'pa/step-unnamed-1',
      'pb/step-t',
      'pb-retry1/step-t',
      'pf/step-s',
    ]);
    expect(x.lines()).toEqual(['a1', 'a2', 'a3', 'b-try0', 'b-try1', 'f1']);
    expect(x.events.at(-1)).toMatchObject({ type: 'run', complete: true, phase: 'Succeeded' });
    expect(Object.values(opened).every((n) => n === 1)).toBe(true);
    expect(x.hub.size).toBe(0);
  });

  it('picks up TaskRuns as they appear and ends only after the run ended and every log was read', async () => {
    const state = { pr: pr('Unknown'), trs: [tr('a', { podName: 'pa', steps: [{ name: 'one', container: 'step-one', terminated: { exitCode: 0 } }] })] };
    const { opener } = logServer({ 'pa/step-one': ['a1'], 'pb/step-t': ['b1'] });
    const x = session(state, opener);
    await x.until(() => x.lines().length === 1);
    expect(x.ended()).toBe(false);
    state.trs = [...state.trs, tr('b', { podName: 'pb', steps: [{ name: 't', container: 'step-t', terminated: { exitCode: 0 } }] })];
    await x.until(() => x.lines().length === 2);
    state.pr = pr('True');
    await x.until(x.ended);
    expect(x.lines()).toEqual(['a1', 'b1']);
  });

  it('in a live run, a task’s log waits for the tasks it runs after; independent ones do not wait', async () => {
    const live: PipelineRun = { ...pr('Unknown'), spec: { pipelineSpec: { tasks: [{ name: 'a' }, { name: 'b', runAfter: ['a'] }, { name: 'c' }] } } };
    const running = (task: string, pod: string, step: string, ended: boolean): TaskRun =>
      tr(task, { podName: pod, steps: [{ name: step, container: `step-${step}`, ...(ended ? { terminated: { exitCode: 0 } } : { running: {} }) }], ...(ended ? {} : { conditions: [{ type: 'Succeeded', status: 'Unknown' }] }) });
    const state = { pr: live, trs: [running('a', 'pa', 'one', false), running('b', 'pb', 't', true), running('c', 'pc', 'u', true)] };
    const { opener, opened } = logServer({ 'pa/step-one': ['a1'], 'pb/step-t': ['b1'], 'pc/step-u': ['c1'] });
    const x = session(state, opener);
    await x.until(() => x.lines().includes('c1') && x.lines().includes('a1'));
    expect(opened['pb/step-t']).toBeUndefined();
    state.trs = [running('a', 'pa', 'one', true), running('b', 'pb', 't', true), running('c', 'pc', 'u', true)];
    await x.until(() => x.lines().includes('b1'));
    expect(x.lines().indexOf('b1')).toBeGreaterThan(x.lines().indexOf('a1'));
    x.s.dispose();
  });

  it('says so when a pod is gone and moves on', async () => {
    const state = { pr: pr('True'), trs: [tr('a', { podName: 'gone', steps: [{ name: 'one', container: 'step-one', terminated: { exitCode: 0 } }] }), tr('b', { podName: 'pb', steps: [{ name: 't', container: 'step-t', terminated: { exitCode: 0 } }] })] };
    const { opener } = logServer({ 'pb/step-t': ['b1'] });
    const x = session(state, opener);
    await x.until(x.ended);
    expect(x.events).toContainEqual({ type: 'source-state', source: 0, state: 'gone', message: 'The pod no longer exists.' });
    expect(x.lines()).toEqual(['b1']);
  });
});

describe('RunLogSession: sidecars and init containers', () => {
  it('reads a failed init container’s log before the steps of its pod (the pods are asked only when a step never started)', async () => {
    const failed: PipelineRun = { ...pr('True'), spec: { pipelineSpec: { tasks: [{ name: 'a' }] } }, status: { conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }] } };
    const state = { pr: failed, trs: [tr('a', { podName: 'pa', steps: [{ name: 'one', container: 'step-one', waiting: { reason: 'PodInitializing' } }], conditions: [{ type: 'Succeeded', status: 'False' }] })] };
    const asked: string[] = [];
    const r: RunReader = {
      request: async <T,>(path: string): Promise<T> => {
        asked.push(path);
        if (path.endsWith('/pods')) return { items: [{ metadata: { name: 'pa' }, status: { initContainerStatuses: [{ name: 'prepare', state: { terminated: { exitCode: 1, reason: 'Error' } } }] } }] } as T;
        return (path.includes('/pipelineruns/') ? state.pr : { items: state.trs }) as T;
      },
    };
    const { opener } = logServer({ 'pa/prepare': ['cp: cannot create /tekton/bin/entrypoint: No space left on device'] });
    const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediate });
    const events: LogEvent[] = [];
    let ended = false;
    new RunLogSession({ context: 'c', namespace: 'n', name: 'r', reader: r, hub, emit: (e) => (events.push(e), true), clock: immediate, pollMs: 1, onEnd: () => (ended = true) });
    for (let i = 0; i < 2000 && !ended; i++) await new Promise((res) => setTimeout(res, 1));
    expect(ended).toBe(true);
    expect(events.filter((e) => e.type === 'source').map((e) => [(e as { container: string }).container, (e as { step: string }).step])).toEqual([
      ['prepare', 'init prepare'],
      ['step-one', 'one'],
    ]);
    expect(events.flatMap((e) => (e.type === 'lines' ? e.texts : []))).toEqual(['cp: cannot create /tekton/bin/entrypoint: No space left on device']);
    expect(asked.some((p) => p === '/api/v1/namespaces/n/pods')).toBe(true);
  });

  it('follows sidecars after the steps only when the subscriber asked for them', async () => {
    const trs = [tr('a', { podName: 'pa', steps: [{ name: 'one', container: 'step-one', terminated: { exitCode: 0 } }], sidecars: [{ name: 'docker', container: 'sidecar-docker', terminated: { exitCode: 0 } }] })];
    const state = { pr: { ...pr('True'), spec: { pipelineSpec: { tasks: [{ name: 'a' }] } } }, trs };
    const { opener } = logServer({ 'pa/step-one': ['built'], 'pa/sidecar-docker': ['dockerd: API listen on /var/run/docker.sock'] });
    const without = session(state, opener);
    await without.until(without.ended);
    expect(without.lines()).toEqual(['built']);
    const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediate });
    const events: LogEvent[] = [];
    let ended = false;
    new RunLogSession({ context: 'c', namespace: 'n', name: 'r', reader: reader(state), hub, emit: (e) => (events.push(e), true), clock: immediate, pollMs: 1, sidecars: true, onEnd: () => (ended = true) });
    for (let i = 0; i < 2000 && !ended; i++) await new Promise((res) => setTimeout(res, 1));
    expect(events.flatMap((e) => (e.type === 'lines' ? e.texts : []))).toEqual(['built', 'dockerd: API listen on /var/run/docker.sock']);
    expect(events.find((e) => e.type === 'source' && e.container === 'sidecar-docker')).toMatchObject({ step: 'sidecar docker' });
  });
});

describe('RunLogSession: a run with 200 tasks', () => {
  it('announces every container once in pipeline order, reads each log once, and ends', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const big: PipelineRun = { metadata: { name: 'r' }, spec: { pipelineSpec: { tasks: names.map((name, i) => ({ name, ...(i % 10 ? { runAfter: [`t${i - 1}`] } : {}) })) } }, status: { conditions: [{ type: 'Succeeded', status: 'True' }] } };
    // TaskRuns listed in reverse: the order comes from the pipeline.
    const trs = names.map((n) => tr(n, { podName: `p-${n}`, steps: [{ name: 's', container: 'step-s', terminated: { exitCode: 0 } }] })).reverse();
    const { opener, opened } = logServer(Object.fromEntries(names.map((n) => [`p-${n}/step-s`, [`${n} says hi`]])));
    const x = session({ pr: big, trs }, opener);
    await x.until(x.ended);
    expect(x.events.filter((e) => e.type === 'source').map((e) => (e as { task: string }).task)).toEqual(names);
    expect(x.lines()).toEqual(names.map((n) => `${n} says hi`));
    expect(Object.values(opened).every((n) => n === 1)).toBe(true);
    expect(x.hub.size).toBe(0);
  });
});

describe('shared container logs', () => {
  it('one follower serves every view of a container; a late view gets the history', async () => {
    const { opener, opened } = logServer({ 'p/c': ['x', 'y'] });
    const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediate });
    const a = hub.acquire({ context: 'k', namespace: 'n', pod: 'p', container: 'c' });
    const got: string[][] = [[], []];
    const pa = new LogPump((e) => (e.type === 'lines' && got[0]!.push(...e.texts), true), { clock: immediate });
    pa.attach(0, a.log);
    a.log.finish();
    await a.log.stopped;
    const requests = opened['p/c'];
    const b = hub.acquire({ context: 'k', namespace: 'n', pod: 'p', container: 'c' });
    const pb = new LogPump((e) => (e.type === 'lines' && got[1]!.push(...e.texts), true), { clock: immediate });
    pb.attach(0, b.log);
    for (let i = 0; i < 100 && got[1]!.length < 2; i++) await new Promise((r) => setTimeout(r, 1));
    expect(got).toEqual([['x', 'y'], ['x', 'y']]);
    expect(opened['p/c']).toBe(requests);
    pa.dispose();
    pb.dispose();
    a.release();
    expect(hub.size).toBe(1);
    b.release();
    expect(hub.size).toBe(0);
  });

  it('pauses the follower while a view lags (bounded queue), then delivers everything in order', async () => {
    const N = 5000;
    let pulled = 0;
    const opener: LogStreamOpener = {
      open: async () =>
        (async function* () {
          for (let i = 0; i < N; i++) {
            pulled++;
            yield `${ts(i)} l${i}\n`;
          }
        })(),
    };
    const hub = new ContainerLogHub({ openerFor: () => opener, clock: immediate, limits: { historyLines: 100, highWater: 200, lowWater: 50 } });
    const { log, release } = hub.acquire({ context: 'k', namespace: 'n', pod: 'p', container: 'c' });
    const reader = { cursor: 0, onChange: () => undefined };
    log.addReader(reader);
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 1));
    // The reader has read nothing: the follower stopped a little past the high-water mark.
    expect(pulled).toBeLessThanOrEqual(202);
    const out: string[] = [];
    while (out.length < N) {
      out.push(...log.read(reader, 64).texts);
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(out).toEqual(Array.from({ length: N }, (_, i) => `l${i}`));
    release();
  });
});
