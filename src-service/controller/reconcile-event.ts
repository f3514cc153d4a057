// One GitHubEvent → PipelineRuns: list pipelines at the SHA, match (shared module), template, create on the runtime cluster, report bad files.
import {
  matchEvent,
  needsChangedFiles,
  TemplateError,
  type ChangedFiles,
  type NormalizedEvent,
} from '../../src-shared/events';
import type { EventError, EventRun, GitHubEventObject, GitHubEventStatus } from '../events-store/event-types';
import { fetchChangedFiles } from '../github/changed-files';
import type { GitHubApi, RepoScope } from '../github/github-api';
import type { PipelineSource } from '../github/pipeline-source';
import { isKubeError } from '../../src-node/kube/kube-errors';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { reportForkBlocked } from '../report/report-fork-blocked';
import { upsertInvalidFilesComment } from '../report/invalid-files-comment';
import { reportInvalidFiles } from '../report/report-invalid-files';
import { buildPipelineRun } from '../runtime/build-pipeline-run';
import type { RepositoryTargets } from '../runtime/repository-targets';
import type { RuntimeClusters } from '../runtime/runtime-clusters';
import { commentCommandOf, runCommentCommand } from './comment-commands';
import { decideFork, type ForkPolicy } from './fork-gate';
import { reconcileDispatch } from './reconcile-dispatch';

/** What reconciliation needs. */
export interface ReconcileDeps {
  readonly api: GitHubApi;
  readonly source: PipelineSource;
  readonly targets: RepositoryTargets;
  readonly clusters: RuntimeClusters;
  readonly metrics: ServiceMetrics;
  readonly embedSpec: boolean;
  readonly instance: string;
  readonly reportWith: 'statuses' | 'checks';
  readonly contextPrefix: string;
  readonly forks: ForkPolicy;
}

/**
 * Reconciles one event; idempotent: run names derive from the delivery id, so AlreadyExists means "done before".
 * Throws on transient trouble (GitHub, API servers) so the controller retries; returns the final status otherwise.
 */
export async function reconcileEvent(
  obj: GitHubEventObject,
  deps: ReconcileDeps,
  log: Logger,
): Promise<GitHubEventStatus> {
  // Manual dispatch (an object a person created, its spec.event untrusted): GitHub write access and the declared
  // inputs decide (issue 14).
  if (obj.spec.requester !== undefined) return reconcileDispatch(obj, deps, log);
  const event = obj.spec.event;
  const scope: RepoScope = {
    owner: event.repository.owner,
    repo: event.repository.name,
    ...(obj.spec.installationId !== undefined ? { installationId: obj.spec.installationId } : {}),
  };
  const target = deps.targets.resolve(event.repository.fullName);
  if (!target) {
    return done({
      message: `no runtime namespace is mapped to ${event.repository.fullName} (configure repositories or annotate a namespace)`,
      errors: [{ kind: 'no-target', message: 'repository not mapped' }],
    });
  }
  // A fork PR never runs definitions its author wrote unless trusted and configured so (issue 9 item 2).
  const gate = decideFork(event, obj.spec.pullRequest, deps.forks);
  if (gate.kind === 'untrusted') {
    await reportForkBlocked(deps.api, scope, event.sha, gate.reason, {
      reportWith: deps.reportWith,
      contextPrefix: deps.contextPrefix,
    });
    log.info('fork pull request not run', { reason: gate.reason });
    return done({ message: gate.reason, errors: [{ kind: 'untrusted-fork', message: gate.reason }] });
  }
  // A schedule tick runs the one pipeline whose entry fired, from the default branch (as GitHub does).
  if (event.name === 'schedule' && obj.spec.schedule)
    return runPipelines(
      obj,
      event,
      { ref: event.ref || event.repository.defaultBranch, only: [obj.spec.schedule.pipeline] },
      deps,
      log,
    );
  const command = commentCommandOf(obj);
  if (command) return runCommentCommand(obj, command, { ...deps, scope, target }, log);
  // Events without a SHA run the definitions at their ref (release/create/dispatch) or the default branch (delete, comments), as GitHub does.
  const ref =
    gate.kind === 'trusted'
      ? gate.definitionsRef
      : event.sha || (event.name !== 'delete' && event.ref ? event.ref : event.repository.defaultBranch);
  return runPipelines(
    obj,
    event,
    { ref, ...(gate.kind === 'trusted' ? { revision: event.sha } : {}) },
    deps,
    log,
  );
}

/** Which pipelines a run request takes: the matching ones (default), or the named ones whether they match or not. */
export interface RunSelection {
  /** Ref or SHA the pipeline definitions are read at. */
  readonly ref: string;
  /** Commit the runs build (default: the commit `ref` resolves to). */
  readonly revision?: string;
  /** Only these pipelines, run even when their triggers do not match (comment commands, manual dispatch). */
  readonly only?: readonly string[];
  /** Why `only` picked them (shown in the event's explanations). */
  readonly onlyReason?: string;
  /** Per-pipeline `workflow_dispatch` inputs (manual dispatch: each pipeline's own defaults applied). */
  readonly inputsFor?: (pipeline: string) => Readonly<Record<string, string>>;
}

