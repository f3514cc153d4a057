import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { z } from 'zod';
import { call } from '../../src-shared/contract/rpc';
import { RpcHost } from '../host/rpc-host';
import { startBrowserServer, type BrowserServer } from './browser-server';

const contract = { app: { ping: call(z.object({ text: z.string() }).strict(), z.string()) } } as const;
const SECRET = 'test-secret-0123456789';
const HOST_NAME = 'pipe-test0123.localhost';

let root: string;
let server: BrowserServer;
let cookie: string;
/** The Host header a browser sends for the printed URL. */
let authority: string;

/** GET with a raw (un-normalized) path to 127.0.0.1, addressed to the printed host name unless `host` is given. */
function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { host: authority, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(path: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers: { host: authority, ...headers } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

/** Writes raw bytes to the port; resolves with everything the server sent before it closed the socket. */
function rawExchange(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'pipe-server-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><p>app</p>');
  writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  const rpc = new RpcHost(contract, { app: { ping: ({ text }) => `pong:${text}` } });
  server = await startBrowserServer(rpc, { port: 0, rendererDir: join(root, 'renderer'), secret: SECRET, hostName: HOST_NAME });
  authority = `${HOST_NAME}:${server.port}`;
  cookie = `pipe_session=${SECRET}`;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('survives an unauthenticated upgrade to //x:99999 (400, and keeps serving)', async () => {
    const reply = await rawExchange(
      'GET //x:99999 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    const plain = await rawExchange('GET //x:99999 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 400 /);
    expect((await rawGet('/')).status).toBe(401);
  });

  it('listens on loopback and prints a URL on its own *.localhost name, carrying the secret', () => {
    expect(server.url).toBe(`http://${HOST_NAME}:${server.port}/?token=${SECRET}`);
    expect(server.origin).toBe(`http://${HOST_NAME}:${server.port}`);
  });

  it('a fresh launch gets a fresh random *.localhost name', async () => {
    const rpc = new RpcHost(contract, { app: { ping: ({ text }) => text } });
    const a = await startBrowserServer(rpc, { port: 0, rendererDir: root });
    const b = await startBrowserServer(rpc, { port: 0, rendererDir: root });
    await Promise.all([a.close(), b.close()]);
    expect(a.hostName).toMatch(/^pipe-[0-9a-f]{12}\.localhost$/);
    expect(b.hostName).not.toBe(a.hostName);
    expect(b.secret).not.toBe(a.secret);
  });

  it('answers only requests addressed to the printed name (DNS rebinding, other local names)', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${server.port}`, `localhost:${server.port}`, `evil.example:${server.port}`, HOST_NAME, `${HOST_NAME}:1`, `x.${authority}`, '']) {
      const res = await rawGet(`/?token=${SECRET}`, { host, cookie });
      expect(res.status, host).toBe(421);
      expect(res.headers['set-cookie'], host).toBeUndefined();
      expect(res.body, host).not.toContain(HOST_NAME);
      expect(await upgrade('/rpc', { host, origin: server.origin, cookie }), host).toBe(421);
    }
    expect((await rawGet('/', { host: authority.toUpperCase(), cookie })).status).toBe(200);
  });

  it('answers 401 without the secret', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong', '/?token=']) {
      expect((await rawGet(path)).status, path).toBe(401);
    }
    expect((await rawGet('/', { cookie: 'pipe_session=nope' })).status).toBe(401);
  });

  it('trades the secret in the URL for an HttpOnly cookie bound to the launch name only', async () => {
    const res = await rawGet(`/?token=${SECRET}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain(cookie);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Domain=/i); // host-only: never sent to 127.0.0.1, localhost or another name

    const page = await rawGet('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<p>app</p>');
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://${authority}`);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const asset = await rawGet('/assets/app.js', { cookie });
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses methods other than GET/HEAD', async () => {
    const res = await rawGet('/', { cookie }, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('refuses path traversal', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html']) {
      const res = await rawGet(path, { cookie });
      expect(res.body, path).not.toContain('TOP SECRET');
      expect([400, 404], path).toContain(res.status);
    }
  });

  it('checks Origin and the secret on WebSocket upgrades', async () => {
    expect(await upgrade('/rpc', { origin: server.origin })).toBe(401);
    expect(await upgrade('/rpc', { origin: 'http://evil.example', cookie })).toBe(401);
    expect(await upgrade('/rpc', { origin: `http://127.0.0.1:${server.port}`, cookie })).toBe(401);
    expect(await upgrade('/rpc', { origin: `http://localhost:${server.port}`, cookie })).toBe(401);
    expect(await upgrade('/rpc', { cookie })).toBe(401);
    expect(await upgrade('/other', { origin: server.origin, cookie })).toBe(401);
    const ws = await upgrade('/rpc', { origin: server.origin, cookie });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('serves the contract over the socket, and answers binary frames with bad-request', async () => {
    const ws = (await upgrade('/rpc', { origin: server.origin, cookie })) as WebSocket;
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.ping', args: { text: 'hi' } }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await vi.waitFor(() => expect(replies).toHaveLength(2), { timeout: 10_000 });
    expect(replies).toContainEqual({ t: 'result', id: 1, value: 'pong:hi' });
    expect(replies).toContainEqual(expect.objectContaining({ t: 'error', error: expect.objectContaining({ code: 'bad-request' }) }));
    ws.close();
  });
});
