// One login in flight: a second "Sign in" while the first waits focuses the tab already opened instead of a new one.
import { afterEach, describe, expect, it, vi } from 'vitest';

let inFlight = false;
vi.mock('../../bridge/host', () => ({
  host: () => ({
    auth: {
      signIn: () => {
        const answer = { authUrl: 'https://dex.example/auth?state=1', alreadyInFlight: inFlight, opened: false };
        inFlight = true;
        return Promise.resolve(answer);
      },
    },
  }),
}));

const { signIn } = await import('./auth-actions');

afterEach(() => {
  inFlight = false;
  vi.restoreAllMocks();
});

describe('sign-in tab', () => {
  it('the second click focuses the first tab; once that tab is closed a click opens a new one', async () => {
    const tab = { closed: false, focus: vi.fn() };
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    await signIn();
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://dex.example/auth?state=1', 'pipe-desktop-sign-in');

    await signIn();
    expect(open).toHaveBeenCalledTimes(1);
    expect(tab.focus).toHaveBeenCalledTimes(1);

    tab.closed = true;
    await signIn();
    expect(open).toHaveBeenCalledTimes(2);
  });
});
