// Which kubeconfig files the app reads, in priority order (earlier files win on name clashes).

/** Where a kubeconfig file came from. */
export type KubeconfigSourceKind = 'env' | 'default' | 'user' | 'app';

/** One file to read. */
export interface KubeconfigSource {
  readonly path: string;
  readonly kind: KubeconfigSourceKind;
  /** The folder the user added, when the file was found inside one. */
  readonly folder?: string;
}

/** Splits a KUBECONFIG value as kubectl does: the OS path-list separator, empty items dropped. */
export function splitKubeconfigEnv(value: string | undefined, delimiter: ':' | ';'): string[] {
  if (!value) return [];
  return value.split(delimiter).filter((p) => p.trim() !== '');
}

/** What discovery found before ordering. */
export interface SourceCandidates {
  /** KUBECONFIG entries, in order. */
  readonly env: readonly string[];
  /** ~/.kube/config (used even when KUBECONFIG is set, after the KUBECONFIG files). */
  readonly defaultPath?: string;
  /** Files the user added, and files found in folders the user added. */
  readonly user: readonly { readonly path: string; readonly folder?: string }[];
  /** Kubeconfigs the app manages (imported or pasted by the user). */
  readonly app: readonly string[];
}

/** Orders candidates: KUBECONFIG, then ~/.kube/config, then user-added, then app-managed; duplicates keep their first place. */
export function orderSources(c: SourceCandidates): KubeconfigSource[] {
  const out: KubeconfigSource[] = [];
  const seen = new Set<string>();
  const push = (s: KubeconfigSource): void => {
    if (seen.has(s.path)) return;
    seen.add(s.path);
    out.push(s);
  };
  for (const path of c.env) push({ path, kind: 'env' });
  if (c.defaultPath) push({ path: c.defaultPath, kind: 'default' });
  for (const u of c.user) push(u.folder ? { path: u.path, kind: 'user', folder: u.folder } : { path: u.path, kind: 'user' });
  for (const path of c.app) push({ path, kind: 'app' });
  return out;
}

/** True for names a folder scan should pick up (skips editor backups, hidden and temp files). */
export function looksLikeKubeconfigName(name: string): boolean {
  if (name.startsWith('.') || name.endsWith('~') || name.endsWith('.tmp') || name.endsWith('.swp') || name.endsWith('.bak')) return false;
  if (/\.(ya?ml|conf|config|kubeconfig)$/i.test(name)) return true;
  return !name.includes('.');
}
