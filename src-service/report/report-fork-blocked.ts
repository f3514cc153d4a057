// Tells GitHub why a fork pull request did not run: a pending commit status, or a queued check run (issue 9 item 2).
import type { GitHubApi, RepoScope } from '../github/github-api';

/** The status context / check name of the approval gate. */
export function forkGateContext(contextPrefix: string): string {
  return `${contextPrefix}/fork-approval`;
}

/** Leaves a pending commit status (statuses) or a queued check run (checks) on the PR head saying why nothing ran. */
export async function reportForkBlocked(
  api: GitHubApi,
  scope: RepoScope,
  sha: string,
  reason: string,
  opts: { reportWith: 'statuses' | 'checks'; contextPrefix: string },
): Promise<void> {
  if (!sha) return;
  const context = forkGateContext(opts.contextPrefix);
  if (opts.reportWith === 'checks') {
    await api.createCheckRun(scope, sha, {
      name: context,
      status: 'queued',
      title: 'Waiting for approval',
      summary: `${reason}.`,
    });
    return;
  }
  await api.createCommitStatus(scope, sha, { state: 'pending', context, description: reason });
}
