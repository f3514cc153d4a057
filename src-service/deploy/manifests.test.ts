import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { crdYaml } from './generate-crd';

const dir = fileURLToPath(new URL('.', import.meta.url));
type Obj = { kind: string; metadata: { name: string }; [k: string]: unknown };
const docs = (file: string): Obj[] =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as Obj);

describe('deploy manifests', () => {
  it('are valid YAML and the CRD file matches the CRD the service installs', () => {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')))
      expect(() => docs(f), f).not.toThrow();
    expect(readFileSync(join(dir, 'crd-githubevents.yaml'), 'utf8')).toBe(crdYaml());
  });

  it('run two replicas with probes, a stable identity and secrets from Secret references only', () => {
    const deployment = docs('deployment.yaml').find((d) => d.kind === 'Deployment') as unknown as {
      spec: {
        replicas: number;
        template: {
          spec: {
            containers: {
              env: { name: string; value?: string; valueFrom?: unknown }[];
              readinessProbe: unknown;
              livenessProbe: unknown;
            }[];
          };
        };
      };
    };
    expect(deployment.spec.replicas).toBe(2);
    const c = deployment.spec.template.spec.containers[0]!;
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe).toBeDefined();
    expect(c.env.find((e) => e.name === 'POD_NAME')).toBeDefined();
    // No secret value inline: secrets arrive as *_FILE mounts or secretKeyRef.
    for (const e of c.env)
      expect(e.name.endsWith('_SECRET') || e.name.endsWith('_TOKEN') || e.name.endsWith('_PRIVATE_KEY')).toBe(
        false,
      );
  });

  it('grant least privilege: namespaced on core; on runtime only what runs, failure details and the log archive need', () => {
    const core = docs('rbac-core.yaml');
    expect(core.some((d) => d.kind === 'ClusterRole' || d.kind === 'ClusterRoleBinding')).toBe(false);
    const runtime = docs('rbac-runtime.yaml').find((d) => d.kind === 'ClusterRole') as unknown as {
      rules: { resources: string[]; verbs: string[] }[];
    };
    // Runs and namespaces; failure details and the log archive read TaskRuns, pods and their logs (Secrets only to
    // mask them); the archive's read API reviews callers' tokens and their right to read pod logs.
    expect(runtime.rules.flatMap((r) => r.resources).sort()).toEqual([
      'namespaces',
      'pipelineruns',
      'pods',
      'pods/log',
      'secrets',
      'subjectaccessreviews',
      'taskruns',
      'tokenreviews',
    ]);
    for (const r of runtime.rules.filter((x) => !x.resources.includes('pipelineruns') && !x.resources.includes('namespaces')))
      expect(r.verbs.every((v) => ['get', 'list', 'create'].includes(v)), r.resources.join()).toBe(true);
    expect(runtime.rules.find((r) => r.resources.includes('tokenreviews'))?.verbs).toEqual(['create']);
    expect(runtime.rules.find((r) => r.resources.includes('namespaces'))?.verbs).toEqual([
      'get',
      'list',
      'watch',
    ]);
    expect(runtime.rules.flatMap((r) => r.verbs)).not.toContain('*');
  });

  it('ship a config that loadConfig accepts', () => {
    const cm = docs('configmap.yaml')[0] as unknown as { data: Record<string, string> };
    const tmp = mkdtempSync(join(tmpdir(), 'pipe-events-cm-'));
    writeFileSync(join(tmp, 'config.yaml'), cm.data['config.yaml']!);
    const config = loadConfig(
      {
        PIPE_EVENTS_WEBHOOK_SECRET: 'from-a-secret',
        PIPE_EVENTS_GITHUB_TOKEN: 't',
        POD_NAME: 'pipe-events-0',
      },
      join(tmp, 'config.yaml'),
    );
    expect(config.core.access.inCluster).toBe(true);
    expect(config.identity).toBe('pipe-events-0');
    expect(config.repositories['example-org/example-app']?.cluster).toBe('runtime-1');
  });
});
