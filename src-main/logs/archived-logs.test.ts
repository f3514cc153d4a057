import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src-shared/contract/logs';
import { platformProfileSchema } from '../../src-shared/clusters/platform-profile';
import { ArchivedLogsClient, archiveEndpointFor, followRunOrArchive, type RunReader } from './archived-logs';

const profile = platformProfileSchema.parse({
  core: { name: 'core' },
  runtimes: [{ name: 'runtime-1', contexts: ['pipe-prod-runtime-1', 'kind-rt'] }],
  logArchive: { url: 'https://events.pipe.example/' },
});

describe('archive endpoint from the platform profile', () => {
  it('maps a context to the profile cluster name and the archive URL', () => {
    expect(archiveEndpointFor(profile, 'pipe-prod-runtime-1')).toEqual({ url: 'https://events.pipe.example', cluster: 'runtime-1' });
    expect(archiveEndpointFor(profile, 'runtime-1')?.cluster).toBe('runtime-1');
    expect(archiveEndpointFor(profile, 'core')?.cluster).toBe('core');
    expect(archiveEndpointFor(profile, 'someone-elses')).toBeUndefined();
    expect(archiveEndpointFor({ ...profile, logArchive: undefined }, 'runtime-1')).toBeUndefined();
    expect(archiveEndpointFor(undefined, 'runtime-1')).toBeUndefined();
  });
});

function reader(run: 'gone' | 'live' | 'archived-no-pods' | 'archived-pods' | 'error'): RunReader {
  return {
    request: async <T>(path: string): Promise<T> => {
      if (run === 'error') throw Object.assign(new Error('connection refused'), { code: 'Unavailable' });
      if (path.includes('/pipelineruns/')) {
        if (run === 'gone') throw Object.assign(new Error('not found'), { code: 'NotFound' });
        return { metadata: { annotations: run === 'live' ? {} : { 'pipe.linecorp.com/logs-archived': 'k' } } } as T;
      }
      return { items: run === 'archived-pods' ? [{}] : [] } as T;
    },
  };
}

/** An archive client whose HTTP is never reached: it has no token, so reading fails with a typed error. */
const noTokenArchive = new ArchivedLogsClient({ url: 'http://127.0.0.1:1', cluster: 'rt' }, async () => undefined);

async function decide(run: Parameters<typeof reader>[0]): Promise<{ live: number; events: LogEvent[] }> {
  const events: LogEvent[] = [];
  let live = 0;
  const stop = followRunOrArchive({ reader: reader(run), archive: noTokenArchive, namespace: 'ns', name: 'r', emit: (e) => events.push(e), live: () => (live++, () => undefined) });
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  stop();
  return { live, events };
}

describe('followRunOrArchive', () => {
  it('follows live while the run or its pods exist, or when the cluster cannot say', async () => {
    expect((await decide('live')).live).toBe(1);
    expect((await decide('archived-pods')).live).toBe(1);
    expect((await decide('error')).live).toBe(1);
  });

  it('reads the archive when the run is gone, or archived with no pods left (errors become a typed run message)', async () => {
    for (const run of ['gone', 'archived-no-pods'] as const) {
      const { live, events } = await decide(run);
      expect(live, run).toBe(0);
      expect(events, run).toEqual([{ type: 'run', phase: 'Unknown', complete: true, message: expect.stringMatching(/needs a token sign-in/) }]);
    }
  });

  it('without an archive configured it is the live session', () => {
    let live = 0;
    const stop = followRunOrArchive({ reader: reader('gone'), archive: undefined, namespace: 'ns', name: 'r', emit: () => undefined, live: () => (live++, () => undefined) });
    stop();
    expect(live).toBe(1);
  });
});
