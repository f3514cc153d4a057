// The caller's side of the contract, generic over any message port (IPC, WebSocket, in-process).
import type { ClientOf, ContractSpec, StreamObserver, Unsubscribe } from './rpc';
import type { ClientMessage, HostMessage, MessagePort } from './wire';
import { RpcError } from './errors';

interface Pending {
  resolve(value: unknown): void;
  reject(error: RpcError): void;
}

/** A typed client plus its teardown. */
export interface RpcClient<C extends ContractSpec> {
  readonly api: ClientOf<C>;
  dispose(): void;
}

/** Creates a typed client over a message port. Streams are the methods called with an observer. */
export function createRpcClient<C extends ContractSpec>(
  port: MessagePort<ClientMessage, HostMessage>,
): RpcClient<C> {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const streams = new Map<number, StreamObserver<unknown>>();

  const stopListening = port.onMessage((msg) => {
    switch (msg.t) {
      case 'result':
        pending.get(msg.id)?.resolve(msg.value);
        pending.delete(msg.id);
        break;
      case 'error': {
        const p = pending.get(msg.id);
        if (p) {
          p.reject(RpcError.fromData(msg.error));
          pending.delete(msg.id);
        } else {
          const s = streams.get(msg.id);
          streams.delete(msg.id);
          s?.end?.(RpcError.fromData(msg.error));
        }
        break;
      }
      case 'events': {
        const s = streams.get(msg.id);
        if (s) for (const e of msg.events) s.next(e);
        break;
      }
      case 'end': {
        const s = streams.get(msg.id);
        streams.delete(msg.id);
        s?.end?.(msg.error ? RpcError.fromData(msg.error) : undefined);
        break;
      }
    }
  });

  const stopClose = port.onClose?.(() => failAll(new RpcError('unavailable', 'Connection to the host was lost.')));

  function failAll(error: RpcError): void {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    for (const s of streams.values()) s.end?.(error);
    streams.clear();
  }

  function doCall(method: string, args: unknown): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      try {
        port.send({ t: 'call', id, method, args });
      } catch {
        pending.delete(id);
        reject(new RpcError('unavailable', 'Could not send the request to the host.'));
      }
    });
  }

  function doSubscribe(method: string, args: unknown, observer: StreamObserver<unknown>): Unsubscribe {
    const id = nextId++;
    streams.set(id, observer);
    port.send({ t: 'sub', id, method, args });
    return () => {
      if (!streams.delete(id)) return;
      try {
        port.send({ t: 'unsub', id });
      } catch {
        // the channel is gone; the host drops the subscription with it
      }
    };
  }

  // A proxy instead of a method table keeps the schemas (and zod) out of the renderer bundle;
  // the types make `api.domain.method` exact, and the host rejects unknown names with a typed error.
  const domains = new Map<string, object>();
  const api = new Proxy(
    {},
    {
      get(_target, domain) {
        if (typeof domain !== 'string') return undefined;
        let d = domains.get(domain);
        if (!d) {
          d = new Proxy(
            {},
            {
              get(_t, name) {
                if (typeof name !== 'string') return undefined;
                const method = `${domain}.${name}`;
                return (args: unknown, observer?: StreamObserver<unknown>) =>
                  observer ? doSubscribe(method, args, observer) : doCall(method, args);
              },
            },
          );
          domains.set(domain, d);
        }
        return d;
      },
    },
  );

  return {
    api: api as unknown as ClientOf<C>,
    dispose() {
      stopListening();
      stopClose?.();
      failAll(new RpcError('cancelled', 'The client was closed.'));
    },
  };
}
