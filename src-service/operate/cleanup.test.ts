import { describe, expect, it } from 'vitest';
import type { GitHubEventObject } from '../events-store/event-types';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import { loadConfig } from '../config/load-config';
import { selectExpired } from './cleanup';
import { microTime } from './leader-election';

const day = 86_400_000;
const now = Date.UTC(2025, 5, 1);
const at = (ms: number) => new Date(now - ms).toISOString();
const ev = (name: string, age: number, phase?: 'Succeeded' | 'Pending'): GitHubEventObject => ({
  metadata: { name, creationTimestamp: at(age) },
  spec: {} as GitHubEventObject['spec'],
  ...(phase ? { status: { phase } } : {}),
});
const pr = (name: string, age: number): PipelineRun => ({
  metadata: { name, namespace: 'n', creationTimestamp: at(age) },
  spec: {},
});

describe('selectExpired', () => {
  it('picks finished events past the TTL, any event past twice the TTL, and runs past the max age', () => {
    const out = selectExpired(
      { eventTtlMs: day, runMaxAgeMs: 7 * day },
      [
        ev('fresh', 1000, 'Succeeded'),
        ev('old', 2 * day - 1, 'Succeeded'),
        ev('stuck', 1.5 * day, 'Pending'),
        ev('ancient', 3 * day, 'Pending'),
      ],
      [pr('new', day), pr('week-old', 8 * day)],
      now,
    );
    expect(out.events).toEqual(['old', 'ancient']);
    expect(out.runs.map((r) => r.metadata.name)).toEqual(['week-old']);
  });
});

describe('event retention with the default TTL', () => {
  it("a finished event just past GitHub's 72 h redelivery window is still kept", () => {
    const ttl = loadConfig(
      {
        PIPE_EVENTS_WEBHOOK_SECRET: 'a-long-secret',
        PIPE_EVENTS_GITHUB_TOKEN: 'ghp_x',
        PIPE_EVENTS_CORE_KUBECONFIG: '/k',
        PIPE_EVENTS_IDENTITY: 'r',
      },
      undefined,
    ).cleanup.eventTtlHours;
    const hour = 3_600_000;
    const out = selectExpired(
      { eventTtlMs: ttl * hour, runMaxAgeMs: 7 * day },
      [ev('redeliverable', 72 * hour + 1, 'Succeeded'), ev('gone', ttl * hour + 1, 'Succeeded')],
      [],
      now,
    );
    expect(out.events).toEqual(['gone']);
  });
});

describe('microTime', () => {
  it('formats RFC 3339 with microseconds', () => {
    expect(microTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678))).toBe('2025-01-02T03:04:05.678000Z');
  });
});
