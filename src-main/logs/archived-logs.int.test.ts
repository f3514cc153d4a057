// The desktop's read path of archived logs against the real pieces: pipe-events serving its archive (sandbox S3 server
// gofakes3), the runtime apiserver reviewing the Dex user's own token (TokenReview + SubjectAccessReview), RBAC of the
// sandbox (team-a allowed, team-secret forbidden). The archive content is written with the service's own store.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dexPasswordGrant, readSandboxInfo, startS3Server, type S3Server, type SandboxInfo } from '../../sandbox/index';
import type { LogEvent } from '../../src-shared/contract/logs';
import { RpcError } from '../../src-shared/contract/errors';
import { indexKey, stepLogKey, type ArchiveIndex } from '../../src-service/archive/archive-keys';
import { S3ArchiveStore } from '../../src-service/archive/archive-store';
import { startFakeGithub, type FakeGithub } from '../../src-service/testing/fake-github';
import { startHarness, type Harness } from '../../src-service/testing/service-harness';
import { clientFor } from '../clusters/testing/clients';
import { ArchivedLogsClient, emitArchivedRun, followRunOrArchive } from './archived-logs';

let info: SandboxInfo;
let dir: string;
let s3: S3Server;
let gh: FakeGithub;
let h: Harness;
let store: S3ArchiveStore;
let token: string;
const RUN = `gone-${Date.now().toString(36)}`;
const compileLines = Array.from({ length: 2500 }, (_, i) => `compile ${i} \u001b[33mwarn\u001b[0m ünï`);

async function archive(namespace: string, steps: { task: string; step: string; lines?: string[]; missing?: string }[]): Promise<void> {
  const ref = { cluster: 'default', namespace, run: RUN };
  const index: ArchiveIndex = {
    version: 1,
    ...ref,
    outcome: 'Failed',
    archivedAt: '2026-06-01T00:00:00.000Z',
    steps: steps.map((s) => ({
      task: s.task,
      taskRun: `${RUN}-${s.task}`,
      attempt: 0,
      pod: `${RUN}-${s.task}-pod`,
      step: s.step,
      container: `step-${s.step}`,
      bytes: 0,
      ...(s.missing ? { missing: s.missing } : { key: stepLogKey(store.prefix, ref, s.task, s.step) }),
    })),
  };
  for (const s of steps)
    if (s.lines) await store.upload(stepLogKey(store.prefix, ref, s.task, s.step), Readable.from([gzipSync(s.lines.map((l) => `${l}\n`).join(''))]), 'application/gzip');
  await store.put(indexKey(store.prefix, ref), JSON.stringify(index), 'application/json');
}

