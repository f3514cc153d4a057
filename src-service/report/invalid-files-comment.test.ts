import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApi } from '../github/github-api';
import { createGitHubHttp } from '../github/github-http';
import { StaticTokenProvider } from '../github/token-provider';
import { silentLogger } from '../log/logger';
import { createServiceMetrics } from '../metrics/service-metrics';
import { startFakeGithub, type FakeGithub } from '../testing/fake-github';
import {
  INVALID_FILES_MARKER,
  invalidFilesCommentBody,
  upsertInvalidFilesComment,
} from './invalid-files-comment';

let gh: FakeGithub;
let api: GitHubApi;
const scope = { owner: 'acme', repo: 'app' };
const SHA = 'a'.repeat(40);

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: ['t'] });
  gh.repo('acme/app');
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

const bad = [{ kind: 'pipeline-file', file: '.pipe/build.yaml', line: 3, message: 'bad indentation' }];
const ours = (pr: number) =>
  gh.records.comments.filter((c) => c.issue === pr && c.body.startsWith(INVALID_FILES_MARKER));

describe('invalid pipeline files PR comment', () => {
  it('is created once and then updated in place, also when the files become valid', async () => {
    expect(await upsertInvalidFilesComment(api, scope, 1, SHA, bad)).toBe('created');
    expect(ours(1)).toHaveLength(1);
    expect(ours(1)[0]!.body).toContain('`.pipe/build.yaml:3`: `bad indentation`');
    const two = [
      ...bad,
      { kind: 'template', file: '.pipe/deploy.yaml', pipeline: 'deploy', message: 'unknown variable' },
    ];
    expect(await upsertInvalidFilesComment(api, scope, 1, 'b'.repeat(40), two)).toBe('updated');
    expect(ours(1)).toHaveLength(1);
    expect(ours(1)[0]!.body).toMatch(/2 pipeline file problems at `bbbbbbbbbbbb`/);
    expect(await upsertInvalidFilesComment(api, scope, 1, 'c'.repeat(40), [])).toBe('updated');
    expect(ours(1)).toHaveLength(1);
    expect(ours(1)[0]!.body).toContain('every pipeline file is valid');
  });

  it('creates nothing for a PR whose files are valid', async () => {
    expect(await upsertInvalidFilesComment(api, scope, 2, SHA, [])).toBe('none');
    expect(ours(2)).toHaveLength(0);
  });

  it('skips a comment by someone else that carries the marker (GitHub answers 403) and keeps one of its own', async () => {
    gh.records.comments.push({
      id: gh.id(),
      repo: 'acme/app',
      issue: 3,
      body: `${INVALID_FILES_MARKER} gotcha`,
      user: 'mallory',
    });
    expect(await upsertInvalidFilesComment(api, scope, 3, SHA, bad)).toBe('created');
    expect(await upsertInvalidFilesComment(api, scope, 3, SHA, bad)).toBe('updated');
    expect(ours(3).filter((c) => c.user !== 'mallory')).toHaveLength(1);
  });

  it('puts repository-controlled text in code spans: no mentions, no markup, bounded', () => {
    const body = invalidFilesCommentBody(SHA, [
      {
        kind: 'pipeline-file',
        file: '.pipe/x.yaml',
        message: '@org/admins `](http://evil)\n# heading' + 'x'.repeat(10_000),
      },
    ]);
    expect(body).toContain('`@org/admins  ](http://evil) # heading');
    expect(body.length).toBeLessThan(1_000);
  });
});
