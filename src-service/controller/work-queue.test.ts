import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('WorkQueue', () => {
  it('bounds concurrency, dedupes queued keys and reruns a key re-added while busy', async () => {
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const q = new WorkQueue(
      async (k) => {
        active++;
        peak = Math.max(peak, active);
        seen.push(k);
        await tick(10);
        active--;
      },
      { concurrency: 2 },
    );
    for (const k of ['a', 'b', 'c', 'c', 'd']) q.add(k);
    await tick(2);
    q.add('a'); // busy → runs once more afterwards
    await tick(80);
    expect(peak).toBe(2);
    expect(seen.sort()).toEqual(['a', 'a', 'b', 'c', 'd']);
  });

  it('retries failures with backoff', async () => {
    let n = 0;
    const q = new WorkQueue(
      async () => {
        if (++n < 3) throw new Error('boom');
      },
      { concurrency: 1, baseBackoffMs: 5 },
    );
    q.add('x');
    await tick(60);
    expect(n).toBe(3);
  });

  it('drain waits for in-flight work and drops queued keys', async () => {
    const done: string[] = [];
    const q = new WorkQueue(
      async (k) => {
        await tick(20);
        done.push(k);
      },
      { concurrency: 1 },
    );
    q.add('a');
    q.add('b');
    await tick(2);
    await q.drain(1000);
    expect(done).toEqual(['a']);
    q.add('c');
    await tick(30);
    expect(done).toEqual(['a']);
  });
});
