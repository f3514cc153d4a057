import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { guardRequest, guardUpgrade, HttpError, parseRequestTarget } from './guarded-handlers';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function listen(s: Server): Promise<number> {
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return (s.address() as AddressInfo).port;
}

/** Sends raw bytes, returns what came back before the server closed the socket. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

const GET = 'GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';
const UPGRADE = 'GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n';

describe('guarded handlers', () => {
  it('turns refusals, throws and rejections of a request handler into answers', async () => {
    const onUnexpected = vi.fn();
    let mode = 'refuse';
    const port = await listen(
      createServer(
        guardRequest((_req, res) => {
          if (mode === 'refuse') throw new HttpError(421, 'Not this host.');
          if (mode === 'throw') throw new Error('bug');
          if (mode === 'reject') return Promise.reject(new Error('async bug'));
          res.end('ok');
          return undefined;
        }, onUnexpected),
      ),
    );
    expect(await exchange(port, GET)).toMatch(/^HTTP\/1\.1 421 [\s\S]*Not this host\./);
    mode = 'throw';
    expect(await exchange(port, GET)).toMatch(/^HTTP\/1\.1 500 /);
    mode = 'reject';
    expect(await exchange(port, GET)).toMatch(/^HTTP\/1\.1 500 /);
    mode = 'ok';
    expect(await exchange(port, GET)).toMatch(/^HTTP\/1\.1 200 [\s\S]*ok$/);
    expect(onUnexpected.mock.calls.map((c) => c[0])).toEqual(['request', 'request']);
  });

  it('answers a throwing upgrade handler with its status and closes the socket', async () => {
    const s = createServer();
    let mode = 'refuse';
    s.on(
      'upgrade',
      guardUpgrade(() => {
        if (mode === 'refuse') throw new HttpError(401, 'No secret.');
        throw new Error('bug');
      }),
    );
    const port = await listen(s);
    expect(await exchange(port, UPGRADE)).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n[\s\S]*No secret\.\n$/);
    mode = 'throw';
    expect(await exchange(port, UPGRADE)).toMatch(/^HTTP\/1\.1 500 /);
  });

  it('parses only origin-form targets, never letting the target pick a host', () => {
    expect(parseRequestTarget('/a/b?token=x').pathname).toBe('/a/b');
    expect(parseRequestTarget('/a/b?token=x').searchParams.get('token')).toBe('x');
    expect(parseRequestTarget('/%zz').pathname).toBe('/%zz');
    for (const bad of [undefined, '', '//x:99999', '//evil.example/rpc', 'http://[::1', 'http://evil/', '*', 'rpc']) {
      expect(() => parseRequestTarget(bad), String(bad)).toThrow(HttpError);
    }
  });
});
