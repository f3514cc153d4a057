import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { convertToV1, lintText, type TextEdit } from './index';

const apply = (text: string, edits: readonly TextEdit[]) =>
  [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.endOffset), text);

describe('convertToV1', () => {
  it('moves PipelineRun fields the way the conversion webhook does', () => {
    const text = `apiVersion: tekton.dev/v1beta1
kind: PipelineRun
metadata:
  name: r
spec:
  serviceAccountName: sa
  timeout: 1h
  serviceAccountNames:
    - taskName: build
      serviceAccountName: builder
  podTemplate:
    nodeSelector: {disk: ssd}
  pipelineRef:
    name: p
    bundle: reg/p:1
  taskRunSpecs:
    - pipelineTaskName: test
      taskServiceAccountName: tester
      taskPodTemplate: {hostNetwork: true}
      stepOverrides:
        - name: s
          resources: {requests: {cpu: "1"}}
`;
    const r = convertToV1(text);
    expect(r.converted).toBe(1);
    expect(parse(r.text)).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'r' },
      spec: {
        pipelineRef: { resolver: 'bundles', params: [{ name: 'bundle', value: 'reg/p:1' }, { name: 'name', value: 'p' }, { name: 'kind', value: 'Pipeline' }] },
        taskRunSpecs: [
          { pipelineTaskName: 'test', serviceAccountName: 'tester', podTemplate: { hostNetwork: true }, stepSpecs: [{ name: 's', computeResources: { requests: { cpu: '1' } } }] },
          { pipelineTaskName: 'build', serviceAccountName: 'builder' },
        ],
        timeouts: { pipeline: '1h' },
        taskRunTemplate: { serviceAccountName: 'sa', podTemplate: { nodeSelector: { disk: 'ssd' } } },
      },
    });
    expect(lintText(r.text)).toEqual([]);
  });

  it('converts Tasks (step/sidecar/stepTemplate resources), Pipelines (bundles, embedded specs) and TaskRuns', () => {
    const text = `apiVersion: tekton.dev/v1beta1
kind: Pipeline
metadata: {name: p}
spec:
  resources: [{name: src, type: git}]
  tasks:
    - name: a
      taskRef: {name: build, bundle: reg/build:1}
    - name: b
      taskSpec:
        stepTemplate: {name: tpl, image: alpine, resources: {limits: {memory: 1Gi}}}
        steps:
          - name: s
            resources: {requests: {cpu: "1"}}
        sidecars:
          - name: db
            image: postgres
            resources: {requests: {cpu: "1"}}
---
apiVersion: tekton.dev/v1beta1
kind: TaskRun
metadata: {name: tr}
spec:
  taskRef: {name: t}
  stepOverrides: [{name: s, resources: {requests: {cpu: "2"}}}]
  sidecarOverrides: [{name: db, resources: {requests: {cpu: "2"}}}]
`;
    const r = convertToV1(text);
    expect(r.converted).toBe(2);
    const [p, tr] = parseAllDocuments(r.text).map((d) => d.toJS());
    expect(p.spec.tasks[0].taskRef).toEqual({ resolver: 'bundles', params: [{ name: 'bundle', value: 'reg/build:1' }, { name: 'name', value: 'build' }, { name: 'kind', value: 'Task' }] });
    expect(p.spec.tasks[1].taskSpec).toEqual({
      stepTemplate: { image: 'alpine', computeResources: { limits: { memory: '1Gi' } } },
      steps: [{ name: 's', computeResources: { requests: { cpu: '1' } } }],
      sidecars: [{ name: 'db', image: 'postgres', computeResources: { requests: { cpu: '1' } } }],
    });
    expect(p.spec.resources).toBeUndefined();
    expect(r.notes).toEqual(['Pipeline p: removed `name` (v1 step templates have no name)', 'Pipeline p: removed `resources` (PipelineResources do not exist in v1)']);
    expect(tr.spec).toEqual({ taskRef: { name: 't' }, stepSpecs: [{ name: 's', computeResources: { requests: { cpu: '2' } } }], sidecarSpecs: [{ name: 'db', computeResources: { requests: { cpu: '2' } } }] });
  });

  it('keeps comments and leaves other documents byte for byte', () => {
    const other = '---\n# untouched\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep}   # as written\n';
    const text = `# the task\napiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata:\n  name: t # trailing\nspec:\n  steps:\n    - image: alpine\n${other}`;
    const r = convertToV1(text);
    expect(r.text).toBe(`# the task\napiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t # trailing\nspec:\n  steps:\n    - image: alpine\n${other}`);
  });

  it('is idempotent and leaves v1 alone', () => {
    const v1 = 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps: [{image: alpine}]\n';
    expect(convertToV1(v1)).toEqual({ text: v1, converted: 0, notes: [] });
  });

  it('round-trips every v1beta1 document of the corpus to v1 that lints with no new error', { timeout: 120_000 }, () => {
    const root = join(import.meta.dirname, 'corpus');
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : f.endsWith('.yaml') ? [join(d, f)] : []));
    let converted = 0;
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8');
      const r = convertToV1(text);
      if (!r.converted) continue;
      converted += r.converted;
      const errors = (t: string) => lintText(t).filter((d) => d.severity === 'error').map((d) => d.code);
      expect(errors(r.text), file).toEqual(errors(text).filter((c) => c !== 'schema-unknown-field'));
      expect(convertToV1(r.text).converted).toBe(0);
      expect(lintText(r.text).some((d) => d.code === 'deprecated-api-version')).toBe(false);
    }
    expect(converted).toBeGreaterThan(50);
  });

  it('is offered as the quick fix of the deprecation warning', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: tekton.dev/v1beta1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - image: alpine\n      resources: {}\n';
    const d = lintText(text).find((x) => x.code === 'deprecated-api-version')!;
    expect(d.line).toBe(4);
    const fixed = apply(text, d.fixes![0]!.edits);
    expect(fixed).toBe('apiVersion: v1\nkind: ConfigMap\n---\napiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: t}\nspec:\n  steps:\n    - image: alpine\n      computeResources: {}\n');
    expect(lintText(fixed)).toEqual([]);
  });
});
