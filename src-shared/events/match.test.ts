import { describe, expect, it } from 'vitest';
import { describeEvent, explainAll, formatExplanations } from './explain';
import { isMatch, matchEvent, needsChangedFiles } from './match';
import { scheduleEvent } from './normalize';
import { branchPush, files, pullRequest, REPO, spec, tagPush } from './test-support';
import type { NormalizedEvent } from './types';

describe('push: docs examples (workflow-syntax on.push.<branches|tags>)', () => {
  const s = spec(
    "push:\n  branches:\n    - main\n    - 'mona/octocat'\n    - 'releases/**'\n  tags:\n    - v2\n    - v1.*\n",
  );
  it.each(['main', 'mona/octocat', 'releases/10'])('runs for branch %s', (b) =>
    expect(isMatch(s, branchPush(b))).toBe(true),
  );
  it.each(['v2', 'v1.9.1'])('runs for tag %s', (t) => expect(isMatch(s, tagPush(t))).toBe(true));
  it.each(['dev', 'releases'])('not for branch %s', (b) => expect(isMatch(s, branchPush(b))).toBe(false));
  it.each(['v3', 'v1'])('not for tag %s', (t) => expect(isMatch(s, tagPush(t))).toBe(false));

  const ignore = spec(
    "push:\n  branches-ignore:\n    - 'mona/octocat'\n    - 'releases/**-alpha'\n  tags-ignore:\n    - v2\n    - v1.*\n",
  );
  it('ignore lists (example 3)', () => {
    expect(isMatch(ignore, branchPush('mona/octocat'))).toBe(false);
    expect(isMatch(ignore, branchPush('releases/beta/3-alpha'))).toBe(false);
    expect(isMatch(ignore, tagPush('v2'))).toBe(false);
    expect(isMatch(ignore, tagPush('v1.9'))).toBe(false);
    expect(isMatch(ignore, branchPush('main'))).toBe(true);
    expect(isMatch(ignore, tagPush('v3'))).toBe(true);
  });
  it('negation with re-inclusion (example 4)', () => {
    const neg = spec("push:\n  branches:\n    - 'releases/**'\n    - '!releases/**-alpha'\n");
    expect(isMatch(neg, branchPush('releases/10'))).toBe(true);
    expect(isMatch(neg, branchPush('releases/beta/mona'))).toBe(true);
    expect(isMatch(neg, branchPush('releases/10-alpha'))).toBe(false);
    expect(isMatch(neg, branchPush('releases/beta/3-alpha'))).toBe(false);
    const back = spec("push:\n  branches: ['releases/**', '!releases/**-alpha', 'releases/keep-alpha']");
    expect(isMatch(back, branchPush('releases/keep-alpha'))).toBe(true);
  });
  it('events-that-trigger-workflows example: tags v1.**', () => {
    expect(isMatch(spec('push:\n  tags:\n    - v1.**'), tagPush('v1.2/x'))).toBe(true);
  });
});

