// "Another event": pick any event PIPE triggers on and its fields; the simulator adds it as a column.
import { useState, type ReactElement } from 'react';
import type { CommonEvent, SimulatedEventInput } from '../../../../src-shared/pipelines/simulated-event';

/** The form's fields (all strings, as typed). */
export interface CustomEventFields {
  readonly kind: 'push-branch' | 'push-tag' | 'pull_request' | 'release' | 'deployment' | 'create' | 'delete' | 'workflow_dispatch' | 'schedule';
  /** Branch or tag name; base branch for pull requests; ref for deployments and dispatch. */
  readonly name: string;
  /** Pull request head branch; deployment environment. */
  readonly second: string;
  /** Activity type (pull_request, release) or cron (schedule). */
  readonly action: string;
  /** workflow_dispatch inputs, `key=value` per line. */
  readonly inputs: string;
}

/** The event the fields describe, as a simulator column. */
export function customEvent(f: CustomEventFields): CommonEvent {
  const input = ((): SimulatedEventInput => {
    switch (f.kind) {
      case 'push-branch':
        return { kind: 'push', refType: 'branch', name: f.name };
      case 'push-tag':
        return { kind: 'push', refType: 'tag', name: f.name };
      case 'pull_request':
        return { kind: 'pull_request', action: f.action || 'opened', base: f.name, head: f.second || 'feature/x', merged: f.action === 'closed' };
      case 'release':
        return { kind: 'release', action: f.action || 'published', tag: f.name };
      case 'deployment':
        return { kind: 'deployment', environment: f.second || 'production', ref: f.name };
      case 'create':
      case 'delete':
        return { kind: f.kind, refType: 'branch', name: f.name };
      case 'workflow_dispatch': {
        const inputs: Record<string, string> = {};
        for (const line of f.inputs.split('\n')) {
          const i = line.indexOf('=');
          if (i > 0) inputs[line.slice(0, i).trim()] = line.slice(i + 1).trim();
        }
        return { kind: 'workflow_dispatch', ref: f.name, inputs };
      }
      case 'schedule':
        return { kind: 'schedule', cron: f.action };
    }
  })();
  const title = {
    'push-branch': `push to ${f.name}`,
    'push-tag': `tag ${f.name}`,
    pull_request: `PR ${f.action || 'opened'} → ${f.name}`,
    release: `release ${f.action || 'published'} ${f.name}`,
    deployment: `deployment (${f.second || 'production'})`,
    create: `create branch ${f.name}`,
    delete: `delete branch ${f.name}`,
    workflow_dispatch: `workflow_dispatch on ${f.name}`,
    schedule: `schedule ${f.action}`,
  }[f.kind];
  return { id: 'custom', title, input };
}

const LABELS: Record<CustomEventFields['kind'], [name: string, second?: string, action?: string]> = {
  'push-branch': ['Branch'],
  'push-tag': ['Tag'],
  pull_request: ['Base branch', 'Head branch', 'Action (opened, synchronize, closed, …)'],
  release: ['Tag', undefined, 'Action (published, created, …)'],
  deployment: ['Ref', 'Environment'],
  create: ['Branch'],
  delete: ['Branch'],
  workflow_dispatch: ['Ref'],
  schedule: ['', undefined, 'Cron that fired'],
};

/** The form; `onChange(undefined)` removes the column. */
export function CustomEventForm({ onChange }: { onChange: (event: CommonEvent | undefined) => void }): ReactElement {
  const [f, setF] = useState<CustomEventFields>({ kind: 'push-branch', name: 'release/1.0', second: '', action: '', inputs: '' });
  const [labelName, labelSecond, labelAction] = LABELS[f.kind];
  const update = (patch: Partial<CustomEventFields>): void => setF((x) => ({ ...x, ...patch }));
  return (
    <form
      className="custom-event"
      aria-label="Another event"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(customEvent(f));
      }}
    >
      <label>
        Event{' '}
        <select value={f.kind} onChange={(e) => update({ kind: e.target.value as CustomEventFields['kind'] })}>
          {Object.keys(LABELS).map((k) => (
            <option key={k} value={k}>{k}</option>
          ))}
        </select>
      </label>
      {labelName && (
        <label>
          {labelName} <input value={f.name} onChange={(e) => update({ name: e.target.value })} />
        </label>
      )}
      {labelSecond && (
        <label>
          {labelSecond} <input value={f.second} onChange={(e) => update({ second: e.target.value })} />
        </label>
      )}
      {labelAction && (
        <label>
          {labelAction} <input value={f.action} onChange={(e) => update({ action: e.target.value })} />
        </label>
      )}
      {f.kind === 'workflow_dispatch' && (
        <label>
          Inputs (key=value per line) <textarea rows={2} value={f.inputs} onChange={(e) => update({ inputs: e.target.value })} />
        </label>
      )}
      <button type="submit">Simulate</button>
      <button type="button" onClick={() => onChange(undefined)}>Remove</button>
    </form>
  );
}
