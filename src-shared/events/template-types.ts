// Data shapes for PipelineRun templating: the Pipeline we read, the PipelineRun we build, options, errors.

/** The parts of a Tekton Pipeline that templating reads. */
export interface PipelineInput {
  readonly apiVersion: string;
  readonly kind: 'Pipeline';
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly params?: readonly {
      readonly name: string;
      readonly type?: string;
      readonly default?: unknown;
    }[];
    readonly workspaces?: readonly { readonly name: string; readonly optional?: boolean }[];
  };
}

/** A Tekton workspace binding (the subset PIPE sets). */
export interface WorkspaceBinding {
  readonly name?: string;
  readonly subPath?: string;
  readonly emptyDir?: Readonly<Record<string, never>>;
  readonly persistentVolumeClaim?: { readonly claimName: string };
  readonly volumeClaimTemplate?: unknown;
  readonly secret?: { readonly secretName: string };
  readonly configMap?: { readonly name: string };
}

/** How to build a PipelineRun for one event. */
export interface TemplateOptions {
  /** X-GitHub-Delivery (or a generated id for manual runs): the name derives from it, so redelivery is idempotent. */
  readonly deliveryId: string;
  /** Defaults to the Pipeline's namespace. */
  readonly namespace?: string;
  readonly serviceAccountName?: string;
  /** Bindings by workspace name; a required workspace without one gets `defaultWorkspace`. */
  readonly workspaces?: Readonly<Record<string, WorkspaceBinding>>;
  /** Binding for required workspaces not listed in `workspaces`; default: a 1Gi ReadWriteOnce volumeClaimTemplate. */
  readonly defaultWorkspace?: WorkspaceBinding;
  /** Use `metadata.generateName` instead of a deterministic name (gives up idempotent creation). */
  readonly generateName?: boolean;
  /** The commit pipe-events resolved for events whose payload has none (create, release, schedule, …). */
  readonly revision?: string;
  /** Explicit param values (e.g. from a manual run); they win over event variables and dispatch inputs. */
  readonly params?: Readonly<Record<string, string>>;
}

/** A Tekton v1 PipelineRun as plain data (serialize with a YAML/JSON library, never by string templating). */
export interface PipelineRunObject {
  apiVersion: 'tekton.dev/v1';
  kind: 'PipelineRun';
  metadata: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: {
    pipelineRef: { name: string };
    params: { name: string; value: string }[];
    workspaces: (WorkspaceBinding & { name: string })[];
    taskRunTemplate?: { serviceAccountName: string };
  };
}

/** Why templating failed. */
export type TemplateErrorCode =
  'missing-param' | 'param-type' | 'unknown-workspace' | 'invalid-pipeline' | 'invalid-options';

/** Thrown by templatePipelineRun when no valid PipelineRun can be built; `message` tells the user what to fix. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
  ) {
    super(message);
  }
}
