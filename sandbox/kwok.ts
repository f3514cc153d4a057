// kwok on the runtime cluster: one fake node serving pod logs, kwok's stock stages plus TaskRun pod completion.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { SandboxCerts } from './certs.js';
import { applyObjects, kubeJson, waitForCrds } from './kube.js';
import { startProcess, waitUntil, type ManagedProcess } from './processes.js';
import { KWOK_EXEC_KINDS, kwokExecCrds, localClusterExec } from './kwok-exec.js';

/** Name of the sandbox's kwok node. */
export const KWOK_NODE = 'kwok-node-0';
/** Pod annotation: a TaskRun-owned pod with it never completes (for log-follow demos). */
export const KEEP_RUNNING_ANNOTATION = 'sandbox.pipe.linecorp.com/keep-running';
/** Pod annotation: a TaskRun-owned pod with it ends Failed (exit code 1) instead of Succeeded. */
export const FAIL_ANNOTATION = 'sandbox.pipe.linecorp.com/fail';
/** Pod annotation: Go duration before a TaskRun-owned pod completes (default 1s). */
export const COMPLETE_AFTER_ANNOTATION = 'sandbox.pipe.linecorp.com/complete-after';

interface Stage extends KubernetesObject {
  spec: {
    selector: { matchExpressions: { key: string; operator: string; values?: string[] }[] };
    delay?: Record<string, unknown>;
    next: { statusTemplate?: string };
  };
}

/** Derives TaskRun pod completion stages from kwok's Job pod-complete stage (success and failure). */
export function taskRunStages(podComplete: Stage): Stage[] {
  const derive = (name: string, failed: boolean): Stage => {
    const s = structuredClone(podComplete);
    s.metadata = { name };
    s.spec.selector.matchExpressions = s.spec.selector.matchExpressions
      .map((e) => (e.values?.includes('Job') ? { ...e, values: ['TaskRun'] } : e))
      .concat(
        { key: `.metadata.annotations["${KEEP_RUNNING_ANNOTATION}"]`, operator: 'DoesNotExist' },
        { key: `.metadata.annotations["${FAIL_ANNOTATION}"]`, operator: failed ? 'Exists' : 'DoesNotExist' },
      );
    s.spec.delay = {
      durationMilliseconds: 1000,
      durationFrom: { expressionFrom: `.metadata.annotations["${COMPLETE_AFTER_ANNOTATION}"]` },
    };
    if (failed && s.spec.next.statusTemplate) {
      s.spec.next.statusTemplate = s.spec.next.statusTemplate
        .replace('exitCode: 0', 'exitCode: 1')
        .replace('reason: Completed', 'reason: Error')
        .replace('phase: Succeeded', 'phase: Failed');
    }
    return s;
  };
  return [derive('pod-complete-taskrun', false), derive('pod-fail-taskrun', true)];
}

async function loadYaml<T>(file: string): Promise<T> {
  return parse(await readFile(file, 'utf8')) as T;
}

/** Writes kwok's config: KwokConfiguration plus all stages. */
export async function writeKwokConfig(file: string, assetsDir: string): Promise<void> {
  const names = ['node-initialize', 'pod-ready', 'pod-complete', 'pod-delete'];
  const stock = await Promise.all(names.map((n) => loadYaml<Stage>(join(assetsDir, `${n}.yaml`))));
  const podComplete = stock[names.indexOf('pod-complete')]!;
  const docs = [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokConfiguration',
      // Spelled out: a KwokConfiguration read from --config does not get kwok's defaults applied.
      options: {
        enableCRDs: ['Logs', 'ClusterLogs', ...KWOK_EXEC_KINDS],
        enableDebuggingHandlers: true,
        enableProfilingHandler: false,
        enableContentionProfiling: false,
        podPlayStageParallelism: 4,
        nodePlayStageParallelism: 2,
        nodeLeaseParallelism: 2,
        podsOnNodeSyncParallelism: 1,
        enablePodsOnNodeSyncListPager: true,
        enablePodsOnNodeSyncStreamWatch: false,
      },
    },
    ...stock,
    ...taskRunStages(podComplete),
  ];
  await writeFile(file, docs.map((d) => stringify(d)).join('---\n'));
}

