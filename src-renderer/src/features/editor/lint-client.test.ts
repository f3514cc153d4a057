import { afterEach, describe, expect, it, vi } from 'vitest';
import { lintText } from '../../../../src-shared/tekton';
import type { TektonDiagnostic } from '../../../../src-shared/tekton/types';
import { LintClient, type LintWorkerLike } from './lint-client';
import type { LintRequest, LintResponse } from './lint-protocol';
import type { ClusterSchema } from '../../../../src-shared/tekton/schema/cluster-schema';
import { editorEvents, isDirty, useEditorStore } from './editor-store';

/** A worker stand-in that runs the real linter when the test says so (answers can come back in any order). */
function fakeWorker() {
  const queue: LintRequest[] = [];
  let schema: ClusterSchema | undefined;
  const worker: LintWorkerLike & { terminated: boolean } = {
    onmessage: null,
    terminated: false,
    postMessage: (m) => {
      if (m.type === 'cluster-schema') schema = m.schema;
      else queue.push(m);
    },
    terminate: () => (worker.terminated = true),
  };
  const answer = (i: number): void => {
    const [req] = queue.splice(i, 1);
    const res: LintResponse = { id: req!.id, path: req!.path, diagnostics: lintText(req!.text, { path: req!.path, ...(schema ? { clusterSchema: schema } : {}) }) };
    worker.onmessage?.({ data: res } as MessageEvent<LintResponse>);
  };
  return { worker, queue, answer };
}

afterEach(() => {
  vi.useRealTimers();
  editorEvents.reset();
});

describe('LintClient', () => {
  it('lints with a connected cluster`s schema once set, and without it after it is dropped', () => {
    const { worker, answer } = fakeWorker();
    const results: string[][] = [];
    const client = new LintClient(worker, (_p, d) => results.push(d.map((x) => x.code)), 0);
    const text = 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\nspec:\n  displayName: T\n  steps:\n    - image: alpine\n';
    const old: ClusterSchema = { source: 'old', kinds: { 'v1.Task': { fields: { spec: { fields: { steps: { items: {} } } } } } } };
    client.setClusterSchema(old);
    client.request('a.yaml', text, true);
    answer(0);
    client.setClusterSchema(undefined);
    client.request('a.yaml', text, true);
    answer(0);
    expect(results).toEqual([['cluster-schema-unknown-field'], []]);
    client.dispose();
  });

  it('the store keeps a schema only for the current target context', () => {
    editorEvents.targetChanged({ context: 'a', namespace: 'team-a' });
    editorEvents.clusterSchemaChanged({ context: 'b', state: 'loading' });
    expect(useEditorStore.getState().clusterSchema).toBeUndefined();
    editorEvents.clusterSchemaChanged({ context: 'a', state: 'loaded', schema: { source: 's', kinds: {} } });
    expect(useEditorStore.getState().clusterSchema?.state).toBe('loaded');
    editorEvents.targetChanged({ context: 'a', namespace: 'team-b' });
    expect(useEditorStore.getState().clusterSchema?.state).toBe('loaded');
    editorEvents.targetChanged({ context: 'c', namespace: 'team-b' });
    expect(useEditorStore.getState().clusterSchema).toBeUndefined();
  });

  it('debounces per file and drops answers older than the newest request', () => {
    vi.useFakeTimers();
    const { worker, queue, answer } = fakeWorker();
    const results: [string, readonly TektonDiagnostic[]][] = [];
    const client = new LintClient(worker, (p, d) => results.push([p, d]), 150);
    client.request('a.yaml', 'kind: Pipeline\n');
    client.request('a.yaml', 'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata: {name: ok}\nspec: {tasks: []}\n');
    expect(queue).toHaveLength(0);
    vi.advanceTimersByTime(150);
    expect(queue.map((q) => q.path)).toEqual(['a.yaml']);
    client.request('a.yaml', 'kind: [', true);
    expect(queue).toHaveLength(2);
    // The newer answer arrives first; the older one is then ignored.
    answer(1);
    answer(0);
    expect(results).toHaveLength(1);
    expect(results[0]![1].length).toBeGreaterThan(0);
    client.request('b.yaml', 'x: 1');
    client.dispose();
    vi.advanceTimersByTime(1000);
    expect(queue).toHaveLength(0);
    expect(worker.terminated).toBe(true);
  });
});

describe('editor store', () => {
  it('tracks dirty tabs, disk changes and closing', () => {
    editorEvents.tabOpened('.pipe/ci.yaml', 'a', 1);
    editorEvents.textEdited('.pipe/ci.yaml', 'b');
    expect(isDirty(useEditorStore.getState().tabs[0]!)).toBe(true);
    // A dirty tab is flagged, not overwritten, when the file changes on disk.
    editorEvents.diskChanged('.pipe/ci.yaml', 'disk', 2);
    expect(useEditorStore.getState().tabs[0]).toMatchObject({ text: 'b', changedOnDisk: true, diskRevision: 0 });
    editorEvents.tabSaved('.pipe/ci.yaml', 'b', 3);
    editorEvents.diskChanged('.pipe/ci.yaml', 'disk2', 4);
    expect(useEditorStore.getState().tabs[0]).toMatchObject({ text: 'disk2', savedText: 'disk2', mtimeMs: 4, diskRevision: 1 });
    editorEvents.tabOpened('.pipe/cd.yaml', 'c', 1);
    expect(useEditorStore.getState().activePath).toBe('.pipe/cd.yaml');
    editorEvents.tabClosed('.pipe/cd.yaml');
    expect(useEditorStore.getState().activePath).toBe('.pipe/ci.yaml');
  });
});
