// The PipelineRun an event would create from a Pipeline, as YAML, with where each param value came from.
import { stringify } from 'yaml';
import { templatePipelineRun } from '../events/template';
import { TemplateError, type PipelineInput } from '../events/template-types';
import type { NormalizedEvent } from '../events/types';
import { eventVariables } from '../events/variables';
import { isRecord, type PipelineSource } from './pipeline-source';

/** Where a param's value comes from in a run. */
export interface ParamSource {
  readonly name: string;
  readonly value?: string;
  readonly source: 'explicit' | 'event variable' | 'dispatch input' | 'pipeline default' | 'missing';
  /** For the UI: e.g. "event variable `branch`", "left to Tekton: default `main`". */
  readonly note: string;
}

/** The preview: YAML and param sources, or the template error with what to do. */
export type RunPreview =
  | { readonly ok: true; readonly yaml: string; readonly params: readonly ParamSource[] }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly params: readonly ParamSource[] };

/** Options for the preview (the same values pipe-events would use, where known). */
export interface RunPreviewOptions {
  readonly namespace?: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** The PipelineRun `event` creates for `pipeline`, as pipe-events would template it. */
export function previewPipelineRun(pipeline: PipelineSource, event: NormalizedEvent, options: RunPreviewOptions = {}): RunPreview {
  const input = toPipelineInput(pipeline);
  const params = paramSources(input, event, options);
  try {
    const run = templatePipelineRun(input, event, {
      deliveryId: event.deliveryId ?? 'simulated-delivery',
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.params ? { params: options.params } : {}),
    });
    return { ok: true, yaml: stringify(run, { lineWidth: 0 }), params };
  } catch (err) {
    if (err instanceof TemplateError) return { ok: false, code: err.code, message: err.message, params };
    return { ok: false, code: 'invalid-pipeline', message: (err as Error).message, params };
  }
}

/** The parts of a parsed Pipeline document templating reads; malformed parts are dropped, not trusted. */
export function toPipelineInput(pipeline: PipelineSource): PipelineInput {
  const doc = pipeline.doc;
  const metadata = isRecord(doc['metadata']) ? doc['metadata'] : {};
  const spec = isRecord(doc['spec']) ? doc['spec'] : {};
  const annotations = isRecord(metadata['annotations'])
    ? Object.fromEntries(Object.entries(metadata['annotations']).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : undefined;
  const params = (Array.isArray(spec['params']) ? spec['params'] : [])
    .filter(isRecord)
    .filter((p) => typeof p['name'] === 'string')
    .map((p) => ({
      name: p['name'] as string,
      ...(typeof p['type'] === 'string' ? { type: p['type'] } : {}),
      ...(p['default'] !== undefined ? { default: p['default'] } : {}),
    }));
  const workspaces = (Array.isArray(spec['workspaces']) ? spec['workspaces'] : [])
    .filter(isRecord)
    .filter((w) => typeof w['name'] === 'string')
    .map((w) => ({ name: w['name'] as string, ...(w['optional'] === true ? { optional: true } : {}) }));
  return {
    apiVersion: pipeline.apiVersion,
    kind: 'Pipeline',
    metadata: {
      name: pipeline.name,
      ...(typeof metadata['namespace'] === 'string' ? { namespace: metadata['namespace'] } : {}),
      ...(annotations ? { annotations } : {}),
    },
    spec: { params, workspaces },
  };
}

// Mirrors templatePipelineRun's precedence: explicit, then event variables, then dispatch inputs, then the default.
function paramSources(input: PipelineInput, event: NormalizedEvent, options: RunPreviewOptions): ParamSource[] {
  const variables = eventVariables(event);
  variables['delivery-id'] = event.deliveryId ?? 'simulated-delivery';
  return (input.spec.params ?? []).map((p): ParamSource => {
    const explicit = options.params?.[p.name];
    if (explicit !== undefined) return { name: p.name, value: explicit, source: 'explicit', note: 'given for this run' };
    const v = variables[p.name];
    if (v !== undefined) return { name: p.name, value: v, source: 'event variable', note: `event variable \`${p.name}\`` };
    const i = event.inputs?.[p.name];
    if (i !== undefined) return { name: p.name, value: i, source: 'dispatch input', note: `workflow_dispatch input \`${p.name}\`` };
    if (p.default !== undefined) {
      return { name: p.name, source: 'pipeline default', note: `not set: Tekton applies the default ${JSON.stringify(p.default)}` };
    }
    return { name: p.name, source: 'missing', note: `no default and no event variable \`${p.name}\` for \`${event.name}\`` };
  });
}
