// Hostile input to `pipelines.apply`: refused as a whole with a typed error before anything reaches a cluster.
import { describe, expect, it } from 'vitest';
import { RpcError } from '../../src-shared/contract/errors';
import { applyToCluster, planApply } from './apply-to-cluster';

const task = (name: string): string => `apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: ${name}\nspec:\n  steps: []\n`;

function refusal(text: string): RpcError {
  try {
    planApply('team-a', text);
  } catch (err) {
    expect(err).toBeInstanceOf(RpcError);
    return err as RpcError;
  }
  throw new Error('not refused');
}

describe('planApply', () => {
  it('plans one PATCH path per document with its 1-based line', () => {
    const plan = planApply('team-a', `# c\n${task('a')}---\n${task('b')}`);
    expect(plan.map((d) => [d.kind, d.name, d.line, d.path])).toEqual([
      ['Task', 'a', 2, '/apis/tekton.dev/v1/namespaces/team-a/tasks/a'],
      ['Task', 'b', 9, '/apis/tekton.dev/v1/namespaces/team-a/tasks/b'],
    ]);
    expect(planApply('team-a', '')).toEqual([]);
  });

  it('refuses too large, too many, non-Tekton kinds, bad names and broken YAML', () => {
    expect(refusal(`${task('a')}#${'x'.repeat(1024 * 1024)}`).code).toBe('too-large');
    expect(refusal(Array.from({ length: 51 }, (_, i) => task(`t${i}`)).join('---\n')).code).toBe('too-many');
    const cm = refusal(`${task('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n`);
    expect([cm.code, cm.message]).toEqual(['bad-request', 'Line 8: only tekton.dev objects can be applied (apiVersion "v1").']);
    expect(refusal('apiVersion: tekton.dev/v1\nkind: ClusterTask\nmetadata: {name: x}\n').code).toBe('bad-request');
    expect(refusal('apiVersion: tekton.dev/../../api/v1\nkind: Task\nmetadata: {name: x}\n').code).toBe('bad-request');
    expect(refusal('apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: ../../secrets/x}\n').code).toBe('bad-request');
    expect(refusal('apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {generateName: x-}\n').code).toBe('bad-request');
    expect(refusal('- just\n- a list\n').code).toBe('bad-request');
    expect(refusal('apiVersion: tekton.dev/v1\nkind: [Task\n').code).toBe('bad-request');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(refusal(`apiVersion: tekton.dev/v1\nkind: Task\nmetadata: {name: x}\n${bomb}\n`).code).toBe('bad-request');
  });

  it('sends nothing when any document is refused', async () => {
    const requests: string[] = [];
    const client = { request: (path: string) => { requests.push(path); return Promise.resolve(undefined as never); } };
    await expect(applyToCluster(client, { namespace: 'team-a', text: `${task('a')}---\nkind: Secret\napiVersion: v1\n`, dryRun: true })).rejects.toBeInstanceOf(RpcError);
    expect(requests).toEqual([]);
  });
});
