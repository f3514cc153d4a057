// The host's run notifier over a scripted run watch: one notification per finished run (never for a run already
// finished, never twice across repeated snapshots or a second request), what it says and where its click leads,
// and every watch disposed when the run ends, is gone, is dropped or the host stops.
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src-shared/contract/rpc';
import type { RunNotificationsState } from '../../src-shared/contract/run-notifications';
import type { RunDetail, RunRef, RunWatchEvent } from '../../src-shared/contract/runs';
import { parseDeepLink } from '../../src-shared/links/deep-link';
import { RecordingNotifier } from './desktop-notifier';
import { RunNotifier, type WatchRun } from './run-notifier';
import { createRunNotificationsHandlers } from './run-notifications-handlers';
import { runDetailFixture } from '../../src-shared/runs/testing/run-detail-fixture';

const ref: RunRef = { context: 'runtime-kr1', namespace: 'team-a', name: 'ci-abc12' };
const T = Date.parse('2026-11-28T10:00:00Z');
const detail = (phase: RunDetail['phase'], over: Partial<RunDetail> = {}): RunDetail =>
  runDetailFixture({
    ...ref,
    phase,
    startedAt: T,
    ...(phase === 'Failed' || phase === 'Succeeded' ? { completedAt: T + 65_000 } : {}),
    ...over,
  });

/** A scripted `runs.watchRun`: the test pushes snapshots; open and disposed watches are counted. */
function scriptedWatch() {
  const open = new Map<string, (e: RunWatchEvent) => boolean>();
  let opened = 0;
  const watchRun: WatchRun = (r, emit) => {
    opened++;
    const key = `${r.context}/${r.namespace}/${r.name}`;
    open.set(key, emit);
    return () => void open.delete(key);
  };
  const push = (e: RunWatchEvent, r: RunRef = ref): boolean | undefined => open.get(`${r.context}/${r.namespace}/${r.name}`)?.(e);
  return { watchRun, push, open, opened: () => opened };
}

function setup(options: { maxRuns?: number } = {}) {
  const w = scriptedWatch();
  const recorder = new RecordingNotifier();
  const notifier = new RunNotifier({ watchRun: w.watchRun, notifier: recorder, ...options });
  const states: RunNotificationsState[] = [];
  notifier.onDidChange((s) => states.push(s));
  return { w, recorder, notifier, states };
}

