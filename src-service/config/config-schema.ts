// The validated shape of pipe-events configuration (file + environment), as one zod schema.
import { z } from 'zod';

/** The implicit cluster name for the core cluster itself (single-cluster setups). */
export const CORE_CLUSTER = 'core';

/** How to reach one Kubernetes cluster: a kubeconfig file (+ context) or the in-cluster service account. */
export const clusterAccessSchema = z
  .object({
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    inCluster: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.inCluster || c.kubeconfig !== undefined, {
    message: 'set either kubeconfig (path) or inCluster: true',
  });

/** Author associations trusted to run fork pull requests by default. */
export const DEFAULT_TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'] as const;

/** Where the PipelineRuns of one repository go. */
export const repositoryTargetSchema = z
  .object({
    cluster: z.string().min(1),
    namespace: z.string().min(1),
    /** Max runs of this repository running at once; 0 = unlimited. */
    concurrencyLimit: z.number().int().min(0).optional(),
    serviceAccountName: z.string().min(1).optional(),
  })
  .strict();

const githubSchema = z
  .object({
    /** REST base URL; GitHub Enterprise Server: https://HOST/api/v3. */
    apiUrl: z.url().default('https://api.github.com'),
    token: z.string().min(1).optional(),
    appId: z.string().min(1).optional(),
    privateKey: z.string().min(1).optional(),
    /** Fallback installation when a delivery carries none. */
    installationId: z.number().int().positive().optional(),
    /** Commit statuses (token default) or check runs (App default). */
    reportWith: z.enum(['statuses', 'checks']).optional(),
    statusContextPrefix: z.string().min(1).default('pipe'),
    /** Longest wait honoured for a rate limit before failing the request (the queue retries later). */
    maxRateLimitWaitSeconds: z.number().int().min(0).default(60),
  })
  .strict()
  .refine((g) => (g.token !== undefined) !== (g.appId !== undefined), {
    message:
      'configure exactly one GitHub credential: a token (PIPE_EVENTS_GITHUB_TOKEN) or an App (PIPE_EVENTS_GITHUB_APP_ID + private key)',
  })
  .refine((g) => g.appId === undefined || g.privateKey !== undefined, {
    message: 'a GitHub App needs its private key (PIPE_EVENTS_GITHUB_PRIVATE_KEY or _FILE)',
  });

/** Where and how finished runs' step logs are archived (S3-compatible object storage). */
export const archiveSchema = z
  .object({
    bucket: z.string().min(1),
    /** Key prefix, e.g. `pipe-logs/` (keys: <prefix><cluster>/<namespace>/<run>/<task>/<step>.log.gz). */
    prefix: z.string().default(''),
    /** S3-compatible endpoint; unset = AWS S3 of `region`. */
    endpoint: z.url().optional(),
    region: z.string().min(1).default('us-east-1'),
    /** Path-style URLs (bucket in the path), what most S3-compatible servers need. */
    forcePathStyle: z.boolean().default(true),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    /** Archived logs older than this are deleted by the leader; 0 keeps them (then use a bucket lifecycle rule). */
    retentionDays: z.number().min(0).default(90),
    /** Runs archived at once. */
    concurrency: z.number().int().min(1).max(16).default(2),
    /** `/readyz/archive` answers 503 once the oldest finished-but-unarchived run waited this long. */
    maxLagSeconds: z.number().int().positive().default(600),
    /** Retry backoff cap after S3 or apiserver failures. */
    maxBackoffSeconds: z.number().int().positive().default(300),
  })
  .strict()
  .refine((a) => (a.accessKeyId === undefined) === (a.secretAccessKey === undefined), {
    message: 'give both accessKeyId and secretAccessKey, or neither (then the SDK default chain applies)',
  });

/** The whole configuration, before defaults are applied. */
export const configSchema = z
  .object({
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(8080),
    webhookSecret: z
      .string()
      .min(8, 'the webhook secret (PIPE_EVENTS_WEBHOOK_SECRET or _FILE) must be at least 8 characters'),
    /** Ops port: /metrics, /healthz, /readyz (keep it off the ingress). */
    metricsPort: z.number().int().min(0).max(65535).default(9090),
    /**
     * Largest body read before authentication. GitHub caps payloads at 25 MB, but the subscribed events stay far below
     * (a push lists at most 20 commits with their file names); 5 MiB leaves room without inviting 25 MB uploads.
     */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    /** Open connections on the webhook port. */
    maxConnections: z.number().int().positive().default(512),
    /** Body bytes buffered before authentication across all requests. */
    maxBytesInFlight: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Name of this installation (label value on its runs), so several installations can share a runtime cluster. */
    instance: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'use a DNS label')
      .default('default'),
    /** Unique per replica (pod name); used as lease holder and member identity. */
    identity: z.string().min(1),
    github: z.preprocess((v) => v ?? {}, githubSchema),
    pipelines: z
      .object({
        folders: z.array(z.string().min(1)).min(1).default(['.pipe', '.tekton']),
        maxFileBytes: z
          .number()
          .int()
          .positive()
          .default(256 * 1024),
        /** Embed the Pipeline read at the event SHA (`pipelineSpec`) instead of referencing one on the cluster. */
        embedSpec: z.boolean().default(true),
      })
      .strict()
      .default({ folders: ['.pipe', '.tekton'], maxFileBytes: 256 * 1024, embedSpec: true }),
    core: z
      .object({
        access: clusterAccessSchema,
        namespace: z.string().min(1).default('pipe-system'),
        installCrd: z.boolean().default(true),
      })
      .strict(),
    clusters: z.record(z.string().min(1), clusterAccessSchema).default({}),
    repositories: z
      .record(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'use owner/name'), repositoryTargetSchema)
      .default({}),
    /** Runtime namespaces annotated with this key (value: comma-separated owner/name) receive that repo's runs. */
    namespaceAnnotation: z.string().min(1).default('pipe.linecorp.com/repository'),
    /** Pull requests from forks (issue 9 item 2): who may run them, and whose definitions they use. */
    forks: z
      .object({
        /** GitHub logins trusted in addition to the associations below. */
        trustedUsers: z.array(z.string().min(1)).default([]),
        /** `pull_request.author_association` values that are trusted. */
        trustedAssociations: z.array(z.string().min(1)).default([...DEFAULT_TRUSTED_ASSOCIATIONS]),
        /** `base`: a trusted fork PR runs the base branch's pipeline definitions; `head`: the fork's own. */
        definitionsFrom: z.enum(['base', 'head']).default('base'),
      })
      .strict()
      .default({
        trustedUsers: [],
        trustedAssociations: [...DEFAULT_TRUSTED_ASSOCIATIONS],
        definitionsFrom: 'base',
      }),
    /** `schedule:` triggers: the leader re-reads the default branches every `refreshSeconds` and fires missed ticks late once within `catchUpMinutes`. */
    schedules: z
      .object({
        catchUpMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(60),
        refreshSeconds: z.number().int().positive().default(300),
      })
      .strict()
      .default({ catchUpMinutes: 60, refreshSeconds: 300 }),
    defaultConcurrencyLimit: z.number().int().min(0).default(0),
    workers: z.number().int().min(1).max(64).default(4),
    maxAttempts: z.number().int().positive().default(8),
    cleanup: z
      .object({
        pipelineRunMaxAgeDays: z.number().positive().default(7),
        /** Finished events are kept past GitHub's 3-day redelivery window, so a late redelivery or replay is still a duplicate. */
        eventTtlHours: z
          .number()
          .gt(72, "keep events longer than GitHub's 72 h redelivery window, or a late redelivery runs again")
          .default(96),
        intervalSeconds: z.number().int().positive().default(600),
      })
      .strict()
      .default({ pipelineRunMaxAgeDays: 7, eventTtlHours: 96, intervalSeconds: 600 }),
    /** Archived logs (issue 14): off unless a bucket is set. Credentials come from the Secret (env), never the file. */
    archive: archiveSchema.optional(),
    leaderElection: z
      .object({
        leaseName: z.string().min(1).default('pipe-events-leader'),
        leaseDurationSeconds: z.number().int().positive().default(15),
        renewSeconds: z.number().positive().default(5),
      })
      .strict()
      .default({ leaseName: 'pipe-events-leader', leaseDurationSeconds: 15, renewSeconds: 5 }),
    desktopUrlBase: z.string().min(1).default('pipe-desktop://runs'),
    shutdownTimeoutSeconds: z.number().positive().default(25),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [repo, target] of Object.entries(c.repositories)) {
      if (target.cluster !== CORE_CLUSTER && !(target.cluster in c.clusters)) {
        ctx.addIssue({
          code: 'custom',
          path: ['repositories', repo, 'cluster'],
          message: `unknown cluster "${target.cluster}" (define it under clusters, or use "${CORE_CLUSTER}")`,
        });
      }
    }
  });

/** Validated configuration (frozen). */
export type ServiceConfig = Readonly<z.infer<typeof configSchema>>;
/** Access to one cluster. */
export type ClusterAccess = z.infer<typeof clusterAccessSchema>;
/** Archive settings. */
export type ArchiveConfig = z.infer<typeof archiveSchema>;
/** Target of one repository. */
export type RepositoryTarget = z.infer<typeof repositoryTargetSchema>;
