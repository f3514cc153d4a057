// collectFailureDetails' decisions over a stub cluster: which task is reported, and that a log is never shown when
// a Secret it could contain cannot be read or is too short to mask.
import { describe, expect, it } from 'vitest';
import { httpError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { KubeClient } from '../kube/kube-client';
import { collectFailureDetails } from './failure-details';

const run: PipelineRun = {
  metadata: { name: 'ci-1', namespace: 'team' },
  spec: {},
  status: {
    conditions: [
      { type: 'Succeeded', status: 'False', reason: 'Failed', message: 'Tasks Completed: 2 (Failed: 2)' },
    ],
  },
};

function taskRun(task: string, completionTime: string, exitCode: number) {
  return {
    metadata: { name: `ci-1-${task}`, labels: { 'tekton.dev/pipelineTask': task } },
    status: {
      podName: `ci-1-${task}-pod`,
      completionTime,
      conditions: [{ type: 'Succeeded', status: 'False', reason: 'Failed' }],
      steps: [{ name: 'run', container: 'step-run', terminated: { exitCode, reason: 'Error' } }],
    },
  };
}

/** An apiserver refusal as the client reports it. */
const status = (code: number, reason: string, message: string) =>
  httpError(
    code,
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code }),
  );
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A stub cluster: paths → answers (an Error is thrown); the log stream serves `log` and records that it was read. */
function cluster(answers: Record<string, unknown>, log: string) {
  const streamed: string[] = [];
  const client = {
    request: async (_method: string, path: string) => {
      const a = answers[path];
      if (a === undefined) throw status(404, 'NotFound', `${path} not found`);
      if (a instanceof Error) throw a;
      return a;
    },
    stream: async (path: string) => {
      streamed.push(path);
      return Object.assign(
        (async function* () {
          yield Buffer.from(log);
        })(),
        { destroy: () => undefined },
      ) as unknown as Awaited<ReturnType<KubeClient['stream']>>;
    },
  } as unknown as KubeClient;
  return { client, streamed };
}

const podWithSecret = {
  spec: { containers: [{ env: [{ valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] }] },
};

describe('collectFailureDetails', () => {
  it('reports failed tasks first to fail first, masking the Secret values in the log', async () => {
    const { client } = cluster(
      {
        '/apis/tekton.dev/v1/namespaces/team/taskruns': {
          items: [
            taskRun('late', '2026-01-01T00:02:00Z', 2),
            taskRun('early', '2026-01-01T00:01:00Z', 1),
            { metadata: { name: 'ok' }, status: { conditions: [{ type: 'Succeeded', status: 'True' }] } },
          ],
        },
        '/api/v1/namespaces/team/pods/ci-1-early-pod': podWithSecret,
        '/api/v1/namespaces/team/pods/ci-1-late-pod': { spec: {} },
        '/api/v1/namespaces/team/secrets/creds': { data: { token: b64('sup3r-s3cret') } },
      },
      'using sup3r-s3cret\nboom\n',
    );
    const d = await collectFailureDetails(client, run);
    expect(d.runReason).toBe('Tasks Completed: 2 (Failed: 2)');
    expect(d.tasks.map((t) => `${t.task}: ${t.reason}`)).toEqual([
      'early: exited with code 1',
      'late: exited with code 2',
    ]);
    expect(d.tasks[0]!.log?.lines).toEqual(['using ***', 'boom']);
  });

  it('a Secret that cannot be read withholds the log (it is never read)', async () => {
    const forbidden = status(403, 'Forbidden', 'secrets "creds" is forbidden');
    const { client, streamed } = cluster(
      {
        '/apis/tekton.dev/v1/namespaces/team/taskruns': {
          items: [taskRun('test', '2026-01-01T00:01:00Z', 1)],
        },
        '/api/v1/namespaces/team/pods/ci-1-test-pod': podWithSecret,
        '/api/v1/namespaces/team/secrets/creds': forbidden,
      },
      'using sup3r-s3cret\n',
    );
    const d = await collectFailureDetails(client, run);
    expect(d.tasks[0]!.log).toBeUndefined();
    expect(d.tasks[0]!.logNote).toBe('log withheld: Secret "creds" could not be read to mask its values');
    expect(streamed).toEqual([]);
  });

  it('a Secret value too short to mask withholds the log; a pod that is gone says so', async () => {
    const { client, streamed } = cluster(
      {
        '/apis/tekton.dev/v1/namespaces/team/taskruns': {
          items: [taskRun('a', '2026-01-01T00:01:00Z', 1), taskRun('b', '2026-01-01T00:02:00Z', 1)],
        },
        '/api/v1/namespaces/team/pods/ci-1-a-pod': podWithSecret,
        '/api/v1/namespaces/team/secrets/creds': { data: { token: b64('pw1') } },
      },
      'pw1\n',
    );
    const d = await collectFailureDetails(client, run);
    expect(d.tasks[0]!.logNote).toBe('log withheld: a Secret value it could contain is too short to mask');
    expect(d.tasks[1]!.logNote).toBe('no step log: the pod is gone');
    expect(streamed).toEqual([]);
  });
});
