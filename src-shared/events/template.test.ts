import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { sha256Hex } from './hash';
import { pipelineRunName, labelValue, templatePipelineRun } from './template';
import { TemplateError, type PipelineInput } from './template-types';
import { branchPush, pullRequest, tagPush } from './test-support';
import { EVENT_VARIABLES, eventVariables } from './variables';

const pipeline = (
  params: PipelineInput['spec']['params'] = [],
  workspaces: PipelineInput['spec']['workspaces'] = [],
): PipelineInput => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'Pipeline',
  metadata: { name: 'build-and-test', namespace: 'team-a' },
  spec: { params, workspaces },
});

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('pipelineRunName', () => {
  it('is deterministic per delivery and pipeline', () => {
    const a = pipelineRunName('build', '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(a).toBe(pipelineRunName('build', '72d3162e-cc78-11e3-81ab-4c9367dc0958'));
    expect(a).not.toBe(pipelineRunName('build', '72d3162e-cc78-11e3-81ab-4c9367dc0959'));
    expect(a).not.toBe(pipelineRunName('deploy', '72d3162e-cc78-11e3-81ab-4c9367dc0958'));
    expect(a).toMatch(/^build-[0-9a-f]{12}$/);
  });
  it('is always a DNS label of at most 63 characters', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 80 }),
        (name, delivery) => {
          const n = pipelineRunName(name, delivery);
          expect(n.length).toBeLessThanOrEqual(63);
          expect(n).toMatch(DNS_LABEL);
        },
      ),
    );
  });
  it('keeps distinct long names distinct', () => {
    const long = 'x'.repeat(80);
    expect(pipelineRunName(`${long}-a`, 'd')).not.toBe(pipelineRunName(`${long}-b`, 'd'));
  });
});

describe('sha256Hex', () => {
  it('agrees with node:crypto', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
    );
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('labelValue', () => {
  it('keeps valid values and repairs the rest', () => {
    expect(labelValue('push')).toBe('push');
    expect(labelValue('octo/app')).toBe('octo-app');
    expect(labelValue('-x-')).toBe('x');
    expect(labelValue('///')).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        const v = labelValue(s);
        if (v !== undefined) {
          expect(v.length).toBeLessThanOrEqual(63);
          expect(v).toMatch(LABEL_VALUE);
        }
      }),
    );
  });
});

