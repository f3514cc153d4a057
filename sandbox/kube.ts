// Small Kubernetes helpers on top of @kubernetes/client-node: raw requests, server-side apply, waiting.
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { simpleRequest, type SimpleResponse } from './net.js';

/** Loads a kubeconfig file. */
export function loadKubeConfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}

/** One raw request to the kubeconfig's current cluster with its credentials. */
export async function kubeRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<SimpleResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const opts: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
  if (body !== undefined) headers['content-type'] = contentType;
  return simpleRequest(`${cluster.server}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ca: opts.ca as Buffer | undefined,
    cert: opts.cert as Buffer | undefined,
    key: opts.key as Buffer | undefined,
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
export async function waitForCrds(kc: KubeConfig, names: readonly string[], timeoutMs = 30_000): Promise<void> {
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
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const opts: RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const sep = path.includes('?') ? '&' : '?';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${cluster.server}${path}${sep}watch=true&timeoutSeconds=5`, { ...opts, method: 'GET', timeout: 10_000 }, (res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Waits until watches on each collection path are served: right after a CRD is established its watch cache may
 * still be initializing and watches get 429 "Too Many Requests" (lists fall through to etcd meanwhile).
 */
export async function waitForWatchable(kc: KubeConfig, paths: readonly string[], timeoutMs = 30_000): Promise<void> {
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
