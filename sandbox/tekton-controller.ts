// Stretch: Tekton's real controller against the runtime cluster, so PipelineRuns progress without tests writing status.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TEKTON_CONFIG_FILES } from './binaries.js';
import { applyObjects } from './kube.js';
import { freePorts } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';

/** Namespace the controller reads its ConfigMaps from. */
export const TEKTON_NAMESPACE = 'tekton-pipelines';

/** Loads Tekton's stock ConfigMaps, moved into TEKTON_NAMESPACE. */
export async function tektonConfigMaps(configDir: string): Promise<KubernetesObject[]> {
  const out: KubernetesObject[] = [];
  for (const f of TEKTON_CONFIG_FILES) {
    for (const doc of parseAllDocuments(await readFile(join(configDir, f), 'utf8'))) {
      const obj = doc.toJS() as KubernetesObject | null;
      if (obj?.kind === 'ConfigMap') out.push({ ...obj, metadata: { ...obj.metadata, namespace: TEKTON_NAMESPACE } });
    }
  }
  return out;
}

/** Starts tekton-pipelines-controller with admin credentials (images are placeholders: kwok never pulls). */
export async function startTektonController(opts: {
  binary: string;
  dir: string;
  configDir: string;
  kc: KubeConfig;
  adminKubeconfig: string;
}): Promise<ManagedProcess> {
  await applyObjects(opts.kc, [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: TEKTON_NAMESPACE } },
    ...(await tektonConfigMaps(opts.configDir)),
  ]);
  const image = (n: string): string => `registry.invalid/pipe-sandbox/${n}:latest`;
  // Its probe (8080), profiling (8008) and metrics (9090) ports default to fixed numbers: free ones let several
  // sandboxes (and anything else on 8080) run side by side.
  const [probes, profiling, metrics] = await freePorts(3);
  return startProcess({
    name: 'tekton-controller',
    command: opts.binary,
    logFile: join(opts.dir, 'tekton-controller.log'),
    args: [
      '-entrypoint-image', image('entrypoint'),
      '-nop-image', image('nop'),
      '-sidecarlogresults-image', image('sidecarlogresults'),
      '-workingdirinit-image', image('workingdirinit'),
      '-shell-image', image('busybox'),
      '-shell-image-win', image('powershell'),
    ],
    env: {
      ...process.env,
      KUBECONFIG: opts.adminKubeconfig,
      SYSTEM_NAMESPACE: TEKTON_NAMESPACE,
      KUBERNETES_MIN_VERSION: 'v1.28.0',
      CONFIG_DEFAULTS_NAME: 'config-defaults',
      CONFIG_LOGGING_NAME: 'config-logging',
      CONFIG_OBSERVABILITY_NAME: 'config-observability',
      CONFIG_FEATURE_FLAGS_NAME: 'feature-flags',
      CONFIG_LEADERELECTION_NAME: 'config-leader-election-controller',
      CONFIG_SPIRE: 'config-spire',
      METRICS_DOMAIN: 'tekton.dev/pipeline',
      PROBES_PORT: String(probes),
      PROFILING_PORT: String(profiling),
      METRICS_PROMETHEUS_PORT: String(metrics),
    },
  });
}
