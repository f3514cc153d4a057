// The trigger simulator: which pipelines an event runs, and why, from the pipelines' event annotations.
import { diagnoseAnnotationNode, parseTriggers } from '../events/parse';
import { matchEvent } from '../events/match';
import { EVENT_ANNOTATION, type MatchContext, type NormalizedEvent, type TriggerSpec } from '../events/types';
import type { AnnotationSource } from './pipeline-source';
import { buildSimulatedEvent, commonEvents, EXAMPLE_REPOSITORY, type CommonEvent, type SimulatedRepository } from './simulated-event';

/** A pipeline as the simulator sees it. */
export interface SimulatedPipeline {
  readonly name: string;
  /** Where it was found (file path), for the row heading. */
  readonly file?: string;
  readonly annotation: AnnotationSource;
}

/** One pipeline's trigger spec, or why it has none. */
export type TriggerState =
  | { readonly kind: 'spec'; readonly spec: TriggerSpec }
  | { readonly kind: 'no-annotation'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** A cell: fires / does not / depends on the changed files / cannot tell (annotation invalid or missing). */
export interface SimulatorCell {
  readonly outcome: 'fires' | 'skips' | 'depends' | 'invalid' | 'no-annotation';
  /** One sentence (shown on hover). */
  readonly reason: string;
  /** Every check `matchEvent` made. */
  readonly steps: readonly string[];
}

/** A row: one pipeline, one cell per event column. */
export interface SimulatorRow {
  readonly pipeline: string;
  readonly file?: string;
  readonly cells: readonly SimulatorCell[];
}

/** The whole table. */
export interface SimulatorTable {
  readonly columns: readonly { readonly id: string; readonly title: string }[];
  readonly rows: readonly SimulatorRow[];
}

/** Options for a simulation. */
export interface SimulateOptions {
  /** Files the event changed; undefined → path filters cannot be decided ("depends"). */
  readonly changedFiles?: readonly string[];
}

/** Compiles a pipeline's annotation (once per pipeline per table). */
export function triggerStateOf(annotation: AnnotationSource): TriggerState {
  if (annotation.kind === 'missing') {
    return { kind: 'no-annotation', reason: `no \`${EVENT_ANNOTATION}\` annotation: no event runs this pipeline` };
  }
  if (annotation.kind === 'not-a-string') {
    const problem = diagnoseAnnotationNode(annotation.node);
    return { kind: 'invalid', reason: problem?.message ?? 'the event annotation must be a string' };
  }
  const { spec, diagnostics } = parseTriggers(annotation.text);
  if (!spec) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return { kind: 'invalid', reason: `the event annotation has errors: ${first?.message ?? 'invalid'}${more}` };
  }
  return { kind: 'spec', spec };
}

/** Decides one pipeline against one event. */
export function simulateCell(state: TriggerState, event: NormalizedEvent, options: SimulateOptions = {}): SimulatorCell {
  if (state.kind !== 'spec') return { outcome: state.kind, reason: state.reason, steps: [] };
  const ctx: MatchContext = options.changedFiles ? { changedFiles: { files: options.changedFiles, complete: true } } : {};
  let result: ReturnType<typeof matchEvent>;
  try {
    result = matchEvent(state.spec, event, ctx);
  } catch (err) {
    // A recorded delivery is data from a cluster: a malformed one marks its column instead of breaking the table.
    return { outcome: 'invalid', reason: `this event cannot be matched (${err instanceof Error ? err.message : String(err)})`, steps: [] };
  }
  if (result.matched) return { outcome: 'fires', reason: result.explanation, steps: result.steps };
  if (result.needsChangedFiles) {
    return {
      outcome: 'depends',
      reason: `${result.explanation}: it runs only if a changed file matches (enter changed files to decide)`,
      steps: result.steps,
    };
  }
  return { outcome: 'skips', reason: result.explanation, steps: result.steps };
}

/** The table: rows = pipelines, columns = `events` (default: the common events for the repository). */
export function simulateTable(
  pipelines: readonly SimulatedPipeline[],
  options: SimulateOptions & { readonly repository?: SimulatedRepository; readonly events?: readonly CommonEvent[] } = {},
): SimulatorTable {
  const repo = options.repository ?? EXAMPLE_REPOSITORY;
  const events = options.events ?? commonEvents(repo);
  const built = events.map((e) => e.delivered ?? buildSimulatedEvent(e.input, repo));
  return {
    columns: events.map((e) => ({ id: e.id, title: e.title })),
    rows: pipelines.map((p) => {
      const state = triggerStateOf(p.annotation);
      return {
        pipeline: p.name,
        ...(p.file !== undefined ? { file: p.file } : {}),
        cells: built.map((event) => simulateCell(state, event, options)),
      };
    }),
  };
}
