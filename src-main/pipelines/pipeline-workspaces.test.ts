import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pipelinesContract } from '../../src-shared/contract/pipelines';
import { createRpcClient } from '../../src-shared/contract/rpc-client';
import type { RpcError } from '../../src-shared/contract/errors';
import type { ClientMessage, HostMessage, MessagePort } from '../../src-shared/contract/wire';
import { RpcHost } from '../host/rpc-host';
import { createPipelinesHandlers } from './pipelines-handlers';
import { PipelineWorkspaces } from './pipeline-workspaces';

const contract = { pipelines: pipelinesContract } as const;
let base: string;
let repo: string;
let outside: string;
let workspaces: PipelineWorkspaces;

/** The real RPC host in front of the handlers, so every call is checked at the edge as in the app. */
function client() {
  const host = new RpcHost(contract, { pipelines: createPipelinesHandlers(workspaces) }, { batchMs: 1 });
  const listeners = new Set<(m: HostMessage) => void>();
  const connection = host.connect((m) => {
    const copy = JSON.parse(JSON.stringify(m)) as HostMessage;
    queueMicrotask(() => listeners.forEach((l) => l(copy)));
  });
  const port: MessagePort<ClientMessage, HostMessage> = {
    send: (m) => queueMicrotask(() => connection.receive(JSON.stringify(m))),
    onMessage: (l) => (listeners.add(l), () => listeners.delete(l)),
  };
  return createRpcClient<typeof contract>(port).api.pipelines;
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return (err as RpcError).code;
  }
};

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pipe-ws-'));
  repo = join(base, 'repo');
  outside = join(base, 'outside');
  mkdirSync(join(repo, '.pipe'), { recursive: true });
  mkdirSync(join(repo, '.tekton', 'tasks'), { recursive: true });
  mkdirSync(join(repo, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(repo, '.pipe', 'ci.yaml'), 'kind: Pipeline\n');
  writeFileSync(join(repo, '.tekton', 'tasks', 'build.yml'), 'kind: Task\n');
  writeFileSync(join(repo, '.pipe', 'README.md'), 'not yaml');
  writeFileSync(join(repo, 'src', 'app.yaml'), 'elsewhere: true\n');
  writeFileSync(join(outside, 'secret.yaml'), 'secret: s3cr3t\n');
  workspaces = new PipelineWorkspaces({ debounceMs: 20, pollMs: 200 });
});

afterEach(() => {
  workspaces.dispose();
  rmSync(base, { recursive: true, force: true });
});

