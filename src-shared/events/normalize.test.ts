import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMatch, matchEvent } from './match';
import { normalizeWebhook, scheduleEvent, SUPPORTED_WEBHOOK_EVENTS } from './normalize';
import { spec, REPO } from './test-support';
import type { NormalizedEvent } from './types';

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const require = createRequire(import.meta.url);
const groups = require('@octokit/webhooks-examples/api.github.com/index.json') as ExampleGroup[];
const fixturesDir = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as Record<string, unknown>;

function normalize(eventName: string, payload: unknown, id = 'delivery-1'): NormalizedEvent {
  const e = normalizeWebhook(eventName, payload, id);
  if (!e) throw new Error(`not normalized: ${eventName}`);
  return e;
}

// GitHub's rules for the bare event key (`on: <event>`), to check every example against.
function expectedBareMatch(e: NormalizedEvent): boolean {
  switch (e.name) {
    case 'pull_request':
      return (
        ['opened', 'synchronize', 'reopened'].includes(e.action ?? '') &&
        !(e.mergeable === false && e.prState !== 'closed')
      );
    case 'release':
      return !(e.release?.draft && ['created', 'edited', 'deleted'].includes(e.action ?? ''));
    case 'deployment_status':
      return e.deploymentState !== 'inactive';
    default:
      return true;
  }
}

describe('every @octokit/webhooks-examples payload of a supported event', () => {
  const supported = groups.filter((g) => (SUPPORTED_WEBHOOK_EVENTS as readonly string[]).includes(g.name));
  it('covers all nine webhook events PIPE supports', () => {
    expect(supported.map((g) => g.name).sort()).toEqual(
      [
        'create',
        'delete',
        'deployment',
        'deployment_status',
        'issue_comment',
        'pull_request',
        'push',
        'release',
        'workflow_dispatch',
      ].sort(),
    );
  });
  for (const group of supported) {
    group.examples.forEach((payload, i) => {
      it(`${group.name} #${i} (${String(payload['action'] ?? payload['ref'] ?? '')}) normalizes and matches`, () => {
        const e = normalize(group.name, payload);
        expect(e.name).toBe(group.name);
        expect(e.deliveryId).toBe('delivery-1');
        const repo = payload['repository'] as Record<string, unknown>;
        expect(e.repository.fullName).toBe(repo['full_name']);
        expect(e.repository.fullName).toBe(`${e.repository.owner}/${e.repository.name}`);
        expect(e.repository.cloneUrl).toBe(repo['clone_url']);
        expect(e.repository.defaultBranch).toBe(repo['default_branch']);
        expect(e.sender).not.toBe('');
        if (payload['action'] !== undefined) expect(e.action).toBe(payload['action']);
        // Bare key: GitHub's defaults decide.
        const bare = matchEvent(spec(group.name), e);
        expect(bare.matched).toBe(expectedBareMatch(e));
        expect(bare.eventKey).toBe(group.name);
        expect(bare.explanation).not.toBe('');
        // Another event's key never matches.
        const other = group.name === 'push' ? 'create' : 'push';
        expect(isMatch(spec(other), e)).toBe(false);
      });
    });
  }
});

describe('push payloads', () => {
  const pushes = groups.find((g) => g.name === 'push')!.examples;
  it('tag creation from the examples', () => {
    const e = normalize('push', pushes[0]);
    expect(e).toMatchObject({
      ref: 'refs/tags/simple-tag',
      refType: 'tag',
      refName: 'simple-tag',
      created: true,
      deleted: false,
    });
    expect(e.sha).toBe('6113728f27ae82c7b1a177c8d03f9e96e0adf246');
    expect(e.changedFiles).toEqual({ kind: 'none' });
  });
  it('tag deletion from the examples', () => {
    const e = normalize('push', pushes[1]);
    expect(e).toMatchObject({ refType: 'tag', deleted: true, sha: '' });
    expect(isMatch(spec('push:\n  tags: [simple-*]'), e)).toBe(true);
    expect(isMatch(spec('push:\n  branches: ["**"]'), e)).toBe(false);
  });
  it('new branch with its first commit lists the commit files', () => {
    const e = normalize('push', pushes[4]);
    expect(e).toMatchObject({ refType: 'branch', refName: 'master', created: true, commitCount: 1 });
    expect(e.changedFiles).toEqual({ kind: 'commits', files: ['README.md'] });
    expect(e.headCommitMessage).toBe('Initial commit');
  });
  it('ordinary branch update (fixture)', () => {
    const e = normalize('push', fixture('push-branch-update.json'));
    expect(e).toMatchObject({
      refType: 'branch',
      refName: 'master',
      created: false,
      deleted: false,
      forced: false,
      commitCount: 1,
    });
    expect(e.changedFiles).toEqual({ kind: 'compare', base: e.before, head: e.after });
    expect(e.sha).toBe(e.after);
  });
  it('tag push (fixture)', () => {
    const e = normalize('push', fixture('push-tag-created.json'));
    expect(e).toMatchObject({ refType: 'tag', refName: 'v1.2.0', created: true });
    expect(isMatch(spec('push:\n  tags: ["v[0-9]+.[0-9]+.[0-9]+"]'), e)).toBe(true);
    expect(isMatch(spec('push:\n  branches: [main]\n  paths: ["**"]'), e)).toBe(false);
    expect(isMatch(spec('push:\n  paths: [nothing]'), e)).toBe(true);
  });
  it('multi-commit push to a release branch (fixture)', () => {
    const e = normalize('push', fixture('push-multi-commit.json'));
    expect(e).toMatchObject({
      refName: 'releases/1.2',
      commitCount: 3,
      headCommitMessage: 'Remove old script',
    });
    expect(e.changedFiles.kind).toBe('compare');
    const s = spec("push:\n  branches: ['releases/**']\n  paths: ['src/**']");
    expect(matchEvent(s, e).needsChangedFiles).toBe(true);
    expect(
      isMatch(s, e, { changedFiles: { files: ['docs/guide.md', 'src/server.rb'], complete: true } }),
    ).toBe(true);
  });
  it('new branch with several commits (fixture) unions the commit files', () => {
    const e = normalize('push', fixture('push-new-feature-branch.json'));
    expect(e.changedFiles).toEqual({ kind: 'commits', files: ['docs/guide.md', 'src/server.rb'] });
  });
  it('deleted branch and forced push (fixtures)', () => {
    const del = normalize('push', fixture('push-branch-deleted.json'));
    expect(del).toMatchObject({ deleted: true, sha: '', refName: 'feature/old' });
    expect(del.changedFiles).toEqual({ kind: 'none' });
    const forced = normalize('push', fixture('push-forced.json'));
    expect(forced.forced).toBe(true);
  });
});