/** The kwok Node object (managed by kwok through its annotation). */
export function kwokNode(): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: KWOK_NODE,
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { type: 'kwok', 'kubernetes.io/hostname': KWOK_NODE, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
    },
  };
}

/** Loads kwok's Logs/ClusterLogs CRDs. */
export async function kwokCrds(assetsDir: string): Promise<KubernetesObject[]> {
  return Promise.all(
    ['kwok.x-k8s.io_logs.yaml', 'kwok.x-k8s.io_clusterlogs.yaml'].map((f) => loadYaml<KubernetesObject>(join(assetsDir, f))),
  );
}

/** Formats one CRI log line (what kwok's log server reads). */
export function criLogLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', time = new Date()): string {
  return `${time.toISOString()} ${stream} F ${text}\n`;
}

/** A Logs object pointing a pod's containers at a CRI log file. */
export function podLogs(namespace: string, pod: string, logsFile: string, containers?: readonly string[]): KubernetesObject {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: { name: pod, namespace },
    spec: { logs: [{ containers: containers ? [...containers] : undefined, logsFile, follow: true }] },
  } as KubernetesObject;
}

/** A running kwok. */
export interface Kwok {
  process: ManagedProcess;
  nodeName: string;
  /** CRI log file served for pods without their own Logs object. */
  defaultLogsFile: string;
}

/** Installs kwok's CRDs, the node and default logs, then starts kwok and waits until the node is Ready. */
export async function startKwok(opts: {
  binary: string;
  dir: string;
  assetsDir: string;
  adminKubeconfig: string;
  kc: KubeConfig;
  certs: SandboxCerts;
  port: number;
}): Promise<Kwok> {
  const crds = [...(await kwokCrds(opts.assetsDir)), ...kwokExecCrds()];
  const configFile = join(opts.dir, 'kwok.yaml');
  const configWritten = writeKwokConfig(configFile, opts.assetsDir);
  await applyObjects(opts.kc, [...crds, kwokNode()]);
  await waitForCrds(opts.kc, crds.map((c) => c.metadata!.name!));
  const defaultLogsFile = join(opts.dir, 'default-pod.log');
  await writeFile(defaultLogsFile, criLogLine('pipe-sandbox: this pod has no recorded logs'));
  const execDir = join(opts.dir, 'exec');
  await mkdir(execDir, { recursive: true });
  await applyObjects(opts.kc, [
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'default' },
      spec: { logs: [{ logsFile: defaultLogsFile, follow: true }] },
    } as KubernetesObject,
    localClusterExec(execDir),
  ]);
  await configWritten;
  const proc = startProcess({
    name: 'kwok',
    command: opts.binary,
    logFile: join(opts.dir, 'kwok.log'),
    args: [
      `--config=${configFile}`,
      `--kubeconfig=${opts.adminKubeconfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--node-ip=127.0.0.1',
      `--node-port=${opts.port}`,
      `--server-address=127.0.0.1:${opts.port}`,
      `--tls-cert-file=${opts.certs.server.cert}`,
      `--tls-private-key-file=${opts.certs.server.key}`,
      '--cidr=10.244.0.1/16',
    ],
  });
  await waitUntil(
    'kwok node',
    async () => {
      const node = await kubeJson<{ status?: { conditions?: { type: string; status: string }[] } }>(
        opts.kc,
        'GET',
        `/api/v1/nodes/${KWOK_NODE}`,
      );
      return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    },
    { proc, timeoutMs: 120_000, intervalMs: 100 },
  );
  return { process: proc, nodeName: KWOK_NODE, defaultLogsFile };
}
