// One PR comment listing invalid pipeline files, updated in place on later events (issue 14), never a new one per push.
import type { EventError } from '../events-store/event-types';
import type { GitHubApi, RepoScope } from '../github/github-api';
import { upsertMarkedComment } from './marked-comment';

/** Hidden marker that identifies our comment among the PR's comments. */
export const INVALID_FILES_MARKER = '<!-- pipe-events:invalid-pipeline-files -->';
const MAX_ITEMS = 50;

/** Renders the comment. Messages come from repository files: each sits in a code span (no mentions, no markup). */
export function invalidFilesCommentBody(sha: string, errors: readonly EventError[]): string {
  const files = errors.filter((e) => e.file !== undefined);
  const code = (text: string, max: number): string => `\`${text.replace(/[`\r\n]/g, ' ').slice(0, max)}\``;
  if (files.length === 0)
    return `${INVALID_FILES_MARKER}\n**PIPE:** every pipeline file is valid at ${code(sha.slice(0, 12), 12)}.\n`;
  const lines = files
    .slice(0, MAX_ITEMS)
    .map(
      (e) =>
        `- ${code(`${e.file}${e.line !== undefined ? `:${e.line}` : ''}`, 300)}${e.pipeline ? ` (Pipeline ${code(e.pipeline, 253)})` : ''}: ${code(e.message, 500)}`,
    );
  const more = files.length > MAX_ITEMS ? [`- … and ${files.length - MAX_ITEMS} more`] : [];
  return [
    INVALID_FILES_MARKER,
    `**PIPE:** ${files.length} pipeline file problem${files.length === 1 ? '' : 's'} at ${code(sha.slice(0, 12), 12)}; these pipelines were skipped, the others ran.`,
    '',
    ...lines,
    ...more,
    '',
  ].join('\n');
}

/**
 * Creates the comment, or updates the newest one we can edit. With no problems left, an existing comment is updated to
 * say so and none is created.
 */
export async function upsertInvalidFilesComment(
  api: GitHubApi,
  scope: RepoScope,
  prNumber: number,
  sha: string,
  errors: readonly EventError[],
): Promise<'created' | 'updated' | 'none'> {
  const body = invalidFilesCommentBody(sha, errors);
  return upsertMarkedComment(
    api,
    scope,
    prNumber,
    INVALID_FILES_MARKER,
    body,
    errors.some((e) => e.file !== undefined),
  );
}
