import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, fireEvent } from '@testing-library/react';
import type { StreamObserver } from '../../../../src-shared/contract/rpc';
import type { ClusterEntry, PodRow, WatchEvent } from '../../../../src-shared/contract/clusters';

// A fake host: records watch subscriptions so the test can push events.
const watches: { args: unknown; observer: StreamObserver<WatchEvent>; stopped: boolean }[] = [];
const approvals: unknown[] = [];
vi.mock('../../bridge/host', () => ({
  host: () => ({
    clusters: {
      watch: (args: unknown, observer: StreamObserver<WatchEvent>) => {
        const w = { args, observer, stopped: false };
        watches.push(w);
        return () => (w.stopped = true);
      },
      get: () => new Promise(() => undefined),
      overview: () => () => undefined,
      approveExec: (args: unknown) => {
        approvals.push(args);
        return Promise.resolve({ ok: true });
      },
    },
  }),
}));

const { acquireLiveTable } = await import('./live-table');
const { groupClusters } = await import('./cluster-sidebar');
const { VirtualTable } = await import('../../ui/virtual-list');
const { ResourceTable, ExecApproval } = await import('./resource-view');
const { statusText } = await import('./cluster-status');

afterEach(() => {
  watches.length = 0;
});

const pod = (i: number, extra: Partial<PodRow> = {}): PodRow => ({
  uid: `u${i}`,
  name: `pod-${i}`,
  namespace: 'ns',
  createdAt: 1,
  phase: 'Running',
  status: 'Running',
  ready: 1,
  containers: 1,
  restarts: 0,
  ...extra,
});

describe('LiveTable', () => {
  it('shares one host stream per (context, resource, namespace) and closes it with the last holder', () => {
    const a = acquireLiveTable('ctx', 'pods', 'ns');
    const b = acquireLiveTable('ctx', 'pods', 'ns');
    expect(a.table).toBe(b.table);
    expect(watches).toHaveLength(1);
    a.release();
    expect(watches[0]!.stopped).toBe(false);
    b.release();
    expect(watches[0]!.stopped).toBe(true);
  });

  it('applies a chunked snapshot only when synced, then deltas', () => {
    const { table, release } = acquireLiveTable('ctx', 'pods', 'ns2');
    const o = watches[0]!.observer;
    o.next({ type: 'reset' });
    o.next({ type: 'rows', rows: [pod(1), pod(2)] });
    expect(table.current.rows.size).toBe(0);
    o.next({ type: 'rows', rows: [pod(3)] });
    o.next({ type: 'synced', total: 3, resourceVersion: '9' });
    expect(table.current.synced).toBe(true);
    expect(table.current.rows.size).toBe(3);
    o.next({ type: 'delta', upserts: [pod(4), pod(1, { status: 'Error' })], deletes: ['u2'] });
    expect([...table.current.rows.keys()].sort()).toEqual(['u1', 'u3', 'u4']);
    expect((table.current.rows.get('u1') as PodRow).status).toBe('Error');
    o.next({ type: 'state', state: 'reconnecting', problem: { code: 'unavailable', message: 'down', help: '' } });
    expect(table.current.state).toBe('reconnecting');
    release();
  });
});

