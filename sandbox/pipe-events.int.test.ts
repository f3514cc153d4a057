import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { postDelivery, signedDelivery } from '../src-service/testing/deliveries';
import { loadKubeConfig, startSandbox, toSandboxInfo, waitForPodLog, type Sandbox } from './index.js';
import { kubeJson } from './kube.js';
import { KubeClient } from '../src-node/kube/kube-client';
import { writeSandboxInfo } from './info.js';
import { buildSampleDelivery } from './sample-events.js';
import { sendCommand, waitForSampleEvent } from './send-cli.js';
import { sendSampleEvent } from './send-event.js';

type Run = { metadata: { name: string; annotations?: Record<string, string> }; status?: { conditions?: { type: string; status: string; reason?: string }[] } };

// The whole flow, as `npm run sandbox` runs it: pipe-events and Tekton's real controller get a sandbox of their own
// (in the shared one the controller would also reconcile runs whose status other tests write themselves).
describe('sandbox pipe-events: sample delivery → GitHubEvent → PipelineRun run by Tekton', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ pipeEvents: true, tektonController: true, seed: false });
    await writeSandboxInfo(`${sb.dir}/sandbox.json`, toSandboxInfo(sb));
  }, 300_000);
  afterAll(async () => {
    await sb?.stop();
  }, 60_000);

  const run = (name: string): Promise<Run> =>
    kubeJson<Run>(loadKubeConfig(sb.runtime.adminKubeconfig), 'GET', `/apis/tekton.dev/v1/namespaces/${sb.teamNamespace}/pipelineruns/${name}`);

  async function runSucceeds(name: string): Promise<string | undefined> {
    let reason: string | undefined;
    for (let i = 0; i < 480 && reason !== 'Succeeded' && reason !== 'Failed'; i++) {
      reason = (await run(name)).status?.conditions?.find((c) => c.type === 'Succeeded')?.reason;
      await new Promise((r) => setTimeout(r, 250));
    }
    return reason;
  }

  it('a push to main runs the build pipeline to completion', async () => {
    const pe = sb.pipeEvents!;
    const sent = await sendSampleEvent(pe, { kind: 'push', branch: 'main' }, sb.fakeGithub.login);
    expect([sent.event, sent.status]).toEqual(['push', 202]);
    const outcome = await waitForSampleEvent(sb, sent.deliveryId);
    expect(outcome.phase).toBe('Succeeded');
    expect(outcome.runs.map((r) => [r.pipeline, r.cluster, r.namespace])).toEqual([['sample-app-build', 'local-1', sb.teamNamespace]]);
    const created = await run(outcome.runs[0]!.name);
    expect(created.metadata.annotations?.['pipe.linecorp.com/repository']).toBe('pipe-sandbox/sample-app');
    expect(created.metadata.annotations?.['pipe.linecorp.com/sender']).toBe('pipe-dev');
    expect(await runSucceeds(outcome.runs[0]!.name)).toBe('Succeeded');
    // kwok runs no containers: the sandbox wrote each step's echoed lines as its log (params substituted).
    type Tr = { metadata: { labels: Record<string, string> }; status?: { podName?: string } };
    const trs = await kubeJson<{ items: Tr[] }>(loadKubeConfig(sb.runtime.adminKubeconfig), 'GET', `/apis/tekton.dev/v1/namespaces/${sb.teamNamespace}/taskruns?labelSelector=tekton.dev%2FpipelineRun%3D${outcome.runs[0]!.name}`);
    const clone = trs.items.find((t) => t.metadata.labels['tekton.dev/pipelineTask'] === 'clone')!;
    // The sandbox writes the Logs object when the TaskRun gets its pod; kwok sees it through its own watch.
    await waitForPodLog(sb, sb.teamNamespace, clone.status!.podName!, `cloning ${pe.sampleRepository.headSha}`, { container: 'step-clone' });
    const client = KubeClient.fromFile(sb.runtime.adminKubeconfig);
    try {
      const log = await client.requestText(`/api/v1/namespaces/${sb.teamNamespace}/pods/${clone.status!.podName}/log`, { query: { container: 'step-clone' } });
      expect(log).toBe(`cloning ${pe.sampleRepository.headSha}\nchecked out\n`);
    } finally {
      client.dispose();
    }
  }, 180_000);

  it.each([
    ['pull_request', 'sample-app-ci'],
    ['tag', 'sample-app-cd'],
    ['deployment', 'sample-app-cd'],
  ] as const)('%s runs %s', async (kind, pipeline) => {
    const sent = await sendSampleEvent(sb.pipeEvents!, { kind }, sb.fakeGithub.login);
    expect(sent.status).toBe(202);
    const outcome = await waitForSampleEvent(sb, sent.deliveryId);
    expect([outcome.phase, outcome.runs.map((r) => r.pipeline)]).toEqual(['Succeeded', [pipeline]]);
  }, 120_000);

  it('a feature-branch push runs ci, and the CLI prints the event and the run', async () => {
    const lines: string[] = [];
    const code = await sendCommand(['push', '--branch', 'feature/login', '--info', `${sb.dir}/sandbox.json`], (l) => lines.push(l));
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^push refs\/heads\/feature\/login @ [0-9a-f]{12} → http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    expect(lines.join('\n')).toMatch(/GitHubEvent pipe-system\/sha256-[0-9a-f]{64}: Succeeded/);
    expect(lines.join('\n')).toMatch(/run sample-app-ci: local-1\/team-a\/sample-app-ci-[0-9a-f]{12} {3}pipe-desktop:\/\/runs\/local-1\/team-a\/sample-app-ci-/);
  }, 120_000);

  it('refuses a delivery signed with another secret, and a tampered body; nothing is recorded', async () => {
    const pe = sb.pipeEvents!;
    const repo = { repository: pe.sampleRepository.fullName, defaultBranch: 'main', headSha: pe.sampleRepository.headSha };
    const wrong = buildSampleDelivery('not-the-sandbox-secret', repo, { kind: 'push' });
    expect((await postDelivery(pe.webhookUrl, wrong)).status).toBe(401);
    const secret = (await readFile(pe.secretFile, 'utf8')).trim();
    const good = buildSampleDelivery(secret, repo, { kind: 'push' });
    const tampered = { headers: good.headers, body: Buffer.from(good.body.toString().replace('"main"', '"mainx"')) };
    expect((await postDelivery(pe.webhookUrl, tampered)).status).toBe(401);
    const unsigned = signedDelivery(secret, 'push', { zen: 'x' });
    delete (unsigned.headers as Record<string, string>)['x-hub-signature-256'];
    expect((await postDelivery(pe.webhookUrl, unsigned)).status).toBe(401);
    const kc = loadKubeConfig(sb.core.adminKubeconfig);
    for (const id of [wrong.id, good.id, unsigned.id]) {
      const list = await kubeJson<{ items: unknown[] }>(kc, 'GET', `/apis/pipe.linecorp.com/v1alpha1/namespaces/${pe.namespace}/githubevents?labelSelector=pipe.linecorp.com/delivery%3D${id}`);
      expect(list.items).toEqual([]);
    }
  });

  it('publishes the sample build pipeline\'s nightly schedule as the next fire on the schedules Lease', async () => {
    const kc = loadKubeConfig(sb.core.adminKubeconfig);
    type Lease = { metadata: { annotations?: Record<string, string> } };
    let next: { repository: string; pipeline: string; cron: string; at: string }[] = [];
    for (let i = 0; i < 240 && next.length === 0; i++) {
      const lease = await kubeJson<Lease>(kc, 'GET', `/apis/coordination.k8s.io/v1/namespaces/pipe-system/leases/pipe-events-leader-schedules`).catch(() => undefined);
      next = JSON.parse(lease?.metadata.annotations?.['pipe.linecorp.com/schedules-next'] ?? '[]') as typeof next;
      if (next.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(next.map((n) => [n.repository, n.pipeline, n.cron])).toEqual([['pipe-sandbox/sample-app', 'sample-app-build', '0 3 * * *']]);
    expect(next[0]!.at).toMatch(/T03:00:00\.000Z$/);
  }, 90_000);

  it('keeps the secret in a file only its user can read', async () => {
    const { stat } = await import('node:fs/promises');
    expect((await stat(sb.pipeEvents!.secretFile)).mode & 0o777).toBe(0o600);
  });
});
