// Builds a Tekton PipelineRun (as data, never by text substitution) for a Pipeline and a normalized event.
import { sha256Hex } from './hash';
import type { NormalizedEvent } from './types';
import {
  TemplateError,
  type PipelineInput,
  type PipelineRunObject,
  type TemplateOptions,
  type WorkspaceBinding,
} from './template-types';
import { eventVariables } from './variables';

/** Label/annotation keys PIPE sets on every PipelineRun it creates. */
export const RUN_KEYS = {
  managedBy: 'app.kubernetes.io/managed-by',
  event: 'pipe.linecorp.com/event',
  action: 'pipe.linecorp.com/action',
  delivery: 'pipe.linecorp.com/delivery-id',
  sha: 'pipe.linecorp.com/sha',
  pipeline: 'pipe.linecorp.com/pipeline',
  repoOwner: 'pipe.linecorp.com/repo-owner',
  repoName: 'pipe.linecorp.com/repo-name',
  prNumber: 'pipe.linecorp.com/pr-number',
  repository: 'pipe.linecorp.com/repository',
  repoUrl: 'pipe.linecorp.com/repo-url',
  ref: 'pipe.linecorp.com/ref',
  sender: 'pipe.linecorp.com/sender',
  environment: 'pipe.linecorp.com/environment',
} as const;

/** The workspace binding used for required workspaces when none is configured. */
export const DEFAULT_WORKSPACE_BINDING: WorkspaceBinding = {
  // A claim template, not emptyDir: tasks of one run share it across pods, and Tekton deletes it with the run.
  volumeClaimTemplate: {
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  },
};

const MAX_NAME = 63;
const HASH_CHARS = 12;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Deterministic PipelineRun name for a pipeline and delivery id (≤ 63 chars, DNS label). */
export function pipelineRunName(pipeline: string, deliveryId: string): string {
  // The pipeline name is hashed too, so two long names sharing a truncated prefix still differ.
  const hash = sha256Hex(`${deliveryId}\u0000${pipeline}`).slice(0, HASH_CHARS);
  return `${namePrefix(pipeline)}-${hash}`;
}

function namePrefix(pipeline: string): string {
  const cleaned = pipeline
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, MAX_NAME - HASH_CHARS - 1)
    .replace(/^-+|-+$/g, '');
  return cleaned === '' || !/^[a-z]/.test(cleaned)
    ? `run-${cleaned}`.slice(0, MAX_NAME - HASH_CHARS - 1).replace(/-+$/, '')
    : cleaned;
}

/** A Kubernetes label value for `text`, or undefined when nothing valid remains. */
export function labelValue(text: string): string | undefined {
  if (text.length <= 63 && LABEL_VALUE.test(text)) return text === '' ? undefined : text;
  const cleaned = text
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned === '' ? undefined : cleaned;
}

