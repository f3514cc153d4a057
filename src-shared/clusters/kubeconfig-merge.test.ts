import { describe, expect, it } from 'vitest';
import { parseKubeconfig } from './kubeconfig-parse';
import { authKindOf, mergeKubeconfigs, resolveContext } from './kubeconfig-merge';
import { orderSources, splitKubeconfigEnv, looksLikeKubeconfigName } from './kubeconfig-sources';

const cfg = (o: { clusters?: [string, string][]; users?: string[]; contexts?: [string, string, string?][]; current?: string }): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: (o.clusters ?? []).map(([name, server]) => ({ name, cluster: { server } })),
    users: (o.users ?? []).map((name) => ({ name, user: { token: `t-${name}` } })),
    contexts: (o.contexts ?? []).map(([name, cluster, user]) => ({ name, context: { cluster, user } })),
    ...(o.current !== undefined ? { 'current-context': o.current } : {}),
  });

describe('kubeconfig merge rules (kubectl)', () => {
  it('first file wins per entry name, for clusters, users and contexts independently', () => {
    const a = parseKubeconfig('/a', cfg({ clusters: [['c1', 'https://a:1']], users: ['u1'], contexts: [['x', 'c1', 'u1']] }));
    const b = parseKubeconfig('/b', cfg({ clusters: [['c1', 'https://b:1'], ['c2', 'https://b:2']], users: ['u1', 'u2'], contexts: [['x', 'c2', 'u2'], ['y', 'c2', 'u2']] }));
    const m = mergeKubeconfigs([a, b]);
    expect(m.clusters.get('c1')?.body.server).toBe('https://a:1');
    expect(m.clusters.get('c1')?.file).toBe('/a');
    expect(m.clusters.get('c2')?.file).toBe('/b');
    expect(m.contexts.get('x')?.body.cluster).toBe('c1');
    expect([...m.contexts.keys()]).toEqual(['x', 'y']);
    expect(m.shadowed.get('/b')?.map((p) => p.entry)).toEqual(['c1', 'u1', 'x']);
    expect(m.shadowed.get('/a')).toBeUndefined();
  });

  it('takes current-context from the first file that sets it', () => {
    const a = parseKubeconfig('/a', cfg({ contexts: [], current: '' }));
    const b = parseKubeconfig('/b', cfg({ current: 'from-b' }));
    const c = parseKubeconfig('/c', cfg({ current: 'from-c' }));
    expect(mergeKubeconfigs([a, b, c]).currentContext).toBe('from-b');
    expect(mergeKubeconfigs([c, b]).currentContext).toBe('from-c');
  });

  it('resolves a context against entries of other files, and reports dangling references', () => {
    const a = parseKubeconfig('/a', cfg({ contexts: [['x', 'c1', 'u1'], ['bad', 'nope', 'u1'], ['nouser', 'c1', 'ghost']] }));
    const b = parseKubeconfig('/b', cfg({ clusters: [['c1', 'https://b:1']], users: ['u1'] }));
    const m = mergeKubeconfigs([a, b]);
    const x = resolveContext(m, 'x')!;
    expect(x.cluster?.file).toBe('/b');
    expect(x.user?.file).toBe('/b');
    expect(x.problem).toBeUndefined();
    expect(resolveContext(m, 'bad')!.problem).toMatch(/cluster "nope"/);
    expect(resolveContext(m, 'nouser')!.problem).toMatch(/user "ghost"/);
    expect(resolveContext(m, 'missing')).toBeUndefined();
  });

  it('a broken file contributes nothing and does not stop the others', () => {
    const broken = parseKubeconfig('/broken', 'clusters: [unclosed');
    const ok = parseKubeconfig('/ok', cfg({ clusters: [['c', 'https://ok:1']], contexts: [['ctx', 'c']] }));
    expect(broken.problems[0]).toMatchObject({ severity: 'error' });
    const m = mergeKubeconfigs([broken, ok]);
    expect([...m.contexts.keys()]).toEqual(['ctx']);
  });
});

