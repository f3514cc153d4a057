// Manual dispatch from the desktop and the CLI (issue 14): a workflow_dispatch GitHubEvent created in the core cluster with
// the user's own credentials (pipe-events' admission policy checks the requester fields), then its verdict read back.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { KubeClient } from '../kube/kube-client';

/** Where pipe-events keeps its event objects (src-service/events-store/event-crd.ts). */
export const EVENTS_API = '/apis/pipe.linecorp.com/v1alpha1';
/** Namespace pipe-events runs in by default (src-service/deploy). */
export const DEFAULT_EVENTS_NAMESPACE = 'pipe-system';
/** userInfo.extra key the apiserver fills with the GitHub login from Dex (see src-service/README.md, Manual dispatch). */
export const GITHUB_LOGIN_EXTRA = 'pipe.linecorp.com/github-login';

/** What to run. */
export interface DispatchRequest {
  /** owner/name */
  readonly repository: string;
  /** Branch, refs/tags/<tag> or commit SHA; the default branch when absent. */
  readonly ref?: string;
  /** One pipeline; every pipeline declaring workflow_dispatch when absent. */
  readonly pipeline?: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly namespace?: string;
}

/** Who the apiserver says the caller is. */
export interface Identity {
  readonly username: string;
  readonly githubLogin?: string;
}

/** A dispatch as it stands. */
export interface DispatchState {
  readonly namespace: string;
  readonly name: string;
  readonly phase: 'Pending' | 'Accepted' | 'Refused' | 'Failed';
  readonly reason?: string;
  readonly login?: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly runs: readonly { pipeline: string; cluster: string; namespace: string; name: string }[];
}

/** The parts of a GitHubEvent object a dispatch's state comes from. */
export interface EventObject {
  metadata: { name: string; namespace: string };
  status?: {
    phase?: string;
    message?: string;
    verdict?: { decision?: string; reason?: string; login?: string; inputs?: Record<string, string> };
    runs?: { pipeline: string; cluster: string; namespace: string; name: string }[];
  };
}

/** Asks the apiserver who the caller is (SelfSubjectReview; GA since Kubernetes 1.28). */
export async function whoAmI(client: KubeClient, signal?: AbortSignal): Promise<Identity> {
  const review = await client.request<{
    status?: { userInfo?: { username?: string; extra?: Record<string, string[]> } };
  }>('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    ...(signal ? { signal } : {}),
  });
  const info = review?.status?.userInfo;
  if (!info?.username)
    throw new Error('the cluster did not say who you are (SelfSubjectReview without a user name)');
  const login = info.extra?.[GITHUB_LOGIN_EXTRA]?.[0];
  return { username: info.username, ...(login ? { githubLogin: login } : {}) };
}

/** The GitHubEvent object for a dispatch by `who` (pure; exported for tests). */
export function dispatchObject(
  req: DispatchRequest,
  who: Identity,
  now: Date,
  id: string,
): Record<string, unknown> {
  return {
    apiVersion: 'pipe.linecorp.com/v1alpha1',
    kind: 'GitHubEvent',
    metadata: { generateName: 'dispatch-', labels: { 'pipe.linecorp.com/dispatch': 'true' } },
    spec: {
      deliveryId: `dispatch-${id}`,
      eventName: 'workflow_dispatch',
      repository: req.repository,
      ...(req.ref ? { ref: req.ref } : {}),
      receivedAt: now.toISOString(),
      requester: who.username,
      ...(who.githubLogin ? { requesterLogin: who.githubLogin } : {}),
      dispatch: { ...(req.pipeline ? { pipeline: req.pipeline } : {}), inputs: { ...(req.inputs ?? {}) } },
      event: { name: 'workflow_dispatch' },
    },
  };
}

/** Creates the dispatch as the caller; resolves with the object's namespace and name. */
export async function createDispatch(
  client: KubeClient,
  req: DispatchRequest,
  signal?: AbortSignal,
): Promise<{ namespace: string; name: string; identity: Identity }> {
  const namespace = req.namespace ?? DEFAULT_EVENTS_NAMESPACE;
  const identity = await whoAmI(client, signal);
  const body = dispatchObject(req, identity, new Date(), randomBytes(8).toString('hex'));
  const created = await client.request<EventObject>(
    `${EVENTS_API}/namespaces/${encodeURIComponent(namespace)}/githubevents`,
    { method: 'POST', body, ...(signal ? { signal } : {}) },
  );
  return { namespace, name: created.metadata.name, identity };
}

/** Reads a dispatch's state. */
export async function readDispatch(
  client: KubeClient,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<DispatchState> {
  const obj = await client.request<EventObject>(
    `${EVENTS_API}/namespaces/${encodeURIComponent(namespace)}/githubevents/${encodeURIComponent(name)}`,
    signal ? { signal } : {},
  );
  return dispatchState(obj);
}

/** The state an event object's status says. */
export function dispatchState(obj: EventObject): DispatchState {
  const s = obj.status;
  const decision = s?.verdict?.decision;
  const phase: DispatchState['phase'] =
    decision === 'Accepted'
      ? 'Accepted'
      : decision === 'Refused'
        ? 'Refused'
        : s?.phase === 'Failed'
          ? 'Failed'
          : 'Pending';
  const reason = s?.verdict?.reason ?? (phase === 'Failed' ? s?.message : undefined);
  return {
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    phase,
    ...(reason ? { reason } : {}),
    ...(s?.verdict?.login ? { login: s.verdict.login } : {}),
    ...(s?.verdict?.inputs ? { inputs: s.verdict.inputs } : {}),
    runs: (s?.runs ?? []).map((r) => ({
      pipeline: r.pipeline,
      cluster: r.cluster,
      namespace: r.namespace,
      name: r.name,
    })),
  };
}

/** Polls until pipe-events has decided (or `signal` ends it). */
export async function waitForVerdict(
  client: KubeClient,
  namespace: string,
  name: string,
  opts: { signal?: AbortSignal; intervalMs?: number } = {},
): Promise<DispatchState> {
  for (;;) {
    const state = await readDispatch(client, namespace, name, opts.signal);
    if (state.phase !== 'Pending') return state;
    await delay(opts.intervalMs ?? 1000, opts.signal);
  }
}
