// The PIPE platform profile: which cluster is core, which are runtimes (per region), Dex, allowed namespaces.
import { z } from 'zod';

const clusterRef = z.object({
  name: z.string().min(1).max(253),
  server: z.string().max(2048).optional(),
  /** kubeconfig context or cluster names that mean this cluster. */
  contexts: z.array(z.string().max(512)).max(50).optional(),
  region: z.string().max(100).optional(),
  /** Base64 PEM of the cluster CA (as kubeconfig's certificate-authority-data); used by the app-managed kubeconfig. */
  caData: z.string().max(64 * 1024).optional(),
});

/** The profile as published (profile.json in ConfigMap pipe-system/pipe-profile, a file or a URL). */
export const platformProfileSchema = z.object({
  name: z.string().max(200).optional(),
  core: clusterRef,
  runtimes: z.array(clusterRef).max(200).default([]),
  /** Dex; `caData` is the base64 PEM of a private CA that signed Dex's certificate. */
  dex: z.object({ issuer: z.string().max(2048), clientId: z.string().max(512), caData: z.string().max(64 * 1024) }).partial().optional(),
  namespaces: z.array(z.string().max(253)).max(1000).default([]),
  /** GitHub for the app's own API calls: REST base URL (github.com or Enterprise `…/api/v3`), OAuth app client id for the device flow. */
  github: z.object({ apiUrl: z.string().max(2048), clientId: z.string().max(512), caData: z.string().max(64 * 1024) }).partial().optional(),
  /** pipe-events' base URL serving archived run logs (`/logs/v1/…`, read with the user's own cluster token). */
  logArchive: z.object({ url: z.string().max(2048) }).optional(),
});
export type PlatformProfile = z.infer<typeof platformProfileSchema>;
export type ProfileClusterRef = z.infer<typeof clusterRef>;

/** Where the profile ConfigMap lives on the core cluster. */
export const PROFILE_CONFIGMAP = { namespace: 'pipe-system', name: 'pipe-profile', key: 'profile.json' } as const;

/** Parses profile JSON, accepting a few spellings (`runtime`, `runtimeClusters`, `clusters` with roles). */
export function parsePlatformProfile(text: string): { profile?: PlatformProfile; error?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { error: `The profile is not valid JSON: ${(err as Error).message}` };
  }
  const parsed = platformProfileSchema.safeParse(normalize(raw));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { error: `The profile is not valid: ${issues.join('; ')}` };
  }
  return { profile: parsed.data };
}

function normalize(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const r = { ...(raw as Record<string, unknown>) };
  r.runtimes ??= r.runtimeClusters ?? r.runtime;
  if (r.runtimes && !Array.isArray(r.runtimes)) r.runtimes = [r.runtimes];
  if (Array.isArray(r.clusters)) {
    const list = r.clusters as Record<string, unknown>[];
    r.core ??= list.find((c) => c.role === 'core');
    r.runtimes ??= list.filter((c) => c.role === 'runtime');
  }
  if (r.dex && typeof r.dex === 'object') {
    const d = r.dex as Record<string, unknown>;
    r.dex = { issuer: d.issuer ?? d.issuerUrl, clientId: d.clientId ?? d.clientID ?? d.client_id, caData: d.caData };
  }
  if (Array.isArray(r.namespaces)) {
    r.namespaces = r.namespaces.map((n: unknown) => (n && typeof n === 'object' ? (n as { name?: unknown }).name : n));
  }
  return r;
}

/** Normalizes a server URL for comparison: lower-case host, default port made explicit, no trailing slash. */
export function normalizeServer(server: string): string {
  // No URL class in src-shared (no DOM, no Node): a small parse of scheme://host[:port][/path].
  const m = /^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([^?#]*)/i.exec(server.trim());
  if (!m) return server.trim().replace(/\/+$/, '').toLowerCase();
  const scheme = m[1]!.toLowerCase();
  const port = m[3] ?? (scheme === 'http' ? '80' : '443');
  return `${scheme}://${m[2]!.toLowerCase()}:${port}${(m[4] ?? '').replace(/\/+$/, '')}`;
}

/** Sidebar group of a context. */
export interface ClusterPlacement {
  readonly group: 'core' | 'runtime' | 'other';
  readonly region?: string;
  readonly profileName?: string;
}

/** Places a context in core / runtime (by region) / other, matching by server URL, then by listed names. */
export function placeCluster(
  profile: PlatformProfile | undefined,
  ctx: { readonly context: string; readonly cluster: string; readonly server: string },
): ClusterPlacement {
  if (!profile) return { group: 'other' };
  const server = normalizeServer(ctx.server);
  const matches = (ref: ProfileClusterRef): boolean =>
    (ref.server !== undefined && normalizeServer(ref.server) === server) ||
    (ref.contexts ?? []).some((n) => n === ctx.context || n === ctx.cluster);
  if (matches(profile.core)) return { group: 'core', profileName: profile.core.name };
  const rt = profile.runtimes.find(matches);
  if (rt) return { group: 'runtime', profileName: rt.name, ...(rt.region ? { region: rt.region } : {}) };
  return { group: 'other' };
}
