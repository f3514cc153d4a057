// Wires the `pipeEvents` domain: the panel's watches use the cluster registry's clients; sample events go only to a
// local PIPE (the app's own, via addTargetSource; the sandbox.json named by PIPE_SANDBOX_INFO; else the newest running
// sandbox of this user), and only while the app is connected to that sandbox's profile.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { pipeEventsContract } from '../../src-shared/contract/pipe-events';
import type { ClustersModule } from '../clusters/clusters-module';
import type { HostConfig } from '../config';
import { createPipeEventsHandlers } from './pipe-events-handlers';
import { LocalSampleSender, runningSandboxSource, sandboxInfoFileSource, type LocalTargetSource } from './local-sample-sender';

/** The pipe-events services of the host. */
export interface PipeEventsModule {
  readonly handlers: DomainHandlers<typeof pipeEventsContract>;
  /** Adds a place local targets come from (the app's local PIPE); the first one that has a target wins. */
  addTargetSource(source: LocalTargetSource): void;
}

/** Creates the module. */
export function createPipeEventsModule(config: HostConfig, clusters: Pick<ClustersModule, 'registry' | 'profile'>): PipeEventsModule {
  const sources: LocalTargetSource[] = [sandboxInfoFileSource(config.env.PIPE_SANDBOX_INFO), runningSandboxSource()];
  const sender = new LocalSampleSender(
    async () => {
      for (const s of sources) {
        const t = await s();
        if (t) return t;
      }
      return undefined;
    },
    () => clusters.profile.profile?.core.server,
  );
  return {
    handlers: createPipeEventsHandlers({ registry: clusters.registry, sender }),
    addTargetSource: (source) => void sources.unshift(source),
  };
}