beforeAll(async () => {
  info = readSandboxInfo();
  dir = await mkdtemp(join(tmpdir(), 'archived-logs-'));
  s3 = await startS3Server({ dir });
  gh = await startFakeGithub({ tokens: ['ghp_integration'] });
  const config = { bucket: s3.bucket, prefix: 'desk/', endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, retentionDays: 0, concurrency: 1, maxLagSeconds: 600, maxBackoffSeconds: 300 };
  store = new S3ArchiveStore(config);
  h = await startHarness({
    sandbox: info,
    gh,
    namespaces: { event: `pipe-events-archive-${Date.now().toString(36)}`, runtime: info.teamNamespace },
    env: {
      PIPE_EVENTS_ARCHIVE_BUCKET: s3.bucket,
      PIPE_EVENTS_ARCHIVE_PREFIX: 'desk/',
      PIPE_EVENTS_ARCHIVE_ENDPOINT: s3.endpoint,
      PIPE_EVENTS_ARCHIVE_ACCESS_KEY_ID: s3.accessKeyId,
      PIPE_EVENTS_ARCHIVE_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
  token = (await dexPasswordGrant(info)).idToken;
  await archive(info.teamNamespace, [
    { task: 'build', step: 'compile', lines: compileLines },
    { task: 'build', step: 'package', missing: 'pods "x" not found' },
    { task: 'test', step: 'unit', lines: ['unit 1', 'unit 2'] },
  ]);
  await archive(info.forbiddenNamespace, [{ task: 'secret', step: 's', lines: ['must not be read'] }]);
}, 120_000);

afterAll(async () => {
  // The runtime namespace is the sandbox's team-a: keep it, drop only the event namespace.
  await h?.stop(true);
  await h?.core.request('DELETE', `/api/v1/namespaces/${h.eventNamespace}`).catch(() => undefined);
  store?.dispose();
  await gh?.dispose();
  await s3?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

const client = (t: string | undefined) => new ArchivedLogsClient({ url: `http://127.0.0.1:${h.service.port}`, cluster: 'default' }, async () => t);

async function collect(gen: AsyncGenerator<string[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of gen) out.push(...batch);
  return out;
}

describe('archived logs for the desktop (pipe-events + apiserver reviews + gofakes3)', () => {
  it('reads the index and a step log with the user’s own Dex token', async () => {
    const run = await client(token).run(info.teamNamespace, RUN);
    expect(run?.outcome).toBe('Failed');
    expect(run?.steps.map((s) => `${s.task}/${s.step}${s.missing ? ' missing' : ''}`)).toEqual(['build/compile', 'build/package missing', 'test/unit']);
    expect(await collect(client(token).lines(info.teamNamespace, RUN, { task: 'build', step: 'compile', attempt: 0 }))).toEqual(compileLines);
  });

  it('streams an archived run as log events: every line once, a missing step marked gone, the run complete', async () => {
    const events: LogEvent[] = [];
    expect(await emitArchivedRun(client(token), info.teamNamespace, RUN, (e) => events.push(e), new AbortController().signal)).toBe(true);
    const lines = (source: number) => events.flatMap((e) => (e.type === 'lines' && e.source === source ? e.texts : []));
    expect(lines(0)).toEqual(compileLines);
    expect(lines(2)).toEqual(['unit 1', 'unit 2']);
    expect(events.find((e) => e.type === 'source-state' && e.source === 1)).toMatchObject({ state: 'gone' });
    expect(events.at(-1)).toMatchObject({ type: 'run', phase: 'Failed', complete: true });
  });

  it('followRun falls back to the archive when the run is gone from the cluster', async () => {
    const admin = clientFor(info.runtime.adminKubeconfig);
    const events: LogEvent[] = [];
    let live = 0;
    const stop = followRunOrArchive({ reader: admin, archive: client(token), namespace: info.teamNamespace, name: RUN, emit: (e) => events.push(e), live: () => (live++, () => undefined) });
    const end = Date.now() + 30_000;
    while (!events.some((e) => e.type === 'run') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    stop();
    admin.dispose();
    expect(live).toBe(0);
    expect(events.flatMap((e) => (e.type === 'lines' && e.source === 0 ? e.texts : []))).toEqual(compileLines);
  });

  it('the host sends the context’s own credentials: the exec plugin’s Dex token from the user kubeconfig', async () => {
    const user = clientFor(info.runtime.userKubeconfig);
    try {
      const t = await user.bearerToken();
      expect(t).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect((await client(t).run(info.teamNamespace, RUN))?.steps).toHaveLength(3);
    } finally {
      user.dispose();
    }
    const admin = clientFor(info.runtime.adminKubeconfig);
    expect(await admin.bearerToken()).toBeUndefined(); // a client-certificate user has no token to present
    admin.dispose();
  });

  it('refuses what the cluster refuses: another namespace (403), a bad token (401), no token', async () => {
    const refused = async (p: Promise<unknown>): Promise<string> => p.then(() => 'allowed', (e: unknown) => (e instanceof RpcError ? e.code : String(e)));
    expect(await refused(client(token).run(info.forbiddenNamespace, RUN))).toBe('forbidden');
    expect(await refused(collect(client(token).lines(info.forbiddenNamespace, RUN, { task: 'secret', step: 's', attempt: 0 })))).toBe('forbidden');
    expect(await refused(client(`${token.slice(0, -4)}AAAA`).run(info.teamNamespace, RUN))).toBe('unauthorized');
    expect(await refused(client(undefined).run(info.teamNamespace, RUN))).toBe('unauthorized');
    expect(await client(token).run(info.teamNamespace, 'never-archived')).toBeUndefined();
  });
});
