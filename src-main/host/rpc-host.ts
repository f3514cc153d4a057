// The host's side of the contract: checks every message at the edge and dispatches to handlers.
import { z } from 'zod';
import type { ContractSpec, HandlersOf, MethodSpec, Unsubscribe } from '../../src-shared/contract/rpc';
import type { ClientMessage, HostMessage } from '../../src-shared/contract/wire';
import { MAX_MESSAGE_BYTES, STREAM_BATCH_MS, splitMethod } from '../../src-shared/contract/wire';
import { RpcError, toErrorData } from '../../src-shared/contract/errors';

const envelope = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(200), args: z.unknown() }),
  z.object({ t: z.literal('sub'), id: z.number().int().nonnegative(), method: z.string().max(200), args: z.unknown() }),
  z.object({ t: z.literal('unsub'), id: z.number().int().nonnegative() }),
]);

/** Live subscriptions one connection may hold (the renderer uses a few dozen at most). */
export const DEFAULT_MAX_SUBSCRIPTIONS = 256;
/** Calls one connection may have waiting for an answer at once. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 256;

/** Options for a host. */
export interface RpcHostOptions {
  readonly batchMs?: number;
  /** The largest message accepted, in UTF-8 bytes. */
  readonly maxMessageBytes?: number;
  readonly maxSubscriptions?: number;
  readonly maxCallsInFlight?: number;
  /** Receives unexpected handler failures (the caller only sees a generic internal error). */
  readonly onInternalError?: (method: string, err: unknown) => void;
}

/** One caller's session: its subscriptions end when it is disposed. */
export interface RpcConnection {
  /** Handles one raw message (a JSON string, or an already-parsed object from structured-clone IPC). */
  receive(raw: string | unknown): void;
  dispose(): void;
}

let connectionCounter = 0;

/** Serves one contract to any number of connections. */
export class RpcHost<C extends ContractSpec> {
  private readonly batchMs: number;
  private readonly maxBytes: number;
  private readonly maxSubscriptions: number;
  private readonly maxCallsInFlight: number;

  constructor(
    private readonly contract: C,
    private readonly handlers: HandlersOf<C>,
    private readonly options: RpcHostOptions = {},
  ) {
    this.batchMs = options.batchMs ?? STREAM_BATCH_MS;
    this.maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.maxSubscriptions = options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS;
    this.maxCallsInFlight = options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
  }