describe('push: branch vs tag rules', () => {
  it('only branch filters: tag pushes never match', () => {
    const r = matchEvent(spec("push:\n  branches: ['**']"), tagPush('v1'));
    expect(r.matched).toBe(false);
    expect(r.explanation).toMatch(/only branch filters/);
  });
  it('only tag filters: branch pushes never match', () => {
    expect(matchEvent(spec("push:\n  tags: ['**']"), branchPush('main')).explanation).toMatch(
      /only tag filters/,
    );
  });
  it('branches-ignore alone also excludes tags', () => {
    expect(isMatch(spec('push:\n  branches-ignore: [x]'), tagPush('v1'))).toBe(false);
  });
  it('neither: both branches and tags match', () => {
    expect(isMatch(spec('push'), branchPush('any/thing'))).toBe(true);
    expect(isMatch(spec('push'), tagPush('v9'))).toBe(true);
  });
  it('patterns see the short ref name', () => {
    expect(isMatch(spec('push:\n  branches: [mona/octocat]'), branchPush('mona/octocat'))).toBe(true);
    expect(isMatch(spec("push:\n  branches: ['refs/heads/*']"), branchPush('main'))).toBe(false);
  });
  it('deleted refs still match ref filters', () => {
    expect(
      isMatch(spec('push:\n  branches: [feature/*]'), branchPush('feature/x', { deleted: true, sha: '' })),
    ).toBe(true);
  });
  it('explains which pattern decided', () => {
    const r = matchEvent(spec("push:\n  branches-ignore: ['release/**']"), branchPush('release/1.2'));
    expect(r).toMatchObject({
      matched: false,
      eventKey: 'push',
      explanation: 'branches-ignore pattern `release/**` excluded `release/1.2`',
    });
    expect(r.steps[0]).toMatch(/lists `push`/);
    const neg = matchEvent(spec("push:\n  branches: ['**', '!wip/*']"), branchPush('wip/a'));
    expect(neg.explanation).toBe('branches pattern `!wip/*` excluded `wip/a`');
    expect(matchEvent(spec('push:\n  branches: [main]'), branchPush('dev')).explanation).toBe(
      'no branches pattern matches branch `dev`',
    );
  });
  it('[skip ci] in the head commit message skips push workflows', () => {
    const r = matchEvent(spec('push'), branchPush('main', { headCommitMessage: 'fix typo [skip ci]' }));
    expect(r.matched).toBe(false);
    expect(r.explanation).toMatch(/\[skip ci\]/);
    expect(isMatch(spec('push'), branchPush('main', { headCommitMessage: 'skip ci' }))).toBe(true);
  });
  it('a ref that is neither branch nor tag does not match', () => {
    expect(
      isMatch(
        spec('push'),
        branchPush('x', { ref: 'refs/notes/commits', refType: undefined, refName: 'refs/notes/commits' }),
      ),
    ).toBe(false);
  });
});

