import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeconfigStore, type KubeconfigStoreOptions } from './kubeconfig-store';
import { KubeconfigExporter } from './kubeconfig-exporter';
import { ExportsFolderPicker } from './export-location';
import { waitUntil } from '../../src-node/testing/wait-until';

const stores: KubeconfigStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

const kc = (ctx: string, server = `https://${ctx}.example:6443`, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: ctx,
        cluster: {
          server,
          'certificate-authority': 'ca.crt',
          'proxy-url': 'socks5://proxy:1080',
          extensions: [{ name: 'x', extension: { a: 1 } }],
        },
      },
    ],
    users: [
      { name: ctx, user: { 'client-certificate': 'certs/me.crt', 'client-key': '/abs/me.key', ...extra } },
    ],
    contexts: [{ name: ctx, context: { cluster: ctx, user: ctx } }],
    'current-context': ctx,
  });

function setup(over: Partial<KubeconfigStoreOptions> & { env?: string; user?: string[] } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'pipe-store-'));
  const home = join(root, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  let userPaths = over.user ?? [];
  const store = new KubeconfigStore({
    envKubeconfig: () => over.env,
    home,
    userPaths: () => userPaths,
    appDir: join(root, 'app', 'kubeconfigs'),
    watch: { debounceMs: 30, pollMs: 60_000 },
    ...over,
  });
  stores.push(store);
  return { root, home, store, setUserPaths: (p: string[]) => (userPaths = p) };
}

describe('KubeconfigStore discovery', () => {
  it('reads KUBECONFIG in order, then ~/.kube/config, then user paths (files and folders), then app-managed files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipe-src-'));
    writeFileSync(join(root, 'a.yaml'), kc('a'));
    writeFileSync(join(root, 'b.yaml'), kc('b'));
    mkdirSync(join(root, 'folder'));
    writeFileSync(join(root, 'folder', 'c.yaml'), kc('c'));
    writeFileSync(join(root, 'folder', 'notes.txt'), 'not a kubeconfig');
    writeFileSync(join(root, 'folder', '.c.yaml.swp'), 'x');
    const { home, store } = setup({
      env: `${join(root, 'a.yaml')}:${join(root, 'missing.yaml')}`,
      user: [join(root, 'b.yaml'), join(root, 'folder')],
    });
    writeFileSync(join(home, '.kube', 'config'), kc('home'));
    await store.start();
    await store.importText('pasted', kc('pasted'));
    const infos = store.fileInfos();
    expect(infos.map((f) => `${f.kind}:${f.path.replace(root, '').replace(home, '~')}:${f.state}`)).toEqual([
      'env:/a.yaml:ok',
      'env:/missing.yaml:missing',
      'default:~/.kube/config:ok',
      'user:/b.yaml:ok',
      'user:/folder/c.yaml:ok',
      `app:${join(store['options'].appDir, 'pasted.yaml').replace(root, '').replace(home, '~')}:ok`,
    ]);
    expect([...store.snapshot.merged.contexts.keys()]).toEqual(['a', 'home', 'b', 'c', 'pasted']);
    expect(store.snapshot.merged.currentContext).toBe('a');
    expect(statSync(join(store['options'].appDir, 'pasted.yaml')).mode & 0o777).toBe(0o600);
    expect(infos.find((f) => f.path.endsWith('c.yaml'))!.removable).toBe(true);
    expect(infos.find((f) => f.path.endsWith('a.yaml'))!.removable).toBe(false);
  });

  it('applies edits live: a new context appears without a restart, also after an atomic rename', async () => {
    const { home, store } = setup();
    const file = join(home, '.kube', 'config');
    writeFileSync(file, kc('first'));
    await store.start();
    expect([...store.snapshot.merged.contexts.keys()]).toEqual(['first']);
    writeFileSync(file, kc('second'));
    await waitUntil(() => store.snapshot.merged.contexts.has('second'), 'in-place edit');
    // Editors and kubectl replace the file by renaming a temp file over it.
    writeFileSync(`${file}.tmp-123`, kc('third'));
    renameSync(`${file}.tmp-123`, file);
    await waitUntil(() => store.snapshot.merged.contexts.has('third'), 'rename over');
  });

  it('notices a file that appears later in a folder that did not exist', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipe-late-'));
    const { store } = setup({ env: join(root, 'later', 'deep', 'config') });
    await store.start();
    expect(store.fileInfos()[0]!.state).toBe('missing');
    mkdirSync(join(root, 'later', 'deep'), { recursive: true });
    writeFileSync(join(root, 'later', 'deep', 'config'), kc('late'));
    await waitUntil(() => store.snapshot.merged.contexts.has('late'), 'late file', 8000);
  });

  it('reports a broken file, a too-large file and a partly invalid file against each, without affecting others', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipe-bad-'));
    writeFileSync(join(root, 'good.yaml'), kc('good'));
    writeFileSync(join(root, 'garbage.yaml'), '{{{{ not yaml ::::');
    writeFileSync(join(root, 'huge.yaml'), 'a'.repeat(4 * 1024 * 1024 + 10));
    writeFileSync(join(root, 'binary.yaml'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(
      join(root, 'partial.yaml'),
      JSON.stringify({
        clusters: [
          { name: 'ok', cluster: { server: 'https://ok:1' } },
          { name: 'bad', cluster: {} },
        ],
        contexts: [{ name: 'p', context: { cluster: 'ok' } }],
      }),
    );
    const names = ['good', 'garbage', 'huge', 'binary', 'partial'].map((n) => join(root, `${n}.yaml`));
    const { store } = setup({ user: names });
    await store.start();
    const byName = Object.fromEntries(store.fileInfos().map((f) => [f.path.replace(`${root}/`, ''), f]));
    expect(byName['good.yaml']!.state).toBe('ok');
    expect(byName['garbage.yaml']).toMatchObject({ state: 'error' });
    expect(byName['garbage.yaml']!.problems[0]!.message).toMatch(/Not valid YAML|not a YAML mapping/);
    expect(byName['huge.yaml']!.problems[0]!.message).toMatch(/4\.0 MB; kubeconfigs over 4 MB are not read/);
    expect(byName['binary.yaml']!.problems[0]!.message).toMatch(/binary/);
    expect(byName['partial.yaml']).toMatchObject({ state: 'partial', contexts: 1 });
    expect(byName['partial.yaml']!.problems[0]).toMatchObject({ entry: 'bad' });
    expect([...store.snapshot.merged.contexts.keys()].sort()).toEqual(['good', 'p']);
  });

  it('never writes to user files', async () => {
    const { home, store } = setup();
    const file = join(home, '.kube', 'config');
    writeFileSync(file, kc('mine'));
    const before = statSync(file).mtimeMs;
    await store.start();
    // Even a save dialog's confirmed choice never replaces a kubeconfig the app reads.
    const exporter = new KubeconfigExporter(store, {
      pick: async () => ({ path: file, overwriteConfirmed: true }),
    });
    await expect(exporter.export('mine', 'ns')).rejects.toMatchObject({ code: 'conflict' });
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe(kc('mine'));
  });
});

