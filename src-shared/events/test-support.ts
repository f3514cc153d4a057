// Test helpers shared by the event tests (only imported from *.test.ts).
import { parseTriggers } from './parse';
import type { EventRepository, NormalizedEvent, TriggerSpec } from './types';

/** Parses an annotation that must be valid. */
export function spec(text: string): TriggerSpec {
  const { spec: s, diagnostics } = parseTriggers(text);
  if (!s) throw new Error(`invalid annotation: ${diagnostics.map((d) => d.message).join('; ')}`);
  return s;
}

/** A repository for handmade events. */
export const REPO: EventRepository = {
  owner: 'octo',
  name: 'app',
  fullName: 'octo/app',
  cloneUrl: 'https://github.com/octo/app.git',
  htmlUrl: 'https://github.com/octo/app',
  defaultBranch: 'main',
  private: false,
};

/** A branch push event. */
export function branchPush(branch: string, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    name: 'push',
    ref: `refs/heads/${branch}`,
    refType: 'branch',
    refName: branch,
    before: '1'.repeat(40),
    after: '2'.repeat(40),
    sha: '2'.repeat(40),
    deleted: false,
    created: false,
    sender: 'mona',
    repository: REPO,
    changedFiles: { kind: 'compare', base: '1'.repeat(40), head: '2'.repeat(40) },
    ...over,
  };
}

/** A tag push event. */
export function tagPush(tag: string, over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return branchPush('x', {
    ref: `refs/tags/${tag}`,
    refType: 'tag',
    refName: tag,
    changedFiles: { kind: 'none' },
    ...over,
  });
}

/** A pull_request event into `base`. */
export function pullRequest(
  action: string,
  base: string,
  over: Partial<NormalizedEvent> = {},
): NormalizedEvent {
  return {
    name: 'pull_request',
    action,
    ref: 'refs/pull/7/merge',
    refName: '7/merge',
    sha: '3'.repeat(40),
    deleted: false,
    created: false,
    baseRef: base,
    headRef: 'topic',
    headSha: '3'.repeat(40),
    prNumber: 7,
    merged: false,
    prState: 'open',
    mergeable: null,
    sender: 'mona',
    repository: REPO,
    changedFiles: { kind: 'pull_request', number: 7 },
    ...over,
  };
}

/** Changed files that were fully computed. */
export function files(...names: string[]): { files: string[]; complete: boolean } {
  return { files: names, complete: true };
}
