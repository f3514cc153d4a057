import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamObserver } from '../../../src-shared/contract/rpc';
import { RpcError } from '../../../src-shared/contract/errors';
import { resetAppStore, useAppStore } from '../state/store';

// A fake host API: each connection records its stream observers so the test can end them.
interface FakeConnection {
  observers: Map<string, StreamObserver<unknown>>;
  unsubscribed: string[];
  info: ReturnType<typeof vi.fn>;
}
const connections: FakeConnection[] = [];
const disposedAt = new Set<number>();
let disposed = 0;

vi.mock('./host', () => ({
  host: () => {
    let c = connections.at(-1);
    if (!c || disposedAt.has(connections.length - 1)) {
      c = { observers: new Map(), unsubscribed: [], info: vi.fn(async () => ({ name: 'PIPE Desktop', version: '9.9.9', mode: 'browser', platform: 'linux', startedAt: 1 })) };
      connections.push(c);
    }
    const conn = c;
    const stream = (name: string) => (_args: unknown, observer: StreamObserver<unknown>) => {
      conn.observers.set(name, observer);
      return () => conn.unsubscribed.push(name);
    };
    return {
      app: { info: conn.info, notices: stream('notices'), shellEvents: stream('shellEvents'), updates: stream('updates') },
      settings: { changes: stream('settings') },
    };
  },
  disposeHost: () => {
    disposedAt.add(connections.length - 1);
    disposed++;
  },
}));

const { startHostSession } = await import('./host-session');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  resetAppStore();
  connections.length = 0;
  disposedAt.clear();
  disposed = 0;
});

describe('startHostSession', () => {
  it('connects, feeds the store and forwards shell events', async () => {
    const onShellEvent = vi.fn();
    const stop = startHostSession({ onShellEvent });
    await Promise.resolve();
    expect(useAppStore.getState().connection).toBe('connected');
    expect(useAppStore.getState().appInfo?.version).toBe('9.9.9');
    const c = connections[0]!;
    c.observers.get('notices')!.next({ id: 'n1', level: 'warning', message: 'reset', at: 1 });
    c.observers.get('settings')!.next({ theme: 'dark', kubeconfigPaths: [], rememberedNamespaces: {}, namespaceByContext: {}, logFontSize: 13, terminalFontSize: 13 });
    c.observers.get('shellEvents')!.next({ kind: 'command', commandId: 'palette.open' });
    expect(useAppStore.getState().notices).toHaveLength(1);
    expect(useAppStore.getState().settings?.theme).toBe('dark');
    expect(onShellEvent).toHaveBeenCalledWith({ kind: 'command', commandId: 'palette.open' });
    c.observers.get('updates')!.next({ state: 'off', reason: 'Updates are off in browser mode.' });
    expect(useAppStore.getState().update).toEqual({ state: 'off', reason: 'Updates are off in browser mode.' });
    stop();
    expect(c.unsubscribed.sort()).toEqual(['notices', 'settings', 'shellEvents', 'updates']);
  });

  it('marks the connection lost and reconnects with backoff', async () => {
    const stop = startHostSession({ retryDelaysMs: [100, 1000] });
    await Promise.resolve();
    connections[0]!.observers.get('settings')!.end!(new RpcError('unavailable', 'Connection to the host was lost.'));
    expect(useAppStore.getState().connection).toBe('disconnected');
    expect(useAppStore.getState().connectionProblem).toMatch(/Connection to the host was lost/);
    expect(disposed).toBe(1);
    // A second end from the same (dead) connection changes nothing.
    connections[0]!.observers.get('notices')!.end!(new RpcError('unavailable', 'lost'));
    expect(disposed).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(connections).toHaveLength(2);
    expect(useAppStore.getState().connection).toBe('connected');
    stop();
  });
});
