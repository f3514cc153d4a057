// Reports PipelineRun progress to GitHub (commit status or check run, plus a deployment for deploying pipelines) and remembers it on the run.
import { RUN_KEYS as TEMPLATE_KEYS } from '../../src-shared/events';
import type { Disposable } from '../../src-shared/util/disposable';
import { WorkQueue } from '../controller/work-queue';
import type { Backpressure } from '../util/backpressure';
import { LRUCache } from 'lru-cache';
import type { GitHubApi, RepoScope } from '../github/github-api';
import type { PipelineRun } from '../../src-node/kube/kube-types';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { desktopRunUrl, RUN_KEYS } from '../runtime/run-metadata';
import type { RuntimeClusters } from '../runtime/runtime-clusters';
import { OWN_DEPLOYMENT_MARK } from '../webhook/handlers/own-deployment';
import { failureCommentBody, upsertFailureComment } from './failure-comment';
import { collectFailureDetails, type FailureDetails } from './failure-details';
import { failureHeadline, failureMarkdown } from './failure-markdown';
import {
  checkRunOf,
  commitStateOf,
  deploymentSteps,
  describe,
  REPORT_ORDER,
  reportStateOf,
  type ReportState,
} from './report-state';

/** What the reporter needs. */
export interface RunReporterDeps {
  readonly api: GitHubApi;
  readonly clusters: RuntimeClusters;
  /** Latest cached copy of a run (from the run informers). */
  readonly lookup: (cluster: string, namespace: string, name: string) => PipelineRun | undefined;
  readonly reportWith: 'statuses' | 'checks';
  readonly contextPrefix: string;
  readonly desktopUrlBase: string;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  readonly concurrency?: number;
  /** Shrinks reporting while deliveries are slow to record. */
  readonly backpressure?: Backpressure;
  /** Reads a failed run's details (default: from the run's cluster with the service's credentials). */
  readonly failureDetails?: (cluster: string, run: PipelineRun) => Promise<FailureDetails>;
}

/** Status context / check name of a run: `<prefix>/<pipeline>/<event>`. */
export function statusContext(prefix: string, run: PipelineRun): string {
  const a = run.metadata.annotations ?? {};
  return `${prefix}/${run.metadata.labels?.[RUN_KEYS.pipelineLabel] ?? run.metadata.name}/${a[RUN_KEYS.eventName] ?? 'event'}`;
}

/** Queues runs whose state changed and reports each at most once per state (serialised per run). */
export class RunReporter implements Disposable {
  private readonly queue: WorkQueue;
  /** What this replica reported (the run annotation is only written for final states and ids, to keep run creation cheap). */
  private readonly reported = new LRUCache<string, ReportState>({ max: 100_000 });
  /** Check run / deployment ids and the last deployment status posted, per run. */
  private readonly ids = new LRUCache<
    string,
    { checkRunId?: number; deploymentId?: number; deploymentState?: ReportState }
  >({ max: 100_000 });

  constructor(private readonly deps: RunReporterDeps) {
    this.queue = new WorkQueue((key) => this.report(key), {
      concurrency: deps.backpressure
        ? () => deps.backpressure!.workers(deps.concurrency ?? 8)
        : (deps.concurrency ?? 8),
      baseBackoffMs: 2000,
      onError: (key, err) => {
        deps.metrics.errors.inc({ kind: 'report' });
        deps.logger.warn('reporting to GitHub failed; will retry', { run: key, err });
      },
    });
  }

  /** Called for every run change seen by the watchers. */
  observe(cluster: string, run: PipelineRun): void {
    if (run.metadata.deletionTimestamp) return;
    const key = `${cluster}/${run.metadata.namespace}/${run.metadata.name}`;
    if (this.isReported(key, run)) return;
    this.queue.add(key);
  }

  private isReported(key: string, run: PipelineRun): boolean {
    const state = reportStateOf(run);
    const reported = this.lastReported(key, run);
    return reported !== undefined && (reported === state || REPORT_ORDER[reported] > REPORT_ORDER[state]);
  }

  private lastReported(key: string, run: PipelineRun): ReportState | undefined {
    const persisted = run.metadata.annotations?.[RUN_KEYS.reportedState] as ReportState | undefined;
    const remembered = this.reported.get(key);
    if (!persisted) return remembered;
    if (!remembered) return persisted;
    return REPORT_ORDER[remembered] > REPORT_ORDER[persisted] ? remembered : persisted;
  }

  dispose(): Promise<void> {
    return this.queue.drain(10_000);
  }