describe('push: path filters', () => {
  const s = spec("push:\n  branches: ['releases/**']\n  paths: ['**.js']");
  it('ANDed with branch filters', () => {
    expect(isMatch(s, branchPush('releases/1'), { changedFiles: files('a/b.js') })).toBe(true);
    expect(isMatch(s, branchPush('releases/1'), { changedFiles: files('a/b.ts') })).toBe(false);
    expect(isMatch(s, branchPush('main'), { changedFiles: files('a/b.js') })).toBe(false);
  });
  it('not evaluated for tag pushes', () => {
    const r = matchEvent(spec("push:\n  tags: ['v*']\n  paths: ['src/**']"), tagPush('v1'));
    expect(r.matched).toBe(true);
    expect(r.steps.join('\n')).toMatch(/not evaluated for tag pushes/);
    expect(isMatch(spec("push:\n  paths: ['src/**']"), tagPush('v1'))).toBe(true);
  });
  it('no changed files: no match', () => {
    expect(matchEvent(s, branchPush('releases/1'), { changedFiles: files() }).explanation).toMatch(
      /no files changed/,
    );
  });
  it('only the first 300 files count', () => {
    const many = Array.from({ length: 300 }, (_, i) => `docs/${i}.md`);
    expect(isMatch(s, branchPush('releases/1'), { changedFiles: files(...many, 'late.js') })).toBe(false);
    expect(
      isMatch(s, branchPush('releases/1'), { changedFiles: files(...many.slice(1), 'in-time.js') }),
    ).toBe(true);
    expect(
      matchEvent(s, branchPush('releases/1'), { changedFiles: files(...many, 'late.js') }).steps.join('\n'),
    ).toMatch(/first 300 of 301/);
  });
  it('more than 1,000 commits or no diff: path filters count as matched', () => {
    const r = matchEvent(s, branchPush('releases/1'), { changedFiles: { files: [], complete: false } });
    expect(r.matched).toBe(true);
    expect(r.steps.join('\n')).toMatch(/counts as matched/);
  });
  it('paths-ignore: runs unless every file is ignored (docs example)', () => {
    const ig = spec("push:\n  paths-ignore:\n    - 'docs/**'");
    expect(isMatch(ig, branchPush('main'), { changedFiles: files('docs/a.md', 'docs/b/c.md') })).toBe(false);
    expect(isMatch(ig, branchPush('main'), { changedFiles: files('docs/a.md', 'src/x.js') })).toBe(true);
    expect(matchEvent(ig, branchPush('main'), { changedFiles: files('docs/a.md') }).explanation).toMatch(
      /every changed file is ignored/,
    );
  });
  it('paths with `!` (docs example: sub-project)', () => {
    const p = spec("push:\n  paths:\n    - 'sub-project/**'\n    - '!sub-project/docs/**'");
    expect(isMatch(p, branchPush('main'), { changedFiles: files('sub-project/index.js') })).toBe(true);
    expect(isMatch(p, branchPush('main'), { changedFiles: files('sub-project/src/index.js') })).toBe(true);
    expect(isMatch(p, branchPush('main'), { changedFiles: files('sub-project/docs/readme.md') })).toBe(false);
  });
  it('cheat sheet negation rows evaluated as path filters', () => {
    const a = spec("push:\n  paths: ['*.md', '!README.md']");
    expect(isMatch(a, branchPush('main'), { changedFiles: files('hello.md') })).toBe(true);
    expect(isMatch(a, branchPush('main'), { changedFiles: files('README.md', 'docs/hello.md') })).toBe(false);
    const b = spec("push:\n  paths: ['*.md', '!README.md', 'README*']");
    for (const f of ['hello.md', 'README.md', 'README.doc'])
      expect(isMatch(b, branchPush('main'), { changedFiles: files(f) })).toBe(true);
  });
  it('a deleted branch has no changed files', () => {
    expect(isMatch(s, branchPush('releases/1', { deleted: true }), { changedFiles: files('a.js') })).toBe(
      false,
    );
  });
  it('needsChangedFiles only when a path filter decides', () => {
    expect(needsChangedFiles(s, branchPush('releases/1'))).toBe(true);
    expect(needsChangedFiles(s, branchPush('main'))).toBe(false);
    expect(needsChangedFiles(s, tagPush('v1'))).toBe(false);
    expect(needsChangedFiles(spec('push'), branchPush('main'))).toBe(false);
    const r = matchEvent(s, branchPush('releases/1'));
    expect(r).toMatchObject({ matched: false, needsChangedFiles: true });
  });
});

describe('pull_request', () => {
  it('default types are opened, synchronize, reopened', () => {
    const s = spec('pull_request');
    for (const a of ['opened', 'synchronize', 'reopened'])
      expect(isMatch(s, pullRequest(a, 'main'))).toBe(true);
    for (const a of ['closed', 'edited', 'labeled']) expect(isMatch(s, pullRequest(a, 'main'))).toBe(false);
    expect(matchEvent(s, pullRequest('labeled', 'main')).explanation).toMatch(/not in the default types/);
  });
  it('explicit types replace the defaults', () => {
    const s = spec('pull_request:\n  types: [closed]');
    expect(isMatch(s, pullRequest('closed', 'main', { merged: true, prState: 'closed' }))).toBe(true);
    expect(isMatch(s, pullRequest('closed', 'main', { merged: false, prState: 'closed' }))).toBe(true);
    expect(isMatch(s, pullRequest('opened', 'main'))).toBe(false);
  });
  it('branch filters apply to the base branch (docs example releases/**)', () => {
    const s = spec("pull_request:\n  types:\n    - opened\n  branches:\n    - 'releases/**'");
    expect(isMatch(s, pullRequest('opened', 'releases/1', { headRef: 'main' }))).toBe(true);
    expect(isMatch(s, pullRequest('opened', 'main', { headRef: 'releases/1' }))).toBe(false);
    expect(matchEvent(s, pullRequest('opened', 'main')).explanation).toBe(
      'no branches pattern matches base branch `main`',
    );
  });
  it('branches-ignore and negation (docs examples)', () => {
    const ig = spec("pull_request:\n  branches-ignore:\n    - 'mona/octocat'\n    - 'releases/**-alpha'");
    expect(isMatch(ig, pullRequest('opened', 'releases/beta/3-alpha'))).toBe(false);
    expect(isMatch(ig, pullRequest('opened', 'main'))).toBe(true);
    const neg = spec("pull_request:\n  branches:\n    - 'releases/**'\n    - '!releases/**-alpha'");
    expect(isMatch(neg, pullRequest('opened', 'releases/beta/mona'))).toBe(true);
    expect(isMatch(neg, pullRequest('opened', 'releases/10-alpha'))).toBe(false);
  });
  it('paths use the pull request files', () => {
    const s = spec("pull_request:\n  types: [opened]\n  branches: ['releases/**']\n  paths: ['**.js']");
    expect(needsChangedFiles(s, pullRequest('opened', 'releases/1'))).toBe(true);
    expect(isMatch(s, pullRequest('opened', 'releases/1'), { changedFiles: files('x.js') })).toBe(true);
    expect(isMatch(s, pullRequest('opened', 'releases/1'), { changedFiles: files('x.ts') })).toBe(false);
  });
  it('a merge conflict blocks pull_request runs', () => {
    expect(isMatch(spec('pull_request'), pullRequest('synchronize', 'main', { mergeable: false }))).toBe(
      false,
    );
    expect(isMatch(spec('pull_request'), pullRequest('synchronize', 'main', { mergeable: null }))).toBe(true);
  });
});

