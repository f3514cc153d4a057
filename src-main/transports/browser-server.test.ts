import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let root: string;
let server: BrowserServer;
let cookie: string;

/** GET with a raw (un-normalized) path. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(path: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
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
  server = await startBrowserServer(rpc, { port: 0, rendererDir: join(root, 'renderer'), secret: SECRET });
  cookie = `pipe_session_${server.port}=${SECRET}`;
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

  it('listens on loopback and prints a URL carrying the secret', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${SECRET}`);
  });

  it('answers 401 without the secret', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong', '/?token=']) {
      expect((await rawGet(path)).status, path).toBe(401);
    }
    expect((await rawGet('/', { cookie: `pipe_session_${server.port}=nope` })).status).toBe(401);
  });

  it('trades the secret in the URL for an HttpOnly cookie', async () => {
    const res = await fetch(server.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain(cookie);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const page = await fetch(`${server.origin}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<p>app</p>');
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const asset = await fetch(`${server.origin}/assets/app.js`, { headers: { cookie } });
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses methods other than GET/HEAD', async () => {
    const res = await fetch(`${server.origin}/`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(405);
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
    expect(await upgrade('/rpc', { cookie })).toBe(401);
    expect(await upgrade('/other', { origin: server.origin, cookie })).toBe(401);
    const ws = await upgrade('/rpc', { origin: server.origin.replace('127.0.0.1', 'localhost'), cookie });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('serves the contract over the socket, and answers binary frames with bad-request', async () => {
    const ws = (await upgrade('/rpc', { origin: server.origin, cookie })) as WebSocket;
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.ping', args: { text: 'hi' } }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(replies).toContainEqual({ t: 'result', id: 1, value: 'pong:hi' });
    expect(replies).toContainEqual(expect.objectContaining({ t: 'error', error: expect.objectContaining({ code: 'bad-request' }) }));
    ws.close();
  });
});
