import { describe, expect, it } from 'vitest';
import { dispatchObject, dispatchState } from './dispatch-client';

describe('dispatch objects', () => {
  it('carries the requester fields the apiserver checks, the request and nothing only pipe-events sets', () => {
    const obj = dispatchObject(
      { repository: 'acme/app', ref: 'main', pipeline: 'deploy', inputs: { level: 'debug' } },
      { username: 'dev@pipe.example', githubLogin: 'pipe-dev' },
      new Date('2026-01-02T03:04:05Z'),
      'abc',
    );
    expect(obj).toEqual({
      apiVersion: 'pipe.linecorp.com/v1alpha1',
      kind: 'GitHubEvent',
      metadata: { generateName: 'dispatch-', labels: { 'pipe.linecorp.com/dispatch': 'true' } },
      spec: {
        deliveryId: 'dispatch-abc',
        eventName: 'workflow_dispatch',
        repository: 'acme/app',
        ref: 'main',
        receivedAt: '2026-01-02T03:04:05.000Z',
        requester: 'dev@pipe.example',
        requesterLogin: 'pipe-dev',
        dispatch: { pipeline: 'deploy', inputs: { level: 'debug' } },
        event: { name: 'workflow_dispatch' },
      },
    });
    const noLogin = dispatchObject({ repository: 'acme/app' }, { username: 'u' }, new Date(0), 'x') as {
      spec: Record<string, unknown>;
    };
    expect(noLogin.spec).not.toHaveProperty('requesterLogin');
    expect(noLogin.spec).not.toHaveProperty('ref');
  });

  it('reads the verdict: pending until decided, accepted with runs, refused with why, failed with the message', () => {
    const meta = { name: 'dispatch-1', namespace: 'pipe-system' };
    expect(dispatchState({ metadata: meta })).toEqual({ ...meta, phase: 'Pending', runs: [] });
    expect(dispatchState({ metadata: meta, status: { phase: 'Pending', message: 'retrying' } }).phase).toBe(
      'Pending',
    );
    const run = { pipeline: 'deploy', cluster: 'default', namespace: 'ci', name: 'deploy-1' };
    expect(
      dispatchState({
        metadata: meta,
        status: {
          phase: 'Succeeded',
          verdict: { decision: 'Accepted', reason: 'ok', login: 'pipe-dev', inputs: { a: '1' } },
          runs: [run],
        },
      }),
    ).toEqual({
      ...meta,
      phase: 'Accepted',
      reason: 'ok',
      login: 'pipe-dev',
      inputs: { a: '1' },
      runs: [run],
    });
    expect(
      dispatchState({
        metadata: meta,
        status: { phase: 'Succeeded', verdict: { decision: 'Refused', reason: 'no' } },
      }),
    ).toMatchObject({
      phase: 'Refused',
      reason: 'no',
    });
    expect(dispatchState({ metadata: meta, status: { phase: 'Failed', message: 'boom' } })).toMatchObject({
      phase: 'Failed',
      reason: 'boom',
    });
  });
});
