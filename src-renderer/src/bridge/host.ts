// The renderer's single typed handle on the host.
import type { Contract } from '../../../src-shared/contract';
import { createRpcClient, type RpcClient } from '../../../src-shared/contract/rpc-client';
import { openHostPort } from './host-port';

let client: RpcClient<Contract> | undefined;

/** The typed host API (connects on first use). */
export function host(): RpcClient<Contract>['api'] {
  client ??= createRpcClient<Contract>(openHostPort());
  return client.api;
}

/** Closes the connection (page unload, tests). */
export function disposeHost(): void {
  client?.dispose();
  client = undefined;
}
