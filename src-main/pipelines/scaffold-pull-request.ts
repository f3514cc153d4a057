// Opens a pull request with scaffolded pipelines through GitHub's git data API (@octokit/rest): a branch from
// the default branch, one commit with the files, and a PR whose body explains each pipeline and its events.
import type { Octokit } from '@octokit/rest';
import { RpcError } from '../../src-shared/contract/errors';
import { scaffoldPullRequestBody, type PullRequestFile } from '../../src-shared/pipelines/scaffold/pull-request-body';

/** What was opened. */
export interface OpenedPullRequest {
  readonly number: number;
  readonly url: string;
  readonly branch: string;
}

/** Branch name for a scaffold (unique per call: the time in base 36). */
export function scaffoldBranchName(now: number): string {
  return `pipe/new-pipelines-${now.toString(36)}`;
}

/** Creates branch, commit and pull request on `repository` (`owner/name`) with `files`. */
export async function openScaffoldPullRequest(
  octokit: Octokit,
  req: { readonly repository: string; readonly files: readonly PullRequestFile[]; readonly branch: string; readonly title?: string },
): Promise<OpenedPullRequest> {
  const [owner, repo] = req.repository.split('/') as [string, string];
  try {
    const { data: info } = await octokit.rest.repos.get({ owner, repo });
    const base = info.default_branch;
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${base}` });
    const { data: parent } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha });
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: parent.tree.sha,
      tree: req.files.map((f) => ({ path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.text })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: `Add PIPE pipelines: ${req.files.map((f) => f.path).join(', ')}`,
      tree: tree.sha,
      parents: [ref.object.sha],
    });
    await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${req.branch}`, sha: commit.sha });
    const { data: pr } = await octokit.rest.pulls.create({
      owner,
      repo,
      title: req.title ?? 'Add PIPE pipelines',
      head: req.branch,
      base,
      body: scaffoldPullRequestBody(req.files, base),
    });
    return { number: pr.number, url: pr.html_url, branch: req.branch };
  } catch (err) {
    throw githubError(err, req.repository);
  }
}

/** GitHub's answer as a typed error the editor can show (never a stack). */
function githubError(err: unknown, repository: string): RpcError {
  const status = (err as { status?: unknown }).status;
  const message = err instanceof Error ? err.message : String(err);
  if (status === 401) return new RpcError('unauthorized', 'GitHub did not accept the sign-in: sign in to GitHub again.');
  if (status === 403) return new RpcError('forbidden', `GitHub refused: ${message}`);
  if (status === 404) return new RpcError('not-found', `GitHub has no repository ${repository} you can see.`);
  if (status === 422) return new RpcError('conflict', `GitHub refused the change: ${message}`);
  return new RpcError('unavailable', `GitHub request failed: ${message}`);
}
