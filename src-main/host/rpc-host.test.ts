import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { call, stream, type CancelSignal, type HandlersOf } from '../../src-shared/contract/rpc';
import { createRpcClient } from '../../src-shared/contract/rpc-client';
import { RpcError } from '../../src-shared/contract/errors';
import type { ClientMessage, HostMessage, MessagePort } from '../../src-shared/contract/wire';
import { RpcHost, type RpcHostOptions } from './rpc-host';

const contract = {
  math: {
    add: call(z.object({ a: z.number(), b: z.number() }).strict(), z.number()),
    fail: call(z.object({ kind: z.enum(['typed', 'crash']) }).strict(), z.null()),
    echo: call(z.object({ text: z.string() }).strict(), z.string()),
    slow: call(z.object({}).strict(), z.string()),
  },
  ticks: {
    burst: stream(z.object({ n: z.number().int().max(10_000) }).strict(), z.number()),
    manual: stream(z.object({}).strict(), z.number()),
    broken: stream(z.object({}).strict(), z.number()),
  },
} as const;

/** Handlers with hooks the tests can observe. */
function makeHandlers() {
  const state = {
    emit: undefined as ((n: number) => boolean) | undefined,
    /** Every `ticks.manual` stream's emit, oldest first. */
    emits: [] as ((n: number) => boolean)[],
    stopped: 0,
    slowSignal: undefined as CancelSignal | undefined,
  };
  const handlers: HandlersOf<typeof contract> = {
    math: {
      add: ({ a, b }) => a + b,
      fail: ({ kind }) => {
        if (kind === 'typed') throw new RpcError('not-found', 'No such pipeline.');
        throw new Error('secret internals at /home/me');
      },
      echo: ({ text }) => text,
      slow: (_a, ctx) => {
        state.slowSignal = ctx.signal;
        return new Promise<string>(() => undefined);
      },
    },
    ticks: {
      burst: ({ n }, emit) => {
        for (let i = 0; i < n; i++) emit(i);
        return () => state.stopped++;
      },
      manual: (_a, emit) => {
        state.emit = emit;
        state.emits.push(emit);
        return () => state.stopped++;
      },
      broken: () => {
        throw new RpcError('forbidden', 'Not allowed to watch.');
      },
    },
  };
  return { handlers, state };
}

/** Client and host joined by an in-process port that serializes like the WebSocket transport. */
function pair(options: RpcHostOptions = {}) {
  const { handlers, state } = makeHandlers();
  const host = new RpcHost(contract, handlers, { batchMs: 5, ...options });
  const toClient = new Set<(m: HostMessage) => void>();
  const closeListeners = new Set<() => void>();
  const received: HostMessage[] = [];
  const connection = host.connect((m) => {
    const copy = JSON.parse(JSON.stringify(m)) as HostMessage;
    received.push(copy);
    queueMicrotask(() => toClient.forEach((l) => l(copy)));
  });
  const port: MessagePort<ClientMessage, HostMessage> = {
    send: (m) => queueMicrotask(() => connection.receive(JSON.stringify(m))),
    onMessage: (l) => (toClient.add(l), () => toClient.delete(l)),
    onClose: (l) => (closeListeners.add(l), () => closeListeners.delete(l)),
  };
  const client = createRpcClient<typeof contract>(port);
  return { api: client.api, client, connection, state, received, close: () => closeListeners.forEach((l) => l()) };
}

