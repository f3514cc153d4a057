// With commit statuses (no check run text), a failed run's details go into one PR comment per run, found again by a
// hidden marker so a retry or a new leader updates it instead of posting a second one.
import type { GitHubApi, RepoScope } from '../github/github-api';
import { codeSpan } from './failure-markdown';
import { upsertMarkedComment } from './marked-comment';

/** Hidden marker naming the run the comment is about. */
export function failureCommentMarker(runKey: string): string {
  return `<!-- pipe-events:run-failure ${runKey.replace(/[^A-Za-z0-9._/-]/g, '')} -->`;
}

/** The comment body: marker, one line naming the pipeline and commit, then the details. */
export function failureCommentBody(runKey: string, context: string, sha: string, details: string): string {
  return `${failureCommentMarker(runKey)}\n**PIPE:** ${codeSpan(context, 200)} failed at ${codeSpan(sha.slice(0, 12), 12)}.\n\n${details}\n`;
}

/** Creates the run's failure comment, or updates ours if it exists. */
export async function upsertFailureComment(
  api: GitHubApi,
  scope: RepoScope,
  prNumber: number,
  runKey: string,
  body: string,
): Promise<'created' | 'updated'> {
  return (await upsertMarkedComment(api, scope, prNumber, failureCommentMarker(runKey), body)) as
    'created' | 'updated';
}
