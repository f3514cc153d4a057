import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-node/time/manual-clock';
import type { EventStore } from '../events-store/event-store';
import { GitHubApi } from '../github/github-api';
import { createGitHubHttp } from '../github/github-http';
import { PipelineSource } from '../github/pipeline-source';
import { StaticTokenProvider } from '../github/token-provider';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import type { RepositoryTargets } from '../runtime/repository-targets';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { buildPipelineYaml } from '../testing/pipelines';
import { ScheduleRunner } from './schedule-runner';
import type { ScheduleEntry } from './schedule-plan';

let gh: FakeGithub;
beforeAll(async () => {
  gh = await startFakeGithub({ tokens: ['t'] });
});
afterAll(() => gh.dispose());

const at = (iso: string): number => Date.parse(iso);
const nightly = (cron: string): string =>
  buildPipelineYaml({ name: 'nightly', on: `schedule:\n  - cron: "${cron}"`, params: ['revision'] });

/** A runner over the fake GitHub for `repository`, recording what it fires and the next fire times it publishes. */
function runner(repository: string, clock: ManualClock) {
  const api = new GitHubApi(
    createGitHubHttp({
      baseUrl: gh.url,
      metrics: createServiceMetrics(),
      logger: silentLogger,
      maxWaitMs: 0,
    }),
    new StaticTokenProvider('t'),
  );
  const fired: string[] = [];
  let next: { entry: ScheduleEntry; at: number | undefined }[] = [];
  const r = new ScheduleRunner({
    api,
    source: new PipelineSource(api, { folders: ['.pipe'], maxFileBytes: 100_000 }),
    targets: { repositories: () => [repository] } as unknown as RepositoryTargets,
    store: {
      create: async (o: { name: string; schedule: { pipeline: string; scheduledAt: string } }) => {
        fired.push(`${o.schedule.pipeline}@${o.schedule.scheduledAt.slice(11, 16)}`);
        return { outcome: 'recorded' };
      },
    } as unknown as EventStore,
    clock,
    catchUpMs: 60 * 60_000,
    refreshMs: 3_600_000,
    logger: silentLogger,
    onNextFires: (n) => (next = [...n]),
  });
  const nextOf = () =>
    next.map(
      (n) => `${n.entry.pipeline} ${n.entry.cron} ${n.at ? new Date(n.at).toISOString().slice(11, 16) : '-'}`,
    );
  const reads = () =>
    gh.records.requests.filter((q) => q.method === 'GET' && q.path === `/repos/${repository}`).length;
  return { r, fired, nextOf, reads };
}

describe('ScheduleRunner', () => {
  it('re-reads a repository on a push to its default branch (not on other branches or old pushes), debounced', async () => {
    const repo = gh.repo('acme/sched-push');
    repo.commit({ '.pipe/nightly.yaml': nightly('0 3 * * *') });
    const clock = new ManualClock(at('2026-01-05T10:00:30Z'));
    const { r, nextOf, reads } = runner('acme/sched-push', clock);
    await r.start();
    expect(nextOf()).toEqual(['nightly 0 3 * * * 03:00']);
    const readsAfterStart = reads();

    // Pushes to another branch, and a push received before this leader started, read nothing.
    repo.commit({ '.pipe/nightly.yaml': nightly('0 4 * * *') }, { branch: 'feature' });
    r.notePush({
      repository: 'acme/sched-push',
      ref: 'refs/heads/feature',
      defaultBranch: 'main',
      receivedAt: clock.now(),
    });
    r.notePush({
      repository: 'acme/sched-push',
      ref: 'refs/heads/main',
      defaultBranch: 'main',
      receivedAt: clock.now() - 60_000,
    });
    r.notePush({
      repository: 'acme/unmapped',
      ref: 'refs/heads/main',
      defaultBranch: 'main',
      receivedAt: clock.now(),
    });
    clock.advance(5_000);
    await r.whenRead();
    expect(reads()).toBe(readsAfterStart);
    expect(nextOf()).toEqual(['nightly 0 3 * * * 03:00']);

    // Three pushes to main within the debounce: one read, and the new cron applies at once.
    repo.commit({
      '.pipe/nightly.yaml': nightly('*/15 * * * *'),
      '.pipe/hourly.yaml': buildPipelineYaml({
        name: 'hourly',
        on: 'schedule:\n  - cron: "0 * * * *"\n    timezone: Asia/Kolkata',
        params: ['revision'],
      }),
    });
    for (let i = 0; i < 3; i++)
      r.notePush({
        repository: 'Acme/Sched-Push',
        ref: 'refs/heads/main',
        defaultBranch: 'main',
        receivedAt: clock.now(),
      });
    clock.advance(2_000);
    await r.whenRead();
    expect(reads()).toBe(readsAfterStart + 1);
    // Kolkata is UTC+05:30: its full hours fall on :30 UTC.
    expect(nextOf().sort()).toEqual(['hourly 0 * * * * 10:30', 'nightly */15 * * * * 10:15']);
    await r.dispose();
  });

  it('a repository that cannot be read keeps its entries; a timezone that does not exist is ignored, the others fire', async () => {
    const repo = gh.repo('acme/sched-zone');
    repo.commit({
      '.pipe/nightly.yaml': nightly('*/1 * * * *'),
      '.pipe/mars.yaml': buildPipelineYaml({
        name: 'mars',
        on: 'schedule:\n  - cron: "*/1 * * * *"\n    timezone: Mars/Olympus_Mons',
        params: ['revision'],
      }),
    });
    const clock = new ManualClock(at('2026-01-05T10:00:30Z'));
    const { r, fired, nextOf } = runner('acme/sched-zone', clock);
    await r.start();
    expect(nextOf()).toEqual(['nightly */1 * * * * 10:01']);
    gh.inject({ match: /\/repos\/acme\/sched-zone$/, status: 500, times: 1 });
    await r.refresh();
    clock.advance(60_000);
    await r.whenRead();
    // Let the firer's timer-driven check finish.
    for (let i = 0; i < 20 && fired.length === 0; i++) await new Promise((res) => setImmediate(res));
    expect(fired).toEqual(['nightly@10:01']);
    await r.dispose();
  });
});
