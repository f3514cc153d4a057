import { describe, expect, it } from 'vitest';
import { planConcurrency, type RunView } from './concurrency-plan';

const run = (
  name: string,
  queuedAt: string,
  state: RunView['state'],
  extra: Partial<RunView> = {},
): RunView => ({
  name,
  group: 'g',
  cancelInProgress: false,
  queuedAt,
  state,
  cancelRequested: false,
  ...extra,
});

describe('planConcurrency', () => {
  it('releases pending runs in queue order up to the limit', () => {
    const runs = [
      run('c', '3', 'pending'),
      run('a', '1', 'running'),
      run('b', '2', 'pending'),
      run('d', '4', 'pending'),
    ];
    expect(planConcurrency(runs, 2)).toEqual({ cancel: [], release: ['b'] });
    expect(planConcurrency(runs, 1)).toEqual({ cancel: [], release: [] });
    expect(planConcurrency(runs, 0)).toEqual({ cancel: [], release: ['b', 'c', 'd'] });
  });

  it('does not count finished or cancelling runs against the limit', () => {
    const runs = [
      run('a', '1', 'done'),
      run('b', '2', 'running', { cancelRequested: true }),
      run('c', '3', 'pending'),
    ];
    expect(planConcurrency(runs, 1).release).toEqual(['c']);
  });

  it('cancel-in-progress keeps only the newest live run per group', () => {
    const opts = { cancelInProgress: true };
    const runs = [
      run('old', '1', 'running', { ...opts, group: 'main' }),
      run('new', '2', 'running', { ...opts, group: 'main' }),
      run('pr', '3', 'running', { ...opts, group: 'pr/1' }),
      run('other', '0', 'running'),
    ];
    expect(planConcurrency(runs, 0)).toEqual({ cancel: ['old'], release: [] });
  });

  it('applies cancel before the limit: a cancelled pending run frees its place and a newer one is released', () => {
    const opts = { cancelInProgress: true, group: 'main' };
    const runs = [
      run('r1', '1', 'running', opts),
      run('p2', '2', 'pending', opts),
      run('p3', '3', 'pending', opts),
      run('x', '4', 'pending'),
    ];
    // r1 and p2 are superseded by p3; the limit of 1 then lets the oldest remaining pending run (p3) start.
    expect(planConcurrency(runs, 1)).toEqual({ cancel: ['p2', 'r1'], release: ['p3'] });
  });

  it('an older event reconciled late is cancelled at once when a newer run exists', () => {
    const opts = { cancelInProgress: true, group: 'main' };
    expect(
      planConcurrency([run('newer', '5', 'running', opts), run('late-older', '1', 'running', opts)], 0)
        .cancel,
    ).toEqual(['late-older']);
  });

  it('breaks queue-time ties by name and is stable', () => {
    const runs = [run('b', '1', 'pending'), run('a', '1', 'pending')];
    expect(planConcurrency(runs, 1).release).toEqual(['a']);
  });
});
