import { afterEach, describe, expect, it } from 'vitest';
import { contract, type Contract, type HostHandlers } from '../../src-shared/contract';
import { createRpcClient } from '../../src-shared/contract/rpc-client';
import { MAX_TERMINAL_INPUT_CHARS, type TerminalEvent } from '../../src-shared/contract/terminal';
import type { ClientMessage, HostMessage, MessagePort } from '../../src-shared/contract/wire';
import { RpcHost } from '../host/rpc-host';
import { createTerminalHandlers } from './terminal-handlers';
import type { TerminalService } from './terminal-service';
import { testTerminalService } from './testing';
import { waitUntil } from '../../src-node/testing/wait-until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The contract over a JSON port (what the WebSocket transport carries), with the real host in front. */
function connect(service: TerminalService) {
  const rpc = new RpcHost(contract, { terminal: createTerminalHandlers(service) } as unknown as HostHandlers, { batchMs: 4 });
  const listeners = new Set<(m: HostMessage) => void>();
  const connection = rpc.connect((m) => listeners.forEach((l) => l(JSON.parse(JSON.stringify(m)) as HostMessage)));
  const port: MessagePort<ClientMessage, HostMessage> = {
    send: (m) => connection.receive(JSON.stringify(m)),
    onMessage: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  const client = createRpcClient<Contract>(port);
  cleanups.push(() => client.dispose(), () => connection.dispose());
  return { api: client.api, connection };
}

describe('terminal over the RPC host', () => {
  it('runs a shell end to end and rejects hostile input with typed errors', async () => {
    const { service } = testTerminalService();
    cleanups.push(() => service.dispose());
    const { api } = connect(service);
    const info = await api.terminal.create({ cols: 80, rows: 24 });
    let text = '';
    api.terminal.attach({ id: info.id }, { next: (e: TerminalEvent) => void (e.kind === 'data' && (text += e.data)) });
    await api.terminal.input({ id: info.id, data: 'echo "rpc-$((20+22))"\r' });
    await waitUntil(() => text.includes('rpc-42'), 'the echo');

    await expect(api.terminal.input({ id: info.id, data: 'x'.repeat(MAX_TERMINAL_INPUT_CHARS + 1) })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.terminal.ack({ id: info.id, chars: -1 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.terminal.resize({ id: info.id, cols: 0, rows: 24 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.terminal.input({ id: '../../etc/passwd', data: 'x' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.terminal.input({ id: 't-000000000000', data: 'x' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      api.terminal.create({ cols: 80, rows: 24, binding: { context: 'a' }, pod: { context: 'a', namespace: 'n', pod: 'p' } }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.terminal.busy({ id: info.id })).resolves.toEqual({ busy: false, processes: [] });
    await api.terminal.close({ id: info.id });
    await expect(api.terminal.list({})).resolves.toEqual([]);
  });

  it('a connection that goes away detaches its terminals; another connection re-attaches and gets the replay', async () => {
    const { service } = testTerminalService();
    cleanups.push(() => service.dispose());
    const first = connect(service);
    const info = await first.api.terminal.create({ cols: 80, rows: 24 });
    let before = '';
    first.api.terminal.attach({ id: info.id }, { next: (e) => void (e.kind === 'data' && (before += e.data)) });
    await first.api.terminal.input({ id: info.id, data: 'echo "kept-$((1+1))"\r' });
    await waitUntil(() => before.includes('kept-2'), 'the first output');
    first.connection.dispose();

    const second = connect(service);
    expect((await second.api.terminal.list({})).map((t) => t.id)).toEqual([info.id]);
    let replay = '';
    second.api.terminal.attach({ id: info.id }, { next: (e) => void (e.kind === 'data' && e.replay && (replay += e.data)) });
    await waitUntil(() => replay.includes('kept-2'), 'the replay');
  });
});
