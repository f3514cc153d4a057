// Handlers for the `clusters` domain: thin adapters from the contract to the cluster services.
import type { CancelSignal, DomainHandlers } from '../../src-shared/contract/rpc';
import type { clustersContract, WatchEvent } from '../../src-shared/contract/clusters';
import { ERROR_HELP, RpcError } from '../../src-shared/contract/errors';
import { describeObject } from '../../src-shared/clusters/object-detail';
import { RESOURCES, resourcePath } from '../../src-shared/clusters/resource-kinds';
import type { KubeObject } from '../../src-shared/clusters/row-projection';
import type { SettingsStore } from '../services/settings-store';
import type { ClusterRegistry } from './cluster-registry';
import type { ClustersOverviewService } from './clusters-overview';
import type { InformerPool } from './informer-pool';
import { KubeError } from '../../src-node/kube/kube-errors';
import type { KubeconfigExporter } from './kubeconfig-exporter';
import type { KubeconfigStore } from './kubeconfig-store';
import type { NamespaceService } from './namespace-service';
import type { PlatformProfileLoader } from './platform-profile-loader';

/** The services behind the handlers. */
export interface ClustersHandlerDeps {
  readonly store: KubeconfigStore;
  readonly registry: ClusterRegistry;
  readonly pool: InformerPool;
  readonly overview: ClustersOverviewService;
  readonly namespaces: NamespaceService;
  readonly profile: PlatformProfileLoader;
  readonly exporter: KubeconfigExporter;
  readonly settings: SettingsStore;
}

const OK = { ok: true } as const;

/** Builds the `clusters` handlers. */
export function createClustersHandlers(d: ClustersHandlerDeps): DomainHandlers<typeof clustersContract> {
  return {
    overview: (_args, emit) => {
      emit(d.overview.build());
      return d.overview.onDidChange((o) => emit(o));
    },
    addKubeconfigPath: async ({ path }) => {
      const paths = d.settings.get().kubeconfigPaths;
      if (!paths.includes(path)) await d.settings.update({ kubeconfigPaths: [...paths, path] });
      await d.store.reload();
      return OK;
    },
    removeKubeconfigPath: async ({ path }) => {
      const paths = d.settings.get().kubeconfigPaths;
      await d.settings.update({ kubeconfigPaths: paths.filter((p) => p !== path) });
      await d.store.reload();
      return OK;
    },
    importKubeconfig: async ({ name, text }) => ({ path: await d.store.importText(name, text) }),
    selectContext: async ({ context }) => {
      if (!d.registry.get(context)) throw new RpcError('not-found', `No kubeconfig defines the context "${context}".`);
      await d.settings.update({ currentContext: context });
      return OK;
    },
    selectNamespace: async ({ context, namespace }) => {
      await d.namespaces.select(context, namespace);
      return OK;
    },
    namespaceChoices: ({ context }, ctx) => d.namespaces.choices(context, abortSignalOf(ctx.signal)),
    rememberNamespace: async ({ context, namespace, forget }) => {
      await d.namespaces.remember(context, namespace, forget);
      return OK;
    },
    retryNow: async ({ context }) => {
      const c = d.registry.get(context);
      if (!c) throw new RpcError('not-found', `No kubeconfig defines the context "${context}".`);
      await c.connection.retryNow();
      return OK;
    },
    reloadProfile: () => d.profile.load(true),
    exportKubeconfig: ({ context, namespace, overwrite }) => d.exporter.export(context, namespace, overwrite ? { overwrite } : {}),
    approveExec: async ({ context }) => {
      await d.registry.approveExec(context);
      return OK;
    },
    kubectlCommand: ({ context, namespace }) => ({ command: d.exporter.kubectlCommand(context, namespace) }),
    watch: ({ context, resource, namespace }, emit) => {
      const ns = RESOURCES[resource].namespaced ? namespace : undefined;
      let detach: (() => void) | undefined;
      const attach = (): void => {
        const handle = d.registry.handle(context);
        const { informer, release } = d.pool.acquire(context, handle, resource, ns);
        const unsubscribe = informer.subscribe((e: WatchEvent) => emit(e));
        detach = () => {
          unsubscribe();
          release();
        };
      };
      attach();
      // The context's kubeconfig entries changed: follow it to the new client (the view gets a fresh snapshot).
      const offReplace = d.registry.onDidReplace((c) => {
        if (c !== context) return;
        detach?.();
        detach = undefined;
        try {
          attach();
        } catch (err) {
          const problem = err instanceof RpcError ? { code: err.code, message: err.message, help: ERROR_HELP[err.code] } : undefined;
          emit({ type: 'state', state: 'failed', ...(problem ? { problem } : {}) });
        }
      });
      return () => {
        offReplace();
        detach?.();
      };
    },
    get: async ({ context, resource, namespace, name }, ctx) => {
      const def = RESOURCES[resource];
      const { client } = d.registry.handle(context);
      try {
        const obj = await client.request<KubeObject>(resourcePath(def, namespace, name), { signal: abortSignalOf(ctx.signal), what: `${def.kind} "${name}"` });
        return describeObject(obj, def.kind);
      } catch (err) {
        if (err instanceof KubeError) throw err.toRpcError();
        throw err;
      }
    },
  };
}

/** The host passes real AbortSignals; the contract types them as the DOM-free CancelSignal. */
function abortSignalOf(signal: CancelSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort());
  return controller.signal;
}