/** Builds the PipelineRun; throws TemplateError (e.g. a required param without a value). */
export function templatePipelineRun(
  pipeline: PipelineInput,
  event: NormalizedEvent,
  opts: TemplateOptions,
): PipelineRunObject {
  const name = pipeline.metadata?.name;
  if (pipeline.kind !== 'Pipeline' || typeof name !== 'string' || name === '') {
    throw new TemplateError('invalid-pipeline', 'expected a Tekton Pipeline with metadata.name');
  }
  if (typeof opts.deliveryId !== 'string' || opts.deliveryId === '') {
    throw new TemplateError(
      'invalid-options',
      'a delivery id is required: it names the PipelineRun so that redeliveries do not run twice',
    );
  }
  const variables = eventVariables(event);
  if (opts.revision) variables['revision'] = opts.revision;
  variables['delivery-id'] = opts.deliveryId;

  const params: { name: string; value: string }[] = [];
  for (const p of pipeline.spec.params ?? []) {
    const type = p.type ?? 'string';
    const explicit = opts.params?.[p.name];
    const fromEvent = variables[p.name];
    const fromInput = event.inputs?.[p.name];
    const value = explicit ?? fromEvent ?? fromInput;
    if (value !== undefined) {
      if (type !== 'string') {
        throw new TemplateError(
          'param-type',
          `Pipeline \`${name}\` declares param \`${p.name}\` as type \`${type}\`, but event values are strings: declare it \`type: string\` or rename it`,
        );
      }
      params.push({ name: p.name, value });
      continue;
    }
    // Leaving a param with a default unset lets Tekton apply the Pipeline's own default.
    if (p.default !== undefined) continue;
    throw new TemplateError(
      'missing-param',
      `Pipeline \`${name}\` needs param \`${p.name}\`, which has no default and no value for this \`${event.name}\` event. ` +
        `Give it a default, or name it after an event variable that this event sets (${Object.keys(variables).slice(0, 8).join(', ')}, …)`,
    );
  }

  const declared = new Set((pipeline.spec.workspaces ?? []).map((w) => w.name));
  for (const wsName of Object.keys(opts.workspaces ?? {})) {
    if (!declared.has(wsName)) {
      throw new TemplateError(
        'unknown-workspace',
        `workspace binding \`${wsName}\` does not match any workspace Pipeline \`${name}\` declares`,
      );
    }
  }
  const workspaces: (WorkspaceBinding & { name: string })[] = [];
  for (const w of pipeline.spec.workspaces ?? []) {
    const binding =
      opts.workspaces?.[w.name] ??
      (w.optional ? undefined : (opts.defaultWorkspace ?? DEFAULT_WORKSPACE_BINDING));
    if (binding) workspaces.push({ ...structuredCopy(binding), name: w.name });
  }

  const r = event.repository;
  const labels: Record<string, string> = {};
  const setLabel = (key: string, value: string | number | undefined): void => {
    const v = value === undefined ? undefined : labelValue(String(value));
    if (v !== undefined) labels[key] = v;
  };
  setLabel(RUN_KEYS.managedBy, 'pipe-events');
  setLabel(RUN_KEYS.event, event.name);
  setLabel(RUN_KEYS.delivery, opts.deliveryId);
  setLabel(RUN_KEYS.pipeline, name);
  setLabel(RUN_KEYS.repoOwner, r.owner);
  setLabel(RUN_KEYS.repoName, r.name);
  setLabel(RUN_KEYS.sha, variables['revision']);
  setLabel(RUN_KEYS.prNumber, event.prNumber);

  const annotations: Record<string, string> = {};
  const setAnnotation = (key: string, value: string | number | undefined): void => {
    if (value !== undefined && value !== '') annotations[key] = String(value);
  };
  setAnnotation(RUN_KEYS.event, event.name);
  setAnnotation(RUN_KEYS.action, event.action);
  setAnnotation(RUN_KEYS.delivery, opts.deliveryId);
  setAnnotation(RUN_KEYS.pipeline, name);
  setAnnotation(RUN_KEYS.repository, r.fullName);
  setAnnotation(RUN_KEYS.repoUrl, r.htmlUrl);
  setAnnotation(RUN_KEYS.ref, event.ref);
  setAnnotation(RUN_KEYS.sha, variables['revision']);
  setAnnotation(RUN_KEYS.sender, event.sender);
  setAnnotation(RUN_KEYS.prNumber, event.prNumber);
  setAnnotation(RUN_KEYS.environment, event.environment);

  const namespace = opts.namespace ?? pipeline.metadata.namespace;
  const run: PipelineRunObject = {
    apiVersion: 'tekton.dev/v1',
    kind: 'PipelineRun',
    metadata: {
      ...(opts.generateName
        ? { generateName: `${namePrefix(name)}-` }
        : { name: pipelineRunName(name, opts.deliveryId) }),
      ...(namespace !== undefined ? { namespace } : {}),
      labels,
      annotations,
    },
    spec: {
      pipelineRef: { name },
      params,
      workspaces,
      ...(opts.serviceAccountName
        ? { taskRunTemplate: { serviceAccountName: opts.serviceAccountName } }
        : {}),
    },
  };
  return run;
}

// Bindings come from configuration shared across runs; each run gets its own copy.
function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
