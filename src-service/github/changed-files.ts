// Changed files of an event for path filters, with GitHub's rules: first 300 files; > 1,000 commits or no diff → complete: false.
import type { ChangedFiles, NormalizedEvent } from '../../src-shared/events';
import type { GitHubApi, RepoScope } from './github-api';

/** GitHub Actions considers only the first 300 changed files. */
export const MAX_CHANGED_FILES = 300;
/** Beyond this many commits GitHub treats path filters as matched. */
export const MAX_COMMITS = 1000;
/** How far we walk first parents to find the base of a new branch before giving up (→ complete: false). */
const MAX_NEW_BRANCH_WALK = 50;

const ZERO = /^0{40}$/;

/** Fetches the changed files the event's `changedFiles` source describes. */
export async function fetchChangedFiles(
  api: GitHubApi,
  scope: RepoScope,
  event: NormalizedEvent,
): Promise<ChangedFiles> {
  const source = event.changedFiles;
  switch (source.kind) {
    case 'none':
      return { files: [], complete: true };
    case 'commits':
      return { files: source.files.slice(0, MAX_CHANGED_FILES), complete: true };
    case 'pull_request':
      if ((event.commitCount ?? 0) > MAX_COMMITS) return { files: [], complete: false };
      return withUncomputable(async () => ({
        files: await api.pullRequestFiles(scope, source.number, MAX_CHANGED_FILES),
        complete: true,
      }));
    case 'compare': {
      if ((event.commitCount ?? 0) > MAX_COMMITS) return { files: [], complete: false };
      const base =
        source.base && !ZERO.test(source.base)
          ? source.base
          : await newBranchBase(api, scope, source.head, event.commitCount);
      if (base === null) return { files: [], complete: true }; // a new branch without new commits changes nothing
      if (base === undefined) return { files: [], complete: false };
      return withUncomputable(async () => {
        const diff = await api.compare(scope, base, source.head);
        if (diff.totalCommits > MAX_COMMITS) return { files: [], complete: false };
        return { files: diff.files.slice(0, MAX_CHANGED_FILES), complete: true };
      });
    }
  }
}

/**
 * For a new branch the diff base is the parent of the deepest pushed commit: `head` walked back `commitCount` first parents.
 * null = nothing was pushed beyond an existing commit; undefined = cannot tell (treated as "diff cannot be computed").
 */
async function newBranchBase(
  api: GitHubApi,
  scope: RepoScope,
  head: string,
  commitCount: number | undefined,
): Promise<string | null | undefined> {
  if (commitCount === 0) return null;
  if (commitCount === undefined || commitCount > MAX_NEW_BRANCH_WALK) return undefined;
  let sha = head;
  for (let i = 0; i < commitCount; i++) {
    const { parents } = await api.getCommit(scope, sha);
    if (parents.length === 0) return undefined; // the branch starts at a root commit: the whole tree is new
    sha = parents[0]!;
  }
  return sha;
}

/** A diff GitHub refuses to compute (404 unknown commit, 422 too large / unrelated histories) → complete: false; other errors propagate for a retry. */
async function withUncomputable(fn: () => Promise<ChangedFiles>): Promise<ChangedFiles> {
  try {
    return await fn();
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (status === 404 || status === 422) return { files: [], complete: false };
    throw err;
  }
}
