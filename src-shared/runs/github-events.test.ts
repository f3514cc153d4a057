import { describe, expect, it } from 'vitest';
import { githubEventRowOf, githubEventRows } from './github-events';

describe('githubEventRows', () => {
  it('reads a recorded delivery: matched pipelines with reasons, runs, invalid files', () => {
    const row = githubEventRowOf({
      metadata: { name: 'd-1' },
      spec: { deliveryId: 'd-1', eventName: 'push', repository: 'acme/app', ref: 'refs/heads/main', sha: 'abc', receivedAt: '2026-11-28T10:00:00Z', event: { sender: { login: 'octocat' } } },
      status: {
        phase: 'Succeeded',
        explanations: [{ pipeline: 'ci', file: '.pipe/ci.yaml', matched: true, explanation: 'push to main matches branches: [main]' }],
        runs: [{ pipeline: 'ci', cluster: 'default', namespace: 'team-a', name: 'ci-x' }],
        errors: [{ file: '.pipe/bad.yaml', line: 3, message: 'bad annotation' }],
      },
    });
    expect(row).toMatchObject({ deliveryId: 'd-1', event: 'push', sender: 'octocat', phase: 'Succeeded', receivedAt: Date.parse('2026-11-28T10:00:00Z') });
    expect(row.explanations[0]).toEqual({ pipeline: 'ci', file: '.pipe/ci.yaml', matched: true, explanation: 'push to main matches branches: [main]' });
    expect(row.runs).toHaveLength(1);
    expect(row.errors[0]).toEqual({ file: '.pipe/bad.yaml', line: 3, message: 'bad annotation' });
  });

  it('never throws on hostile shapes and bounds what it keeps', () => {
    for (const o of [null, 42, 'x', [], { spec: [] }, { status: { runs: 'no', explanations: [null, 1] } }, { spec: { repository: 'r'.repeat(1e6) } }]) {
      const row = githubEventRowOf(o);
      expect(row.repository.length).toBeLessThanOrEqual(2000);
    }
    expect(githubEventRowOf({ status: { runs: Array.from({ length: 10_000 }, () => ({})) } }).runs).toHaveLength(200);
    expect(githubEventRows([{ metadata: { name: 'a' }, spec: { receivedAt: '2026-01-01T00:00:00Z' } }, { metadata: { name: 'b' }, spec: { receivedAt: '2026-02-01T00:00:00Z' } }]).map((r) => r.name)).toEqual(['b', 'a']);
  });
});
