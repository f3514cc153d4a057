// kwok exec and attach for the sandbox: `kubectl exec` (and the app's pod shells) on a simulated pod run the command on
// this machine, through the real path user → apiserver exec WebSocket → kwok's kubelet API → a local process; `attach`
// follows a CRI log file named by an Attach object (kwok's stand-in for a container's running process: output only).
import type { KubernetesObject } from '@kubernetes/client-node';

const GROUP = 'kwok.x-k8s.io';

/** kwok's Exec/Attach (namespaced) and ClusterExec/ClusterAttach kinds, for kwok's `enableCRDs`. */
export const KWOK_EXEC_KINDS = ['Exec', 'ClusterExec', 'Attach', 'ClusterAttach'] as const;

/** A structural-minimum CRD for one kwok kind (kwok reads the fields it knows; the apiserver stores them as given). */
function kwokCrd(kind: string, plural: string, scope: 'Namespaced' | 'Cluster'): KubernetesObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      scope,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  } as KubernetesObject;
}

/** The CRDs kwok needs to serve exec and attach. */
export function kwokExecCrds(): KubernetesObject[] {
  return [
    kwokCrd('Exec', 'execs', 'Namespaced'),
    kwokCrd('ClusterExec', 'clusterexecs', 'Cluster'),
    kwokCrd('Attach', 'attaches', 'Namespaced'),
    kwokCrd('ClusterAttach', 'clusterattaches', 'Cluster'),
  ];
}

/**
 * Attach to `pod` (all its containers, or `containers`) follows `logsFile` (CRI log lines): kwok starts at its end,
 * so an attached session sees the lines appended after it connected.
 */
export function podAttach(namespace: string, pod: string, logsFile: string, containers?: readonly string[]): KubernetesObject {
  return {
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'Attach',
    metadata: { name: pod, namespace },
    spec: { attaches: [{ ...(containers ? { containers: [...containers] } : {}), logsFile }] },
  } as KubernetesObject;
}

/** Every pod's exec runs locally in `workDir` with a recognisable prompt. */
export function localClusterExec(workDir: string): KubernetesObject {
  return {
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'ClusterExec',
    metadata: { name: 'local' },
    spec: {
      execs: [
        {
          local: {
            workDir,
            envs: [
              { name: 'PS1', value: 'pod$ ' },
              { name: 'HOME', value: workDir },
              { name: 'TERM', value: 'xterm-256color' },
              { name: 'PIPE_SANDBOX_POD_SHELL', value: '1' },
            ],
          },
        },
      ],
    },
  } as KubernetesObject;
}
