// Writes a standalone kubeconfig for one context + namespace (atomic, 0600) and builds kubectl command lines.
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { stringify } from 'yaml';
import { resolveContext, type ResolvedContext } from '../../src-shared/clusters/kubeconfig-merge';
import { RpcError } from '../../src-shared/contract/errors';
import { atomicWrite } from '../util/atomic-write';
import type { KubeconfigStore } from './kubeconfig-store';
import { ExportsFolderPicker, type ExportLocationPicker } from './export-location';

const CLUSTER_PATH_KEYS = ['certificate-authority'];
const USER_PATH_KEYS = ['client-certificate', 'client-key', 'token-file'];

/** Exports contexts for kubectl and other tools; never writes over a kubeconfig the app reads. */
export class KubeconfigExporter {
  private readonly picker: ExportLocationPicker;

  constructor(
    private readonly store: KubeconfigStore,
    /** Where exports go; a folder path means that folder (browser mode: the app's exports folder). */
    picker: ExportLocationPicker | string,
    private readonly delimiter: ':' | ';' = process.platform === 'win32' ? ';' : ':',
  ) {
    this.picker = typeof picker === 'string' ? new ExportsFolderPicker(picker) : picker;
  }

  /** The YAML of a self-contained kubeconfig for the context (every field kept, relative paths made absolute). */
  render(context: string, namespace: string | undefined): string {
    const ctx = this.resolve(context);
    const cluster = absolutize(ctx.cluster!.body, dirname(ctx.cluster!.file), CLUSTER_PATH_KEYS);
    const user = ctx.user ? absolutize(ctx.user.body, dirname(ctx.user.file), USER_PATH_KEYS) : undefined;
    if (user?.exec && typeof user.exec === 'object') {
      const exec = { ...(user.exec as Record<string, unknown>) };
      const cmd = String(exec.command ?? '');
      if (/[\\/]/.test(cmd) && !isAbsolute(cmd)) exec.command = resolve(dirname(ctx.user!.file), cmd);
      user.exec = exec;
    }
    const ns = namespace ?? ctx.namespace;
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: ctx.clusterName, cluster }],
      users: ctx.userName ? [{ name: ctx.userName, user: user ?? {} }] : [],
      contexts: [{ name: ctx.name, context: { cluster: ctx.clusterName, ...(ctx.userName ? { user: ctx.userName } : {}), ...(ns ? { namespace: ns } : {}) } }],
      'current-context': ctx.name,
    };
    return stringify(doc, { lineWidth: 0 });
  }

  /**
   * Writes the export where the picker says (a save dialog, or the app's exports folder). An existing file is replaced
   * only when the dialog already confirmed it or the caller passes `overwrite` after asking the user.
   */
  async export(context: string, namespace: string | undefined, options: { readonly overwrite?: boolean } = {}): Promise<{ path: string; kubectlCommand: string }> {
    const yaml = this.render(context, namespace);
    const location = await this.picker.pick(`${safeName(context)}${namespace ? `-${safeName(namespace)}` : ''}.yaml`);
    if (!location) throw new RpcError('cancelled', 'The export was cancelled.');
    const target = location.path;
    if (!isAbsolute(target)) throw new RpcError('bad-request', 'Choose an absolute path for the exported kubeconfig.');
    if (this.store.snapshot.files.some((f) => resolve(f.source.path) === resolve(target))) {
      throw new RpcError('conflict', `${target} is one of your kubeconfig files; PIPE Desktop does not overwrite it. Choose another path.`);
    }
    if (!location.overwriteConfirmed && !options.overwrite && (await exists(target))) {
      throw new RpcError('conflict', `${target} already exists. Replace it?`, { path: target, exists: true });
    }
    await atomicWrite(target, yaml, 0o600);
    const kubectlCommand = `kubectl --kubeconfig ${quote(target)}${namespace ? ` --namespace ${quote(namespace)}` : ''} get pods`;
    return { path: target, kubectlCommand };
  }

  /** A kubectl command that uses the user's own kubeconfig files, resolving the context the same way the app does. */
  kubectlCommand(context: string, namespace: string | undefined): string {
    const ctx = this.resolve(context);
    const files = new Set([ctx.file, ctx.cluster?.file, ctx.user?.file].filter((f): f is string => !!f));
    const ns = namespace ? ` --namespace ${quote(namespace)}` : '';
    const tail = `--context ${quote(context)}${ns} get pods`;
    if (files.size === 1) return `kubectl --kubeconfig ${quote([...files][0]!)} ${tail}`;
    const all = this.store.snapshot.files.filter((f) => f.read.exists).map((f) => f.source.path);
    return `KUBECONFIG=${quote(all.join(this.delimiter))} kubectl ${tail}`;
  }

  private resolve(context: string): ResolvedContext {
    const ctx = resolveContext(this.store.snapshot.merged, context);
    if (!ctx) throw new RpcError('not-found', `No kubeconfig defines the context "${context}".`);
    if (!ctx.cluster) throw new RpcError('invalid-config', ctx.problem ?? `Context "${context}" has no cluster.`);
    return ctx;
  }
}

function absolutize(body: Readonly<Record<string, unknown>>, dir: string, keys: readonly string[]): Record<string, unknown> {
  const out = structuredClone(body) as Record<string, unknown>;
  for (const k of keys) {
    const v = out[k];
    if (typeof v === 'string' && v && !isAbsolute(v)) out[k] = resolve(dir, v);
  }
  return out;
}

/** Quotes a word for POSIX shells. */
export function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
