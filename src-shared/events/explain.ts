// Matches one event against many pipelines, for pipe-events status messages and the editor preview.
import { matchEvent } from './match';
import type { MatchContext, MatchResult, NormalizedEvent, TriggerSpec } from './types';

/** One pipeline's outcome for an event. */
export interface PipelineMatch {
  readonly pipeline: string;
  readonly result: MatchResult;
}

/** Matches an event against each named spec; results in input order. */
export function explainAll(
  pipelines: readonly { readonly name: string; readonly spec: TriggerSpec }[],
  event: NormalizedEvent,
  ctx?: MatchContext,
): PipelineMatch[] {
  return pipelines.map((p) => ({ pipeline: p.name, result: matchEvent(p.spec, event, ctx) }));
}

/** One line per pipeline, e.g. "build: ran — matched `push` to branch `main`" (for logs and PR comments). */
export function formatExplanations(matches: readonly PipelineMatch[]): string {
  return matches
    .map((m) => `${m.pipeline}: ${m.result.matched ? 'runs' : 'skipped'} — ${m.result.explanation}`)
    .join('\n');
}

/** A short description of an event for headings, e.g. "push to `main` in `octo/app` (abc1234)". */
export function describeEvent(event: NormalizedEvent): string {
  const sha = event.sha ? ` (${event.sha.slice(0, 7)})` : '';
  const repo = `\`${event.repository.fullName}\``;
  switch (event.name) {
    case 'push':
      return `push to ${event.refType ?? 'ref'} \`${event.refName ?? event.ref ?? ''}\`${event.deleted ? ' (deleted)' : ''} in ${repo}${sha}`;
    case 'pull_request':
      return `pull request #${event.prNumber ?? '?'} ${event.action ?? ''} (\`${event.headRef ?? ''}\` → \`${event.baseRef ?? ''}\`) in ${repo}${sha}`;
    case 'release':
      return `release \`${event.release?.tag ?? ''}\` ${event.action ?? ''} in ${repo}`;
    case 'deployment':
    case 'deployment_status':
      return `${event.name} to \`${event.environment ?? ''}\`${event.deploymentState ? ` (${event.deploymentState})` : ''} in ${repo}${sha}`;
    case 'create':
    case 'delete':
      return `${event.name} ${event.refType ?? ''} \`${event.refName ?? ''}\` in ${repo}`;
    default:
      return `${event.name}${event.action ? ` ${event.action}` : ''} in ${repo}${sha}`;
  }
}