describe('pipelines.openFolder / readFile / writeFile', () => {
  it('lists the YAML under .pipe/ and .tekton/ only', async () => {
    const ws = await client().openFolder({ path: repo });
    expect(ws.kind).toBe('folder');
    expect(ws.name).toBe('repo');
    expect(ws.files.map((f) => f.path)).toEqual(['.pipe/ci.yaml', '.tekton/tasks/build.yml']);
  });

  it('reads and saves atomically, guarding against outside changes', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    const file = await api.readFile({ workspaceId, path: '.pipe/ci.yaml' });
    expect(file.text).toBe('kind: Pipeline\n');
    const saved = await api.writeFile({ workspaceId, path: '.pipe/ci.yaml', text: 'kind: Pipeline # 2\n', expectedMtimeMs: file.mtimeMs });
    expect(readFileSync(join(repo, '.pipe', 'ci.yaml'), 'utf8')).toBe('kind: Pipeline # 2\n');
    expect(readdirSync(join(repo, '.pipe')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // Someone else writes the file: a save with the old mtime is a conflict, `overwrite` wins.
    writeFileSync(join(repo, '.pipe', 'ci.yaml'), 'outside edit\n');
    const outsideMtime = saved.mtimeMs - 10_000;
    await import('node:fs').then((fs) => fs.utimesSync(join(repo, '.pipe', 'ci.yaml'), new Date(), new Date(outsideMtime)));
    expect(await codeOf(api.writeFile({ workspaceId, path: '.pipe/ci.yaml', text: 'x\n', expectedMtimeMs: saved.mtimeMs }))).toBe('conflict');
    expect(await codeOf(api.writeFile({ workspaceId, path: '.pipe/ci.yaml', text: 'x\n', expectedMtimeMs: saved.mtimeMs, overwrite: true }))).toBe('ok');
  });

  it('creates new files (and folders) inside the workspace but never clobbers one by accident', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    await api.writeFile({ workspaceId, path: '.pipe/new/cd.yaml', text: 'kind: Pipeline\n' });
    expect(readFileSync(join(repo, '.pipe', 'new', 'cd.yaml'), 'utf8')).toBe('kind: Pipeline\n');
    expect(statSync(join(repo, '.pipe', 'new', 'cd.yaml')).mode & 0o777).toBe(0o644);
    expect(await codeOf(api.writeFile({ workspaceId, path: '.pipe/ci.yaml', text: 'x' }))).toBe('conflict');
  });

  it('refuses paths that leave the folder: .., absolute, backslashes, symlinks, non-YAML', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    symlinkSync(join(outside, 'secret.yaml'), join(repo, '.pipe', 'link.yaml'));
    symlinkSync(outside, join(repo, '.pipe', 'out'));
    const attempts = [
      '../outside/secret.yaml',
      '.pipe/../../outside/secret.yaml',
      `${outside}/secret.yaml`,
      '/etc/passwd.yaml',
      '.pipe\\..\\..\\outside\\secret.yaml',
      '.pipe/link.yaml',
      '.pipe/out/secret.yaml',
      '.pipe/README.md',
      './.pipe/ci.yaml',
      '.pipe//ci.yaml',
      '.pipe/ci.yaml\0.yaml',
    ];
    for (const path of attempts) {
      expect([path, await codeOf(api.readFile({ workspaceId, path }))]).toEqual([path, expect.stringMatching(/^(forbidden|bad-request)$/)]);
      expect([path, await codeOf(api.writeFile({ workspaceId, path, text: 'pwned', overwrite: true }))]).toEqual([path, expect.stringMatching(/^(forbidden|bad-request)$/)]);
    }
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe('secret: s3cr3t\n');
    expect(readdirSync(outside)).toEqual(['secret.yaml']);
    // The symlinked file is not listed either.
    expect((await api.openFolder({ path: repo })).files.map((f) => f.path)).not.toContain('.pipe/link.yaml');
  });

  it('answers random relative paths with a typed error or a file inside the folder, never outside', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    const segment = fc.constantFrom('..', '.', '', '.pipe', 'out', 'ci.yaml', 'secret.yaml', 'outside', '\\..', '%2e%2e', 'x.yml');
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (parts) => {
        const path = parts.join('/');
        const code = await codeOf(api.writeFile({ workspaceId, path, text: 'fuzz', overwrite: true }));
        expect(['ok', 'forbidden', 'bad-request', 'not-found', 'conflict']).toContain(code);
      }),
      { numRuns: 150 },
    );
    expect(readFileSync(join(outside, 'secret.yaml'), 'utf8')).toBe('secret: s3cr3t\n');
  });

  it('rejects malformed arguments at the edge', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    const raw = api as unknown as Record<string, (a: unknown) => Promise<unknown>>;
    expect(await codeOf(raw['readFile']!({ workspaceId, path: 42 }))).toBe('bad-request');
    expect(await codeOf(raw['readFile']!({ workspaceId, path: '.pipe/ci.yaml', extra: 1 }))).toBe('bad-request');
    expect(await codeOf(raw['writeFile']!({ workspaceId, path: 'a.yaml', text: 'x'.repeat(5 * 1024 * 1024 + 1) }))).toMatch(/bad-request|too-large/);
    expect(await codeOf(api.readFile({ workspaceId: 'nope', path: '.pipe/ci.yaml' }))).toBe('not-found');
    expect(await codeOf(api.openFolder({ path: join(base, 'missing') }))).toBe('not-found');
    expect(await codeOf(api.openFolder({ path: join(repo, '.pipe', 'ci.yaml') }))).toBe('bad-request');
  });

  it('a single-file workspace reaches that file only', async () => {
    const api = client();
    const ws = await api.openFile({ path: join(repo, '.pipe', 'ci.yaml') });
    expect(ws.files.map((f) => f.path)).toEqual(['ci.yaml']);
    expect((await api.readFile({ workspaceId: ws.workspaceId, path: 'ci.yaml' })).text).toBe('kind: Pipeline\n');
    writeFileSync(join(repo, '.pipe', 'other.yaml'), 'x: 1\n');
    expect(await codeOf(api.readFile({ workspaceId: ws.workspaceId, path: 'other.yaml' }))).toBe('forbidden');
    expect(await codeOf(api.openFile({ path: join(repo, '.pipe', 'README.md') }))).toBe('forbidden');
  });
});

describe('pipelines.watch', () => {
  it('sends the listing, then again when a file changes, appears or goes; stops watching on unsubscribe', async () => {
    const api = client();
    const { workspaceId } = await api.openFolder({ path: repo });
    const seen: string[][] = [];
    const stop = api.watch({ workspaceId }, { next: (e) => seen.push(e.files.map((f) => `${f.path}:${f.size}`)) });
    const waitFor = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(check()).toBe(true);
    };
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toEqual(['.pipe/ci.yaml:15', '.tekton/tasks/build.yml:11']);
    writeFileSync(join(repo, '.pipe', 'ci.yaml'), 'kind: Pipeline # changed outside\n');
    await waitFor(() => seen.some((s) => s.includes('.pipe/ci.yaml:33')));
    writeFileSync(join(repo, '.pipe', 'cd.yaml'), 'kind: Pipeline\n');
    await waitFor(() => seen.at(-1)!.includes('.pipe/cd.yaml:15'));
    rmSync(join(repo, '.tekton'), { recursive: true });
    await waitFor(() => !seen.at(-1)!.some((p) => p.startsWith('.tekton/')));
    expect(workspaces.openWatches).toBeGreaterThan(0);
    stop();
    await waitFor(() => workspaces.openWatches === 0);
  });
});
