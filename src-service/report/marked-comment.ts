// One PR comment per subject, found again by a hidden marker at the start of its body, so retries, new pushes and a new
// leader update it instead of posting another.
import type { GitHubApi, RepoScope } from '../github/github-api';

/**
 * Updates the newest comment starting with `marker` that we may edit (unchanged bodies are left alone), else creates
 * one — unless `create` is false, then answers 'none'.
 */
export async function upsertMarkedComment(
  api: GitHubApi,
  scope: RepoScope,
  prNumber: number,
  marker: string,
  body: string,
  create = true,
): Promise<'created' | 'updated' | 'none'> {
  const ours = (await api.listIssueComments(scope, prNumber))
    .filter((c) => c.body.startsWith(marker))
    .reverse();
  for (const c of ours) {
    if (c.body === body) return 'updated';
    try {
      await api.updateIssueComment(scope, c.id, body);
      return 'updated';
    } catch (err) {
      // Someone else's comment carrying our marker: not ours to edit.
      if ((err as { status?: number }).status !== 403) throw err;
    }
  }
  if (!create) return 'none';
  await api.createIssueComment(scope, prNumber, body);
  return 'created';
}
