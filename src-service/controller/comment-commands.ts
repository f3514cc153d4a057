// PR comment commands (issue 14): /ok-to-test, /retest [p], /test <p>, /cancel [p] — from users with write access only.
import { normalizeWebhook, type NormalizedEvent } from '../../src-shared/events';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { GitHubEventObject, GitHubEventStatus } from '../events-store/event-types';
import type { RepoScope } from '../github/github-api';
import type { Logger } from '../log/logger';
import type { ResolvedTarget } from '../runtime/repository-targets';
import { INSTANCE_LABEL, MANAGED_BY_LABEL, MANAGED_BY_VALUE, RUN_KEYS } from '../runtime/run-metadata';
import { repositoryLabel } from '../events-store/event-types';
import { done, runPipelines, type ReconcileDeps } from './reconcile-event';

/** A parsed command. */
export type CommentCommand =
  /** `sha`: `/ok-to-test <sha>` approves only that commit (7 to 40 hex digits of the PR head). */
  | { readonly kind: 'ok-to-test'; readonly sha?: string }
  | { readonly kind: 'retest'; readonly pipeline?: string }
  | { readonly kind: 'test'; readonly pipeline: string }
  | { readonly kind: 'cancel'; readonly pipeline?: string };

/** The comment a command came in (recorded on the event object at intake). */
export interface CommentOrigin {
  readonly id: number;
  readonly author: string;
}

