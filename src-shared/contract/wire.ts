// Messages exchanged by every transport (Electron IPC and WebSocket carry the same shapes).
import type { RpcErrorData } from './errors';

/** The largest serialized message either side accepts. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** How long the host gathers stream events before sending them in one message. */
export const STREAM_BATCH_MS = 8;

export type ClientMessage =
  | { readonly t: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly t: 'sub'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly t: 'unsub'; readonly id: number };

export type HostMessage =
  | { readonly t: 'result'; readonly id: number; readonly value: unknown }
  | { readonly t: 'error'; readonly id: number; readonly error: RpcErrorData }
  | { readonly t: 'events'; readonly id: number; readonly events: readonly unknown[] }
  | { readonly t: 'end'; readonly id: number; readonly error?: RpcErrorData };

/** A message channel: send one message, receive messages until disposed. */
export interface MessagePort<Out, In> {
  send(message: Out): void;
  onMessage(listener: (message: In) => void): () => void;
  /** Fires when the channel closes (socket lost, window gone). */
  onClose?(listener: () => void): () => void;
}

/** Splits "domain.method" into its parts, or undefined when malformed. */
export function splitMethod(method: string): [domain: string, name: string] | undefined {
  const dot = method.indexOf('.');
  if (dot <= 0 || dot === method.length - 1 || method.indexOf('.', dot + 1) !== -1) return undefined;
  return [method.slice(0, dot), method.slice(dot + 1)];
}