function event(over: Partial<NormalizedEvent> & Pick<NormalizedEvent, 'name'>): NormalizedEvent {
  return {
    sha: '',
    deleted: false,
    created: false,
    sender: 'mona',
    repository: REPO,
    changedFiles: { kind: 'none' },
    ...over,
  };
}

describe('other events', () => {
  it('release types, and no created/edited/deleted for drafts', () => {
    const rel = (action: string, draft = false): NormalizedEvent =>
      event({
        name: 'release',
        action,
        release: { tag: 'v1', prerelease: false, draft },
        refType: 'tag',
        refName: 'v1',
        ref: 'refs/tags/v1',
      });
    expect(isMatch(spec('release:\n  types: [published]'), rel('published'))).toBe(true);
    expect(isMatch(spec('release:\n  types: [published]'), rel('created'))).toBe(false);
    expect(isMatch(spec('release'), rel('edited'))).toBe(true);
    expect(matchEvent(spec('release'), rel('created', true)).explanation).toMatch(/draft/);
    expect(isMatch(spec('release'), rel('published', true))).toBe(true);
  });
  it('issue_comment types', () => {
    const c = (action: string): NormalizedEvent =>
      event({ name: 'issue_comment', action, comment: '/retest' });
    expect(isMatch(spec('issue_comment'), c('deleted'))).toBe(true);
    expect(isMatch(spec('issue_comment:\n  types: [created]'), c('edited'))).toBe(false);
  });
  it('deployment and create/delete have no filters', () => {
    expect(isMatch(spec('deployment'), event({ name: 'deployment', environment: 'prod', ref: '' }))).toBe(
      true,
    );
    expect(
      isMatch(spec('[create, delete]'), event({ name: 'delete', refType: 'branch', refName: 'x' })),
    ).toBe(true);
  });
  it('workflow_dispatch: required inputs must be given or defaulted', () => {
    const s = spec(
      'workflow_dispatch:\n  inputs:\n    env:\n      required: true\n    level:\n      required: true\n      default: info\n',
    );
    const d = (inputs: Record<string, string>): NormalizedEvent =>
      event({ name: 'workflow_dispatch', ref: 'refs/heads/main', refName: 'main', inputs });
    expect(isMatch(s, d({ env: 'prod' }))).toBe(true);
    expect(matchEvent(s, d({})).explanation).toBe('required input `env` was not given');
  });
  it('default-branch-only events respect where the definition came from', () => {
    const d = event({ name: 'workflow_dispatch', ref: 'refs/heads/dev', refName: 'dev', inputs: {} });
    expect(isMatch(spec('workflow_dispatch'), d)).toBe(true);
    expect(isMatch(spec('workflow_dispatch'), d, { definitionRef: 'main' })).toBe(true);
    expect(isMatch(spec('workflow_dispatch'), d, { definitionRef: 'refs/heads/main' })).toBe(true);
    expect(matchEvent(spec('workflow_dispatch'), d, { definitionRef: 'dev' }).explanation).toMatch(
      /only from definitions on the default branch `main`/,
    );
    expect(isMatch(spec('push'), branchPush('dev'), { definitionRef: 'dev' })).toBe(true);
  });
  it('schedule matches the firing cron entry', () => {
    const s = spec("schedule:\n  - cron: '30 5 * * 1,3'\n  - cron: '30 5 * * 2,4'");
    expect(matchEvent(s, scheduleEvent(REPO, '30 5 * * 2,4')).explanation).toBe(
      'matched `schedule` entry `30 5 * * 2,4`',
    );
    expect(isMatch(s, scheduleEvent(REPO, '0 0 * * *'))).toBe(false);
  });
  it('an event missing from the annotation', () => {
    expect(matchEvent(spec('[push, release]'), pullRequest('opened', 'main')).explanation).toBe(
      '`pull_request` is not in the annotation (it lists `push`, `release`)',
    );
  });
});

