// Small helpers shared by the pipe-events benches: one service's environment, percentiles and a raw watch.
import type { KubeClient } from '../src-service/kube/kube-client';
import type { FakeGithub } from '../src-service/testing/fake-github';
import { sandboxServiceEnv } from '../src-service/testing/service-env';
import type { SandboxKubeconfigs } from '../src-service/testing/service-harness';

/** The webhook secret and GitHub token every pipe-events bench gives its service and its fake GitHub. */
export const SECRET = 'bench-webhook-secret';
export const TOKEN = 'ghp_bench';

/** Nearest-rank percentile, rounded to 0.1 (0 when there are no values). */
export function pct(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;
}

/** A watch of objects under `path` (from now on): calls `onAdded` with the time each new object was seen. */
export async function watchAdded<T extends { metadata: { name: string } }>(
  client: KubeClient,
  path: string,
  onAdded: (obj: T, seenAt: number) => void,
): Promise<{ dispose(): void }> {
  const list = await client.request<{ metadata: { resourceVersion: string } }>('GET', path, {
    query: { limit: 1 },
  });
  const abort = new AbortController();
  const res = await client.stream(path, {
    query: { watch: 'true', resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: 'false' },
    signal: abort.signal,
  });
  let partial = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    const now = performance.now();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const ev = JSON.parse(line) as { type: string; object: T };
      if (ev.type === 'ADDED') onAdded(ev.object, now);
    }
  });
  res.on('error', () => undefined);
  return {
    dispose: () => {
      abort.abort();
      res.destroy();
    },
  };
}

/**
 * The environment of one bench service for `repository` → the runtime namespace `runtimeNs`, with a stable identity
 * (a restarted process takes its own share of events back at once, like a StatefulSet's POD_NAME).
 */
export function benchServiceEnv(o: {
  sandbox: SandboxKubeconfigs;
  gh: FakeGithub;
  suffix: string;
  repository: string;
  runtimeNs: string;
  port: number;
  identity?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return sandboxServiceEnv({
    sandbox: o.sandbox,
    githubUrl: o.gh.url,
    webhookSecret: SECRET,
    githubToken: TOKEN,
    port: o.port,
    eventNamespace: `pipe-events-${o.suffix}`,
    instance: o.suffix,
    identity: o.identity ?? `bench-${o.suffix}`,
    repositories: `${o.repository}=default/${o.runtimeNs}`,
    ...(o.extra ? { extra: o.extra } : {}),
  });
}
