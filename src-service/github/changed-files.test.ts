import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeWebhook } from '../../src-shared/events';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { branchPush } from '../testing/deliveries';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { fetchChangedFiles } from './changed-files';
import { GitHubApi } from './github-api';
import { createGitHubHttp } from './github-http';
import { StaticTokenProvider } from './token-provider';

let gh: FakeGithub;
let api: GitHubApi;
const scope = { owner: 'acme', repo: 'files' };

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: ['t'] });
  api = new GitHubApi(
    createGitHubHttp({
      baseUrl: gh.url,
      metrics: createServiceMetrics(),
      logger: silentLogger,
      maxWaitMs: 0,
    }),
    new StaticTokenProvider('t'),
  );
});
afterAll(() => gh.dispose());

describe('fetchChangedFiles', () => {
  it('uses the two-dot compare of a push', async () => {
    const repo = gh.repo('acme/files');
    const a = repo.commit({ 'a.txt': '1', 'b.txt': '1' });
    const b = repo.commit({ 'a.txt': '2', 'b.txt': '1', 'src/c.ts': 'x' });
    const event = normalizeWebhook(
      'push',
      branchPush({ repository: 'acme/files', before: a, after: b }),
      'd1',
    )!;
    expect(await fetchChangedFiles(api, scope, event)).toEqual({
      files: ['a.txt', 'src/c.ts'],
      complete: true,
    });
    expect(gh.records.requests.some((r) => r.path.endsWith(`/compare/${a}..${b}`))).toBe(true);
  });

  it('keeps only the first 300 files', async () => {
    const repo = gh.repo('acme/files');
    const a = repo.commit({ 'x.txt': '0' });
    const many: Record<string, string> = {};
    for (let i = 0; i < 400; i++) many[`f/${String(i).padStart(3, '0')}.txt`] = String(i);
    const b = repo.commit(many);
    const event = normalizeWebhook(
      'push',
      branchPush({ repository: 'acme/files', before: a, after: b }),
      'd2',
    )!;
    const changed = await fetchChangedFiles(api, scope, event);
    expect(changed.files).toHaveLength(300);
    expect(changed.complete).toBe(true);
  });

  it('treats more than 1,000 commits or an uncomputable diff as incomplete', async () => {
    const base = normalizeWebhook(
      'push',
      branchPush({ repository: 'acme/files', before: 'a'.repeat(40), after: 'b'.repeat(40) }),
      'd3',
    )!;
    expect(await fetchChangedFiles(api, scope, { ...base, commitCount: 1001 })).toEqual({
      files: [],
      complete: false,
    });
    expect(await fetchChangedFiles(api, scope, base)).toEqual({ files: [], complete: false }); // unknown commits → 404
  });

  it('pages through pull request files', async () => {
    const repo = gh.repo('acme/files');
    const baseSha = repo.commit({ 'keep.txt': 'k' }, { branch: 'main' });
    const files: Record<string, string> = { 'keep.txt': 'k' };
    for (let i = 0; i < 250; i++) files[`pr/${String(i).padStart(3, '0')}.txt`] = String(i);
    const head = repo.commit(files, { branch: 'feature', parents: [baseSha] });
    gh.pulls.set('acme/files#7', { base: baseSha, head });
    const changed = await fetchChangedFiles(api, scope, {
      ...normalizeWebhook(
        'push',
        branchPush({ repository: 'acme/files', before: baseSha, after: head }),
        'd4',
      )!,
      changedFiles: { kind: 'pull_request', number: 7 },
    });
    expect(changed.files).toHaveLength(250);
    expect(gh.records.requests.filter((r) => r.path.endsWith('/pulls/7/files')).length).toBe(3);
  });

  it('resolves sha^ for a new branch pushed with commits', async () => {
    const repo = gh.repo('acme/files');
    const parent = repo.commit({ 'one.txt': '1' });
    const head = repo.commit({ 'one.txt': '1', 'two.txt': '2' });
    const event = {
      ...normalizeWebhook(
        'push',
        branchPush({ repository: 'acme/files', before: parent, after: head }),
        'd5',
      )!,
      changedFiles: { kind: 'compare' as const, base: `${head}^`, head },
    };
    expect(await fetchChangedFiles(api, scope, event)).toEqual({ files: ['two.txt'], complete: true });
  });
});
