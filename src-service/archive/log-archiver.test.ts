import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-node/time/manual-clock';
import { httpError } from '../../src-node/kube/kube-errors';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import { silentLogger } from '../log/logger';
import { MetricsRegistry } from '../metrics/registry';
import { ARCHIVED_ANNOTATION } from './archive-keys';
import { createArchiveMetrics } from './archive-metrics';
import { backoffMs, causeOf, LogArchiver, needsArchive, type ArchiveOne } from './log-archiver';

function run(name: string, opts: { done?: boolean; archived?: boolean; completion?: string; uid?: string } = {}): PipelineRun {
  return {
    metadata: {
      name,
      namespace: 'team-a',
      uid: opts.uid ?? `uid-${name}`,
      ...(opts.archived ? { annotations: { [ARCHIVED_ANNOTATION]: 'k' } } : {}),
    },
    spec: {},
    status: {
      conditions: [{ type: 'Succeeded', status: opts.done === false ? 'Unknown' : 'True', reason: 'Succeeded' }],
      ...(opts.completion ? { completionTime: opts.completion } : {}),
    },
  };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(archive: ArchiveOne, concurrency = 1) {
  const clock = new ManualClock(Date.parse('2026-06-01T00:00:00Z'));
  const metrics = createArchiveMetrics(new MetricsRegistry());
  const marked: string[] = [];
  const archiver = new LogArchiver({
    archive,
    mark: async (_c, r, key) => void marked.push(`${r.metadata.name}=${key}`),
    clock,
    concurrency,
    maxBackoffMs: 60_000,
    maxLagMs: 600_000,
    minBackoffMs: 1000,
    metrics,
    logger: silentLogger,
  });
  return { clock, metrics, marked, archiver };
}

describe('LogArchiver', () => {
  it('archives finished, unmarked runs once; ignores running and already archived ones', async () => {
    const calls: string[] = [];
    const { archiver, marked, metrics } = setup(async (_c, r) => (calls.push(r.metadata.name), { key: `${r.metadata.name}/index.json`, bytes: 10 }));
    archiver.observe('rt', run('running', { done: false }));
    archiver.observe('rt', run('archived', { archived: true }));
    archiver.observe('rt', run('done'));
    archiver.observe('rt', run('done')); // a second event for the same run while it is archived
    await archiver.idle();
    archiver.observe('rt', run('done')); // a stale informer copy without the annotation
    await archiver.idle();
    expect(calls).toEqual(['done']);
    expect(marked).toEqual(['done=done/index.json']);
    expect(await metrics.runs.get()).toBe(1);
    expect(await metrics.bytes.get()).toBe(10);
    expect(await metrics.pending.get()).toBe(0);
    await archiver.dispose();
  });

  it('S3 down: retries with doubling backoff, reports the cause and lag, and archives once S3 is back — nothing lost', async () => {
    let s3Up = false;
    let attempts = 0;
    const { archiver, clock, marked, metrics } = setup(async (_c, r) => {
      attempts++;
      if (!s3Up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { name: 'Error' });
      return { key: `${r.metadata.name}/index.json`, bytes: 1 };
    });
    archiver.observe('rt', run('a', { completion: '2026-06-01T00:00:00Z' }));
    archiver.observe('rt', run('b', { completion: '2026-06-01T00:00:00Z' }));
    await archiver.idle();
    await flush();
    expect(await metrics.blocked.get({ cause: 's3' })).toBe(1);
    expect(await metrics.blocked.get({ cause: 'kube' })).toBe(0);
    expect(await metrics.failures.get({ cause: 's3' })).toBe(2);
    // Ten minutes of outage: the backoff doubles 1 s, 2 s, 4 s … up to the 60 s cap.
    for (let i = 0; i < 61; i++) {
      clock.advance(10_000);
      await archiver.idle();
      await flush();
    }
    expect(attempts).toBeLessThan(40);
    expect(archiver.notReadyReason()).toMatch(/archive 610 s behind, 2 run\(s\) waiting \(s3 failing: connect ECONNREFUSED/);
    expect(archiver.lag()).toMatchObject({ pending: 2, oldestMs: 610_000 });
    s3Up = true;
    for (let i = 0; i < 7 && marked.length < 2; i++) {
      clock.advance(10_000);
      await archiver.idle();
      await flush();
    }
    expect(marked.sort()).toEqual(['a=a/index.json', 'b=b/index.json']);
    expect(archiver.notReadyReason()).toBeUndefined();
    expect(await metrics.blocked.get({ cause: 's3' })).toBe(0);
    expect(await metrics.pending.get()).toBe(0);
    await archiver.dispose();
  });

  it('a run deleted while it was archived counts as archived (its archive exists) and is not retried', async () => {
    const { clock, metrics } = setup(async () => ({ key: 'k', bytes: 0 }));
    const archiver = new LogArchiver({
      archive: async () => ({ key: 'k', bytes: 0 }),
      mark: async () => {
        throw httpError(404, JSON.stringify({ kind: 'Status', reason: 'NotFound', message: 'pipelineruns.tekton.dev "gone" not found' }));
      },
      clock,
      concurrency: 1,
      maxBackoffMs: 60_000,
      maxLagMs: 600_000,
      metrics,
      logger: silentLogger,
    });
    archiver.observe('rt', run('gone'));
    await archiver.idle();
    await flush();
    expect(archiver.lag().pending).toBe(0);
    expect(await metrics.runs.get()).toBe(1);
    expect(clock.pending).toEqual([]);
    await archiver.dispose();
  });

  it('a run deleted before its turn is dropped', async () => {
    const { archiver } = setup(() => new Promise(() => undefined));
    archiver.observe('rt', run('busy'));
    archiver.observe('rt', run('waiting'));
    archiver.forget('rt', run('waiting'));
    expect(archiver.lag().pending).toBe(1);
  });

  it('runs at most `concurrency` archives at once, oldest finished first', async () => {
    const started: string[] = [];
    const release: (() => void)[] = [];
    const { archiver } = setup(
      (_c, r) =>
        new Promise((resolve) => {
          started.push(r.metadata.name);
          release.push(() => resolve({ key: 'k', bytes: 0 }));
        }),
      2,
    );
    archiver.observe('rt', run('new', { completion: '2026-05-31T23:59:00Z' }));
    archiver.observe('rt', run('old', { completion: '2026-05-31T23:00:00Z' }));
    archiver.observe('rt', run('mid', { completion: '2026-05-31T23:30:00Z' }));
    expect(started).toEqual(['new', 'old']);
    release.shift()!();
    await flush();
    await flush();
    expect(started).toEqual(['new', 'old', 'mid']);
    for (const r of release.splice(0)) r();
    await archiver.idle();
    await archiver.dispose();
  });
});

describe('archive helpers', () => {
  it('backoff doubles from the minimum up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
  it('failures from the Kubernetes client are the cluster’s, the rest the object store’s', () => {
    expect(causeOf(httpError(503, ''))).toBe('kube');
    expect(causeOf(new Error('socket hang up'))).toBe('s3');
  });
  it('a run needs archiving once finished, until marked or deleted', () => {
    expect(needsArchive(run('x'))).toBe(true);
    expect(needsArchive(run('x', { done: false }))).toBe(false);
    expect(needsArchive(run('x', { archived: true }))).toBe(false);
    expect(needsArchive({ ...run('x'), metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } })).toBe(false);
  });
});