const COMMAND = /^\/(ok-to-test|retest|test|cancel)(?:[ \t]+([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?))?[ \t]*$/;

/** Parses the first non-empty line of a comment; undefined when it is not a command. */
export function parseCommentCommand(body: string): CommentCommand | undefined {
  const line = body
    .slice(0, 1000)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  const m = line ? COMMAND.exec(line) : null;
  if (!m) return undefined;
  const [, name, pipeline] = m;
  switch (name) {
    case 'ok-to-test':
      if (!pipeline) return { kind: 'ok-to-test' };
      return /^[0-9a-f]{7,40}$/.test(pipeline) ? { kind: 'ok-to-test', sha: pipeline } : undefined;
    case 'test':
      return pipeline ? { kind: 'test', pipeline } : undefined;
    case 'retest':
      return pipeline ? { kind: 'retest', pipeline } : { kind: 'retest' };
    default:
      return pipeline ? { kind: 'cancel', pipeline } : { kind: 'cancel' };
  }
}

/** Reads the comment id and author from an `issue_comment` payload. */
export function commentOrigin(payload: Readonly<Record<string, unknown>>): CommentOrigin | undefined {
  const c = payload.comment as { id?: unknown; user?: { login?: unknown } } | undefined;
  if (typeof c?.id !== 'number' || typeof c.user?.login !== 'string') return undefined;
  return { id: c.id, author: c.user.login };
}

/** The command of a newly created PR comment, if it is one. */
export function commentCommandOf(obj: GitHubEventObject): CommentCommand | undefined {
  const e = obj.spec.event;
  if (e.name !== 'issue_comment' || e.action !== 'created' || e.prNumber === undefined || !obj.spec.comment)
    return undefined;
  return parseCommentCommand(e.comment ?? '');
}

function describe(c: CommentCommand): string {
  const arg = 'pipeline' in c ? c.pipeline : 'sha' in c ? c.sha : undefined;
  return `/${c.kind}${arg ? ` ${arg}` : ''}`;
}

/**
 * Runs a command: checks write access through GitHub, reacts (+1 / confused, a reply on refusal), then runs, re-runs or
 * cancels. Idempotent by comment: runs are named from the comment id, reactions and replies come once per event.
 */
export async function runCommentCommand(
  obj: GitHubEventObject,
  command: CommentCommand,
  deps: ReconcileDeps & { readonly scope: RepoScope; readonly target: ResolvedTarget },
  log: Logger,
): Promise<GitHubEventStatus> {
  const event = obj.spec.event;
  const comment = obj.spec.comment!;
  const prNumber = event.prNumber!;
  const { api, scope } = deps;
  if (!(await api.hasWriteAccess(scope, comment.author))) {
    const reason = `@${comment.author}: ${describe(command)} needs write access to ${event.repository.fullName}; ask a maintainer to run it.`;
    await api.reactToComment(scope, comment.id, 'confused');
    await api.createIssueComment(scope, prNumber, reason);
    log.info('comment command refused', { command: describe(command), author: comment.author });
    return done({ message: reason, errors: [{ kind: 'command-refused', message: reason }] });
  }
  const pr = await api.getPullRequest(scope, prNumber);
  const prEvent = pullRequestEvent(pr, obj, comment.author);
  if (!prEvent) return done({ message: `pull request #${prNumber} could not be read` });
  // An approval covers the commit it names: the head moved since → nothing runs, and the reply names the new head.
  if (command.kind === 'ok-to-test' && command.sha && !prEvent.sha.startsWith(command.sha)) {
    const head = prEvent.sha.slice(0, 7);
    const reason = `@${comment.author}: ${describe(command)} approves commit ${command.sha.slice(0, 12)}, but the pull request's head is now ${head}; review the new commits and comment /ok-to-test ${head}.`;
    await api.reactToComment(scope, comment.id, 'confused');
    await api.createIssueComment(scope, prNumber, reason);
    log.info('approval for another commit', { command: describe(command), head: prEvent.sha });
    return done({ message: reason, errors: [{ kind: 'approval-stale', message: reason }] });
  }
  await api.reactToComment(scope, comment.id, '+1');
  const headRepo = (pr.head as { repo?: { full_name?: string } | null } | undefined)?.repo?.full_name;
  const isFork = headRepo?.toLowerCase() !== event.repository.fullName.toLowerCase();
  // A writer's command approves the head commit as it is now; a fork's own definitions never run (base branch's do).
  const ref = isFork && prEvent.baseRef ? `refs/heads/${prEvent.baseRef}` : prEvent.sha;
  const selection = { ref, revision: prEvent.sha };
  // Runs are named from the comment id (not the delivery): one comment runs once, however often it is delivered.
  const byComment = { ...obj, spec: { ...obj.spec, deliveryId: `comment-${comment.id}` } };
  switch (command.kind) {
    case 'ok-to-test':
      return runPipelines(byComment, prEvent, selection, deps, log);
    case 'test':
      return runPipelines(byComment, prEvent, { ...selection, only: [command.pipeline] }, deps, log);
    case 'retest': {
      const only = command.pipeline ? [command.pipeline] : await failedPipelines(deps, prEvent);
      if (only.length === 0)
        return done({ message: `no failed pipeline at ${prEvent.sha.slice(0, 7)} to re-run` });
      return runPipelines(byComment, prEvent, { ...selection, only }, deps, log);
    }
    case 'cancel':
      return cancelRuns(deps, prEvent, command.pipeline, log);
  }
}

/** The PR as a `pull_request` event (synchronize) for matching and templating. */
function pullRequestEvent(
  pr: Record<string, unknown>,
  obj: GitHubEventObject,
  sender: string,
): NormalizedEvent | undefined {
  const base = pr.base as { repo?: Record<string, unknown> } | undefined;
  const payload = {
    action: 'synchronize',
    number: pr.number,
    pull_request: pr,
    repository: base?.repo ?? {},
    sender: { login: sender },
  };
  return normalizeWebhook('pull_request', payload, obj.spec.deliveryId);
}

async function runsOf(deps: ReconcileDeps & { target: ResolvedTarget }, event: NormalizedEvent) {
  const selector = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${INSTANCE_LABEL}=${deps.instance},${RUN_KEYS.repositoryLabel}=${repositoryLabel(event.repository.fullName)}`;
  const list = await deps.clusters
    .get(deps.target.cluster)
    .request<{ items: PipelineRun[] }>(
      'GET',
      `/apis/tekton.dev/v1/namespaces/${encodeURIComponent(deps.target.namespace)}/pipelineruns`,
      { query: { labelSelector: selector } },
    );
  return list.items;
}

function succeeded(run: PipelineRun): string | undefined {
  return run.status?.conditions?.find((c) => c.type === 'Succeeded')?.status;
}

/** Pipelines whose latest run at the PR head failed. */
async function failedPipelines(
  deps: ReconcileDeps & { target: ResolvedTarget },
  event: NormalizedEvent,
): Promise<string[]> {
  const latest = new Map<string, PipelineRun>();
  for (const run of await runsOf(deps, event)) {
    if (run.metadata.annotations?.[RUN_KEYS.sha] !== event.sha) continue;
    const pipeline = run.metadata.labels?.[RUN_KEYS.pipelineLabel];
    if (!pipeline) continue;
    const prev = latest.get(pipeline);
    if (!prev || (prev.metadata.creationTimestamp ?? '') < (run.metadata.creationTimestamp ?? ''))
      latest.set(pipeline, run);
  }
  return [...latest].filter(([, run]) => succeeded(run) === 'False').map(([p]) => p);
}

/** Cancels the live runs of the PR (of one pipeline, or all). */
async function cancelRuns(
  deps: ReconcileDeps & { target: ResolvedTarget },
  event: NormalizedEvent,
  pipeline: string | undefined,
  log: Logger,
): Promise<GitHubEventStatus> {
  const client = deps.clusters.get(deps.target.cluster);
  const prRef = `refs/pull/${event.prNumber}/merge`;
  let cancelled = 0;
  for (const run of await runsOf(deps, event)) {
    const a = run.metadata.annotations ?? {};
    if (a[RUN_KEYS.ref] !== prRef || succeeded(run) === 'True' || succeeded(run) === 'False') continue;
    if (pipeline && run.metadata.labels?.[RUN_KEYS.pipelineLabel] !== pipeline) continue;
    await client.request(
      'PATCH',
      `/apis/tekton.dev/v1/namespaces/${encodeURIComponent(deps.target.namespace)}/pipelineruns/${run.metadata.name}`,
      { body: { spec: { status: 'Cancelled' } }, contentType: 'application/merge-patch+json' },
    );
    cancelled++;
    log.info('cancelled by a comment command', { run: run.metadata.name });
  }
  return done({ message: `/cancel: ${cancelled} run${cancelled === 1 ? '' : 's'} cancelled` });
}
