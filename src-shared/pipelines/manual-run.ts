// "Run it now" from the editor: the PipelineRun an event would create, with the edited (even unsaved) pipeline
// embedded as `pipelineSpec` and marked as a manual run (the host adds who started it).
import { stringify } from 'yaml';
import { convertToV1 } from '../tekton/convert';
import { RUN_KEYS, templatePipelineRun } from '../events/template';
import { TemplateError } from '../events/template-types';
import type { NormalizedEvent } from '../events/types';
import { isRecord, readPipelineFile, type PipelineSource } from './pipeline-source';
import { toPipelineInput } from './run-preview';

/** Labels and annotations of a manual run; the runs view reads `managedBy` (not pipe-events → "manual") and `sender`. */
export const MANUAL_RUN_KEYS = {
  managedBy: RUN_KEYS.managedBy,
  sender: RUN_KEYS.sender,
  trigger: 'pipe.linecorp.com/trigger',
  startedBy: 'pipe.linecorp.com/started-by',
  source: 'pipe.linecorp.com/manual-run-source',
} as const;

/** The manual PipelineRun as YAML, or why there is none. */
export type ManualRun = { readonly ok: true; readonly yaml: string } | { readonly ok: false; readonly message: string };

/** The pipeline's spec as tekton.dev/v1 (a v1beta1 pipeline is converted as Tekton's webhook would). */
function v1Spec(pipeline: PipelineSource): Record<string, unknown> | undefined {
  if (pipeline.apiVersion === 'tekton.dev/v1') return isRecord(pipeline.doc['spec']) ? pipeline.doc['spec'] : undefined;
  const converted = readPipelineFile(convertToV1(stringify(pipeline.doc)).text).pipelines[0];
  return converted && isRecord(converted.doc['spec']) ? converted.doc['spec'] : undefined;
}

/** Builds the run `event` would create, embedding `pipeline`'s spec instead of referencing it by name. */
export function manualPipelineRun(pipeline: PipelineSource, event: NormalizedEvent, options: { readonly params?: Readonly<Record<string, string>> } = {}): ManualRun {
  const spec = v1Spec(pipeline);
  if (!spec) return { ok: false, message: 'The pipeline has no readable spec (fix the YAML errors first).' };
  try {
    const run = templatePipelineRun(toPipelineInput(pipeline), event, {
      deliveryId: event.deliveryId ?? 'manual',
      ...(options.params ? { params: options.params } : {}),
    });
    const labels: Record<string, string> = { ...(run.metadata.labels ?? {}) };
    delete labels[RUN_KEYS.delivery];
    labels[MANUAL_RUN_KEYS.managedBy] = 'pipe-desktop';
    labels[MANUAL_RUN_KEYS.trigger] = 'manual';
    const { pipelineRef: _ref, ...runSpec } = run.spec as Record<string, unknown>;
    const name = (pipeline.name || 'pipeline').slice(0, 40).replace(/-+$/, '');
    const annotations: Record<string, string> = { ...(run.metadata.annotations ?? {}), [MANUAL_RUN_KEYS.source]: 'editor' };
    delete annotations[RUN_KEYS.delivery];
    const manual = {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        generateName: `${name}-manual-`,
        labels,
        annotations,
      },
      spec: { ...runSpec, pipelineSpec: spec },
    };
    return { ok: true, yaml: stringify(manual, { lineWidth: 0 }) };
  } catch (err) {
    return { ok: false, message: err instanceof TemplateError || err instanceof Error ? err.message : String(err) };
  }
}
