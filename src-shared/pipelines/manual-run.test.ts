import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { lintText } from '../tekton';
import { manualPipelineRun, MANUAL_RUN_KEYS } from './manual-run';
import { readPipelineFile } from './pipeline-source';
import { buildSimulatedEvent } from './simulated-event';
import { deliveryColumn, deliveryEvent } from './real-delivery';
import { simulateTable } from './trigger-simulator';

const pipeline = (apiVersion = 'tekton.dev/v1') => `apiVersion: ${apiVersion}
kind: Pipeline
metadata:
  name: hello
  annotations:
    pipe.linecorp.com/event: |
      push:
        branches: [main]
spec:
  params:
    - name: revision
    - name: greeting
      default: hi
  workspaces:
    - name: source
  tasks:
    - name: say
      taskSpec:
        steps:
          - name: echo
            image: docker.io/library/alpine:3.20
            script: echo $(params.greeting)
`;

const push = buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' });

describe('manualPipelineRun (Run now)', () => {
  it('embeds the edited pipeline, takes params from the event, and marks the run manual', () => {
    const source = readPipelineFile(pipeline()).pipelines[0]!;
    const run = manualPipelineRun(source, push);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const obj = parse(run.yaml);
    expect(obj.metadata.generateName).toBe('hello-manual-');
    expect(obj.metadata.name).toBeUndefined();
    expect(obj.metadata.labels).toMatchObject({ [MANUAL_RUN_KEYS.managedBy]: 'pipe-desktop', [MANUAL_RUN_KEYS.trigger]: 'manual' });
    expect(obj.metadata.labels['pipe.linecorp.com/delivery-id']).toBeUndefined();
    expect(obj.metadata.annotations[MANUAL_RUN_KEYS.source]).toBe('editor');
    expect(obj.metadata.annotations['pipe.linecorp.com/delivery-id']).toBeUndefined();
    expect(obj.spec.pipelineRef).toBeUndefined();
    expect(obj.spec.pipelineSpec.tasks[0].name).toBe('say');
    expect(obj.spec.params).toContainEqual({ name: 'revision', value: 'b'.repeat(40) });
    expect(obj.spec.workspaces.map((w: { name: string }) => w.name)).toEqual(['source']);
    // What it creates is a valid PipelineRun for the linter too.
    expect(lintText(run.yaml).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('converts a v1beta1 pipeline to a v1 embedded spec', () => {
    const run = manualPipelineRun(readPipelineFile(pipeline('tekton.dev/v1beta1')).pipelines[0]!, push);
    expect(run.ok && parse(run.yaml).apiVersion).toBe('tekton.dev/v1');
    expect(run.ok && parse(run.yaml).spec.pipelineSpec.tasks[0].taskSpec.steps[0].image).toBe('docker.io/library/alpine:3.20');
  });

  it('explains a template error (a param no event fills)', () => {
    const text = pipeline().replace('    - name: revision\n', '    - name: needed-param\n');
    const run = manualPipelineRun(readPipelineFile(text).pipelines[0]!, push);
    expect(run).toMatchObject({ ok: false, message: expect.stringContaining('needed-param') });
  });
});

describe('a recent real delivery in the simulator', () => {
  const delivery = { name: 'sha256-1', deliveryId: 'abcdef123456', eventName: 'push', ref: 'refs/heads/main', event: JSON.parse(JSON.stringify(push)) as unknown };

  it('becomes a column whose stored event decides the cells', () => {
    const column = deliveryColumn(delivery)!;
    expect(column.title).toBe('push main (delivery abcdef12)');
    const table = simulateTable([{ name: 'hello', annotation: readPipelineFile(pipeline()).pipelines[0]!.annotation }], { events: [column] });
    expect(table.rows[0]!.cells[0]!.outcome).toBe('fires');
    const other = deliveryColumn({ ...delivery, event: JSON.parse(JSON.stringify(buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'dev' }))) })!;
    expect(simulateTable([{ name: 'hello', annotation: readPipelineFile(pipeline()).pipelines[0]!.annotation }], { events: [other] }).rows[0]!.cells[0]!.outcome).toBe('skips');
  });

  it.each([undefined, 'x', [], { name: 'push' }, { name: 'DROP TABLE', repository: {} }, { ...push, repository: { fullName: 1 } }, { ...push, changedFiles: null }])('ignores a malformed stored event %#', (event) => {
    expect(deliveryEvent({ ...delivery, event })).toBeUndefined();
    expect(deliveryColumn({ ...delivery, event })).toBeUndefined();
  });

  it('an event that passes the shape check but breaks matching marks its cell invalid, not the table', () => {
    const odd = { ...JSON.parse(JSON.stringify(push)), refName: 42, ref: 'refs/heads/main', headCommitMessage: { no: 'string' } };
    const column = deliveryColumn({ ...delivery, event: odd });
    const table = simulateTable([{ name: 'hello', annotation: readPipelineFile(pipeline()).pipelines[0]!.annotation }], { events: column ? [column] : [] });
    expect(table.rows[0]!.cells.every((c) => ['fires', 'skips', 'depends', 'invalid'].includes(c.outcome))).toBe(true);
  });
});
