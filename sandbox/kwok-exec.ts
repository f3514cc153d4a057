// kwok exec for the sandbox: `kubectl exec` (and the app's pod shells) on a simulated pod run the command on this
// machine, through the real path user → apiserver exec WebSocket → kwok's kubelet API → a local process.
import type { KubernetesObject } from '@kubernetes/client-node';

const GROUP = 'kwok.x-k8s.io';

/** kwok's Exec (namespaced) and ClusterExec kinds, for kwok's `enableCRDs`. */
export const KWOK_EXEC_KINDS = ['Exec', 'ClusterExec'] as const;

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

/** The CRDs kwok needs to serve exec. */
export function kwokExecCrds(): KubernetesObject[] {
  return [kwokCrd('Exec', 'execs', 'Namespaced'), kwokCrd('ClusterExec', 'clusterexecs', 'Cluster')];
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
