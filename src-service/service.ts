// The one bootstrap of pipe-events: wires config → clients → store → controller → leader tasks → HTTP, and tears it down in reverse.
import { DisposableStore } from '../src-shared/util/disposable';
import type { ServiceConfig } from './config/config-schema';
import { EventController } from './controller/event-controller';
import { commentOrigin } from './controller/comment-commands';
import { pullRequestOrigin } from './controller/fork-gate';
import { EventStore } from './events-store/event-store';
import { GitHubApi } from './github/github-api';
import { createGitHubHttp } from './github/github-http';
import { PipelineSource } from './github/pipeline-source';
import { AppTokenProvider, StaticTokenProvider, type TokenProvider } from './github/token-provider';
import { HttpServer } from './http/http-server';
import { KubeClient } from './kube/kube-client';
import { createLogger, type Logger } from './log/logger';
import { createServiceMetrics, type ServiceMetrics } from './metrics/service-metrics';
import { systemClock } from '../src-node/time/clock';
import { Cleanup } from './operate/cleanup';
import { leaseCheckpoint, leaseNextFires } from './operate/schedule-checkpoint';
import { ScheduleRunner } from './operate/schedule-runner';
import { LeaderElector } from './operate/leader-election';
import { Membership } from './operate/membership';
import { RunReporter } from './report/run-reporter';
import { RepositoryTargets } from './runtime/repository-targets';
import { RunScheduler } from './runtime/run-scheduler';
import { RunWatchers } from './runtime/run-watchers';
import { RuntimeClusters } from './runtime/runtime-clusters';
import { createWebhookReceiver } from './webhook/receive';
import { WebhookRouter } from './webhook/router';
import { Backpressure } from './util/backpressure';
import { createArchiveMetrics } from './archive/archive-metrics';
import { S3ArchiveStore } from './archive/archive-store';
import { createArchiveRetention, createLogArchiver } from './archive/log-archive';
import { needsArchive, type LogArchiver } from './archive/log-archiver';
import { ArchiveApi } from './archive/archive-http';
import { LogAccess } from './archive/log-access';

/** A started service. */
export interface RunningService {
  readonly port: number;
  /** Port of /metrics (and /healthz, /readyz). */
  readonly metricsPort: number;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  /** True while this replica holds the leader lease. */
  isLeader(): boolean;
  /** Graceful stop: stop accepting, finish in-flight requests and reconciles, release the lease. */
  stop(): Promise<void>;
}

/** Starts pipe-events with a validated config. */
export async function startService(
  config: ServiceConfig,
  logger: Logger = createLogger(config.logLevel, undefined, {
    service: 'pipe-events',
    replica: config.identity,
  }),
): Promise<RunningService> {
  const metrics = createServiceMetrics();
  const disposables = new DisposableStore();
  try {
    return await build(config, logger, metrics, disposables);
  } catch (err) {
    // A failed start must not leave watches, timers or leases behind.
    await disposables.dispose().catch(() => undefined);
    throw err;
  }
}

