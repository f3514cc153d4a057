import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('resolves with the first value that is not undefined, null or false (0 and "" are values)', async () => {
    const reads: unknown[] = [undefined, null, false, 0];
    expect(await waitUntil(() => reads.shift(), 'zero', 60_000, 0)).toBe(0);
    expect(await waitUntil(() => '', 'empty string', 60_000, 0)).toBe('');
  });

  it('treats a throwing read as not yet, and names the state and the last error when the deadline passes', async () => {
    let n = 0;
    expect(await waitUntil(() => (++n < 3 ? Promise.reject(new Error('busy')) : 'ok'), 'ok', 60_000, 0)).toBe(
      'ok',
    );
    await expect(
      waitUntil(
        () => Promise.reject(new Error('connection refused')),
        () => 'the pod',
        0,
        0,
      ),
    ).rejects.toThrow(/waiting for the pod; last error: connection refused/);
  });
});
