// Wires the local PIPE into the host: the service (stopped with the host) and the `localPipe` handlers.
import type { localPipeContract } from '../../src-shared/contract/local-pipe';
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { ClustersModule } from '../clusters/clusters-module';
import type { ServiceContainer } from '../host/service-container';
import type { Logger } from '../util/logger';
import { LocalPipeService, type LocalPipeAuth } from './local-pipe-service';
import { realSandboxRunner, type SandboxRunner } from './sandbox-runner';

/** Builds the `localPipe` handlers over the service. */
export function createLocalPipeHandlers(service: LocalPipeService): DomainHandlers<typeof localPipeContract> {
  return {
    status: (_args, emit) => {
      emit(service.status());
      return service.onDidChange((s) => emit(s));
    },
    log: (_args, emit) => {
      emit({ lines: service.logLines() });
      return service.onLog((lines) => emit({ lines }));
    },
    start: () => service.start(),
    cancel: () => service.cancel(),
    stop: () => service.stop(),
  };
}

/** Creates the service; added after auth, so the host stops it (sign out, sandbox processes) before auth. */
export function createLocalPipeModule(
  clusters: Pick<ClustersModule, 'profile'>,
  auth: LocalPipeAuth,
  services: ServiceContainer,
  log: Logger,
  runner: SandboxRunner = realSandboxRunner,
): { service: LocalPipeService; handlers: DomainHandlers<typeof localPipeContract> } {
  const service = new LocalPipeService({ runner, useProfile: (path) => clusters.profile.useSource(path), auth, log });
  // Registered for disposal only: the container calls start() on every service at boot, and this service's start() is
  // the user's "Start a local PIPE" (it built the sandbox binaries or started a sandbox on every launch).
  services.add('local-pipe', { dispose: () => service.dispose() });
  return { service, handlers: createLocalPipeHandlers(service) };
}
