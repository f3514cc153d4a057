import { describe, expect, it } from 'vitest';
import { indexKey, isKeySegment, parseArchiveIndex, runPrefix, stepLogKey } from './archive-keys';
import { normalizePrefix } from './archive-store';
import type { TaskRun } from '../../src-shared/runs/tekton-types';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import { stepSources } from './run-archiver';

const ref = { cluster: 'runtime-1', namespace: 'team-a', run: 'build-7f3k' };

describe('archive key layout', () => {
  it('keys are <prefix><cluster>/<namespace>/<run>/<task>/<step>.log.gz with one index per run', () => {
    expect(runPrefix('logs/', ref)).toBe('logs/runtime-1/team-a/build-7f3k/');
    expect(indexKey('logs/', ref)).toBe('logs/runtime-1/team-a/build-7f3k/index.json');
    expect(stepLogKey('', ref, 'compile', 'unnamed-1')).toBe('runtime-1/team-a/build-7f3k/compile/unnamed-1.log.gz');
    expect(stepLogKey('', ref, 'test', 'unit', 2)).toBe('runtime-1/team-a/build-7f3k/test/unit.attempt-2.log.gz');
  });

  it('refuses segments that could steer a key elsewhere', () => {
    for (const bad of ['', '..', 'a/b', '../x', 'A', 'x..y', ' a', 'a\n', '-a', 'a'.repeat(254)]) expect(isKeySegment(bad), bad).toBe(false);
    expect(() => indexKey('', { ...ref, namespace: '../other' })).toThrow(/namespace/);
    expect(() => stepLogKey('', ref, 'ok', 'a/b')).toThrow(/step/);
    expect(isKeySegment('step-1.v2')).toBe(true);
  });

  it('normalizes the configured prefix', () => {
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('pipe-logs')).toBe('pipe-logs/');
    expect(normalizePrefix('/a/b/')).toBe('a/b/');
  });

  it('reads an index back and refuses other JSON', () => {
    const index = { version: 1, ...ref, archivedAt: '2026-01-01T00:00:00Z', steps: [] };
    expect(parseArchiveIndex(JSON.stringify(index))).toEqual(index);
    expect(() => parseArchiveIndex('{"version":2,"steps":[],"run":"x"}')).toThrow(/index/);
    expect(() => parseArchiveIndex('null')).toThrow(/index/);
    expect(() => parseArchiveIndex('{')).toThrow();
  });
});

describe('step sources of a run', () => {
  it('lists every step container of every attempt in pipeline order, retries first, skipping attempts without a pod', () => {
    const tr = (name: string, task: string, status: TaskRun['status']): TaskRun => ({
      metadata: { name, labels: { 'tekton.dev/pipelineTask': task } },
      status,
    }) as TaskRun;
    const run = { metadata: { name: 'run' }, spec: { pipelineSpec: { tasks: [{ name: 'build' }, { name: 'test' }] } } } as unknown as PipelineRun;
    const sources = stepSources(run, [
      tr('run-test', 'test', {
        podName: 'run-test-pod-retry1',
        steps: [{ name: 'unit', container: 'step-unit' }],
        retriesStatus: [{ podName: 'run-test-pod', steps: [{ name: 'unit', container: 'step-unit' }] }],
      }),
      tr('run-build', 'build', { podName: 'run-build-pod', steps: [{ name: 'compile', container: 'step-compile' }, { name: '', container: 'step-unnamed-1' }] }),
      tr('run-skipped', 'skipped', {}),
    ]);
    expect(sources.map((s) => `${s.task}/${s.step}#${s.attempt}@${s.pod}:${s.container}`)).toEqual([
      'build/compile#0@run-build-pod:step-compile',
      'build/unnamed-1#0@run-build-pod:step-unnamed-1',
      'test/unit#0@run-test-pod:step-unit',
      'test/unit#1@run-test-pod-retry1:step-unit',
    ]);
  });
});
