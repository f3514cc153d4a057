import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import { buildPipelineYaml } from '../testing/pipelines';
import { GitHubApi } from './github-api';
import { createGitHubHttp } from './github-http';
import { PipelineSource } from './pipeline-source';
import { StaticTokenProvider } from './token-provider';

let gh: FakeGithub;
const scope = { owner: 'acme', repo: 'app' };

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: ['t'], truncateTreesOver: 5 });
});
afterAll(() => gh.dispose());

function source(maxFileBytes = 10_000) {
  const api = new GitHubApi(
    createGitHubHttp({
      baseUrl: gh.url,
      metrics: createServiceMetrics(),
      logger: silentLogger,
      maxWaitMs: 0,
    }),
    new StaticTokenProvider('t'),
  );
  return new PipelineSource(api, { folders: ['.pipe', '.tekton'], maxFileBytes });
}

describe('PipelineSource', () => {
  it('lists annotated Pipelines in .pipe/ and .tekton/, walking truncated trees', async () => {
    const files: Record<string, string> = {
      'README.md': '# app',
      '.pipe/build.yaml': buildPipelineYaml({ name: 'build' }),
      '.pipe/nested/deep/test.yml': buildPipelineYaml({ name: 'test', on: 'pull_request' }),
      '.pipe/notes.txt': 'not yaml',
      '.pipe/task.yaml': 'apiVersion: tekton.dev/v1\nkind: Task\nmetadata:\n  name: t\n',
      '.pipe/plain.yaml': 'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: manual\nspec: {}\n',
      '.tekton/release.yaml': buildPipelineYaml({ name: 'release', on: 'release:\n  types: [published]' }),
    };
    for (let i = 0; i < 6; i++) files[`.pipe/more/x${i}.txt`] = String(i);
    const sha = gh.repo('acme/app').commit(files);
    const before = gh.records.requests.length;
    const listing = await source().list(scope, sha);
    expect(listing.errors).toEqual([]);
    expect(listing.sha).toBe(sha);
    expect(listing.pipelines.map((p) => `${p.file}:${p.name}`)).toEqual([
      '.pipe/build.yaml:build',
      '.pipe/nested/deep/test.yml:test',
      '.tekton/release.yaml:release',
    ]);
    // The .pipe recursive tree was truncated, so it was walked folder by folder.
    const treeCalls = gh.records.requests.slice(before).filter((r) => r.path.includes('/git/trees/')).length;
    expect(treeCalls).toBeGreaterThan(4);
  });

  it('reports an invalid file with its line and still returns the valid pipelines', async () => {
    const sha = gh.repo('acme/app').commit({
      '.pipe/good.yaml': buildPipelineYaml({ name: 'good' }),
      '.pipe/broken.yaml':
        'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: broken\n  annotations: [unclosed\n',
      '.pipe/bad-filter.yaml': buildPipelineYaml({
        name: 'bad-filter',
        on: 'push:\n  branches: [main]\n  branches-ignore: [dev]',
      }),
    });
    const listing = await source().list(scope, sha);
    expect(listing.pipelines.map((p) => p.name)).toEqual(['good']);
    const byFile = Object.fromEntries(listing.errors.map((e) => [e.file, e]));
    expect(byFile['.pipe/broken.yaml']?.message).toMatch(/^YAML: /);
    expect(byFile['.pipe/broken.yaml']?.line).toBeGreaterThanOrEqual(5);
    expect(byFile['.pipe/bad-filter.yaml']?.pipeline).toBe('bad-filter');
    expect(byFile['.pipe/bad-filter.yaml']?.message).toMatch(/branches/);
    expect(byFile['.pipe/bad-filter.yaml']?.line).toBe(9);
  });

  it('skips files over the size limit with a reported error', async () => {
    const sha = gh.repo('acme/app').commit({
      '.pipe/big.yaml': buildPipelineYaml({ name: 'big' }) + `# ${'x'.repeat(2000)}\n`,
      '.pipe/small.yaml': buildPipelineYaml({ name: 'small' }),
    });
    const listing = await source(1500).list(scope, sha);
    expect(listing.pipelines.map((p) => p.name)).toEqual(['small']);
    expect(listing.errors[0]).toMatchObject({
      file: '.pipe/big.yaml',
      message: expect.stringMatching(/bytes; pipeline files over 1500 bytes are skipped/),
    });
  });

  it('caches by SHA: a second listing of the same commit makes no blob or tree calls', async () => {
    const sha = gh.repo('acme/app').commit({ '.pipe/build.yaml': buildPipelineYaml() });
    const s = source();
    await s.list(scope, sha);
    const before = gh.records.requests.length;
    await s.list(scope, sha);
    expect(gh.records.requests.slice(before)).toEqual([]);
  });

  it('resolves a branch name when the event has no SHA, and handles repositories without pipeline folders', async () => {
    const repo = gh.repo('acme/empty');
    const sha = repo.commit({ 'README.md': 'nothing here' });
    const listing = await source().list({ owner: 'acme', repo: 'empty' }, 'main');
    expect(listing).toEqual({ sha, pipelines: [], errors: [] });
  });

  it('reports duplicate Pipeline names across files', async () => {
    const sha = gh.repo('acme/app').commit({
      '.pipe/a.yaml': buildPipelineYaml({ name: 'same' }),
      '.tekton/b.yaml': buildPipelineYaml({ name: 'same' }),
    });
    const listing = await source().list(scope, sha);
    expect(listing.pipelines).toHaveLength(1);
    expect(listing.errors[0]?.message).toMatch(/already defined in \.pipe\/a\.yaml/);
  });
});
