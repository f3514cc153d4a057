// The profile from a URL or file: each way it can be wrong gives a message that says what to fix (issue 10, bad input).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterRegistry } from './cluster-registry';
import { PlatformProfileLoader } from './platform-profile-loader';

const noClusters = { onDidChange: () => () => undefined, list: () => [] } as unknown as ClusterRegistry;
let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function serve(status: number, body: string): Promise<string> {
  server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/profile.json`;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const load = (url: string) => new PlatformProfileLoader({ profileUrl: () => url, registry: noClusters }).load();

describe('platform profile from a URL or file', () => {
  it('an unreachable URL says the server cannot be reached and what to check', async () => {
    const url = `http://127.0.0.1:${await freePort()}/profile.json`;
    const info = await load(url);
    expect(info).toMatchObject({ state: 'error', source: url });
    expect(info.error).toBe(`The profile could not be read from ${url}: the server cannot be reached (ECONNREFUSED); check the URL and your network or VPN`);
  });

  it('a page that is not JSON says so', async () => {
    const url = await serve(200, '<html>login</html>');
    const info = await load(url);
    expect(info.state).toBe('error');
    expect(info.error).toMatch(/^The profile is not valid JSON: /);
  });

  it('an HTTP error names the status', async () => {
    const url = await serve(404, 'nope');
    expect((await load(url)).error).toBe(`The profile could not be read from ${url}: the server answered HTTP 404; check the URL`);
  });

  it('a profile without a core cluster names the missing field; a missing file names the file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipe-profile-'));
    const file = join(dir, 'profile.json');
    await writeFile(file, JSON.stringify({ runtimes: [] }));
    expect((await load(file)).error).toMatch(/^The profile is not valid: core/);
    const missing = join(dir, 'nope.json');
    expect((await load(missing)).error).toMatch(new RegExp(`^The profile could not be read from ${missing}: ENOENT`));
  });

  it('useSource replaces the configured source without saving it, and undefined goes back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipe-profile-'));
    const file = join(dir, 'profile.json');
    await writeFile(file, JSON.stringify({ name: 'local', core: { name: 'core', server: 'https://127.0.0.1:6443' }, runtimes: [] }));
    const loader = new PlatformProfileLoader({ profileUrl: () => undefined, registry: noClusters });
    expect(await loader.useSource(file)).toMatchObject({ state: 'loaded', name: 'local', source: file });
    expect(loader.profile?.name).toBe('local');
    expect(await loader.useSource(undefined)).toMatchObject({ state: 'none' });
    expect(loader.profile).toBeUndefined();
  });
});
