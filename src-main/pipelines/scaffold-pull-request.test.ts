// Opening a pull request with the scaffold through @octokit/rest against the fake GitHub (GitHub's documented shapes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { startFakeGithub, type FakeGithub } from '../../src-service/testing/fake-github';
import { createdPullRequests } from '../../src-service/testing/fake-github-git-writes';
import { scaffoldPipelines } from '../../src-shared/pipelines/scaffold';
import { openScaffoldPullRequest, scaffoldBranchName } from './scaffold-pull-request';

const TOKEN = 'gho_user_token_for_tests';
let gh: FakeGithub;
const octokit = (auth = TOKEN) => new Octokit({ baseUrl: gh.url, auth });

beforeAll(async () => {
  gh = await startFakeGithub({ tokens: [TOKEN] });
  gh.repo('acme/app', 'trunk').commit({ 'README.md': '# app\n', 'src/main.go': 'package main\n' }, { message: 'initial' });
});
afterAll(() => gh.dispose());

describe('openScaffoldPullRequest', () => {
  it('creates a branch off the default branch with one commit adding the files, and a PR explaining each pipeline', async () => {
    const files = scaffoldPipelines({ stack: 'go', defaultBranch: 'trunk', imageRepository: 'ghcr.io/acme/app', name: 'app' }).map((f) => ({ path: f.path, text: f.text }));
    const repo = gh.repos.get('acme/app')!;
    const before = repo.refs.get('heads/trunk')!;
    const opened = await openScaffoldPullRequest(octokit(), { repository: 'acme/app', files, branch: scaffoldBranchName(1_700_000_000_000) });
    expect(opened).toEqual({ number: 1, url: 'https://github.com/acme/app/pull/1', branch: 'pipe/new-pipelines-loyw3v28' });

    // The branch's commit has the old files plus the three pipelines; the default branch did not move.
    const head = repo.refs.get('heads/pipe/new-pipelines-loyw3v28')!;
    expect(repo.refs.get('heads/trunk')).toBe(before);
    expect(repo.commits.get(head)!.parents).toEqual([before]);
    expect([...repo.filesAt(head).keys()].sort()).toEqual(['.pipe/build.yaml', '.pipe/cd.yaml', '.pipe/ci.yaml', 'README.md', 'src/main.go']);
    expect(repo.blobs.get(repo.filesAt(head).get('.pipe/ci.yaml')!)!.toString()).toBe(files[0]!.text);

    const [pr] = createdPullRequests(gh);
    expect(pr).toMatchObject({ repo: 'acme/app', title: 'Add PIPE pipelines', head: 'pipe/new-pipelines-loyw3v28', base: 'trunk', headSha: head });
    expect(pr!.body).toContain('### `.pipe/ci.yaml` — `app-ci`');
    expect(pr!.body).toContain('Runs on: push to feature/x, PR opened → trunk.');
    expect(pr!.body).toContain('### `.pipe/build.yaml` — `app-build`');
    expect(pr!.body).toContain('Runs on: push to trunk.');
    expect(pr!.body).toContain('Runs on: tag v1.0.0, deployment (production).');
    expect(pr!.body).toContain('pipe.linecorp.com/event');
  });

  it('a branch that exists already, a bad token and an unknown repository are typed errors', async () => {
    const files = [{ path: '.pipe/ci.yaml', text: 'x: 1\n' }];
    await expect(openScaffoldPullRequest(octokit(), { repository: 'acme/app', files, branch: 'pipe/new-pipelines-loyw3v28' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('Reference already exists') });
    await expect(openScaffoldPullRequest(octokit('gho_wrong'), { repository: 'acme/app', files, branch: 'b2' })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(openScaffoldPullRequest(octokit(), { repository: 'acme/nope', files, branch: 'b3' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('the fake refuses paths that escape the tree', async () => {
    const files = [{ path: '../evil', text: 'x' }];
    await expect(openScaffoldPullRequest(octokit(), { repository: 'acme/app', files, branch: 'b4' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('pipelines.openPullRequest', () => {
  it('asks to sign in to GitHub first, else opens the PR with the signed-in account', async () => {
    const { createPipelinesHandlers } = await import('./pipelines-handlers');
    const registry = { handle: () => { throw new Error('not used'); } };
    const files = [{ path: '.pipe/ci.yaml', text: 'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: ci\nspec:\n  tasks: []\n' }];
    const signedOut = createPipelinesHandlers({} as never, { registry, github: () => Promise.resolve(undefined) });
    await expect(signedOut.openPullRequest({ repository: 'acme/app', files }, {} as never)).rejects.toMatchObject({ code: 'unauthorized' });
    const signedIn = createPipelinesHandlers({} as never, { registry, github: () => Promise.resolve(octokit()) });
    const opened = (await signedIn.openPullRequest({ repository: 'acme/app', files }, {} as never)) as { number: number; branch: string };
    expect(opened.branch).toMatch(/^pipe\/new-pipelines-[a-z0-9]+$/);
    expect(createdPullRequests(gh).at(-1)).toMatchObject({ number: opened.number, body: expect.stringContaining('### `.pipe/ci.yaml` — `ci`') });
  });
});
