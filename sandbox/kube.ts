// Small Kubernetes helpers for the sandbox: server-side apply, waiting, who-am-I. Requests go through the one Node
// client (src-node/kube); client-node's KubeConfig stays the handle the sandbox and its tests pass around.
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { KubeClient } from '../src-node/kube/kube-client.js';
import { contextFromText } from '../src-node/kube/kube-context.js';
import { isKubeError } from '../src-node/kube/kube-errors.js';

/** The answer of one raw request. */
export interface KubeResponse {
  readonly status: number;
  readonly body: string;
}

const files = new WeakMap<KubeConfig, string>();
const clients = new WeakMap<KubeConfig, KubeClient>();

/** Loads a kubeconfig file. */
export function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  files.set(kc, file);
  return kc;
}

/** The one Node client (src-node/kube) for the kubeconfig's current context; one per KubeConfig. */
export function kubeClientFor(kc: KubeConfig): KubeClient {
  let client = clients.get(kc);
  if (!client) {
    const file = files.get(kc);
    const options = { userAgent: 'pipe-sandbox' };
    client = file
      ? KubeClient.fromFile(file, kc.getCurrentContext() || undefined, undefined, options)
      : new KubeClient(contextFromText('<sandbox kubeconfig>', kc.exportConfig(), kc.getCurrentContext() || undefined), undefined, options);
    clients.set(kc, client);
  }
  return client;
}

/** One raw request to the kubeconfig's current cluster with its credentials; any status is returned. */
export async function kubeRequest(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
  return kubeClientFor(kc).exchange(path, {
    method: method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    ...(body !== undefined ? { body, contentType } : {}),
    timeoutMs: 30_000,
  });
}

/** Like kubeRequest but throws on non-2xx and parses JSON. */
export async function kubeJson<T = unknown>(kc: KubeConfig, method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  const res = await kubeRequest(kc, method, path, body, contentType);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${res.body.slice(0, 500)}`);
  return (res.body ? JSON.parse(res.body) : {}) as T;
}

const resourceCache = new WeakMap<KubeConfig, Map<string, { name: string; namespaced: boolean; kind: string }[]>>();

/** Resolves an object's collection path through discovery (cached per kubeconfig and group/version). */
export async function collectionPath(kc: KubeConfig, obj: KubernetesObject): Promise<string> {
  const gv = obj.apiVersion ?? 'v1';
  let byGv = resourceCache.get(kc);
  if (!byGv) resourceCache.set(kc, (byGv = new Map()));
  const base = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
  let resources = byGv.get(gv);
  // Discovery can lag a moment behind a CRD turning Established: retry briefly.
  for (let attempt = 0; !resources?.some((r) => r.kind === obj.kind) && attempt < 50; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 200));
    resources = (await kubeJson<{ resources: { name: string; namespaced: boolean; kind: string }[] }>(kc, 'GET', base).catch(() => ({ resources: [] }))).resources;
    byGv.set(gv, resources);
  }
  const res = resources?.find((r) => r.kind === obj.kind && !r.name.includes('/'));
  if (!res) throw new Error(`no resource for ${gv} ${obj.kind ?? '?'}`);
  const ns = res.namespaced ? `/namespaces/${obj.metadata?.namespace ?? 'default'}` : '';
  return `${base}${ns}/${res.name}`;
}

/** Server-side applies one object (field manager pipe-sandbox, forced) and returns the stored object. */
export async function applyObject<T extends KubernetesObject>(kc: KubeConfig, obj: T, fieldManager = 'pipe-sandbox'): Promise<T> {
  const path = `${await collectionPath(kc, obj)}/${obj.metadata?.name ?? ''}?fieldManager=${fieldManager}&force=true`;
  // Raw JSON, not client-node's model serializer: the models rename x-kubernetes-* schema keys and drop them.
  return kubeJson<T>(kc, 'PATCH', path, obj, 'application/apply-patch+yaml');
}

/** Server-side applies objects: Namespaces and CRDs first, then everything else concurrently. */
export async function applyObjects(kc: KubeConfig, objects: readonly KubernetesObject[]): Promise<void> {
  const first = objects.filter((o) => o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition');
  await Promise.all(first.map((o) => applyObject(kc, o)));
  await Promise.all(objects.filter((o) => !first.includes(o)).map((o) => applyObject(kc, o)));
}

/** Waits until every named CRD reports Established. */
export async function waitForCrds(kc: KubeConfig, names: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(names);
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const res = await kubeRequest(kc, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      if (res.status !== 200) continue;
      const crd = JSON.parse(res.body) as { status?: { conditions?: { type: string; status: string }[] } };
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) pending.delete(name);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) throw new Error(`CRDs not established: ${[...pending].join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A KubeConfig for one sandbox cluster authenticating with a bearer token (e.g. a Dex ID token). */
export function kubeConfigForToken(cluster: { name: string; server: string; caFile: string }, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: cluster.name, server: cluster.server, caFile: cluster.caFile, skipTLSVerify: false }],
    users: [{ name: 'token-user', token }],
    contexts: [{ name: 'ctx', cluster: cluster.name, user: 'token-user' }],
    currentContext: 'ctx',
  });
  return kc;
}

/** Result of a SelfSubjectReview: who the apiserver thinks the caller is. */
export interface ReviewedUser {
  username: string;
  groups: string[];
}

/** Asks the apiserver who the caller is (authentication.k8s.io/v1 SelfSubjectReview); status code on failure. */
export async function selfSubjectReview(kc: KubeConfig): Promise<{ status: number; user?: ReviewedUser }> {
  const res = await kubeRequest(kc, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
  });
  if (res.status !== 201 && res.status !== 200) return { status: res.status };
  const body = JSON.parse(res.body) as { status?: { userInfo?: { username?: string; groups?: string[] } } };
  return { status: res.status, user: { username: body.status?.userInfo?.username ?? '', groups: body.status?.userInfo?.groups ?? [] } };
}

/** HTTP status of a watch request, resolved as soon as headers arrive (the stream is then dropped). */
export async function watchStatus(kc: KubeConfig, path: string): Promise<number> {
  const abort = new AbortController();
  try {
    const res = await kubeClientFor(kc).openStream(path, { query: { watch: 'true', timeoutSeconds: 5 }, signal: abort.signal, timeoutMs: 10_000 });
    return res.statusCode ?? 0;
  } catch (err) {
    if (isKubeError(err) && err.status !== undefined) return err.status;
    throw err;
  } finally {
    abort.abort();
  }
}

/**
 * Waits until watches on each collection path are served: right after a CRD is established its watch cache may
 * still be initializing and watches get 429 "Too Many Requests" (lists fall through to etcd meanwhile).
 */
export async function waitForWatchable(kc: KubeConfig, paths: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    paths.map(async (p) => {
      for (;;) {
        const status = await watchStatus(kc, p).catch(() => 0);
        if (status === 200) return;
        if (Date.now() > deadline) throw new Error(`watch ${p} not served (HTTP ${status})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
}