/** Lists the pipelines at `selection.ref`, matches `event`, creates the runs, reports invalid files; returns the status. */
export async function runPipelines(
  obj: GitHubEventObject,
  event: NormalizedEvent,
  selection: RunSelection,
  deps: ReconcileDeps,
  log: Logger,
): Promise<GitHubEventStatus> {
  const scope: RepoScope = {
    owner: event.repository.owner,
    repo: event.repository.name,
    ...(obj.spec.installationId !== undefined ? { installationId: obj.spec.installationId } : {}),
  };
  const target = deps.targets.resolve(event.repository.fullName);
  if (!target) return done({ message: `no runtime namespace is mapped to ${event.repository.fullName}` });
  const listing = await deps.source.list(scope, selection.ref);
  // The run builds the PR head even when its definitions come from the base branch.
  const revision = selection.revision ?? listing.sha;
  const errors: EventError[] = listing.errors.map((e) => ({
    kind: 'pipeline-file',
    file: e.file,
    message: e.message,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.pipeline ? { pipeline: e.pipeline } : {}),
  }));
  if (errors.length > 0) deps.metrics.errors.inc({ kind: 'pipeline-file' }, errors.length);

  let changed: ChangedFiles | undefined;
  const explanations: NonNullable<GitHubEventStatus['explanations']> = [];
  const matched = [];
  for (const p of listing.pipelines) {
    if (selection.only) {
      const wanted = selection.only.includes(p.name);
      explanations.push({
        pipeline: p.name,
        file: p.file,
        matched: wanted,
        explanation: wanted
          ? (selection.onlyReason ?? 'requested by a comment command')
          : `not requested${selection.onlyReason ? '' : ' by the comment command'}`,
      });
      if (wanted) matched.push(p);
      continue;
    }
    if (!changed && needsChangedFiles(p.spec, event))
      changed = await fetchChangedFiles(deps.api, scope, event);
    const result = matchEvent(p.spec, event, changed ? { changedFiles: changed } : {});
    explanations.push({
      pipeline: p.name,
      file: p.file,
      matched: result.matched,
      explanation: result.explanation,
    });
    if (result.matched) matched.push(p);
  }
  deps.metrics.eventsMatched.inc({ event: event.name }, matched.length);

  const runs: EventRun[] = [];
  const client = deps.clusters.get(target.cluster);
  for (const [index, p] of matched.entries()) {
    let run;
    try {
      run = buildPipelineRun({
        pipeline: p,
        event: selection.inputsFor ? { ...event, inputs: selection.inputsFor(p.name) } : event,
        deliveryId: obj.spec.deliveryId,
        revision,
        receivedAt: Date.parse(obj.spec.receivedAt),
        index,
        target,
        ...(obj.spec.installationId !== undefined ? { installationId: obj.spec.installationId } : {}),
        eventObject: `${obj.metadata.namespace}/${obj.metadata.name}`,
        embedSpec: deps.embedSpec,
        instance: deps.instance,
      });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      deps.metrics.errors.inc({ kind: 'template' });
      errors.push({ kind: 'template', pipeline: p.name, file: p.file, message: err.message });
      continue;
    }
    const name = run.metadata.name!;
    let created = true;
    try {
      await client.request(
        'POST',
        `/apis/tekton.dev/v1/namespaces/${encodeURIComponent(target.namespace)}/pipelineruns`,
        { body: run },
      );
      deps.metrics.runsCreated.inc({ cluster: target.cluster });
      deps.metrics.deliveryToRun.observe((Date.now() - Date.parse(obj.spec.receivedAt)) / 1000);
    } catch (err) {
      if (isKubeError(err, 'AlreadyExists')) created = false;
      else if (isKubeError(err, 'Invalid', 'Forbidden', 'NotFound')) {
        deps.metrics.errors.inc({ kind: 'kube' });
        errors.push({
          kind: 'create-run',
          pipeline: p.name,
          file: p.file,
          message: `${target.cluster}/${target.namespace}: ${(err as Error).message}`,
        });
        continue;
      } else throw err;
    }
    runs.push({ pipeline: p.name, cluster: target.cluster, namespace: target.namespace, name, created });
    log.info(created ? 'created PipelineRun' : 'PipelineRun already existed', {
      pipeline: p.name,
      cluster: target.cluster,
      namespace: target.namespace,
      name,
    });
  }

  if (errors.some((e) => e.kind === 'pipeline-file' || e.kind === 'template')) {
    await reportInvalidFiles(deps.api, scope, revision, errors, {
      reportWith: deps.reportWith,
      contextPrefix: deps.contextPrefix,
      eventName: event.name,
    });
  }
  if (event.name === 'pull_request' && event.prNumber !== undefined) {
    const fileErrors = errors.filter((e) => e.kind === 'pipeline-file' || e.kind === 'template');
    await upsertInvalidFilesComment(deps.api, scope, event.prNumber, revision, fileErrors);
  }
  const summary = `${matched.length} of ${listing.pipelines.length} pipelines matched; ${runs.length} run${runs.length === 1 ? '' : 's'}${errors.length ? `; ${errors.length} problem${errors.length === 1 ? '' : 's'}` : ''}`;
  return done({
    message: summary,
    matched: matched.map((p) => p.name),
    runs,
    errors,
    explanations,
    runCount: runs.length,
  });
}

/** A final status with every list present. */
export function done(status: GitHubEventStatus): GitHubEventStatus {
  return {
    phase: 'Succeeded',
    completedAt: new Date().toISOString(),
    runCount: 0,
    matched: [],
    runs: [],
    errors: [],
    explanations: [],
    ...status,
  };
}