  private async report(key: string): Promise<void> {
    const [cluster, namespace, name] = key.split('/') as [string, string, string];
    const run = this.deps.lookup(cluster, namespace, name);
    if (!run || run.metadata.deletionTimestamp) return;
    const a = run.metadata.annotations ?? {};
    const state = reportStateOf(run);
    if (this.isReported(key, run)) return;
    const reported = this.lastReported(key, run);
    const [owner, repo] = (a[RUN_KEYS.repository] ?? '').split('/');
    const sha = a[RUN_KEYS.sha];
    if (!owner || !repo || !sha) return;
    const installation = Number(a[RUN_KEYS.installationId]);
    const scope: RepoScope = {
      owner,
      repo,
      ...(Number.isInteger(installation) && installation > 0 ? { installationId: installation } : {}),
    };
    const url = desktopRunUrl(this.deps.desktopUrlBase, cluster, namespace, name);
    const failure = state === 'failure' ? await this.failureOf(cluster, run) : undefined;
    const description = failure ? `Failed: ${failureHeadline(failure)}` : describe(state, run);
    const context = statusContext(this.deps.contextPrefix, run);
    const ids = this.ids.get(key) ?? {};
    this.ids.set(key, ids);

    if (this.deps.reportWith === 'checks') {
      const fields = {
        ...checkRunOf(state),
        detailsUrl: url,
        externalId: `${cluster}/${namespace}/${name}`,
        title: description,
        summary: `PipelineRun \`${namespace}/${name}\` on \`${cluster}\`: ${description}\n\n[Open in PIPE Desktop](${url})`,
        ...(failure ? { text: failureMarkdown(failure, url) } : {}),
      };
      ids.checkRunId ??= positive(a[RUN_KEYS.checkRunId]);
      if (ids.checkRunId) await this.deps.api.updateCheckRun(scope, ids.checkRunId, fields);
      else {
        ids.checkRunId = await this.deps.api.createCheckRun(scope, sha, { ...fields, name: context });
        await this.patchAnnotations(cluster, namespace, name, {
          [RUN_KEYS.checkRunId]: String(ids.checkRunId),
        });
      }
    } else {
      await this.deps.api.createCommitStatus(scope, sha, {
        state: commitStateOf(state),
        context,
        description,
        targetUrl: url,
      });
      // Statuses carry no text: the details go into a PR comment (one per run, updated on a retry).
      const pr = positive(run.metadata.labels?.[TEMPLATE_KEYS.prNumber]);
      if (failure && pr)
        await upsertFailureComment(
          this.deps.api,
          scope,
          pr,
          key,
          failureCommentBody(key, context, sha, failureMarkdown(failure, url)),
        );
    }

    const environment = a[RUN_KEYS.deployEnvironment];
    if (environment) {
      ids.deploymentId ??= positive(a[RUN_KEYS.deploymentId]);
      // Statuses already posted: from memory, else (after a failover) at least the step the run was reported at.
      if (ids.deploymentId && !ids.deploymentState) ids.deploymentState = reported ?? 'queued';
      if (!ids.deploymentId) {
        ids.deploymentId = await this.deps.api.createDeployment(scope, {
          sha,
          environment,
          description: `${context} (PipelineRun ${namespace}/${name})`,
          payload: { [OWN_DEPLOYMENT_MARK]: true, pipelineRun: { cluster, namespace, name } },
          production: /^prod/i.test(environment),
        });
        // Remember the deployment at once (memory and run): a retry or a new leader must not create a second one.
        await this.patchAnnotations(cluster, namespace, name, {
          [RUN_KEYS.deploymentId]: String(ids.deploymentId),
        });
      }
      for (const step of deploymentSteps(ids.deploymentState, state)) {
        await this.deps.api.createDeploymentStatus(scope, ids.deploymentId, {
          state: step,
          description: step === 'queued' || step === 'in_progress' ? describe(step, run) : description,
          logUrl: url,
        });
        ids.deploymentState = step === 'queued' ? 'queued' : step === 'in_progress' ? 'in_progress' : state;
      }
    }
    this.reported.set(key, state);
    // Final states are persisted so a new leader does not report them again; intermediate states live in memory only.
    if (REPORT_ORDER[state] === 2)
      await this.patchAnnotations(cluster, namespace, name, { [RUN_KEYS.reportedState]: state });
    this.deps.logger.info('reported run state', { run: key, state, deliveryId: a[RUN_KEYS.deliveryId] });
  }

  /** Failure details, or undefined (reported without them) when they cannot be read. */
  private async failureOf(cluster: string, run: PipelineRun): Promise<FailureDetails | undefined> {
    try {
      return await (
        this.deps.failureDetails ?? ((c, r) => collectFailureDetails(this.deps.clusters.get(c), r))
      )(cluster, run);
    } catch (err) {
      this.deps.logger.warn('could not read the failure details; reporting without them', {
        run: `${cluster}/${run.metadata.namespace}/${run.metadata.name}`,
        err,
      });
      return undefined;
    }
  }

  private async patchAnnotations(
    cluster: string,
    namespace: string,
    name: string,
    annotations: Record<string, string>,
  ): Promise<void> {
    await this.deps.clusters
      .get(cluster)
      .request('PATCH', `/apis/tekton.dev/v1/namespaces/${namespace}/pipelineruns/${name}`, {
        body: { metadata: { annotations } },
        contentType: 'application/merge-patch+json',
      });
  }
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
