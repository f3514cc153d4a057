import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ClusterTargetBar, loadClusterSchema } from './cluster-target';
import { RunNowForm } from './run-now-form';
import { DeliveryPicker } from './delivery-picker';
import { editorEvents, useEditorStore } from './editor-store';
import { buildSimulatedEvent, type CommonEvent } from '../../../../src-shared/pipelines/simulated-event';

afterEach(() => editorEvents.reset());

describe('ClusterTargetBar', () => {
  it('sets the target and reads the cluster`s Tekton schema; says what it validates against or why not', async () => {
    const read = vi.fn((context: string) => (context === 'good' ? Promise.resolve({ source: 'Tekton v1.9.0 CRDs of good', kinds: {} }) : Promise.reject(new Error('forbidden'))));
    render(<ClusterTargetBar load={(c) => loadClusterSchema(c, read)} />);
    expect(screen.getByRole('status').textContent).toBe('Validating with the bundled Tekton schema.');
    fireEvent.change(screen.getByRole('textbox', { name: 'Cluster context' }), { target: { value: ' good ' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Runtime namespace' }), { target: { value: 'team-a' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Also validating against Tekton v1.9.0 CRDs of good.'));
    expect(useEditorStore.getState().target).toEqual({ context: 'good', namespace: 'team-a' });
    expect(read).toHaveBeenCalledWith('good');
    fireEvent.change(screen.getByRole('textbox', { name: 'Cluster context' }), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Could not read the Tekton schema of bad: forbidden'));
  });
});

describe('RunNowForm', () => {
  it('is disabled until a target is chosen, creates the run and hands its name over', async () => {
    const create = vi.fn(() => Promise.resolve({ context: 'ctx', namespace: 'team-a', name: 'hello-manual-abcde' }));
    const onCreated = vi.fn();
    const { rerender } = render(<RunNowForm target={{ context: '', namespace: '' }} build={() => ({ ok: true, yaml: 'run' })} create={create} onCreated={onCreated} />);
    expect(screen.getByRole('button', { name: 'Run now' })).toHaveProperty('disabled', true);
    rerender(<RunNowForm target={{ context: 'ctx', namespace: 'team-a' }} build={() => ({ ok: true, yaml: 'run' })} create={create} onCreated={onCreated} />);
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith({ context: 'ctx', namespace: 'team-a', name: 'hello-manual-abcde' }));
    expect(create).toHaveBeenCalledWith({ context: 'ctx', namespace: 'team-a', pipelineRun: 'run' });
  });

  it('shows a template error or the apiserver`s refusal', async () => {
    const { rerender } = render(<RunNowForm target={{ context: 'c', namespace: 'n' }} build={() => ({ ok: false, message: 'param x has no value' })} create={vi.fn()} onCreated={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    expect(screen.getByRole('alert').textContent).toBe('param x has no value');
    rerender(<RunNowForm target={{ context: 'c', namespace: 'n' }} build={() => ({ ok: true, yaml: 'y' })} create={() => Promise.reject(new Error('cannot create resource "pipelineruns"'))} onCreated={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('cannot create resource "pipelineruns"'));
  });
});

describe('DeliveryPicker', () => {
  it('loads recent deliveries and turns the chosen one into a simulator column', async () => {
    const event = JSON.parse(JSON.stringify(buildSimulatedEvent({ kind: 'push', refType: 'branch', name: 'main' }))) as unknown;
    const load = vi.fn(() =>
      Promise.resolve({
        deliveries: [
          { name: 'sha256-a', deliveryId: 'aaaaaaaa-1', eventName: 'push', repository: 'my-org/my-app', ref: 'refs/heads/main', event },
          { name: 'sha256-b', deliveryId: 'bbbbbbbb-2', eventName: 'push', repository: 'my-org/my-app', event: 'garbage' },
        ],
      }),
    );
    const picked: (CommonEvent | undefined)[] = [];
    render(<DeliveryPicker initialContext="core" load={load} onPick={(c) => picked.push(c)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Load' }));
    const select = await screen.findByRole('combobox', { name: 'Recent delivery' });
    expect(load).toHaveBeenCalledWith('core');
    fireEvent.change(select, { target: { value: 'sha256-a' } });
    expect(picked.at(-1)).toMatchObject({ id: 'delivery:sha256-a', title: 'push main (delivery aaaaaaaa)' });
    fireEvent.change(select, { target: { value: 'sha256-b' } });
    expect(picked.at(-1)).toBeUndefined();
    expect(screen.getByRole('alert').textContent).toBe('Delivery bbbbbbbb-2 has no event the simulator can read.');
  });
});

describe('PullRequestForm', () => {
  it('opens the PR for owner/name with the files and links it; shows GitHub`s refusal', async () => {
    const { PullRequestForm } = await import('./pull-request-form');
    const open = vi.fn(() => Promise.resolve({ number: 7, url: 'https://github.com/acme/app/pull/7', branch: 'pipe/new-pipelines-x' }));
    const files = [{ path: '.pipe/ci.yaml', text: 'a', summary: 's' }];
    const { rerender } = render(<PullRequestForm files={files} open={open} />);
    const button = screen.getByRole('button', { name: 'Open a pull request' });
    expect(button).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByRole('textbox', { name: 'GitHub repository' }), { target: { value: 'acme/app' } });
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole('link', { name: 'pull request #7' }).getAttribute('href')).toBe('https://github.com/acme/app/pull/7'));
    expect(open).toHaveBeenCalledWith({ repository: 'acme/app', files: [{ path: '.pipe/ci.yaml', text: 'a' }] });
    rerender(<PullRequestForm files={files} open={() => Promise.reject(new Error('Sign in to GitHub first (PIPE account → GitHub).'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open a pull request' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Sign in to GitHub first (PIPE account → GitHub).'));
  });
});
