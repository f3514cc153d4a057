// Minimal Kubernetes object shapes used by the service (only the fields it reads or writes).

/** Standard object metadata (subset). */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** A list answer. */
export interface KubeList<T> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** The condition Tekton uses for run outcome. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** A Tekton PipelineRun as the service reads it. */
export interface PipelineRun extends KubeObject {
  spec: {
    status?: string;
    pipelineRef?: { name: string };
    pipelineSpec?: unknown;
    params?: { name: string; value: unknown }[];
    [key: string]: unknown;
  };
  status?: {
    conditions?: Condition[];
    startTime?: string;
    completionTime?: string;
    [key: string]: unknown;
  };
}

/** A Namespace (for the repository annotation). */
export type Namespace = KubeObject;

/** coordination.k8s.io/v1 Lease. */
export interface Lease extends KubeObject {
  spec: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}
