// Bug (issue 12): "Sending a sample event opens a second events tab". The events view is open (from the sidebar);
// Send a sample event must focus that tab and select the new delivery, not open another one.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { GithubEventRow } from '../../../../src-shared/contract/runs';

const row = (deliveryId: string): GithubEventRow => ({ name: `ev-${deliveryId}`, deliveryId, event: 'push', repository: 'pipe-sandbox/sample-app', ref: 'refs/heads/main', phase: 'Succeeded', explanations: [], runs: [], errors: [] });
let deliveries = [row('d-1')];
const eventWatchers = new Set<(events: GithubEventRow[]) => void>();

vi.mock('../../bridge/host', () => ({
  host: () => ({
    clusters: {
      overview: (_: unknown, o: { next: (v: unknown) => void }) => {
        o.next({ files: [], clusters: [{ context: 'core', group: 'core' }], currentContext: 'core', profile: { state: 'none', namespaces: [] }, shellEnvReady: true });
        return () => undefined;
      },
    },
    runs: {
      watchEvents: (_: unknown, o: { next: (e: { type: 'events'; events: GithubEventRow[] }) => void }) => {
        const push = (events: GithubEventRow[]): void => o.next({ type: 'events', events });
        eventWatchers.add(push);
        push(deliveries);
        return () => eventWatchers.delete(push);
      },
    },
    pipeEvents: {
      sampleTarget: () => Promise.resolve({ available: true, repository: 'pipe-sandbox/sample-app' }),
      sendSample: () => {
        deliveries = [row('d-2'), ...deliveries];
        for (const w of eventWatchers) w(deliveries);
        return Promise.resolve({ deliveryId: 'd-2', event: 'push', summary: 'push refs/heads/main @ abc', status: 202, message: 'accepted' });
      },
    },
  }),
}));

await import('../runs/index');
const { TabBar } = await import('../../shell/tab-bar');
const { MainArea } = await import('../../shell/main-area');
const { openView } = await import('../../shell/navigation');
const { resetAppStore } = await import('../../state/store');
const { registerMainView } = await import('../../shell/view-registry');
registerMainView({ id: 'other', title: 'Other', component: () => <p>other</p> });

afterEach(() => {
  resetAppStore();
  deliveries = [row('d-1')];
});

describe('Send a sample event with the GitHub events view open', () => {
  it('focuses the open events tab and selects the new delivery instead of opening a second tab', async () => {
    render(
      <>
        <TabBar />
        <MainArea />
      </>,
    );
    act(() => void openView('runs.events'));
    // The view is a lazy chunk: wait for the state, however long a loaded machine takes to import it.
    const send = await screen.findByRole('button', { name: 'Send a sample event' }, { timeout: 20_000 });
    act(() => void openView('other'));
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Other');
    fireEvent.click(send);
    await waitFor(() => expect(screen.getByTestId('event-detail').textContent).toContain('Delivery d-2'), { timeout: 20_000 });
    const tabs = within(screen.getByRole('tablist', { name: 'Open views' })).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['', 'GitHub events', 'Other']);
    expect(screen.getAllByTestId('events-view')).toHaveLength(1);
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('GitHub events');
  });
});
