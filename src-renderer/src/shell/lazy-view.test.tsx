import { describe, expect, it, vi } from 'vitest';
import { Suspense } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lazyView } from './lazy-view';
import { ErrorBoundary } from './error-boundary';

describe('lazyView', () => {
  it('loads again after a failed import when the boundary retries', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let attempts = 0;
    let isOnline = false;
    const View = lazyView(async () => {
      attempts++;
      if (!isOnline) throw new TypeError('Failed to fetch dynamically imported module: /assets/x.js');
      return ({ name }: { name: string }) => <p>hello {name}</p>;
    });
    render(
      <ErrorBoundary>
        <Suspense fallback={<p>loading</p>}>
          <View name="pipe" />
        </Suspense>
      </ErrorBoundary>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('could not be loaded');
    const failedAttempts = attempts;
    isOnline = true;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('hello pipe')).toBeTruthy();
    expect(attempts).toBe(failedAttempts + 1);
  });
});
