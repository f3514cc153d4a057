// Contract: kubeconfigs, clusters and their status, namespaces, live resource tables and object details.
import { z } from 'zod';
import { call, stream } from './rpc';
import { ERROR_CODES } from './errors';
import { RESOURCE_KINDS } from '../clusters/resource-kinds';

export { RESOURCE_KINDS };
export const resourceKind = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof resourceKind>;

/** A failure the user can act on: a code plus the text to show (server messages kept verbatim). */
export const clusterProblem = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** What to do about it. */
  help: z.string(),
});
export type ClusterProblem = z.infer<typeof clusterProblem>;

export const kubeconfigFileInfo = z.object({
  path: z.string(),
  kind: z.enum(['env', 'default', 'user', 'app']),
  folder: z.string().optional(),
  state: z.enum(['ok', 'partial', 'error', 'missing']),
  contexts: z.number().int(),
  problems: z.array(z.object({ severity: z.enum(['error', 'warning']), message: z.string(), entry: z.string().optional() })),
  /** True when the user added this path (so it can be removed from the app). */
  removable: z.boolean(),
});
export type KubeconfigFileInfo = z.infer<typeof kubeconfigFileInfo>;

export const clusterStatus = z.object({
  /**
   * `idle`: not checked yet because checking runs the context's exec credential plugin (it runs when the user opens
   * the cluster); `needs-approval`: the plugin comes from a kubeconfig the user added or imported and waits for their OK.
   */
  phase: z.enum(['idle', 'connecting', 'ready', 'unreachable', 'auth-failed', 'invalid', 'needs-approval']),
  auth: z.enum(['unknown', 'ok', 'expired', 'forbidden']),
  serverVersion: z.string().optional(),
  /** Who the cluster says we are (SelfSubjectReview), when it tells. */
  username: z.string().optional(),
  problem: clusterProblem.optional(),
  /** When the shared retry loop tries next (epoch ms). */
  retryAt: z.number().optional(),
  checkedAt: z.number().optional(),
});
export type ClusterStatus = z.infer<typeof clusterStatus>;

export const authKind = z.enum(['client-cert', 'token', 'exec', 'oidc', 'auth-provider', 'basic', 'none']);

export const clusterEntry = z.object({
  context: z.string(),
  cluster: z.string(),
  user: z.string(),
  server: z.string(),
  /** The kubeconfig file that defines the context. */
  file: z.string(),
  authKind,
  group: z.enum(['core', 'runtime', 'other']),
  region: z.string().optional(),
  profileName: z.string().optional(),
  namespace: z.string(),
  isCurrent: z.boolean(),
  status: clusterStatus,
  /** The credential command an exec user runs (shown before it runs the first time). */
  exec: z.object({ command: z.string(), args: z.array(z.string()) }).optional(),
  /** The cluster has `insecure-skip-tls-verify: true`: anyone on the network path can impersonate it. */
  insecureTls: z.boolean().optional(),
});
export type ClusterEntry = z.infer<typeof clusterEntry>;

export const profileInfo = z.object({
  state: z.enum(['none', 'loading', 'loaded', 'error']),
  source: z.string().optional(),
  name: z.string().optional(),
  namespaces: z.array(z.string()),
  dex: z.object({ issuer: z.string().optional(), clientId: z.string().optional() }).optional(),
  error: z.string().optional(),
});
export type ProfileInfo = z.infer<typeof profileInfo>;

export const clustersOverview = z.object({
  files: z.array(kubeconfigFileInfo),
  clusters: z.array(clusterEntry),
  currentContext: z.string().optional(),
  profile: profileInfo,
  /** False until the login shell's environment was read (exec plugins use its PATH). */
  shellEnvReady: z.boolean(),
});
export type ClustersOverview = z.infer<typeof clustersOverview>;

const rowBase = {
  uid: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  /** creationTimestamp, epoch ms. */
  createdAt: z.number(),
};
export const namespaceRow = z.object({ ...rowBase, phase: z.string() });
export const podRow = z.object({
  ...rowBase,
  phase: z.string(),
  /** What kubectl shows in STATUS (e.g. CrashLoopBackOff, Completed, Terminating). */
  status: z.string(),
  ready: z.number().int(),
  containers: z.number().int(),
  restarts: z.number().int(),
  node: z.string().optional(),
});
export const eventRow = z.object({
  ...rowBase,
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  /** Kind/name of the object the event is about. */
  object: z.string(),
  count: z.number().int(),
  /** Last time seen, epoch ms (what the table sorts by, newest first). */
  lastSeen: z.number(),
});
export const runStatus = z.enum(['Succeeded', 'Failed', 'Cancelled', 'Running', 'Pending', 'Unknown']);
export type RunStatus = z.infer<typeof runStatus>;
export const runRow = z.object({
  ...rowBase,
  status: runStatus,
  reason: z.string().optional(),
  startedAt: z.number().optional(),
  completedAt: z.number().optional(),
  /** Pipeline (for PipelineRuns) or PipelineRun (for TaskRuns). */
  parent: z.string().optional(),
  /** Pipeline task name (TaskRuns). */
  task: z.string().optional(),
  /** Labels set by triggers and PIPE events, short keys (e.g. eventlistener, trigger, event). */
  trigger: z.record(z.string(), z.string()).optional(),
});
export type NamespaceRow = z.infer<typeof namespaceRow>;
export type PodRow = z.infer<typeof podRow>;
export type EventRow = z.infer<typeof eventRow>;
export type RunRow = z.infer<typeof runRow>;