describe('KubeconfigExporter', () => {
  it('writes one context with namespace, every field kept, relative paths made absolute, mode 0600', async () => {
    const { home, store } = setup();
    writeFileSync(
      join(home, '.kube', 'config'),
      kc('prod', 'https://prod:6443', {
        exec: { command: './bin/login', apiVersion: 'client.authentication.k8s.io/v1' },
      }),
    );
    await store.start();
    const exporter = new KubeconfigExporter(store, new ExportsFolderPicker(join(home, 'exports')));
    const { path, kubectlCommand } = await exporter.export('prod', 'team-a');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('proxy-url: socks5://proxy:1080');
    expect(text).toContain(`certificate-authority: ${join(home, '.kube', 'ca.crt')}`);
    expect(text).toContain(`client-certificate: ${join(home, '.kube', 'certs', 'me.crt')}`);
    expect(text).toContain('client-key: /abs/me.key');
    expect(text).toContain(`command: ${join(home, '.kube', 'bin', 'login')}`);
    expect(text).toContain('namespace: team-a');
    expect(text).toContain('extensions:');
    expect(kubectlCommand).toBe(`kubectl --kubeconfig ${path} --namespace team-a get pods`);
    expect(exporter.kubectlCommand('prod', 'team a')).toBe(
      `kubectl --kubeconfig ${join(home, '.kube', 'config')} --context prod --namespace 'team a' get pods`,
    );
  });

  it('writes only where the picker says; an existing file is replaced only after confirmation; cancel writes nothing', async () => {
    const { home, store } = setup();
    writeFileSync(join(home, '.kube', 'config'), kc('prod'));
    await store.start();
    const exporter = new KubeconfigExporter(store, new ExportsFolderPicker(join(home, 'exports')));
    const first = await exporter.export('prod', 'team-a');
    expect(first.path).toBe(join(home, 'exports', 'prod-team-a.yaml'));
    writeFileSync(first.path, 'mine, edited');
    await expect(exporter.export('prod', 'team-a')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already exists/),
    });
    expect(readFileSync(first.path, 'utf8')).toBe('mine, edited');
    await exporter.export('prod', 'team-a', { overwrite: true });
    expect(readFileSync(first.path, 'utf8')).toContain('namespace: team-a');
    const chosen = join(home, 'picked.yaml');
    writeFileSync(chosen, 'old');
    const viaDialog = new KubeconfigExporter(store, {
      pick: async () => ({ path: chosen, overwriteConfirmed: true }),
    });
    expect((await viaDialog.export('prod', undefined)).path).toBe(chosen);
    expect(readFileSync(chosen, 'utf8')).toContain('current-context: prod');
    const cancelled = new KubeconfigExporter(store, { pick: async () => undefined });
    await expect(cancelled.export('prod', undefined)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