describe('parseKubeconfig', () => {
  it('keeps valid entries of a partly invalid file and names the bad ones', () => {
    const text = `
apiVersion: v1
kind: Config
clusters:
- name: good
  cluster: {server: https://good:6443}
- name: noserver
  cluster: {}
- cluster: {server: https://anon:1}
- name: ftp
  cluster: {server: ftp://x}
users:
- name: u
  user: {exec: {args: [x]}}
- name: plain
contexts:
- name: ctx
  context: {cluster: good}
- name: nocluster
  context: {user: u}
`;
    const p = parseKubeconfig('/f', text);
    expect(p.clusters.map((c) => c.name)).toEqual(['good']);
    expect(p.users.map((u) => u.name)).toEqual(['plain']);
    expect(p.contexts.map((c) => c.name)).toEqual(['ctx']);
    const messages = p.problems.map((x) => x.message).join('\n');
    expect(messages).toMatch(/"noserver" has no server/);
    expect(messages).toMatch(/clusters\[2\] has no name/);
    expect(messages).toMatch(/not an http\(s\) URL/);
    expect(messages).toMatch(/exec section without a command/);
    expect(messages).toMatch(/"nocluster" names no cluster/);
  });

  it('reports garbage, wrong kinds and non-lists as file problems', () => {
    expect(parseKubeconfig('/f', 'just a string').problems[0]!.message).toMatch(/not a YAML mapping/);
    expect(parseKubeconfig('/f', 'kind: Pod\napiVersion: v1').problems[0]!.message).toMatch(/kind is "Pod"/);
    expect(parseKubeconfig('/f', 'clusters: {a: 1}').problems[0]!.message).toMatch(/"clusters" must be a list/);
    expect(parseKubeconfig('/f', '').problems).toEqual([]);
    expect(parseKubeconfig('/f', 'x'.repeat(4 * 1024 * 1024 + 1)).problems[0]!.message).toMatch(/larger than 4 MB/);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const p = parseKubeconfig('/f', bomb.join('\n'));
    expect(p.problems[0]?.severity).toBe('error');
  });

  it('keeps the first of duplicate names within one file', () => {
    const p = parseKubeconfig('/f', cfg({ clusters: [['c', 'https://one:1'], ['c', 'https://two:1']] }));
    expect(p.clusters).toHaveLength(1);
    expect(p.clusters[0]!.body.server).toBe('https://one:1');
    expect(p.problems[0]!.severity).toBe('warning');
  });
});

describe('auth kinds', () => {
  const user = (body: Record<string, unknown>) => ({ name: 'u', body, file: '/f' });
  it('classifies every credential kind', () => {
    expect(authKindOf(user({ exec: { command: 'kubelogin' } }))).toBe('exec');
    expect(authKindOf(user({ 'auth-provider': { name: 'oidc' } }))).toBe('oidc');
    expect(authKindOf(user({ 'auth-provider': { name: 'gcp' } }))).toBe('auth-provider');
    expect(authKindOf(user({ token: 'x' }))).toBe('token');
    expect(authKindOf(user({ 'token-file': '/t' }))).toBe('token');
    expect(authKindOf(user({ 'client-certificate-data': 'x' }))).toBe('client-cert');
    expect(authKindOf(user({ username: 'a', password: 'b' }))).toBe('basic');
    expect(authKindOf(user({}))).toBe('none');
    expect(authKindOf(undefined)).toBe('none');
  });
});

describe('sources', () => {
  it('splits KUBECONFIG like kubectl and orders env, default, user, app without duplicates', () => {
    expect(splitKubeconfigEnv('/a::/b:', ':')).toEqual(['/a', '/b']);
    expect(splitKubeconfigEnv('C:\\a;C:\\b', ';')).toEqual(['C:\\a', 'C:\\b']);
    expect(splitKubeconfigEnv(undefined, ':')).toEqual([]);
    const s = orderSources({
      env: ['/a', '/home/.kube/config'],
      defaultPath: '/home/.kube/config',
      user: [{ path: '/u1' }, { path: '/a' }, { path: '/dir/x.yaml', folder: '/dir' }],
      app: ['/app/p.yaml'],
    });
    expect(s.map((x) => `${x.kind}:${x.path}`)).toEqual(['env:/a', 'env:/home/.kube/config', 'user:/u1', 'user:/dir/x.yaml', 'app:/app/p.yaml']);
  });

  it('folder scans skip backups, hidden and temp files', () => {
    expect(['config', 'dev.yaml', 'prod.yml', 'x.kubeconfig', 'a.conf'].every(looksLikeKubeconfigName)).toBe(true);
    expect(['.hidden', 'config~', 'c.swp', 'c.tmp', 'c.bak', 'notes.txt', 'image.png'].some(looksLikeKubeconfigName)).toBe(false);
  });
});
