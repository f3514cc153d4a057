import { describe, expect, it, vi } from 'vitest';
import { attachIpcTransport, type IpcEventLike, type IpcMainLike, type WebContentsLike } from './ipc-transport';
import { IPC_CHANNELS } from './ipc-channels';
import type { HostMessage } from '../../src-shared/contract/wire';

type Listener = (event: IpcEventLike, ...args: unknown[]) => void;

function setup() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcMainLike = {
    on: (ch, l) => listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l)),
    removeListener: (ch, l) => listeners.get(ch)?.delete(l),
  };
  const emit = (ch: string, event: IpcEventLike, ...args: unknown[]) => listeners.get(ch)?.forEach((l) => l(event, ...args));
  const mainFrame = { url: 'app://renderer/index.html' };
  let onDestroyed: (() => void) | undefined;
  const sent: string[] = [];
  const contents: WebContentsLike & { destroy(): void } = {
    mainFrame,
    send: (ch, payload) => ch === IPC_CHANNELS.toRenderer && sent.push(payload as string),
    isDestroyed: () => false,
    once: (_e, l) => (onDestroyed = l),
    destroy: () => onDestroyed?.(),
  };
  const connections: { receive: ReturnType<typeof vi.fn>; dispose: ReturnType<typeof vi.fn>; send: (m: HostMessage) => void }[] = [];
  const rpc = {
    connect: (send: (m: HostMessage) => void) => {
      const c = { receive: vi.fn(), dispose: vi.fn(), send };
      connections.push(c);
      return c;
    },
  };
  const rejected: string[] = [];
  const dispose = attachIpcTransport(ipc, contents, rpc, { onRejected: (r) => rejected.push(r) });
  const ok: IpcEventLike = { sender: contents, senderFrame: mainFrame };
  return { emit, contents, connections, rejected, dispose, ok, sent, listeners, mainFrame };
}

describe('attachIpcTransport', () => {
  it('opens a connection on hello and passes messages both ways as JSON strings', () => {
    const t = setup();
    t.emit(IPC_CHANNELS.hello, t.ok);
    t.emit(IPC_CHANNELS.toHost, t.ok, '{"t":"call","id":1,"method":"app.ping","args":{"text":"hi"}}');
    expect(t.connections).toHaveLength(1);
    expect(t.connections[0]!.receive).toHaveBeenCalledWith('{"t":"call","id":1,"method":"app.ping","args":{"text":"hi"}}');
    t.connections[0]!.send({ t: 'result', id: 1, value: { ok: true } });
    expect(JSON.parse(t.sent[0]!)).toEqual({ t: 'result', id: 1, value: { ok: true } });
  });

  it('starts a fresh connection per page load (hello) and ends the old one', () => {
    const t = setup();
    t.emit(IPC_CHANNELS.hello, t.ok);
    t.emit(IPC_CHANNELS.hello, t.ok);
    expect(t.connections).toHaveLength(2);
    expect(t.connections[0]!.dispose).toHaveBeenCalled();
  });

  it('refuses messages from other webContents, subframes and foreign pages', () => {
    const t = setup();
    t.emit(IPC_CHANNELS.hello, t.ok);
    t.emit(IPC_CHANNELS.toHost, { sender: {}, senderFrame: t.mainFrame }, '{}');
    t.emit(IPC_CHANNELS.toHost, { sender: t.contents, senderFrame: { url: 'app://renderer/x.html' } }, '{}');
    t.mainFrame.url = 'https://evil.example/';
    t.emit(IPC_CHANNELS.toHost, t.ok, '{}');
    t.emit(IPC_CHANNELS.toHost, { sender: t.contents, senderFrame: null }, '{}');
    expect(t.connections[0]!.receive).not.toHaveBeenCalled();
    expect(t.rejected).toHaveLength(4);
  });

  it('refuses payloads that are not strings', () => {
    const t = setup();
    t.emit(IPC_CHANNELS.toHost, t.ok, { t: 'call' });
    expect(t.rejected).toEqual(['message that is not a JSON string']);
  });

  it('disposes the connection and its listeners when the webContents is destroyed', () => {
    const t = setup();
    t.emit(IPC_CHANNELS.hello, t.ok);
    t.contents.destroy();
    expect(t.connections[0]!.dispose).toHaveBeenCalled();
    expect(t.listeners.get(IPC_CHANNELS.toHost)?.size).toBe(0);
    t.emit(IPC_CHANNELS.toHost, t.ok, '{}');
    expect(t.connections).toHaveLength(1);
  });
});
