import { describe, expect, it } from 'vitest';
import { platformProfileSchema } from '../clusters/platform-profile';
import { refreshDueAt, userFromClaims } from './id-token-claims';
import { loopbackPage } from './loopback-page';
import { buildManagedKubeconfig, managedKubeconfigFileName } from './managed-kubeconfig';
import { SIGN_IN_FAILURES, SIGN_IN_FAILURE_TEXT, isSignInFailure } from './sign-in-failures';

const profile = platformProfileSchema.parse({
  name: 'Acme PIPE',
  core: { name: 'core', server: 'https://core.example:6443', caData: 'Q0E=' },
  runtimes: [
    { name: 'runtime-tokyo', region: 'tokyo', server: 'https://rt.example:6443' },
    { name: 'no-server' },
  ],
  dex: { issuer: 'https://dex.example/dex', clientId: 'pipe-desktop' },
  namespaces: ['team-a'],
});

describe('app-managed kubeconfig', () => {
  it('has a context per cluster with a server, the CA, and one exec user that never prompts', () => {
    const config = buildManagedKubeconfig(profile, {
      command: '/usr/bin/node',
      args: ['helper.mjs', '--profile', 'Acme PIPE'],
    }) as {
      clusters: { name: string; cluster: Record<string, string> }[];
      contexts: { name: string; context: Record<string, string> }[];
      users: { user: { exec: Record<string, unknown> } }[];
    };
    expect(managedKubeconfigFileName(profile)).toBe('pipe-acme-pipe.yaml');
    expect(config.contexts.map((c) => c.name)).toEqual([
      'pipe-acme-pipe-core',
      'pipe-acme-pipe-runtime-tokyo',
    ]);
    expect(config.clusters[0]!.cluster).toEqual({
      server: 'https://core.example:6443',
      'certificate-authority-data': 'Q0E=',
    });
    expect(config.contexts[1]!.context.namespace).toBe('team-a');
    expect(config.users).toHaveLength(1);
    expect(config.users[0]!.user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'Never',
      command: '/usr/bin/node',
    });
  });
});

describe('claims and refresh timing', () => {
  it('takes email as the username and keeps only string groups', () => {
    expect(
      userFromClaims({ sub: 's', email: 'dev@pipe.example', groups: ['a:b', 3, null], exp: 100 }),
    ).toEqual({
      username: 'dev@pipe.example',
      email: 'dev@pipe.example',
      groups: ['a:b'],
      expiresAt: 100_000,
    });
    expect(userFromClaims({ sub: 'only-sub' }).username).toBe('only-sub');
  });

  it('renews at 80% of the life, at least 30 s before expiry, never before issue', () => {
    expect(refreshDueAt(0, 600_000)).toBe(480_000);
    expect(refreshDueAt(0, 100_000)).toBe(70_000);
    expect(refreshDueAt(0, 5_000)).toBe(2_500);
    expect(refreshDueAt(1000, 500)).toBe(1000);
  });
});

describe('landing page and failure texts', () => {
  it('escapes the error it shows', () => {
    const html = loopbackPage({ ok: false, message: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(loopbackPage({ ok: true })).toContain('You can close this tab');
  });

  it('has a text for every failure', () => {
    for (const f of SIGN_IN_FAILURES) expect(SIGN_IN_FAILURE_TEXT[f].length).toBeGreaterThan(10);
    expect(isSignInFailure('timeout')).toBe(true);
    expect(isSignInFailure('nope')).toBe(false);
  });
});