describe('other payloads', () => {
  it('pull_request opened from the examples', () => {
    const pr = groups.find((g) => g.name === 'pull_request')!.examples[0]!;
    const e = normalize('pull_request', pr);
    expect(e).toMatchObject({
      action: 'opened',
      prNumber: 2,
      baseRef: 'master',
      headRef: 'changes',
      merged: false,
      fork: false,
      ref: 'refs/pull/2/merge',
    });
    expect(e.sha).toBe(e.headSha);
    expect(e.changedFiles).toEqual({ kind: 'pull_request', number: 2 });
  });
  it('merged pull request (fixture): merge commit on the base branch', () => {
    const e = normalize('pull_request', fixture('pull-request-merged.json'));
    expect(e).toMatchObject({
      action: 'closed',
      merged: true,
      ref: 'refs/heads/master',
      refType: 'branch',
      refName: 'master',
    });
    expect(e.sha).toBe('a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0');
    expect(isMatch(spec('pull_request:\n  types: [closed]'), e)).toBe(true);
  });
  it('fork with a merge conflict (fixture)', () => {
    const e = normalize('pull_request', fixture('pull-request-fork-conflict.json'));
    expect(e).toMatchObject({ fork: true, mergeable: false });
    expect(matchEvent(spec('pull_request'), e).explanation).toMatch(/merge conflict/);
  });
  it('issue_comment on a pull request (fixture)', () => {
    const e = normalize('issue_comment', fixture('issue-comment-on-pr.json'));
    expect(e).toMatchObject({ prNumber: 1, issueNumber: 1, comment: '/retest', refName: 'master' });
  });
  it('deployment from a SHA has an empty ref (fixture); with a ref it keeps it', () => {
    const fromSha = normalize('deployment', fixture('deployment-from-sha.json'));
    expect(fromSha.ref).toBe('');
    expect(fromSha).toMatchObject({ environment: 'production', deploymentId: 145988746 });
    const withRef = normalize('deployment', groups.find((g) => g.name === 'deployment')!.examples[0]);
    expect(withRef).toMatchObject({
      ref: 'master',
      refName: 'master',
      sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
    });
  });
  it('inactive deployment status never triggers (fixture)', () => {
    const e = normalize('deployment_status', fixture('deployment-status-inactive.json'));
    expect(matchEvent(spec('deployment_status'), e)).toMatchObject({
      matched: false,
      explanation: expect.stringMatching(/inactive/),
    });
  });
  it('create and delete carry the ref type', () => {
    const create = normalize('create', groups.find((g) => g.name === 'create')!.examples[0]);
    expect(create).toMatchObject({ ref: 'refs/tags/simple-tag', refType: 'tag', created: true, sha: '' });
    const del = normalize('delete', groups.find((g) => g.name === 'delete')!.examples[0]);
    expect(del).toMatchObject({ refType: 'tag', deleted: true });
  });
  it('workflow_dispatch keeps ref and inputs', () => {
    const e = normalize('workflow_dispatch', {
      ref: 'refs/heads/dev',
      inputs: { level: 'debug', dry: true },
      repository: { name: 'app', full_name: 'octo/app', owner: { login: 'octo' } },
      sender: { login: 'mona' },
    });
    expect(e).toMatchObject({
      refName: 'dev',
      refType: 'branch',
      inputs: { level: 'debug', dry: 'true' },
      sender: 'mona',
    });
    expect(e.repository.cloneUrl).toBe('https://github.com/octo/app.git');
  });
  it('schedule ticks run on the default branch', () => {
    const e = scheduleEvent(REPO, '30 5 * * 1');
    expect(e).toMatchObject({ name: 'schedule', refName: 'main', schedule: '30 5 * * 1' });
    expect(
      normalizeWebhook('schedule', {
        schedule: '0 0 * * *',
        repository: { name: 'app', full_name: 'octo/app' },
      })?.refName,
    ).toBe('main');
  });
  it('unsupported events and unusable payloads give undefined', () => {
    expect(
      normalizeWebhook('check_run', groups.find((g) => g.name === 'check_run')!.examples[0]),
    ).toBeUndefined();
    expect(normalizeWebhook('push', null)).toBeUndefined();
    expect(normalizeWebhook('push', { ref: 'refs/heads/main' })).toBeUndefined();
    expect(normalizeWebhook('pull_request', { repository: { name: 'a', full_name: 'o/a' } })).toBeUndefined();
  });
  it('has a fixture file for every handmade case', () => {
    expect(readdirSync(fixturesDir).length).toBeGreaterThanOrEqual(11);
  });
});
