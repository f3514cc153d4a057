// Browser mode refuses requests without the launch secret (HTTP 401, WebSocket upgrades refused, wrong Origin
// refused), answers only its own printed name (DNS rebinding), and its session cookie never reaches another local port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { removeDataDir, requestHost, startHostProcess, type HostProcess } from './harness';
import { useE2e } from './fixtures';

/** Tries a WebSocket upgrade on 127.0.0.1 addressed to `hostHeader`; resolves "open" or the HTTP status of the refusal. */
function tryUpgrade(port: number, path: string, hostHeader: string, headers: Record<string, string>): Promise<'open' | number | string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host: hostHeader, ...headers } });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', (err) => resolve(err.message));
  });
}

describe('launch secret', () => {
  const e2e = useE2e();
  let host: HostProcess;
  let cookie: string;
  beforeAll(async () => {
    host = await startHostProcess();
    const res = await requestHost(host, new URL(host.url).pathname + new URL(host.url).search);
    cookie = String(res.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await host?.stop();
    if (host) removeDataDir(host.dataDir);
  });

  it('request without the secret is refused (HTTP 401)', async () => {
    for (const path of ['/', '/index.html', '/assets/anything.js', '/?token=wrong']) {
      expect((await requestHost(host, path)).status, path).toBe(401);
    }
    expect((await requestHost(host, '/', { cookie })).status).toBe(200);

    const page = e2e.track(await (await e2e.browser().newContext()).newPage());
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('open the URL printed');
  });

  it('answers only the printed name: 127.0.0.1, localhost and rebound names are refused', async () => {
    const secretPath = `/?token=${host.secret}`;
    for (const name of [`127.0.0.1:${host.port}`, `localhost:${host.port}`, `attacker.example:${host.port}`]) {
      const res = await requestHost(host, secretPath, { host: name });
      expect(res.status, name).toBe(421);
      expect(res.headers['set-cookie'], name).toBeUndefined();
    }
    // The same in Chromium: the secret URL on 127.0.0.1 gets no session.
    const page = e2e.track(await (await e2e.browser().newContext()).newPage());
    const response = await page.goto(`http://127.0.0.1:${host.port}${secretPath}`);
    expect(response?.status()).toBe(421);
    expect(await page.context().cookies()).toEqual([]);
  });

  it('the session cookie is not sent to other local servers', async () => {
    const seen: string[] = [];
    const other: Server = createServer((req, res) => {
      if (req.url === '/') seen.push(`${req.headers.host} ${req.headers.cookie ?? '(no cookie)'}`); // not /favicon.ico
      res.end('another local server');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    try {
      const otherPort = (other.address() as AddressInfo).port;
      const context = await e2e.browser().newContext();
      const page = e2e.track(await context.newPage());
      await page.goto(host.url);
      await page.locator('[data-shell-ready]').waitFor({ state: 'visible' });
      const cookies = await context.cookies();
      expect(cookies.map((c) => [c.name, c.domain, c.httpOnly, c.sameSite])).toEqual([['pipe_session', new URL(host.url).hostname, true, 'Strict']]);
      for (const url of [`http://127.0.0.1:${otherPort}/`, `http://localhost:${otherPort}/`]) await page.goto(url);
      expect(seen).toEqual([`127.0.0.1:${otherPort} (no cookie)`, `localhost:${otherPort} (no cookie)`]);
    } finally {
      other.closeAllConnections();
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('websocket upgrade without the secret or from another origin is refused', async () => {
    const up = (headers: Record<string, string>, path = '/rpc', name = host.authority) => tryUpgrade(host.port, path, name, headers);
    expect(await up({ origin: host.origin })).toBe(401);
    expect(await up({ origin: 'http://evil.example', cookie })).toBe(401);
    expect(await up({ origin: `http://127.0.0.1:${host.port}`, cookie })).toBe(401);
    expect(await up({ cookie })).toBe(401); // no Origin at all
    expect(await up({ origin: host.origin }, '/rpc?token=wrong')).toBe(401);
    expect(await up({ origin: host.origin, cookie }, '/rpc', `127.0.0.1:${host.port}`)).toBe(421);
    expect(await up({ origin: host.origin, cookie })).toBe('open');

    // A page on another origin cannot connect either (its Origin is wrong, and the cookie is SameSite=Strict).
    const page = e2e.track(await (await e2e.browser().newContext()).newPage());
    await page.setContent('<p>another site</p>');
    const result = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          // globalThis: the page's WebSocket, not the `ws` import of this file.
          const ws = new globalThis.WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      `${host.origin.replace('http:', 'ws:')}/rpc`,
    );
    expect(result).toBe('refused');
  });
});
