// Tells GitHub which pipeline files could not be used (file, line, problem) — the valid pipelines still run.
import type { GitHubApi, RepoScope } from '../github/github-api';
import type { EventError } from '../events-store/event-types';

/** `file:line: problem` (or without the line). */
export function formatFileError(e: EventError): string {
  return `${e.file ?? '(unknown file)'}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`;
}

/** One commit status per invalid file (statuses), or one failed check run listing them all (checks). */
export async function reportInvalidFiles(
  api: GitHubApi,
  scope: RepoScope,
  sha: string,
  errors: readonly EventError[],
  opts: { reportWith: 'statuses' | 'checks'; contextPrefix: string; eventName: string },
): Promise<void> {
  const fileErrors = errors.filter((e) => e.file !== undefined);
  if (fileErrors.length === 0 || !sha) return;
  if (opts.reportWith === 'checks') {
    const lines = fileErrors.map(
      (e) =>
        `- \`${e.file}\`${e.line !== undefined ? ` line ${e.line}` : ''}${e.pipeline ? ` (Pipeline ${e.pipeline})` : ''}: ${e.message}`,
    );
    await api.createCheckRun(scope, sha, {
      name: `${opts.contextPrefix}/invalid-pipelines/${opts.eventName}`,
      status: 'completed',
      conclusion: 'failure',
      title: `${fileErrors.length} pipeline file problem${fileErrors.length === 1 ? '' : 's'}: ${formatFileError(fileErrors[0]!)}`,
      summary: 'These pipeline definitions were skipped; the other pipelines ran normally.',
      text: lines.join('\n'),
    });
    return;
  }
  const byFile = new Map<string, EventError>();
  for (const e of fileErrors) if (!byFile.has(e.file!)) byFile.set(e.file!, e);
  for (const [file, e] of byFile) {
    await api.createCommitStatus(scope, sha, {
      state: 'error',
      context: `${opts.contextPrefix}/invalid/${file}`,
      description: formatFileError(e),
    });
  }
}
