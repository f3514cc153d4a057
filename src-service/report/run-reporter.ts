// Reports PipelineRun progress to GitHub (commit status or check run, plus a deployment for deploying pipelines) and remembers it on the run.
import type { Disposable } from '../../src-shared/util/disposable';
import { WorkQueue } from '../controller/work-queue';
import type { GitHubApi, RepoScope } from '../github/github-api';
import type { PipelineRun } from '../kube/kube-types';
import type { Logger } from '../log/logger';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { desktopRunUrl, RUN_KEYS } from '../runtime/run-metadata';
import type { RuntimeClusters } from '../runtime/runtime-clusters';
import { OWN_DEPLOYMENT_MARK } from '../webhook/handlers/own-deployment';
import { checkRunOf, commitStateOf, deploymentSteps, describe, REPORT_ORDER, reportStateOf, type ReportState } from './report-state';

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
}

/** Status context / check name of a run: `<prefix>/<pipeline>/<event>`. */
export function statusContext(prefix: string, run: PipelineRun): string {
  const a = run.metadata.annotations ?? {};
  return `${prefix}/${run.metadata.labels?.[RUN_KEYS.pipelineLabel] ?? run.metadata.name}/${a[RUN_KEYS.eventName] ?? 'event'}`;
}

/** Queues runs whose state changed and reports each at most once per state (serialised per run). */
export class RunReporter implements Disposable {
  private readonly queue: WorkQueue;

  constructor(private readonly deps: RunReporterDeps) {
    this.queue = new WorkQueue((key) => this.report(key), {
      concurrency: deps.concurrency ?? 8,
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
    const a = run.metadata.annotations ?? {};
    const state = reportStateOf(run);
    const reported = a[RUN_KEYS.reportedState] as ReportState | undefined;
    if (reported === state || (reported && REPORT_ORDER[reported] > REPORT_ORDER[state])) return;
    this.queue.add(`${cluster}/${run.metadata.namespace}/${run.metadata.name}`);
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
    const reported = a[RUN_KEYS.reportedState] as ReportState | undefined;
    if (reported === state || (reported && REPORT_ORDER[reported] > REPORT_ORDER[state])) return;
    const [owner, repo] = (a[RUN_KEYS.repository] ?? '').split('/');
    const sha = a[RUN_KEYS.sha];
    if (!owner || !repo || !sha) return;
    const installation = Number(a[RUN_KEYS.installationId]);
    const scope: RepoScope = { owner, repo, ...(Number.isInteger(installation) && installation > 0 ? { installationId: installation } : {}) };
    const url = desktopRunUrl(this.deps.desktopUrlBase, cluster, namespace, name);
    const description = describe(state, run);
    const context = statusContext(this.deps.contextPrefix, run);
    const written: Record<string, string> = { [RUN_KEYS.reportedState]: state };

    if (this.deps.reportWith === 'checks') {
      const fields = { ...checkRunOf(state), detailsUrl: url, externalId: `${cluster}/${namespace}/${name}`, title: description, summary: `PipelineRun \`${namespace}/${name}\` on \`${cluster}\`: ${description}\n\n[Open in PIPE Desktop](${url})` };
      const existing = Number(a[RUN_KEYS.checkRunId]);
      if (Number.isInteger(existing) && existing > 0) await this.deps.api.updateCheckRun(scope, existing, fields);
      else written[RUN_KEYS.checkRunId] = String(await this.deps.api.createCheckRun(scope, sha, { ...fields, name: context }));
    } else {
      await this.deps.api.createCommitStatus(scope, sha, { state: commitStateOf(state), context, description, targetUrl: url });
    }

    const environment = a[RUN_KEYS.deployEnvironment];
    if (environment) {
      let deploymentId = Number(a[RUN_KEYS.deploymentId]);
      if (!Number.isInteger(deploymentId) || deploymentId <= 0) {
        deploymentId = await this.deps.api.createDeployment(scope, {
          sha,
          environment,
          description: `${context} (PipelineRun ${namespace}/${name})`,
          payload: { [OWN_DEPLOYMENT_MARK]: true, pipelineRun: { cluster, namespace, name } },
          production: /^prod/i.test(environment),
        });
        // Remember the deployment at once: if a status call fails below, the retry must not create a second one.
        await this.patchAnnotations(cluster, namespace, name, { [RUN_KEYS.deploymentId]: String(deploymentId) });
      }
      const previous = a[RUN_KEYS.deploymentId] ? reported : undefined;
      for (const step of deploymentSteps(previous, state)) {
        await this.deps.api.createDeploymentStatus(scope, deploymentId, { state: step, description: step === 'queued' || step === 'in_progress' ? describe(step, run) : description, logUrl: url });
      }
      written[RUN_KEYS.deploymentId] = String(deploymentId);
    }
    await this.patchAnnotations(cluster, namespace, name, written);
    this.deps.logger.info('reported run state', { run: key, state, deliveryId: a[RUN_KEYS.deliveryId] });
  }

  private async patchAnnotations(cluster: string, namespace: string, name: string, annotations: Record<string, string>): Promise<void> {
    await this.deps.clusters.get(cluster).request('PATCH', `/apis/tekton.dev/v1/namespaces/${namespace}/pipelineruns/${name}`, {
      body: { metadata: { annotations } },
      contentType: 'application/merge-patch+json',
    });
  }
}
