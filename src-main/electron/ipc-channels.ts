// Channel names shared by the preload and the IPC transport.

/** The three IPC channels of the contract transport; payloads are JSON strings of wire messages. */
export const IPC_CHANNELS = {
  /** Sent by the preload once per page load: the host starts a fresh connection. */
  hello: 'pipe-rpc:hello',
  toHost: 'pipe-rpc:to-host',
  toRenderer: 'pipe-rpc:to-renderer',
} as const;
