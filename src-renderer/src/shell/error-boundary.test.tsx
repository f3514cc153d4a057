import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorBoundary } from './error-boundary';
import { RpcError } from '../../../src-shared/contract/errors';

let shouldThrow: unknown = new Error('The pipeline graph has a cycle.');

function Fragile() {
  if (shouldThrow) throw shouldThrow;
  return <p>all good</p>;
}

afterEach(() => {
  shouldThrow = new Error('The pipeline graph has a cycle.');
  vi.restoreAllMocks();
});

describe('ErrorBoundary', () => {
  it('shows a readable message instead of the broken part', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ErrorBoundary label="The Pipelines view">
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The Pipelines view stopped working');
    expect(screen.getByText('The pipeline graph has a cycle.')).toBeTruthy();
  });

  it('adds the help text for typed errors', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    shouldThrow = new RpcError('forbidden', 'pipelineruns is forbidden.');
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/pipelineruns is forbidden\. You are not allowed/);
  });

  it('"Back to start" calls the handler and renders the children again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const user = userEvent.setup();
    const onBack = vi.fn(() => (shouldThrow = undefined));
    render(
      <ErrorBoundary onBackToStart={onBack}>
        <Fragile />
      </ErrorBoundary>,
    );
    await user.click(screen.getByRole('button', { name: 'Back to start' }));
    expect(onBack).toHaveBeenCalledOnce();
    expect(screen.getByText('all good')).toBeTruthy();
  });

  it('"Try again" retries without leaving', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const user = userEvent.setup();
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    shouldThrow = undefined;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('all good')).toBeTruthy();
  });
});