const waitFor = async (check: () => boolean, ms = 20_000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

afterEach(() => vi.restoreAllMocks());

describe('RpcHost + RpcClient', () => {
  it('answers calls', async () => {
    const { api } = pair();
    await expect(api.math.add({ a: 2, b: 40 })).resolves.toBe(42);
    await expect(Promise.all([api.math.echo({ text: 'a' }), api.math.echo({ text: 'b' })])).resolves.toEqual(['a', 'b']);
  });

  it('passes typed errors through and hides unexpected ones', async () => {
    const onInternalError = vi.fn();
    const { api } = pair({ onInternalError });
    await expect(api.math.fail({ kind: 'typed' })).rejects.toMatchObject({ code: 'not-found', message: 'No such pipeline.' });
    const err = (await api.math.fail({ kind: 'crash' }).catch((e: unknown) => e)) as RpcError;
    expect(err).toMatchObject({ code: 'internal', message: 'Unexpected error in the host.' });
    expect(JSON.stringify(err.toData())).not.toContain('/home/me');
    expect(onInternalError).toHaveBeenCalledWith('math.fail', expect.any(Error));
  });

  it('batches stream events into few messages, in order', async () => {
    const { api, received } = pair();
    const seen: number[] = [];
    const stop = api.ticks.burst({ n: 500 }, { next: (n) => seen.push(n) });
    await waitFor(() => seen.length === 500);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(received.filter((m) => m.t === 'events')).toHaveLength(1);
    stop();
  });

  it('unsubscribe stops the handler and later emits report false', async () => {
    const { api, state } = pair();
    const seen: number[] = [];
    const stop = api.ticks.manual({}, { next: (n) => seen.push(n) });
    await waitFor(() => state.emit !== undefined);
    expect(state.emit!(1)).toBe(true);
    await waitFor(() => seen.length === 1);
    stop();
    await waitFor(() => state.stopped === 1);
    expect(state.emit!(2)).toBe(false);
  });

  it('a stream handler that throws ends the stream with its error', async () => {
    const { api } = pair();
    const end = vi.fn();
    api.ticks.broken({}, { next: vi.fn(), end });
    await waitFor(() => end.mock.calls.length === 1);
    expect(end.mock.calls[0]![0]).toMatchObject({ code: 'forbidden' });
  });

  it('refuses unknown methods with a typed error', async () => {
    const { api } = pair();
    const untyped = api as unknown as Record<string, Record<string, (a: unknown, o?: unknown) => Promise<unknown>>>;
    await expect(untyped.math!.nope!({})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(untyped.nodomain!.add!({})).rejects.toMatchObject({ code: 'unknown-method' });
    await expect(untyped.math!.constructor!({})).rejects.toMatchObject({ code: 'unknown-method' });
    // A stream name used as a call is unknown as a call.
    await expect(untyped.ticks!.manual!({})).rejects.toMatchObject({ code: 'unknown-method' });
  });

  it('refuses bad arguments with the offending field', async () => {
    const { api } = pair();
    const err = (await (api.math.add as (a: unknown) => Promise<number>)({ a: 'x', b: 1 }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe('bad-request');
    expect(err.message).toContain('a:');
    await expect((api.math.add as (a: unknown) => Promise<number>)({ a: 1, b: 2, extra: true })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('refuses oversized messages, settling the caller', async () => {
    const { api } = pair({ maxMessageBytes: 200 });
    await expect(api.math.echo({ text: 'x'.repeat(500) })).rejects.toMatchObject({ code: 'too-large' });
    await expect(api.math.echo({ text: 'small' })).resolves.toBe('small');
  });

  it('answers garbage and malformed envelopes with bad-request and keeps working', async () => {
    const { api, connection, received } = pair();
    connection.receive('{not json');
    connection.receive(JSON.stringify({ t: 'call', id: 7 }));
    connection.receive(JSON.stringify({ t: 'launch', id: 8 }));
    connection.receive(42);
    const errors = received.filter((m): m is Extract<HostMessage, { t: 'error' }> => m.t === 'error');
    expect(errors.map((e) => [e.id, e.error.code])).toEqual([
      [-1, 'bad-request'],
      [7, 'bad-request'],
      [8, 'bad-request'],
      [-1, 'bad-request'],
    ]);
    await expect(api.math.add({ a: 1, b: 1 })).resolves.toBe(2);
  });

  it('disposing the connection ends its subscriptions and aborts calls in flight', async () => {
    const { api, connection, state, close } = pair();
    api.ticks.manual({}, { next: vi.fn() });
    api.ticks.burst({ n: 1 }, { next: vi.fn() });
    const pending = api.math.slow({});
    await waitFor(() => state.emit !== undefined && state.slowSignal !== undefined);
    connection.dispose();
    expect(state.stopped).toBe(2);
    expect(state.slowSignal!.aborted).toBe(true);
    expect(state.emit!(1)).toBe(false);
    close(); // the transport reports the closed channel to the client
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('measures the size limit in bytes, not characters', async () => {
    const { api } = pair({ maxMessageBytes: 200 });
    // 100 characters, 300 bytes in UTF-8: over the limit.
    await expect(api.math.echo({ text: '€'.repeat(100) })).rejects.toMatchObject({ code: 'too-large' });
    await expect(api.math.echo({ text: '€'.repeat(20) })).resolves.toBe('€'.repeat(20));
  });

  it('caps live subscriptions per connection with a typed error; closing one makes room', async () => {
    const { api, state } = pair({ maxSubscriptions: 2 });
    const stops = [api.ticks.manual({}, { next: vi.fn() }), api.ticks.manual({}, { next: vi.fn() })];
    await waitFor(() => state.emits.length === 2);
    const end = vi.fn();
    api.ticks.manual({}, { next: vi.fn(), end });
    await waitFor(() => end.mock.calls.length === 1);
    expect(end.mock.calls[0]![0]).toMatchObject({ code: 'too-many' });
    expect(state.emits).toHaveLength(2);
    stops[0]!();
    api.ticks.manual({}, { next: vi.fn() });
    await waitFor(() => state.emits.length === 3);
  });

  it('caps calls in flight per connection with a typed error', async () => {
    const { api, state } = pair({ maxCallsInFlight: 2 });
    void api.math.slow({}).catch(() => undefined);
    void api.math.slow({}).catch(() => undefined);
    await waitFor(() => state.slowSignal !== undefined);
    await expect(api.math.add({ a: 1, b: 2 })).rejects.toMatchObject({ code: 'too-many' });
  });

  it('refuses a subscription id already in use, and the first stream keeps its events', async () => {
    const { connection, state, received } = pair();
    connection.receive(JSON.stringify({ t: 'sub', id: 5, method: 'ticks.manual', args: {} }));
    await waitFor(() => state.emits.length === 1);
    connection.receive(JSON.stringify({ t: 'sub', id: 5, method: 'ticks.burst', args: { n: 3 } }));
    expect(state.emits[0]!(42)).toBe(true);
    await waitFor(() => received.some((m) => m.t === 'events'));
    expect(received).toEqual([
      { t: 'error', id: 5, error: expect.objectContaining({ code: 'bad-request' }) },
      { t: 'events', id: 5, events: [42] },
    ]);
  });

  it('a reused subscription id never receives the events of the stream that had it before', async () => {
    const { connection, state, received } = pair();
    connection.receive(JSON.stringify({ t: 'sub', id: 6, method: 'ticks.manual', args: {} }));
    await waitFor(() => state.emits.length === 1);
    connection.receive(JSON.stringify({ t: 'unsub', id: 6 }));
    connection.receive(JSON.stringify({ t: 'sub', id: 6, method: 'ticks.manual', args: {} }));
    await waitFor(() => state.emits.length === 2);
    const [first, second] = state.emits as [(n: number) => boolean, (n: number) => boolean];
    expect(first(1)).toBe(false); // the old stream's late emit goes nowhere
    expect(second(2)).toBe(true);
    await waitFor(() => received.some((m) => m.t === 'events'));
    expect(received.filter((m) => m.t === 'events')).toEqual([{ t: 'events', id: 6, events: [2] }]);
  });
});
