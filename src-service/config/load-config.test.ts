import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config';

const base = {
  PIPE_EVENTS_WEBHOOK_SECRET: 'a-long-secret',
  PIPE_EVENTS_GITHUB_TOKEN: 'ghp_x',
  PIPE_EVENTS_CORE_KUBECONFIG: '/k',
  PIPE_EVENTS_IDENTITY: 'replica-1',
};

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const c = loadConfig(base, undefined);
    expect(c.port).toBe(8080);
    expect(c.pipelines.folders).toEqual(['.pipe', '.tekton']);
    expect(c.cleanup.pipelineRunMaxAgeDays).toBe(7);
    expect(c.core.namespace).toBe('pipe-system');
    expect(c.github.apiUrl).toBe('https://api.github.com');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.pipelines.folders)).toBe(true);
    expect(() => ((c as { port: number }).port = 1)).toThrow();
  });

  it("keeps finished events past GitHub's 3-day redelivery window, and refuses a TTL inside it", () => {
    expect(loadConfig(base, undefined).cleanup.eventTtlHours).toBe(96);
    expect(() => loadConfig({ ...base, PIPE_EVENTS_EVENT_TTL_HOURS: '72' }, undefined)).toThrow(
      /redelivery window/,
    );
    expect(loadConfig({ ...base, PIPE_EVENTS_EVENT_TTL_HOURS: '73' }, undefined).cleanup.eventTtlHours).toBe(
      73,
    );
  });

  it('merges a YAML file with environment overrides (env wins)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-events-config-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      `port: 9000\nworkers: 2\nclusters:\n  rt: { kubeconfig: /rt }\nrepositories:\n  acme/app: { cluster: rt, namespace: team-a, concurrencyLimit: 2 }\n`,
    );
    const c = loadConfig({ ...base, PIPE_EVENTS_WORKERS: '6' }, file);
    expect(c.port).toBe(9000);
    expect(c.workers).toBe(6);
    expect(c.repositories['acme/app']).toEqual({ cluster: 'rt', namespace: 'team-a', concurrencyLimit: 2 });
  });

  it('reads secrets from *_FILE paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipe-events-secret-'));
    writeFileSync(join(dir, 'secret'), 'from-a-file-secret\n');
    const { PIPE_EVENTS_WEBHOOK_SECRET: _s, ...rest } = base;
    expect(
      loadConfig({ ...rest, PIPE_EVENTS_WEBHOOK_SECRET_FILE: join(dir, 'secret') }, undefined).webhookSecret,
    ).toBe('from-a-file-secret');
  });

  it('parses PIPE_EVENTS_REPOSITORIES and the runtime kubeconfig', () => {
    const c = loadConfig(
      {
        ...base,
        PIPE_EVENTS_RUNTIME_KUBECONFIG: '/rt',
        PIPE_EVENTS_REPOSITORIES: 'acme/app=default/team-a:3, acme/lib=core/ci',
      },
      undefined,
    );
    expect(c.clusters.default).toMatchObject({ kubeconfig: '/rt' });
    expect(c.repositories['acme/app']).toEqual({
      cluster: 'default',
      namespace: 'team-a',
      concurrencyLimit: 3,
    });
    expect(c.repositories['acme/lib']).toEqual({ cluster: 'core', namespace: 'ci' });
  });

  it('lists every problem with its key', () => {
    try {
      loadConfig(
        {
          PIPE_EVENTS_WEBHOOK_SECRET: 'short',
          PIPE_EVENTS_CORE_KUBECONFIG: '/k',
          PIPE_EVENTS_PORT: 'x',
          PIPE_EVENTS_REPOSITORIES: 'a/b=nowhere/ns',
        },
        undefined,
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('webhookSecret');
      expect(msg).toContain('port');
      expect(msg).toContain('exactly one GitHub credential');
    }
    expect(() => loadConfig({ ...base, PIPE_EVENTS_REPOSITORIES: 'a/b=nowhere/ns' }, undefined)).toThrow(
      /unknown cluster "nowhere"/,
    );
  });

  it('requires exactly one GitHub credential and a key for Apps', () => {
    expect(() => loadConfig({ ...base, PIPE_EVENTS_GITHUB_APP_ID: '1' }, undefined)).toThrow(/exactly one/);
    const { PIPE_EVENTS_GITHUB_TOKEN: _t, ...noToken } = base;
    expect(() => loadConfig({ ...noToken, PIPE_EVENTS_GITHUB_APP_ID: '1' }, undefined)).toThrow(
      /private key/,
    );
  });

  it('falls back to the in-cluster service account inside a pod', () => {
    const { PIPE_EVENTS_CORE_KUBECONFIG: _k, ...rest } = base;
    expect(
      loadConfig({ ...rest, KUBERNETES_SERVICE_HOST: '10.0.0.1' }, undefined).core.access.inCluster,
    ).toBe(true);
  });
});
