import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { PipeEventsStatus } from '../../../../src-shared/contract/pipe-events';

const sent: unknown[] = [];
let available = true;
vi.mock('../../bridge/host', () => ({
  host: () => ({
    pipeEvents: {
      sampleTarget: () => Promise.resolve(available ? { available: true, repository: 'pipe-sandbox/sample-app' } : { available: false, reason: 'not local' }),
      sendSample: (a: unknown) => (sent.push(a), Promise.resolve({ deliveryId: 'd-1', event: 'push', summary: 'push refs/heads/main @ abc', status: 202, message: 'accepted' })),
    },
  }),
}));
const opened: unknown[] = [];
vi.mock('../../shell/navigation', () => ({ openView: (...a: unknown[]) => void opened.push(a) }));

const { PipeEventsPanel } = await import('./pipe-events-view');
const { SampleEventSender } = await import('./sample-event-sender');

const T = Date.parse('2026-11-28T12:00:00Z');
const base: PipeEventsStatus = {
  context: 'core',
  namespace: 'pipe-system',
  state: 'up',
  replicas: [
    { identity: 'pipe-events-0', renewedAt: T, expiresAt: T + 15_000, live: true, leader: true },
    { identity: 'pipe-events-1', renewedAt: T, expiresAt: T + 15_000, live: true, leader: false },
    { identity: 'pipe-events-old', renewedAt: T - 60_000, expiresAt: T - 45_000, live: false, leader: false },
  ],
  leader: 'pipe-events-0',
  lastDelivery: { name: 'e1', deliveryId: 'd-e1', event: 'push', repository: 'acme/app', receivedAt: T, phase: 'Succeeded', runCount: 1 },
  waiting: 1,
  failing: 1,
  waitingEvents: [{ name: 'e2', deliveryId: 'd-e2', event: 'pull_request', action: 'opened', repository: 'acme/app', receivedAt: T, phase: 'Pending', attempts: 2, nextAttemptAt: T + 30_000, message: 'GitHub answered 502', runCount: 0 }],
  failingEvents: [{ name: 'e2', deliveryId: 'd-e2', event: 'pull_request', action: 'opened', repository: 'acme/app', receivedAt: T, phase: 'Pending', attempts: 2, nextAttemptAt: T + 30_000, message: 'GitHub answered 502', runCount: 0 }],
  schedules: { checkedUntil: T, known: true, next: [{ repository: 'acme/app', pipeline: 'nightly', cron: '0 3 * * *', at: T + 3_600_000 }] },
  totalEvents: 7,
};

afterEach(() => {
  cleanup();
  sent.length = 0;
  opened.length = 0;
  available = true;
});

describe('pipe-events panel', () => {
  it('shows replicas with the leader, the last delivery, waiting and failing events, schedules due next', () => {
    render(<PipeEventsPanel status={base} />);
    expect(screen.getByTestId('pipe-events-up').textContent).toBe('2 of 3 replicas live · leader pipe-events-0');
    expect(document.querySelector('[data-replica="pipe-events-0"] th')!.textContent).toBe('● pipe-events-0 (leader)');
    expect(document.querySelector('[data-replica="pipe-events-old"]')!.getAttribute('data-live')).toBe('false');
    expect(screen.getByTestId('pipe-events-last-delivery').textContent).toContain('push · acme/app (Succeeded, 1 run)');
    expect(screen.getByTestId('pipe-events-counts').textContent).toBe('1 waiting · 1 failing · 7 recorded');
    expect(screen.getAllByText('GitHub answered 502')).toHaveLength(2);
    expect(screen.getByRole('table', { name: 'Upcoming schedules' }).textContent).toContain('acme/app · nightly · 0 3 * * * (UTC)');
    expect(screen.queryByTestId('pipe-events-down')).toBeNull();
  });

  it('opens the GitHub events view on a delivery', () => {
    render(<PipeEventsPanel status={base} />);
    fireEvent.click(screen.getByRole('button', { name: /push · acme\/app/ }));
    expect(opened).toEqual([['runs.events', { params: { delivery: 'd-e1' } }]]);
  });

  it('says clearly when pipe-events is down, and when no schedule data is published', () => {
    render(<PipeEventsPanel status={{ ...base, state: 'down', leader: undefined, replicas: base.replicas.map((r) => ({ ...r, live: false, leader: false })), schedules: { known: false, next: [] } }} />);
    expect(screen.getByRole('alert').textContent).toMatch(/^pipe-events is down: no replica holds a live Lease/);
    expect(screen.queryByTestId('pipe-events-up')).toBeNull();
    expect(screen.getByText('This pipe-events publishes no upcoming schedule fires.')).toBeTruthy();
  });

  it('shows an empty installation plainly', () => {
    render(<PipeEventsPanel status={{ ...base, replicas: [base.replicas[0]!], lastDelivery: undefined, waiting: 0, failing: 0, waitingEvents: [], failingEvents: [], totalEvents: 0, schedules: { known: true, next: [] } }} />);
    expect(screen.getByTestId('pipe-events-up').textContent).toBe('1 of 1 replica live · leader pipe-events-0');
    expect(screen.getByTestId('pipe-events-last-delivery').textContent).toBe('No delivery recorded yet.');
    expect(screen.getByText('No schedule: triggers in the mapped repositories.')).toBeTruthy();
  });
});

describe('Send a sample event', () => {
  it('is offered only when the local PIPE can take it, sends through the host and opens the delivery', async () => {
    render(<SampleEventSender />);
    const button = await screen.findByRole('button', { name: 'Send a sample event' });
    fireEvent.change(screen.getByLabelText('Branch'), { target: { value: 'feature/x' } });
    await act(async () => {
      fireEvent.click(button);
    });
    await vi.waitFor(() => expect(opened).toEqual([['runs.events', { params: { delivery: 'd-1' } }]]));
    expect(sent).toEqual([{ kind: 'push', branch: 'feature/x' }]);
    fireEvent.change(screen.getByLabelText('Sample event'), { target: { value: 'deployment' } });
    expect(screen.queryByLabelText('Branch')).toBeNull();
  });

  it('renders nothing when the app is not connected to the local PIPE', async () => {
    available = false;
    const { container } = render(<SampleEventSender />);
    await act(async () => undefined);
    expect(container.innerHTML).toBe('');
  });
});