/** The compact row type of each resource. */
export interface RowByKind {
  namespaces: NamespaceRow;
  pods: PodRow;
  events: EventRow;
  pipelineruns: RunRow;
  taskruns: RunRow;
}
export type ResourceRow = RowByKind[ResourceKind];
const anyRow = z.union([podRow, runRow, eventRow, namespaceRow]);

/** Events of a live table: a snapshot in chunks, then batched deltas; state changes in between. */
export const watchEvent = z.discriminatedUnion('type', [
  /** A snapshot starts; rows follow in chunks until `synced`. */
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('rows'), rows: z.array(anyRow) }),
  z.object({ type: z.literal('synced'), total: z.number().int(), resourceVersion: z.string() }),
  z.object({ type: z.literal('delta'), upserts: z.array(anyRow), deletes: z.array(z.string()) }),
  z.object({
    type: z.literal('state'),
    state: z.enum(['listing', 'live', 'reconnecting', 'relisting', 'failed']),
    problem: clusterProblem.optional(),
  }),
]);
export type WatchEvent = z.infer<typeof watchEvent>;

const contextName = z.string().min(1).max(512);
const namespaceName = z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'not a valid namespace name');
const objectName = z.string().min(1).max(253);

export const watchInput = z
  .object({ context: contextName, resource: resourceKind, namespace: namespaceName.optional() })
  .strict();
export type WatchInput = z.infer<typeof watchInput>;

export const objectCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export const ownerLink = z.object({
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  /** The table that shows the owner, when the app has one. */
  resource: resourceKind.optional(),
  controller: z.boolean().optional(),
});
export const objectDetail = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  conditions: z.array(objectCondition),
  owners: z.array(ownerLink),
  labels: z.record(z.string(), z.string()),
  /** Read-only YAML without managedFields. */
  yaml: z.string(),
});
export type ObjectDetail = z.infer<typeof objectDetail>;
export type OwnerLink = z.infer<typeof ownerLink>;

export const namespaceChoices = z.object({
  namespaces: z.array(z.object({ name: z.string(), source: z.enum(['cluster', 'profile', 'remembered', 'kubeconfig']) })),
  /** Set when listing namespaces was refused; the list then comes from the profile and what the user entered. */
  listProblem: clusterProblem.optional(),
});
export type NamespaceChoices = z.infer<typeof namespaceChoices>;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const pathInput = z.object({ path: z.string().min(1).max(4096) }).strict();

export const clustersContract = {
  /** Files, clusters, statuses and the profile; then the whole overview again on every change. */
  overview: stream(empty, clustersOverview),
  /** Adds a kubeconfig file or a folder of kubeconfigs (remembered in settings). */
  addKubeconfigPath: call(pathInput, ok),
  removeKubeconfigPath: call(pathInput, ok),
  /** Stores pasted kubeconfig text as an app-managed file (never touches the user's files). */
  importKubeconfig: call(
    z.object({ name: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/), text: z.string().min(1).max(4 * 1024 * 1024) }).strict(),
    z.object({ path: z.string() }),
  ),
  selectContext: call(z.object({ context: contextName }).strict(), ok),
  selectNamespace: call(z.object({ context: contextName, namespace: namespaceName }).strict(), ok),
  namespaceChoices: call(z.object({ context: contextName }).strict(), namespaceChoices),
  /** Remembers (or forgets) a namespace the user typed for a context. */
  rememberNamespace: call(z.object({ context: contextName, namespace: namespaceName, forget: z.boolean().optional() }).strict(), ok),
  /** Skips the backoff wait and checks the cluster now. */
  retryNow: call(z.object({ context: contextName }).strict(), ok),
  /** Reloads the profile (from settings.profileUrl, else the core cluster's ConfigMap). */
  reloadProfile: call(empty, profileInfo),
  /**
   * Writes a standalone kubeconfig (atomic, mode 0600) for one context + namespace where the user chooses: a native
   * save dialog (Electron) or the app's exports folder (browser mode). An existing file is replaced only with
   * `overwrite: true` (the renderer asks first); a cancelled dialog answers `cancelled`.
   */
  exportKubeconfig: call(
    z.object({ context: contextName, namespace: namespaceName.optional(), overwrite: z.boolean().optional() }).strict(),
    z.object({ path: z.string(), kubectlCommand: z.string() }),
  ),
  /** The user allows the context's exec credential command (remembered per kubeconfig file + command) and connects. */
  approveExec: call(z.object({ context: contextName }).strict(), ok),
  /** A kubectl command line that reaches this context + namespace with the user's own kubeconfig files. */
  kubectlCommand: call(z.object({ context: contextName, namespace: namespaceName.optional() }).strict(), z.object({ command: z.string() })),
  /** A live table: snapshot then deltas; shared with every other view of the same (context, resource, namespace). */
  watch: stream(watchInput, watchEvent),
  /** The full object for the detail drawer, fetched on demand. */
  get: call(
    z.object({ context: contextName, resource: resourceKind, namespace: namespaceName.optional(), name: objectName }).strict(),
    objectDetail,
  ),
} as const;
