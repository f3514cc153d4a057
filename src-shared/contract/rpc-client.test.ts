import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { call, stream } from './rpc';
import { createRpcClient } from './rpc-client';
import { RpcError } from './errors';
import type { ClientMessage, HostMessage, MessagePort } from './wire';

export const contract = {
  math: { add: call(z.object({ a: z.number(), b: z.number() }), z.number()) },
  clock: { ticks: stream(z.object({}), z.number()) },
} as const;

/** A scripted port: records what the client sent and lets the test play the host. */
function fakePort(options: { failSend?: boolean } = {}) {
  const sent: ClientMessage[] = [];
  const listeners = new Set<(m: HostMessage) => void>();
  const closeListeners = new Set<() => void>();
  const port: MessagePort<ClientMessage, HostMessage> = {
    send: (m) => {
      if (options.failSend) throw new Error('socket closed');
      sent.push(m);
    },
    onMessage: (l) => (listeners.add(l), () => listeners.delete(l)),
    onClose: (l) => (closeListeners.add(l), () => closeListeners.delete(l)),
  };
  return {
    port,
    sent,
    reply: (m: HostMessage) => listeners.forEach((l) => l(m)),
    close: () => closeListeners.forEach((l) => l()),
    listenerCount: () => listeners.size,
  };
}

describe('createRpcClient', () => {
  it('sends calls as domain.method with increasing ids and resolves results', async () => {
    const p = fakePort();
    const { api } = createRpcClient<typeof contract>(p.port);
    const a = api.math.add({ a: 1, b: 2 });
    const b = api.math.add({ a: 3, b: 4 });
    expect(p.sent).toEqual([
      { t: 'call', id: 1, method: 'math.add', args: { a: 1, b: 2 } },
      { t: 'call', id: 2, method: 'math.add', args: { a: 3, b: 4 } },
    ]);
    p.reply({ t: 'result', id: 2, value: 7 });
    p.reply({ t: 'result', id: 1, value: 3 });
    await expect(a).resolves.toBe(3);
    await expect(b).resolves.toBe(7);
  });

  it('rejects with a typed RpcError', async () => {
    const p = fakePort();
    const { api } = createRpcClient<typeof contract>(p.port);
    const r = api.math.add({ a: 1, b: 2 });
    p.reply({ t: 'error', id: 1, error: { code: 'forbidden', message: 'no' } });
    const err = await r.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'forbidden', message: 'no' });
  });

  it('rejects with unavailable when the port cannot send', async () => {
    const { api } = createRpcClient<typeof contract>(fakePort({ failSend: true }).port);
    await expect(api.math.add({ a: 1, b: 1 })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('delivers stream events in order and ends once', () => {
    const p = fakePort();
    const { api } = createRpcClient<typeof contract>(p.port);
    const next = vi.fn();
    const end = vi.fn();
    const stop = api.clock.ticks({}, { next, end });
    expect(p.sent[0]).toEqual({ t: 'sub', id: 1, method: 'clock.ticks', args: {} });
    p.reply({ t: 'events', id: 1, events: [1, 2] });
    p.reply({ t: 'events', id: 1, events: [3] });
    p.reply({ t: 'events', id: 99, events: [42] }); // unknown id: ignored
    p.reply({ t: 'end', id: 1, error: { code: 'not-found', message: 'gone' } });
    p.reply({ t: 'events', id: 1, events: [4] });
    expect(next.mock.calls.map((c) => c[0])).toEqual([1, 2, 3]);
    expect(end).toHaveBeenCalledOnce();
    expect(end.mock.calls[0]![0]).toMatchObject({ code: 'not-found' });
    stop(); // already ended: sends nothing
    expect(p.sent).toHaveLength(1);
  });

  it('unsubscribe sends unsub once and drops later events', () => {
    const p = fakePort();
    const { api } = createRpcClient<typeof contract>(p.port);
    const next = vi.fn();
    const stop = api.clock.ticks({}, { next });
    stop();
    stop();
    p.reply({ t: 'events', id: 1, events: [1] });
    expect(p.sent.filter((m) => m.t === 'unsub')).toEqual([{ t: 'unsub', id: 1 }]);
    expect(next).not.toHaveBeenCalled();
  });

  it('fails everything pending when the channel closes', async () => {
    const p = fakePort();
    const { api } = createRpcClient<typeof contract>(p.port);
    const end = vi.fn();
    api.clock.ticks({}, { next: vi.fn(), end });
    const r = api.math.add({ a: 1, b: 1 });
    p.close();
    await expect(r).rejects.toMatchObject({ code: 'unavailable' });
    expect(end.mock.calls[0]![0]).toMatchObject({ code: 'unavailable' });
  });

  it('dispose cancels pending work and stops listening', async () => {
    const p = fakePort();
    const client = createRpcClient<typeof contract>(p.port);
    const r = client.api.math.add({ a: 1, b: 1 });
    client.dispose();
    await expect(r).rejects.toMatchObject({ code: 'cancelled' });
    expect(p.listenerCount()).toBe(0);
  });
});
