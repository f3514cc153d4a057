// The dry run's diff texts: bookkeeping removed (as `kubectl diff` does), every side and the whole answer bounded.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DiffBudget, cutAtLine, diffYaml, withoutNoise } from './apply-diff';

const live = {
  apiVersion: 'tekton.dev/v1',
  kind: 'Pipeline',
  metadata: {
    name: 'ci',
    namespace: 'team-a',
    uid: '7c1e6c1a-0000-4000-8000-000000000001',
    resourceVersion: '4242',
    generation: 3,
    creationTimestamp: '2026-11-28T10:00:00Z',
    labels: { app: 'web' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"tekton.dev/v1"}', owner: 'team-a' },
    managedFields: [{ manager: 'pipe-desktop', operation: 'Apply', fieldsV1: { 'f:spec': {} } }],
  },
  spec: { tasks: [{ name: 'build', taskRef: { name: 'compile' } }] },
  status: { conditions: [{ type: 'Ready' }] },
};

describe('withoutNoise', () => {
  it('drops managedFields, resourceVersion, generation, uid, creationTimestamp, status and the last-applied annotation', () => {
    expect(withoutNoise(live)).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: 'ci', namespace: 'team-a', labels: { app: 'web' }, annotations: { owner: 'team-a' } },
      spec: { tasks: [{ name: 'build', taskRef: { name: 'compile' } }] },
    });
    expect(live.metadata.uid).toBeDefined(); // a copy: the input is untouched
  });

  it('drops annotations that held only the last-applied configuration, and copes with odd metadata', () => {
    const onlyLast = { kind: 'Task', metadata: { name: 't', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } };
    expect(withoutNoise(onlyLast)).toEqual({ kind: 'Task', metadata: { name: 't' } });
    expect(withoutNoise({ kind: 'Task', metadata: 'x', status: {} })).toEqual({ kind: 'Task' });
    expect(withoutNoise({ kind: 'Task' })).toEqual({ kind: 'Task' });
  });
});

describe('diffYaml', () => {
  it('is YAML of the object without noise; long values stay on one line', () => {
    const script = Array.from({ length: 60 }, () => 'echo').join(' ');
    const text = diffYaml({ ...live, spec: { steps: [{ script }] } });
    expect(text).not.toMatch(/managedFields|resourceVersion|generation|uid|creationTimestamp|status|last-applied/);
    expect(text).toContain(`script: ${script}\n`);
    expect(text.indexOf('metadata:')).toBeLessThan(text.indexOf('spec:')); // the apiserver's order kept
    expect(parse(text)).toMatchObject({ metadata: { name: 'ci', annotations: { owner: 'team-a' } } });
  });
});

describe('cutAtLine', () => {
  it('keeps text within the cap and cuts at the last whole line otherwise', () => {
    expect(cutAtLine('a: 1\nb: 2\n', 10)).toEqual({ text: 'a: 1\nb: 2\n', truncated: false });
    expect(cutAtLine('a: 1\nb: 2\n', 9)).toEqual({ text: 'a: 1\n', truncated: true });
    expect(cutAtLine('a: 1\nb: 2\n', 5)).toEqual({ text: 'a: 1\n', truncated: true });
    expect(cutAtLine('abcdef', 3)).toEqual({ text: '', truncated: true });
  });
});

describe('DiffBudget', () => {
  const after = { ...live, spec: { tasks: [{ name: 'build', taskRef: { name: 'compile-v2' } }] } };

  it('has no live side for a create', () => {
    const diff = new DiffBudget().diff(undefined, after);
    expect(diff).toEqual({ after: diffYaml(after), truncated: false });
  });

  it('gives both sides for a change', () => {
    expect(new DiffBudget().diff(live, after)).toEqual({ live: diffYaml(live), after: diffYaml(after), truncated: false });
  });

  it('cuts a side over the per-side cap and says so', () => {
    const diff = new DiffBudget(1_000_000, 40)!.diff(live, after)!;
    expect(diff.truncated).toBe(true);
    expect(diff.after.length).toBeLessThanOrEqual(40);
    expect(diff.live!.length).toBeLessThanOrEqual(40);
    expect(diffYaml(after).startsWith(diff.after)).toBe(true);
  });

  it('hands out no more than the total: from the first document that does not fit, documents carry no diff', () => {
    const size = diffYaml(after).length + diffYaml(live).length;
    const budget = new DiffBudget(2 * size + 10, 1_000_000);
    expect(budget.diff(live, after)).toEqual({ live: diffYaml(live), after: diffYaml(after), truncated: false });
    expect(budget.diff(undefined, after)).toEqual({ after: diffYaml(after), truncated: false });
    expect(budget.diff(live, after)).toBeUndefined();
    expect(budget.diff(undefined, { kind: 'Task' })).toBeUndefined();
  });
});