describe('explainAll', () => {
  it('explains an event across pipelines, in order', () => {
    const e = branchPush('release/1.2');
    const out = explainAll(
      [
        { name: 'build', spec: spec('push') },
        { name: 'nightly', spec: spec("schedule:\n  - cron: '0 0 * * *'") },
        { name: 'deploy', spec: spec("push:\n  branches-ignore: ['release/**']") },
      ],
      e,
    );
    expect(out.map((o) => [o.pipeline, o.result.matched])).toEqual([
      ['build', true],
      ['nightly', false],
      ['deploy', false],
    ]);
    expect(formatExplanations(out)).toContain(
      'deploy: skipped — branches-ignore pattern `release/**` excluded `release/1.2`',
    );
    expect(describeEvent(e)).toBe('push to branch `release/1.2` in `octo/app` (2222222)');
  });
  it('the fast check and the explained check always agree', () => {
    const specs = [
      spec('push'),
      spec("push:\n  branches: ['**', '!x*']\n  paths-ignore: [docs/**]"),
      spec("push:\n  tags: ['v*']"),
    ];
    const events = [branchPush('main'), branchPush('xy'), tagPush('v1'), tagPush('w')];
    for (const s of specs) {
      for (const e of events) {
        for (const ctx of [undefined, { changedFiles: files('docs/a') }, { changedFiles: files('src/a') }]) {
          expect(isMatch(s, e, ctx)).toBe(matchEvent(s, e, ctx).matched);
        }
      }
    }
  });
});

describe('payload-listed files and dispatch input values', () => {
  it('uses files listed in the payload without fetching', () => {
    const s = spec("push:\n  paths: ['src/**']");
    const e = branchPush('topic', { created: true, changedFiles: { kind: 'commits', files: ['src/a.ts'] } });
    expect(needsChangedFiles(s, e)).toBe(false);
    expect(isMatch(s, e)).toBe(true);
    expect(isMatch(s, { ...e, changedFiles: { kind: 'commits', files: ['docs/a.md'] } })).toBe(false);
  });
  it('rejects dispatch values that do not fit the input type', () => {
    const s = spec(
      'workflow_dispatch:\n  inputs:\n    level:\n      type: choice\n      options: [info, debug]\n    dry:\n      type: boolean\n',
    );
    const d = (inputs: Record<string, string>): NormalizedEvent =>
      event({ name: 'workflow_dispatch', ref: 'refs/heads/main', refName: 'main', inputs });
    expect(isMatch(s, d({ level: 'debug', dry: 'true' }))).toBe(true);
    expect(matchEvent(s, d({ level: 'trace' })).explanation).toMatch(/must be one of info, debug/);
    expect(isMatch(s, d({ dry: 'yes' }))).toBe(false);
  });
});