describe('templatePipelineRun', () => {
  const push = branchPush('main', { deliveryId: 'd-1' });
  it('builds a PipelineRun as data with labels and annotations linking everything', () => {
    const run = templatePipelineRun(pipeline([{ name: 'revision' }, { name: 'repo-url' }]), push, {
      deliveryId: 'd-1',
    });
    expect(run).toMatchObject({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: pipelineRunName('build-and-test', 'd-1'), namespace: 'team-a' },
      spec: { pipelineRef: { name: 'build-and-test' } },
    });
    expect(run.metadata.labels).toMatchObject({
      'pipe.linecorp.com/event': 'push',
      'pipe.linecorp.com/delivery-id': 'd-1',
      'pipe.linecorp.com/sha': '2'.repeat(40),
      'pipe.linecorp.com/pipeline': 'build-and-test',
      'pipe.linecorp.com/repo-owner': 'octo',
      'pipe.linecorp.com/repo-name': 'app',
    });
    for (const v of Object.values(run.metadata.labels)) expect(v).toMatch(LABEL_VALUE);
    expect(run.metadata.annotations).toMatchObject({
      'pipe.linecorp.com/repository': 'octo/app',
      'pipe.linecorp.com/ref': 'refs/heads/main',
      'pipe.linecorp.com/sha': '2'.repeat(40),
      'pipe.linecorp.com/delivery-id': 'd-1',
      'pipe.linecorp.com/sender': 'mona',
    });
    expect(run.spec.params).toEqual([
      { name: 'revision', value: '2'.repeat(40) },
      { name: 'repo-url', value: 'https://github.com/octo/app.git' },
    ]);
  });
  it('binds only declared params and leaves defaults to Tekton', () => {
    const run = templatePipelineRun(
      pipeline([
        { name: 'branch' },
        { name: 'tag', default: 'none' },
        { name: 'lint', type: 'string', default: 'yes' },
      ]),
      push,
      { deliveryId: 'd' },
    );
    expect(run.spec.params).toEqual([{ name: 'branch', value: 'main' }]);
  });
  it('a required param without a value is a TemplateError', () => {
    let err: unknown;
    try {
      templatePipelineRun(pipeline([{ name: 'tag' }]), push, { deliveryId: 'd' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect(err).toMatchObject({
      code: 'missing-param',
      message: expect.stringMatching(/needs param `tag`.*no default/),
    });
  });
  it('an event value for a non-string param is a TemplateError', () => {
    expect(() =>
      templatePipelineRun(pipeline([{ name: 'revision', type: 'array' }]), push, { deliveryId: 'd' }),
    ).toThrow(expect.objectContaining({ code: 'param-type' }));
  });
  it('explicit params win, then event variables, then dispatch inputs', () => {
    const dispatch = branchPush('main', {
      name: 'workflow_dispatch',
      inputs: { level: 'debug', revision: 'input-rev' },
    });
    const run = templatePipelineRun(
      pipeline([{ name: 'level' }, { name: 'revision' }, { name: 'branch' }]),
      dispatch,
      {
        deliveryId: 'd',
        params: { branch: 'override' },
      },
    );
    expect(run.spec.params).toEqual([
      { name: 'level', value: 'debug' },
      { name: 'revision', value: '2'.repeat(40) },
      { name: 'branch', value: 'override' },
    ]);
  });
  it('uses the resolved revision for events without a sha', () => {
    const create = tagPush('v1', { name: 'create', sha: '' });
    expect(() => templatePipelineRun(pipeline([{ name: 'revision' }]), create, { deliveryId: 'd' })).toThrow(
      TemplateError,
    );
    const run = templatePipelineRun(pipeline([{ name: 'revision' }, { name: 'tag' }]), create, {
      deliveryId: 'd',
      revision: 'abc',
    });
    expect(run.spec.params).toEqual([
      { name: 'revision', value: 'abc' },
      { name: 'tag', value: 'v1' },
    ]);
  });
  it('never re-parses values: a hostile branch name stays one string', () => {
    const hostile = 'x"\n---\nkind: Secret\nmetadata: {name: pwned}\n# ${{ revision }} {{repo_url}}';
    const run = templatePipelineRun(pipeline([{ name: 'branch' }]), branchPush(hostile), { deliveryId: 'd' });
    expect(run.spec.params[0]!.value).toBe(hostile);
    const docs = parseAllDocuments(stringify(run));
    expect(docs).toHaveLength(1);
    expect((docs as { toJS(): unknown }[])[0]!.toJS()).toEqual(JSON.parse(JSON.stringify(run)));
    for (const v of Object.values(run.metadata.labels)) expect(v).toMatch(LABEL_VALUE);
  });
  it('binds workspaces: configured, default for required, none for optional', () => {
    const p = pipeline([], [{ name: 'source' }, { name: 'cache', optional: true }, { name: 'creds' }]);
    const run = templatePipelineRun(p, push, {
      deliveryId: 'd',
      workspaces: { creds: { secret: { secretName: 'git' } } },
    });
    expect(run.spec.workspaces).toEqual([
      {
        name: 'source',
        volumeClaimTemplate: {
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      },
      { name: 'creds', secret: { secretName: 'git' } },
    ]);
    const custom = templatePipelineRun(p, push, { deliveryId: 'd', defaultWorkspace: { emptyDir: {} } });
    expect(custom.spec.workspaces.map((w) => w.emptyDir)).toEqual([{}, {}]);
    expect(() =>
      templatePipelineRun(p, push, { deliveryId: 'd', workspaces: { nope: { emptyDir: {} } } }),
    ).toThrow(expect.objectContaining({ code: 'unknown-workspace' }));
  });
  it('options: namespace, service account, generateName, delivery id required', () => {
    const run = templatePipelineRun(pipeline(), push, {
      deliveryId: 'd',
      namespace: 'ci',
      serviceAccountName: 'pipe-runner',
      generateName: true,
    });
    expect(run.metadata).toMatchObject({ namespace: 'ci', generateName: 'build-and-test-' });
    expect(run.metadata.name).toBeUndefined();
    expect(run.spec.taskRunTemplate).toEqual({ serviceAccountName: 'pipe-runner' });
    expect(() => templatePipelineRun(pipeline(), push, { deliveryId: '' })).toThrow(
      expect.objectContaining({ code: 'invalid-options' }),
    );
    expect(() =>
      templatePipelineRun({ ...pipeline(), kind: 'Task' as 'Pipeline' }, push, { deliveryId: 'd' }),
    ).toThrow(expect.objectContaining({ code: 'invalid-pipeline' }));
  });
  it('pull request variables', () => {
    const v = eventVariables(pullRequest('opened', 'main', { deliveryId: 'x' }));
    expect(v).toMatchObject({
      'pr-number': '7',
      'base-branch': 'main',
      'head-branch': 'topic',
      branch: 'topic',
      ref: 'refs/pull/7/merge',
      'pr-merged': 'false',
      'event-type': 'pull_request',
      action: 'opened',
    });
    expect(eventVariables(pullRequest('closed', 'main', { merged: true })).branch).toBe('main');
  });
});

describe('EVENT_VARIABLES', () => {
  it('documents every variable an event can produce, and names are unique', () => {
    const documented = new Set(EVENT_VARIABLES.map((v) => v.name));
    expect(documented.size).toBe(EVENT_VARIABLES.length);
    const samples = [
      branchPush('main', { deliveryId: 'd' }),
      tagPush('v1'),
      pullRequest('opened', 'main'),
      branchPush('main', { name: 'issue_comment', comment: 'hi', issueNumber: 3, prNumber: 3 }),
      tagPush('v1', { name: 'release', release: { tag: 'v1', prerelease: true, draft: false } }),
      branchPush('main', {
        name: 'deployment_status',
        environment: 'prod',
        deploymentId: 5,
        deploymentState: 'success',
      }),
      branchPush('main', { name: 'schedule', schedule: '0 0 * * *' }),
    ];
    const produced = new Set(samples.flatMap((e) => Object.keys(eventVariables(e))));
    for (const name of produced) expect(documented).toContain(name);
    for (const name of documented) expect(produced).toContain(name);
  });
});