describe('VirtualTable', () => {
  it('renders only the visible rows of 10,000 and sorts from the header', () => {
    // happy-dom has no layout: give the scroll container a 400px viewport.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
    const rows = Array.from({ length: 10_000 }, (_, i) => pod(i));
    const onSort = vi.fn();
    render(
      <div style={{ height: 400 }}>
        <VirtualTable
          rows={rows}
          rowKey={(r) => r.uid}
          ariaLabel="Pods"
          columns={[{ key: 'name', title: 'Name', width: '1fr', sortable: true, render: (r) => r.name }]}
          sort={{ key: 'name', dir: 'asc' }}
          onSortChange={onSort}
        />
      </div>,
    );
    const rendered = screen.getAllByRole('row').length;
    expect(rendered).toBeGreaterThan(1);
    expect(rendered).toBeLessThan(100);
    expect(screen.getByRole('grid', { name: 'Pods' }).getAttribute('aria-rowcount')).toBe('10001');
    fireEvent.click(screen.getByRole('button', { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith({ key: 'name', dir: 'desc' });
    height.mockRestore();
  });

  it('moves the selection with the arrow keys', () => {
    const rows = [pod(1), pod(2), pod(3)];
    const onActivate = vi.fn();
    render(<VirtualTable rows={rows} rowKey={(r) => r.uid} ariaLabel="P" columns={[{ key: 'n', title: 'N', width: '1fr', render: (r) => r.name }]} selectedKey="u1" onRowActivate={onActivate} />);
    act(() => {
      fireEvent.keyDown(screen.getByTestId('vtable-body'), { key: 'ArrowDown' });
    });
    expect(onActivate).toHaveBeenCalledWith(rows[1]);
  });
});

describe('sidebar grouping', () => {
  const entry = (context: string, group: ClusterEntry['group'], region?: string): ClusterEntry => ({
    context,
    cluster: context,
    user: 'u',
    server: 'https://x',
    file: '/f',
    authKind: 'token',
    group,
    ...(region ? { region } : {}),
    namespace: 'default',
    isCurrent: false,
    status: { phase: 'ready', auth: 'ok' },
  });
  it('groups as core, runtime by region (sorted), other', () => {
    const groups = groupClusters([entry('kind', 'other'), entry('rt-b', 'runtime', 'osaka'), entry('core', 'core'), entry('rt-a', 'runtime', 'tokyo'), entry('rt-c', 'runtime', 'osaka')]);
    expect(groups.map((g) => [g.title, g.clusters.map((c) => c.context)])).toEqual([
      ['Core', ['core']],
      ['Runtime · osaka', ['rt-b', 'rt-c']],
      ['Runtime · tokyo', ['rt-a']],
      ['Other kubeconfigs', ['kind']],
    ]);
    expect(groupClusters([entry('kind', 'other')])[0]!.title).toBe('Kubeconfig contexts');
  });
});

describe('cluster view states', () => {
  it('a forbidden list says so once: the error banner, and no "Loading pods…" under it', () => {
    const problem = { code: 'forbidden' as const, message: 'pods is forbidden: User "alice" cannot list resource "pods" in the namespace "locked"', help: 'Ask for access.' };
    render(
      <ResourceTable
        context="c"
        resource="pods"
        namespace="locked"
        snapshot={{ rows: new Map(), version: 1, synced: false, state: 'failed', problem, syncedAt: undefined }}
        allNamespaces={false}
        onAllNamespaces={undefined}
        onRetry={() => undefined}
        initialSearch={undefined}
        onOpenOwner={() => undefined}
      />,
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('alert').textContent).toContain('cannot list resource "pods"');
    expect(screen.queryByText(/Loading pods/)).toBeNull();
  });

  it('shows the exec command before it runs and allows it on request; idle clusters say how to connect', () => {
    const entry: ClusterEntry = {
      context: 'imported',
      cluster: 'c',
      user: 'u',
      server: 'https://x',
      file: '/home/me/.config/pipe/kubeconfigs/team.yaml',
      authKind: 'exec',
      group: 'other',
      namespace: 'default',
      isCurrent: false,
      status: { phase: 'needs-approval', auth: 'unknown' },
      exec: { command: '/opt/bin/login', args: ['--profile', 'team'] },
    };
    render(<ExecApproval entry={entry} exec={entry.exec!} />);
    expect(screen.getByTestId('exec-command').textContent).toBe('/opt/bin/login --profile team');
    expect(screen.getByRole('alert').textContent).toContain(entry.file);
    expect(approvals).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Allow and connect' }));
    expect(approvals).toEqual([{ context: 'imported' }]);
    expect(statusText({ phase: 'idle', auth: 'unknown' })).toBe('Not connected — open to connect');
  });
});
