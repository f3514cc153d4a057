import { afterEach, describe, expect, it } from 'vitest';
import { handleShellEvent, RUN_VIEW_ID, startHashRoutes } from './navigation';
import { registerMainView, resetViewRegistry } from './view-registry';
import { resetAppStore, useAppStore } from '../state/store';

const Empty = () => null;

afterEach(() => {
  resetViewRegistry();
  resetAppStore();
});

function fakeWindow(hash: string) {
  const listeners = new Set<() => void>();
  const location = { hash };
  const target = {
    addEventListener: (_: string, fn: () => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => listeners.delete(fn),
  } as unknown as Pick<Window, 'addEventListener' | 'removeEventListener'>;
  return { location, target, fire: () => listeners.forEach((fn) => fn()), listeners };
}

describe('deep links in the renderer', () => {
  it('opens the run page for a pipe-desktop://runs link from the desktop shell', () => {
    registerMainView({ id: RUN_VIEW_ID, title: 'Run', component: Empty });
    handleShellEvent({ kind: 'deep-link', url: 'pipe-desktop://runs/runtime-kr1/team-a/ci-x' });
    const tabs = useAppStore.getState().tabs;
    expect(tabs).toHaveLength(1);
    expect(tabs[0]).toMatchObject({ viewId: RUN_VIEW_ID, params: { cluster: 'runtime-kr1', namespace: 'team-a', name: 'ci-x' } });
  });

  it('routes browser mode #/runs/… addresses, now and on hashchange, and stops when disposed', () => {
    registerMainView({ id: RUN_VIEW_ID, title: 'Run', component: Empty });
    const w = fakeWindow('#/runs/default/team-a/build-1');
    const stop = startHashRoutes(w.location, w.target);
    expect(useAppStore.getState().tabs.map((t) => t.params?.['name'])).toEqual(['build-1']);
    w.location.hash = '#/runs/default/team-a/build-2';
    w.fire();
    expect(useAppStore.getState().tabs.map((t) => t.params?.['name'])).toEqual(['build-1', 'build-2']);
    stop();
    expect(w.listeners.size).toBe(0);
  });

  it('says so when no run page exists, and never shows a sign-in code', () => {
    handleShellEvent({ kind: 'deep-link', url: 'pipe-desktop://runs/default/team-a/build-1' });
    handleShellEvent({ kind: 'deep-link', url: 'pipe-desktop://auth/callback?code=SECRETCODE&state=s' });
    handleShellEvent({ kind: 'deep-link', url: 'pipe-desktop://nonsense' });
    const messages = useAppStore.getState().notices.map((n) => n.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/team-a\/build-1/);
    expect(messages.join('\n')).not.toMatch(/SECRETCODE/);
    expect(useAppStore.getState().tabs).toHaveLength(0);
  });
});
