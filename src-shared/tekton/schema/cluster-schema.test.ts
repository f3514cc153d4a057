import { describe, expect, it } from 'vitest';
import { lintText } from '../lint';
import { clusterSchemaFromCrds, clusterSchemaFromOpenApi, fieldTreeOf } from './cluster-schema';

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });
const str = { type: 'string' };
const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** An "older Tekton": pipeline tasks without `displayName`, steps without `onError`. */
const taskSpec = obj({ params: { type: 'array', items: obj({ name: str, default: open }) }, steps: { type: 'array', items: obj({ name: str, image: str, script: str }) } });
const pipelineSpec = obj({
  params: { type: 'array', items: obj({ name: str, type: str }) },
  tasks: { type: 'array', items: obj({ name: str, runAfter: { type: 'array', items: str }, taskRef: obj({ name: str }), taskSpec: open }) },
  finally: { type: 'array', items: obj({ name: str, taskSpec: open }) },
});
const crd = (kind: string, spec: unknown) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  spec: { group: 'tekton.dev', names: { kind }, versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: obj({ apiVersion: str, kind: str, metadata: { type: 'object' }, spec }) } }] },
});
const schema = clusterSchemaFromCrds(
  [crd('Task', taskSpec), crd('Pipeline', pipelineSpec), crd('PipelineRun', obj({ pipelineRef: obj({ name: str }), pipelineSpec: open, params: { type: 'array', items: obj({ name: str, value: open }) } })), { kind: 'ConfigMap' }, null, 7],
  'Tekton v0.50 CRDs of old-cluster',
);

const pipeline = `apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: p
  labels: { a: b }
spec:
  params:
    - name: x
      type: string
  tasks:
    - name: build
      displayName: Build it
      taskSpec:
        params:
          - name: y
            default: { any: thing }
        steps:
          - name: s
            image: alpine
            onError: continue
            script: echo
`;

const clusterCodes = (text: string) =>
  lintText(text, { clusterSchema: schema })
    .filter((d) => d.code.startsWith('cluster-schema'))
    .map((d) => `${d.line}:${d.column} ${d.code} ${d.message.match(/`([^`]+)`/)?.[1]}`);

describe('cluster schema (live validation against the CRDs of a connected cluster)', () => {
  it('flags fields the cluster does not know, at their key, inside embedded task specs too', () => {
    expect(clusterCodes(pipeline)).toEqual(['12:7 cluster-schema-unknown-field spec.tasks[0].displayName', '20:13 cluster-schema-unknown-field spec.tasks[0].taskSpec.steps[0].onError']);
    expect(lintText(pipeline).filter((d) => d.code.startsWith('cluster-schema'))).toEqual([]);
  });

  it('says which cluster it asked, and what to do', () => {
    const d = lintText(pipeline, { clusterSchema: schema }).find((x) => x.code === 'cluster-schema-unknown-field')!;
    expect(d.message).toContain('Tekton v0.50 CRDs of old-cluster');
    expect(d.severity).toBe('error');
  });

  it('grafts the pipeline spec into a PipelineRun`s embedded pipelineSpec', () => {
    const run = `apiVersion: tekton.dev/v1
kind: PipelineRun
metadata:
  generateName: r-
spec:
  pipelineSpec:
    tasks:
      - name: a
        displayName: A
        taskRef:
          name: t
`;
    expect(clusterCodes(run)).toEqual(['9:9 cluster-schema-unknown-field spec.pipelineSpec.tasks[0].displayName']);
  });

  it('does not repeat a field the bundled schema already flags (its did-you-mean fix stays)', () => {
    const typo = pipeline.replace('      displayName: Build it\n', '      runAftr: []\n');
    const diags = lintText(typo, { clusterSchema: schema });
    expect(diags.filter((d) => d.line === 12).map((d) => d.code)).toEqual(['schema-unknown-field']);
  });

  it('a kind or version the cluster does not serve', () => {
    expect(lintText(pipeline.replace('kind: Pipeline', 'kind: Task').replace(/spec:[\s\S]*/, 'spec:\n  steps:\n    - image: a\n'), { clusterSchema: { source: 's', kinds: {} } }).map((d) => d.code)).toContain('cluster-schema-version');
  });

  it('reads the same from the apiserver`s OpenAPI v3 document', () => {
    const doc = { components: { schemas: { 'dev.tekton.v1.Pipeline': obj({ apiVersion: str, kind: str, metadata: { $ref: '#/x' }, spec: pipelineSpec }), 'dev.tekton.v1.Task': obj({ spec: taskSpec }) } } };
    const fromOpenApi = clusterSchemaFromOpenApi('v1', doc, 'openapi');
    const codes = lintText(pipeline, { clusterSchema: fromOpenApi }).filter((d) => d.code === 'cluster-schema-unknown-field').map((d) => d.line);
    expect(codes).toEqual([12, 20]);
  });

  it('hostile schemas give an open tree, never a crash', () => {
    expect(fieldTreeOf('x')).toEqual({});
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 1000; i++) deep = { properties: { a: deep } };
    expect(() => fieldTreeOf(deep)).not.toThrow();
    expect(clusterSchemaFromOpenApi('v1', 'garbage', 's').kinds).toEqual({});
    expect(clusterSchemaFromCrds([{ spec: { group: 'tekton.dev', names: { kind: 'Task' }, versions: 'x' } }], 's').kinds).toEqual({});
  });
});
