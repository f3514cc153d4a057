// Schedules against the sandbox (issue 14): the leader fires a `* * * * *` entry once per minute (one real minute) as a
// GitHubEvent with a deterministic name, and the tick runs that pipeline from the default branch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeList } from '../src-node/kube/kube-types';
import type { GitHubEventObject } from './events-store/event-types';
import { startFakeGithub, type FakeGithub } from './testing/fake-github';
import { buildPipelineYaml } from './testing/pipelines';
import { branchPush, postDelivery, signedDelivery } from './testing/deliveries';
import { HARNESS_TOKEN, sandboxFromEnv, startHarness, type Harness } from './testing/service-harness';
import { waitUntil } from '../src-node/testing/wait-until';

let gh: FakeGithub;
let h: Harness;

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: [HARNESS_TOKEN] });
  gh.repo('acme/app').commit({
    '.pipe/nightly.yaml': buildPipelineYaml({
      name: 'nightly',
      on: 'schedule:\n  - cron: "* * * * *"',
      params: ['revision'],
    }),
    '.pipe/build.yaml': buildPipelineYaml({ params: ['revision'] }),
  });
  // Periodic re-reads far apart: a schedule added by a push must be picked up by the push itself.
  h = await startHarness({
    sandbox: sandboxFromEnv(),
    gh,
    env: { PIPE_EVENTS_SCHEDULE_REFRESH_SECONDS: '3600' },
  });
});
afterAll(async () => {
  await h?.stop();
  await gh?.dispose();
});

async function ticks(): Promise<GitHubEventObject[]> {
  const list = await h.core.request<KubeList<GitHubEventObject>>(
    'GET',
    `/apis/pipe.linecorp.com/v1alpha1/namespaces/${h.eventNamespace}/githubevents`,
  );
  return list.items.filter((e) => e.spec.eventName === 'schedule');
}

describe('schedules', () => {
  it('fires * * * * * at the next minute: one event per minute, named deterministically, running only that pipeline', async () => {
    const first = await waitUntil(
      async () => (await ticks()).find((e) => e.status?.phase === 'Succeeded'),
      'a schedule tick',
      150_000,
    );
    expect(first.metadata.name).toMatch(/^schedule-[0-9a-f]{40}$/);
    expect(first.spec.schedule).toMatchObject({ pipeline: 'nightly', cron: '* * * * *' });
    expect(first.status?.matched).toEqual(['nightly']);
    const run = (await h.runs()).find((r) => r.metadata.name === first.status?.runs?.[0]?.name);
    expect(run?.metadata.labels?.['pipe.linecorp.com/pipeline']).toBe('nightly');
    const minutes = (await ticks()).map((e) => e.spec.schedule?.scheduledAt);
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(minutes.every((m) => m?.endsWith(':00.000Z'))).toBe(true);
  }, 180_000);

  it('a push to the default branch re-reads the schedules: a pipeline added by it fires at its next minute; metrics show next fire times', async () => {
    const repo = gh.repo('acme/app');
    const before = repo.refs.get('heads/main')!;
    const after = repo.commit({
      '.pipe/nightly.yaml': buildPipelineYaml({
        name: 'nightly',
        on: 'schedule:\n  - cron: "* * * * *"',
        params: ['revision'],
      }),
      '.pipe/added.yaml': buildPipelineYaml({
        name: 'added',
        on: 'schedule:\n  - cron: "* * * * *"',
        params: ['revision'],
      }),
      '.pipe/build.yaml': buildPipelineYaml({ params: ['revision'] }),
    });
    const push = signedDelivery(h.secret, 'push', branchPush({ repository: 'acme/app', before, after }));
    expect((await postDelivery(h.webhookUrl, push)).status).toBe(202);
    const tick = await waitUntil(
      async () =>
        (await ticks()).find((e) => e.spec.schedule?.pipeline === 'added' && e.status?.phase === 'Succeeded'),
      'a tick of the pipeline added by the push',
      150_000,
    );
    expect(tick.status?.matched).toEqual(['added']);
    const metrics = await (await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`)).text();
    for (const pipeline of ['nightly', 'added'])
      expect(metrics).toMatch(
        new RegExp(
          `pipe_events_schedule_next_fire_timestamp_seconds\\{repository="acme/app",pipeline="${pipeline}"\\} \\d+`,
        ),
      );
    expect(metrics).toMatch(/pipe_events_schedule_ticks_fired_total \d+/);
  }, 180_000);
});