describe('RunNotifier', () => {
  it('notifies once when a watched run finishes: the result, repository, branch, reason, duration, and a link to the run', () => {
    const { w, recorder, notifier, states } = setup();
    notifier.watch(ref);
    expect(notifier.state()).toEqual({ desktop: true, runs: [ref] });
    w.push({ type: 'run', run: detail('Running') });
    w.push({ type: 'problem', message: 'watch broke, retrying' });
    w.push({ type: 'run', run: detail('Running') });
    expect(recorder.shown).toEqual([]);
    expect(w.push({ type: 'run', run: detail('Failed') })).toBe(false);
    expect(recorder.shown).toEqual([{ title: 'ci failed', body: 'acme/app · branch main · took 1m 05s\nTask “test”, step “unit” failed (exit code 1).', link: 'pipe-desktop://runs/runtime-kr1/team-a/ci-abc12' }]);
    expect(parseDeepLink(recorder.shown[0]!.link)).toEqual({ kind: 'run', cluster: 'runtime-kr1', namespace: 'team-a', name: 'ci-abc12' });
    expect(w.open.size).toBe(0);
    expect(states.at(-1)).toEqual({ desktop: true, runs: [] });
  });

  it('never notifies twice: snapshots repeated after a reconnect are ignored, and asking again for a finished run stays quiet', () => {
    const { w, recorder, notifier } = setup();
    notifier.watch(ref);
    w.push({ type: 'run', run: detail('Running') });
    const emit = w.open.get('runtime-kr1/team-a/ci-abc12')!;
    emit({ type: 'run', run: detail('Succeeded') });
    // The watch relisted (a reconnect) and delivered the same final snapshot again before it was closed.
    expect(emit({ type: 'run', run: detail('Succeeded') })).toBe(false);
    // The renderer reconnected and asks again: the run is already finished when first seen.
    notifier.watch(ref);
    w.push({ type: 'run', run: detail('Succeeded') });
    expect(recorder.shown.map((n) => n.title)).toEqual(['ci succeeded']);
    expect(w.open.size).toBe(0);
  });

  it('does not announce a run finished when first seen, a deleted run, or a run the user stopped watching', () => {
    const { w, recorder, notifier } = setup();
    const other = { ...ref, name: 'other' };
    const third = { ...ref, name: 'third' };
    notifier.watch(ref);
    notifier.watch(other);
    notifier.watch(third);
    notifier.watch(third);
    expect(w.opened()).toBe(3);
    w.push({ type: 'run', run: detail('Cancelled') });
    w.push({ type: 'run', run: detail('Running', { name: 'other' }) }, other);
    w.push({ type: 'gone', message: 'PipelineRun team-a/other does not exist (any more).' }, other);
    w.push({ type: 'run', run: detail('Running', { name: 'third' }) }, third);
    expect(notifier.stop(third)).toBe(true);
    expect(notifier.stop(third)).toBe(false);
    expect(recorder.shown).toEqual([]);
    expect(w.open.size).toBe(0);
    expect(notifier.state().runs).toEqual([]);
  });

  it('refuses in browser mode (no notifier), past the limit, and for a context that cannot be watched — keeping nothing', () => {
    const browser = new RunNotifier({ watchRun: scriptedWatch().watchRun, notifier: undefined });
    expect(browser.state()).toEqual({ desktop: false, runs: [] });
    expect(() => browser.watch(ref)).toThrow(expect.objectContaining({ code: 'unavailable' }));

    const { notifier } = setup({ maxRuns: 2 });
    notifier.watch({ ...ref, name: 'a' });
    notifier.watch({ ...ref, name: 'b' });
    expect(() => notifier.watch({ ...ref, name: 'c' })).toThrow(expect.objectContaining({ code: 'too-many' }));

    const failing = new RunNotifier({
      watchRun: () => {
        throw Object.assign(new Error('No kubeconfig defines the context "nope".'), { code: 'not-found' });
      },
      notifier: new RecordingNotifier(),
    });
    expect(() => failing.watch({ ...ref, context: 'nope' })).toThrow(/No kubeconfig/);
    expect(failing.state().runs).toEqual([]);
  });

  it('survives a notifier that throws, and ends every watch when the host stops', () => {
    const w = scriptedWatch();
    const notifier = new RunNotifier({
      watchRun: w.watchRun,
      notifier: {
        show: () => {
          throw new Error('no notification server');
        },
      },
    });
    notifier.watch(ref);
    notifier.watch({ ...ref, name: 'b' });
    w.push({ type: 'run', run: detail('Running') });
    expect(() => w.push({ type: 'run', run: detail('Succeeded') })).not.toThrow();
    expect(w.open.size).toBe(1);
    notifier.dispose();
    expect(w.open.size).toBe(0);
    expect(() => notifier.watch(ref)).toThrow(expect.objectContaining({ code: 'unavailable' }));
  });
});

describe('runNotifications handlers', () => {
  it('stream the state now and on each change; watch and stop go to the notifier', async () => {
    const { w, notifier } = setup();
    const h = createRunNotificationsHandlers(notifier);
    const ctx = { connectionId: 't' } as RequestContext;
    const seen: RunNotificationsState[] = [];
    const stop = (await h.state({}, (s) => (seen.push(s), true), ctx)) as () => void;
    expect(await h.watch(ref, ctx)).toEqual({ watching: true });
    expect(await h.stop(ref, ctx)).toEqual({ stopped: true });
    stop();
    notifier.watch(ref);
    expect(seen).toEqual([
      { desktop: true, runs: [] },
      { desktop: true, runs: [ref] },
      { desktop: true, runs: [] },
    ]);
    expect(w.open.size).toBe(1);
  });
});