  /** Opens a connection whose replies go to `send`. */
  connect(send: (message: HostMessage) => void): RpcConnection {
    const connectionId = `c${++connectionCounter}`;
    const subs = new Map<number, { stop: Unsubscribe | undefined; abort: AbortController; flush(): void }>();
    const calls = new Map<number, AbortController>();
    let closed = false;

    const safeSend = (message: HostMessage): void => {
      if (closed) return;
      try {
        send(message);
      } catch (err) {
        this.options.onInternalError?.('send', err);
      }
    };

    const fail = (id: number, error: RpcError): void => safeSend({ t: 'error', id, error: error.toData() });

    const lookup = (method: string): { spec: MethodSpec; handler: (...a: unknown[]) => unknown } | undefined => {
      const parts = splitMethod(method);
      if (!parts) return undefined;
      const [domain, name] = parts;
      const spec = Object.hasOwn(this.contract, domain) ? this.contract[domain] : undefined;
      const methodSpec = spec && Object.hasOwn(spec, name) ? spec[name] : undefined;
      const domainHandlers = (this.handlers as Record<string, Record<string, unknown>>)[domain];
      const handler = domainHandlers?.[name];
      if (!methodSpec || typeof handler !== 'function') return undefined;
      return { spec: methodSpec, handler: handler.bind(domainHandlers) as (...a: unknown[]) => unknown };
    };

    const handleCall = async (id: number, method: string, args: unknown): Promise<void> => {
      if (calls.has(id)) return fail(id, new RpcError('bad-request', `Call id ${id} is already in use.`));
      if (calls.size >= this.maxCallsInFlight) {
        return fail(id, new RpcError('too-many', `More than ${this.maxCallsInFlight} calls at once on this connection.`));
      }
      const found = lookup(method);
      if (!found || found.spec.kind !== 'call') return fail(id, new RpcError('unknown-method', `Unknown method "${method}".`));
      const parsed = found.spec.input.safeParse(args);
      if (!parsed.success) return fail(id, badRequest(method, parsed.error));
      const abort = new AbortController();
      calls.set(id, abort);
      try {
        const value = await found.handler(parsed.data, { connectionId, signal: abort.signal });
        safeSend({ t: 'result', id, value });
      } catch (err) {
        if (!(err instanceof RpcError)) this.options.onInternalError?.(method, err);
        safeSend({ t: 'error', id, error: toErrorData(err) });
      } finally {
        calls.delete(id);
      }
    };

    const handleSub = async (id: number, method: string, args: unknown): Promise<void> => {
      if (subs.has(id)) return fail(id, new RpcError('bad-request', `Subscription id ${id} is already in use.`));
      if (subs.size >= this.maxSubscriptions) {
        return fail(id, new RpcError('too-many', `More than ${this.maxSubscriptions} live subscriptions on this connection.`));
      }
      const found = lookup(method);
      if (!found || found.spec.kind !== 'stream') return fail(id, new RpcError('unknown-method', `Unknown stream "${method}".`));
      const parsed = found.spec.input.safeParse(args);
      if (!parsed.success) return fail(id, badRequest(method, parsed.error));

      let batch: unknown[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (!batch.length) return;
        const events = batch;
        batch = [];
        safeSend({ t: 'events', id, events });
      };
      const abort = new AbortController();
      const entry = { stop: undefined as Unsubscribe | undefined, abort, flush };
      subs.set(id, entry);
      const emit = (event: unknown): boolean => {
        // By entry, not by id: once this stream ended, its id may belong to a newer stream of the same caller.
        if (subs.get(id) !== entry) return false;
        batch.push(event);
        timer ??= setTimeout(flush, this.batchMs);
        return true;
      };
      try {
        const stop = await found.handler(parsed.data, emit, { connectionId, signal: abort.signal });
        if (subs.get(id) === entry) entry.stop = stop as Unsubscribe;
        else (stop as Unsubscribe)();
      } catch (err) {
        subs.delete(id);
        if (timer) clearTimeout(timer);
        if (!(err instanceof RpcError)) this.options.onInternalError?.(method, err);
        safeSend({ t: 'end', id, error: toErrorData(err) });
      }
    };

    const endSub = (id: number): void => {
      const entry = subs.get(id);
      if (!entry) return;
      subs.delete(id);
      entry.flush();
      entry.abort.abort();
      try {
        entry.stop?.();
      } catch (err) {
        this.options.onInternalError?.('unsubscribe', err);
      }
    };

    return {
      receive: (raw) => {
        if (closed) return;
        let value: unknown = raw;
        if (typeof raw === 'string') {
          // Bytes, not UTF-16 units (a character can take up to 3 bytes); length > max already means bytes > max.
          if (raw.length > this.maxBytes || Buffer.byteLength(raw, 'utf8') > this.maxBytes) return failUnparsed(raw, new RpcError('too-large', `Message exceeds ${this.maxBytes} bytes.`));
          try {
            value = JSON.parse(raw);
          } catch {
            return safeSend({ t: 'error', id: -1, error: { code: 'bad-request', message: 'Message is not valid JSON.' } });
          }
        }
        const msg = envelope.safeParse(value);
        if (!msg.success) {
          const id = idOf(value);
          return safeSend({ t: 'error', id, error: { code: 'bad-request', message: 'Message does not follow the protocol.' } });
        }
        const m = msg.data as ClientMessage;
        if (m.t === 'call') void handleCall(m.id, m.method, m.args);
        else if (m.t === 'sub') void handleSub(m.id, m.method, m.args);
        else endSub(m.id);
      },
      dispose: () => {
        if (closed) return;
        for (const id of [...subs.keys()]) endSub(id);
        for (const abort of calls.values()) abort.abort();
        calls.clear();
        closed = true;
      },
    };

    function failUnparsed(raw: string, error: RpcError): void {
      // Recover the id from the head of an oversized message so the caller's promise settles.
      const match = /"id"\s*:\s*(\d+)/.exec(raw.slice(0, 200));
      safeSend({ t: 'error', id: match ? Number(match[1]) : -1, error: error.toData() });
    }
  }
}

function idOf(value: unknown): number {
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'number') return value.id;
  return -1;
}

function badRequest(method: string, error: z.ZodError): RpcError {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`);
  return new RpcError('bad-request', `Invalid arguments for "${method}": ${issues.join('; ')}`, { issues });
}
