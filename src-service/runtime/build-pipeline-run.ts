// Templated PipelineRun (shared module) + what pipe-events adds: our labels/annotations, the embedded spec, Pending under a limit.
import {
  labelValue,
  templatePipelineRun,
  type NormalizedEvent,
  type PipelineRunObject,
} from '../../src-shared/events';
import { repositoryLabel } from '../events-store/event-types';
import type { LoadedPipeline } from '../github/pipeline-file';
import type { ResolvedTarget } from './repository-targets';
import {
  concurrencyGroup,
  COPIED_PIPELINE_ANNOTATIONS,
  INSTANCE_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  queuedAtKey,
  RUN_KEYS,
} from './run-metadata';

/** Inputs for one run. */
export interface BuildRunInput {
  readonly pipeline: LoadedPipeline;
  readonly event: NormalizedEvent;
  readonly deliveryId: string;
  /** The commit the run builds (resolved by us for events without a SHA). */
  readonly revision: string;
  readonly receivedAt: number;
  /** Position of this pipeline among the event's matches (orders the queue). */
  readonly index: number;
  readonly target: ResolvedTarget;
  readonly installationId?: number;
  readonly eventObject: string;
  /** The pipe-events installation (label value). */
  readonly instance: string;
  /** Embed the Pipeline read at the event's SHA instead of referencing one on the cluster. */
  readonly embedSpec: boolean;
}

/** A PipelineRun ready to create (throws TemplateError from the shared module when the pipeline cannot be run). */
export function buildPipelineRun(
  input: BuildRunInput,
): PipelineRunObject & { spec: PipelineRunObject['spec'] & { status?: string; pipelineSpec?: unknown } } {
  const { pipeline, event, target } = input;
  const run = templatePipelineRun(pipeline.object, event, {
    deliveryId: input.deliveryId,
    revision: input.revision,
    namespace: target.namespace,
    ...(target.serviceAccountName ? { serviceAccountName: target.serviceAccountName } : {}),
  }) as PipelineRunObject & { spec: PipelineRunObject['spec'] & { status?: string; pipelineSpec?: unknown } };
  run.metadata.namespace = target.namespace;
  const branchOrPr =
    event.prNumber !== undefined ? `pr/${event.prNumber}` : (event.refName ?? event.ref ?? event.sha);
  run.metadata.labels = {
    ...run.metadata.labels,
    [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
    [INSTANCE_LABEL]: input.instance,
    [RUN_KEYS.repositoryLabel]: repositoryLabel(event.repository.fullName),
    [RUN_KEYS.pipelineLabel]: labelValue(pipeline.name) ?? 'pipeline',
    [RUN_KEYS.groupLabel]: concurrencyGroup(event.repository.fullName, pipeline.name, branchOrPr),
  };
  const copied: Record<string, string> = {};
  for (const key of COPIED_PIPELINE_ANNOTATIONS) {
    const v = pipeline.object.metadata.annotations?.[key];
    if (typeof v === 'string') copied[key] = v;
  }
  run.metadata.annotations = {
    ...run.metadata.annotations,
    ...copied,
    [RUN_KEYS.repository]: event.repository.fullName,
    [RUN_KEYS.sha]: input.revision,
    [RUN_KEYS.queuedAt]: queuedAtKey(input.receivedAt, input.index),
    [RUN_KEYS.cluster]: target.cluster,
    [RUN_KEYS.pipelineFile]: pipeline.file,
    [RUN_KEYS.eventObject]: input.eventObject,
    ...(input.installationId !== undefined
      ? { [RUN_KEYS.installationId]: String(input.installationId) }
      : {}),
  };
  if (input.embedSpec) {
    const { pipelineRef: _ref, ...rest } = run.spec;
    run.spec = { ...rest, pipelineSpec: pipeline.object.spec } as typeof run.spec;
  }
  // Under a concurrency limit every run starts Pending; the leader's scheduler releases them in queue order.
  if (target.concurrencyLimit > 0) run.spec.status = 'PipelineRunPending';
  return run;
}