async function build(
  config: ServiceConfig,
  logger: Logger,
  metrics: ServiceMetrics,
  disposables: DisposableStore,
): Promise<RunningService> {
  // Archived logs (issue 14): one store for the process; the queue lives per leader term.
  const archiveStore = config.archive ? new S3ArchiveStore(config.archive) : undefined;
  if (archiveStore) disposables.add({ dispose: () => archiveStore.dispose() });
  const archiveMetrics = config.archive ? createArchiveMetrics(metrics.registry) : undefined;
  let archiver: LogArchiver | undefined;
  const core = KubeClient.fromAccess(config.core.access, 'core');
  disposables.add({ dispose: () => core.dispose() });
  const store = new EventStore(core, config.core.namespace, logger);
  await store.ensureInstalled(config.core.installCrd);

  const clusters = disposables.add(new RuntimeClusters(core, config.clusters));
  const targets = disposables.add(
    new RepositoryTargets(config, clusters, logger.child({ component: 'targets' })),
  );
  await targets.start();

  const http = createGitHubHttp({
    baseUrl: config.github.apiUrl,
    metrics,
    logger: logger.child({ component: 'github' }),
    maxWaitMs: config.github.maxRateLimitWaitSeconds * 1000,
  });
  const tokens: TokenProvider = config.github.appId
    ? new AppTokenProvider(config.github.appId, config.github.privateKey!, http, config.github.installationId)
    : new StaticTokenProvider(config.github.token!);
  const api = new GitHubApi(http, tokens);
  const reportWith = config.github.reportWith ?? (tokens.kind === 'app' ? 'checks' : 'statuses');
  const source = new PipelineSource(api, {
    folders: config.pipelines.folders,
    maxFileBytes: config.pipelines.maxFileBytes,
  });

  const membership = new Membership({
    client: core,
    namespace: config.core.namespace,
    instance: config.instance,
    identity: config.identity,
    leaseDurationSeconds: config.leaderElection.leaseDurationSeconds,
    renewSeconds: config.leaderElection.renewSeconds,
    logger,
  });
  disposables.add(membership);
  await membership.start();
  const backpressure = new Backpressure();
  const controller = new EventController({
    backpressure,
    client: core,
    store,
    sharding: membership,
    reconcile: {
      api,
      source,
      targets,
      clusters,
      metrics,
      embedSpec: config.pipelines.embedSpec,
      instance: config.instance,
      reportWith,
      contextPrefix: config.github.statusContextPrefix,
      forks: config.forks,
    },
    identity: config.identity,
    workers: config.workers,
    maxAttempts: config.maxAttempts,
    metrics,
    logger: logger.child({ component: 'controller' }),
  });
  disposables.add(controller);
  await controller.start();

  // Leader-only work: watch our runs, report them to GitHub, apply concurrency, clean up.
  let leaderTasks: DisposableStore | undefined;
  const elector = new LeaderElector({
    client: core,
    namespace: config.core.namespace,
    name: config.leaderElection.leaseName,
    identity: config.identity,
    leaseDurationSeconds: config.leaderElection.leaseDurationSeconds,
    renewSeconds: config.leaderElection.renewSeconds,
    logger: logger.child({ component: 'leader' }),
    onStartedLeading: async () => {
      metrics.isLeader.set(1);
      const tasks = new DisposableStore();
      leaderTasks = tasks;
      const watchers = new RunWatchers(clusters, config.instance, logger);
      const reporter = new RunReporter({
        api,
        clusters,
        lookup: (c, ns, n) => watchers.lookup(c, ns, n),
        reportWith,
        contextPrefix: config.github.statusContextPrefix,
        desktopUrlBase: config.desktopUrlBase,
        backpressure,
        metrics,
        logger: logger.child({ component: 'reporter' }),
      });
      const scheduler = new RunScheduler(
        watchers,
        clusters,
        targets,
        metrics,
        logger.child({ component: 'scheduler' }),
      );
      const cleanup = new Cleanup({
        events: () => controller.informer.list(),
        store,
        watchers,
        clusters,
        runMaxAgeMs: config.cleanup.pipelineRunMaxAgeDays * 86_400_000,
        eventTtlMs: config.cleanup.eventTtlHours * 3_600_000,
        intervalMs: config.cleanup.intervalSeconds * 1000,
        metrics,
        logger: logger.child({ component: 'cleanup' }),
        ...(archiveStore ? { keepRun: needsArchive } : {}),
      });
      // The next fires also go on the schedules Lease, for the desktop's pipe-events panel.
      const publishNextFires = leaseNextFires(core, config.core.namespace, `${config.leaderElection.leaseName}-schedules`, (err) =>
        logger.warn('could not publish the next schedule fires', { err }),
      );
      const schedules = new ScheduleRunner({
        api,
        source,
        targets,
        store,
        clock: systemClock,
        checkpoint: leaseCheckpoint(
          core,
          config.core.namespace,
          `${config.leaderElection.leaseName}-schedules`,
        ),
        catchUpMs: config.schedules.catchUpMinutes * 60_000,
        refreshMs: config.schedules.refreshSeconds * 1000,
        logger: logger.child({ component: 'schedules' }),
        onFired: (_tick, lateMs) => {
          metrics.scheduleTicksFired.inc();
          metrics.scheduleLateness.observe(lateMs / 1000);
          if (lateMs >= 60_000) metrics.scheduleTicksLate.inc();
        },
        onNextFires: (next) => {
          publishNextFires(next.flatMap(({ entry, at }) => (at === undefined ? [] : [{ ...entry, at }])));
          const earliest = new Map<string, { repository: string; pipeline: string; at: number }>();
          for (const { entry, at } of next) {
            const key = `${entry.repository}\n${entry.pipeline}`;
            if (at !== undefined && at < (earliest.get(key)?.at ?? Infinity))
              earliest.set(key, { repository: entry.repository, pipeline: entry.pipeline, at });
          }
          metrics.scheduleNextFire.reset();
          for (const e of earliest.values())
            metrics.scheduleNextFire.set(e.at / 1000, { repository: e.repository, pipeline: e.pipeline });
        },
      });
      // Disposed newest first: schedules, cleanup, scheduler, reporter (drains), then the watchers they read.
      tasks.add(watchers);
      tasks.add(reporter);
      tasks.add(scheduler);
      tasks.add(cleanup);
      tasks.add(schedules);
      tasks.add(
        watchers.onDidChange((cluster, type, run) => type !== 'DELETED' && reporter.observe(cluster, run)),
      );
      // A push to a default branch may change its schedules: re-read them (the event watch runs on every replica).
      tasks.add(
        controller.informer.onDidChange((type, obj) => {
          if (type !== 'ADDED' || obj.spec.eventName !== 'push') return;
          schedules.notePush({
            repository: obj.spec.repository,
            ...((obj.spec.ref ?? obj.spec.event.ref) ? { ref: obj.spec.ref ?? obj.spec.event.ref } : {}),
            defaultBranch: obj.spec.event.repository.defaultBranch,
            receivedAt: Date.parse(obj.spec.receivedAt),
          });
        }),
      );
      if (config.archive && archiveStore && archiveMetrics) {
        const archiveLogger = logger.child({ component: 'archive' });
        const deps = { config: config.archive, store: archiveStore, clock: systemClock, metrics: archiveMetrics, logger: archiveLogger };
        const runArchiver = tasks.add(createLogArchiver({ ...deps, clusters }));
        archiver = runArchiver;
        tasks.add({ dispose: () => void (archiver === runArchiver && (archiver = undefined)) });
        tasks.add(
          watchers.onDidChange((cluster, type, run) =>
            type === 'DELETED' ? runArchiver.forget(cluster, run) : runArchiver.observe(cluster, run),
          ),
        );
        tasks.add(createArchiveRetention({ ...deps, intervalMs: config.cleanup.intervalSeconds * 1000 })).start();
      }
      await watchers.start();
      if (tasks.isDisposed) return;
      for (const cluster of watchers.clusters())
        for (const run of watchers.list(cluster)) {
          reporter.observe(cluster, run);
          archiver?.observe(cluster, run);
        }
      scheduler.resyncAll();
      cleanup.start();
      void schedules.start().catch((err: unknown) => logger.warn('schedules did not start', { err }));
    },
    onStoppedLeading: async () => {
      metrics.isLeader.set(0);
      await leaderTasks?.dispose();
      leaderTasks = undefined;
    },
  });
  disposables.add(elector);
  elector.start();

  const receiver = createWebhookReceiver({
    secret: config.webhookSecret,
    router: new WebhookRouter(),
    onRecordLatency: (ms) => backpressure.note(ms),
    metrics,
    logger,
    record: (delivery, event) =>
      store.create({
        deliveryId: delivery.id,
        bodyDigest: delivery.bodyDigest,
        eventName: delivery.event,
        action: delivery.action,
        receivedAt: delivery.receivedAt,
        installationId: delivery.installationId,
        ...(delivery.event === 'pull_request' ? { pullRequest: pullRequestOrigin(delivery.payload) } : {}),
        ...(delivery.event === 'issue_comment' ? { comment: commentOrigin(delivery.payload) } : {}),
        event,
      }),
  });
  const notReadyReason = (): string | undefined =>
    !controller.informer.synced
      ? 'event watch not synced'
      : !targets.synced
        ? 'namespace watch not synced'
        : undefined;
  const server = new HttpServer({
    receiver,
    metrics,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    maxConnections: config.maxConnections,
    maxBytesInFlight: config.maxBytesInFlight,
    notReadyReason,
    // Desktops read archived logs here with their own token (any replica serves them).
    ...(archiveStore
      ? {
          api: new ArchiveApi({
            store: archiveStore,
            clusters: () => clusters.names(),
            access: new LogAccess((name) => clusters.get(name)),
            logger: logger.child({ component: 'archive-api' }),
          }),
        }
      : {}),
  });
  disposables.add({ dispose: () => server.close(0) });
  // Metrics stay off the webhook port: that one faces the internet, this one only the cluster (issue 9 item 3).
  const ops = new HttpServer({
    metrics,
    serveMetrics: true,
    logger,
    maxBodyBytes: 0,
    notReadyReason,
    // The archive's lag has its own check: S3 being down must not take the webhook intake out of the Service.
    ...(archiveStore ? { readinessChecks: { archive: () => archiver?.notReadyReason() } } : {}),
  });
  disposables.add({ dispose: () => ops.close(0) });
  const metricsPort = await ops.listen(config.metricsPort, config.host);
  const port = await server.listen(config.port, config.host);
  logger.info('pipe-events listening', {
    port,
    namespace: config.core.namespace,
    reportWith,
    github: config.github.apiUrl,
  });

  let stopping: Promise<void> | undefined;
  return {
    port,
    metricsPort,
    metrics,
    logger,
    isLeader: () => elector.isLeader,
    stop: () =>
      (stopping ??= (async () => {
        const budget = config.shutdownTimeoutSeconds * 1000;
        logger.info('shutting down', { inFlight: server.inFlightCount, backlog: controller.backlog });
        await server.close(budget / 2);
        await ops.close(0);
        await controller.drain(budget / 2);
        await membership.dispose();
        await elector.dispose();
        await disposables.dispose();
        logger.info('stopped');
      })()),
  };
}
