import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { buildSimulatedEvent } from '../../../../src-shared/pipelines/simulated-event';
import { simulateCell, triggerStateOf } from '../../../../src-shared/pipelines/trigger-simulator';
import { CustomEventForm, customEvent } from './custom-event-form';

const state = triggerStateOf({
  kind: 'text',
  text: "workflow_dispatch:\n  inputs:\n    level: {type: choice, options: [info, debug], required: true}\nrelease:\n  types: [published]\ncreate:\n",
});
const outcome = (f: Parameters<typeof customEvent>[0]) => simulateCell(state, buildSimulatedEvent(customEvent(f).input)).outcome;
const base = { name: 'main', second: '', action: '', inputs: '' } as const;

describe('customEvent', () => {
  it('turns form fields into the event the simulator matches', () => {
    expect(outcome({ ...base, kind: 'workflow_dispatch', inputs: 'level=debug' })).toBe('fires');
    expect(outcome({ ...base, kind: 'workflow_dispatch', inputs: 'level=loud' })).toBe('skips');
    expect(outcome({ ...base, kind: 'release', name: 'v2', action: 'published' })).toBe('fires');
    expect(outcome({ ...base, kind: 'release', name: 'v2', action: 'edited' })).toBe('skips');
    expect(outcome({ ...base, kind: 'create', name: 'topic' })).toBe('fires');
    expect(outcome({ ...base, kind: 'push-branch' })).toBe('skips');
    expect(customEvent({ ...base, kind: 'pull_request', name: 'main', second: 'topic', action: 'closed' })).toMatchObject({
      title: 'PR closed → main',
      input: { kind: 'pull_request', base: 'main', head: 'topic', merged: true },
    });
  });

  it('the form shows the fields of the chosen event and submits the column', () => {
    const onChange = vi.fn();
    render(<CustomEventForm onChange={onChange} />);
    fireEvent.change(screen.getByRole('combobox', { name: 'Event' }), { target: { value: 'deployment' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Environment' }), { target: { value: 'stage' } });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ id: 'custom', title: 'deployment (stage)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });
});
