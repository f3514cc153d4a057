// Loads the PIPE platform profile: from settings.profileUrl (file or URL) or from the core cluster's ConfigMap.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parsePlatformProfile, PROFILE_CONFIGMAP, type PlatformProfile } from '../../src-shared/clusters/platform-profile';
import type { ProfileInfo } from '../../src-shared/contract/clusters';
import type { Logger } from '../util/logger';
import type { ClusterRegistry } from './cluster-registry';
import { KubeError } from '../../src-node/kube/kube-errors';

const MAX_PROFILE_BYTES = 1024 * 1024;

/** What the loader needs. */
export interface PlatformProfileLoaderDeps {
  readonly profileUrl: () => string | undefined;
  readonly registry: ClusterRegistry;
  readonly log?: Logger;
  /** Fetches a URL's text (injectable for tests). */
  readonly fetchText?: (url: string, signal: AbortSignal) => Promise<string>;
}

type Listener = (info: ProfileInfo) => void;

/** Holds the current profile and reloads it when its source changes or a cluster that may publish it becomes ready. */
export class PlatformProfileLoader {
  private current: PlatformProfile | undefined;
  private currentInfo: ProfileInfo = { state: 'none', namespaces: [] };
  private readonly listeners = new Set<Listener>();
  /** Contexts (by client identity) already asked for the ConfigMap. */
  private readonly asked = new WeakSet<object>();
  private loading: Promise<ProfileInfo> | undefined;
  private readonly abort = new AbortController();
  private offRegistry: (() => void) | undefined;
  /** A source that replaces settings.profileUrl without being saved (the local PIPE started from the app). */
  private override: string | undefined;

  constructor(private readonly deps: PlatformProfileLoaderDeps) {}

  start(): void {
    void this.load();
    // A cluster that becomes ready may be the core cluster publishing the profile.
    this.offRegistry = this.deps.registry.onDidChange(() => {
      if (this.sourceUrl() || this.currentInfo.state === 'loaded' || this.loading) return;
      if (this.deps.registry.list().some((c) => c.client && c.connection.isReady && !this.asked.has(c.client))) void this.load();
    });
  }

  get profile(): PlatformProfile | undefined {
    return this.current;
  }

  get info(): ProfileInfo {
    return this.currentInfo;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** (Re)loads from the configured source; on failure the previous profile stays in use. */
  load(force = false): Promise<ProfileInfo> {
    if (force) for (const c of this.deps.registry.list()) if (c.client) this.asked.delete(c.client);
    this.loading ??= this.loadNow().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Uses `url` instead of settings.profileUrl until called with undefined (not saved); resolves once loaded. */
  async useSource(url: string | undefined): Promise<ProfileInfo> {
    this.override = url;
    await this.loading?.catch(() => undefined);
    if (url === undefined) this.set(undefined, { state: 'none', namespaces: [] });
    return this.load(true);
  }

  dispose(): void {
    this.abort.abort();
    this.offRegistry?.();
    this.listeners.clear();
  }

  private sourceUrl(): string | undefined {
    return this.override ?? this.deps.profileUrl();
  }

  private async loadNow(): Promise<ProfileInfo> {
    const url = this.sourceUrl();
    if (url) {
      this.set(this.current, { ...this.currentInfo, state: 'loading', source: url });
      try {
        const text = await this.readSource(url);
        return this.accept(text, url);
      } catch (err) {
        return this.set(this.current, { ...this.currentInfo, state: 'error', source: url, error: `The profile could not be read from ${url}: ${(err as Error).message}` });
      }
    }
    const { namespace, name, key } = PROFILE_CONFIGMAP;
    for (const c of this.deps.registry.list()) {
      if (!c.client || !c.connection.isReady || this.asked.has(c.client)) continue;
      this.asked.add(c.client);
      try {
        const cm = await c.client.request<{ data?: Record<string, string> }>(
          `/api/v1/namespaces/${namespace}/configmaps/${name}`,
          { signal: this.abort.signal, timeoutMs: 5000 },
        );
        const text = cm.data?.[key];
        if (text) return this.accept(text, `ConfigMap ${namespace}/${name} on ${c.context.name}`);
      } catch (err) {
        // 404/403 just mean this cluster does not publish it to us.
        if (!(err instanceof KubeError)) throw err;
      }
    }
    return this.currentInfo;
  }

  private accept(text: string, source: string): ProfileInfo {
    const { profile, error } = parsePlatformProfile(text);
    if (!profile) return this.set(this.current, { ...this.currentInfo, state: 'error', source, error: error ?? 'invalid profile' });
    this.deps.log?.info('platform profile loaded', { source, runtimes: profile.runtimes.length });
    return this.set(profile, {
      state: 'loaded',
      source,
      ...(profile.name ? { name: profile.name } : {}),
      namespaces: profile.namespaces,
      ...(profile.dex ? { dex: profile.dex } : {}),
    });
  }

  private async readSource(url: string): Promise<string> {
    if (/^https?:\/\//i.test(url)) {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(10_000)]);
      if (this.deps.fetchText) return this.deps.fetchText(url, signal);
      let res: Response;
      try {
        res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
      } catch (err) {
        if (this.abort.signal.aborted) throw err;
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new Error(`the server cannot be reached (${cause?.code ?? cause?.message ?? (err as Error).message}); check the URL and your network or VPN`);
      }
      if (!res.ok) throw new Error(`the server answered HTTP ${res.status}; check the URL`);
      const text = await res.text();
      if (text.length > MAX_PROFILE_BYTES) throw new Error('the profile is larger than 1 MB');
      return text;
    }
    const path = url.startsWith('file:') ? fileURLToPath(url) : url;
    const s = await stat(path);
    if (s.size > MAX_PROFILE_BYTES) throw new Error('the profile is larger than 1 MB');
    return readFile(path, 'utf8');
  }

  private set(profile: PlatformProfile | undefined, info: ProfileInfo): ProfileInfo {
    this.current = profile;
    this.currentInfo = info;
    for (const l of [...this.listeners]) l(info);
    return info;
  }
}
