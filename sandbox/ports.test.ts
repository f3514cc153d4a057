import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralRange, freePorts, PortPicker, sandboxPortRange } from './ports';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A fixed sequence of "random" numbers, then the last one forever. */
const sequence = (...values: number[]): (() => number) => {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)]!;
};

describe('sandbox ports', () => {
  it('are chosen beside the ephemeral range, in the larger gap', () => {
    expect(sandboxPortRange({ low: 32768, high: 60999 })).toEqual({ low: 10_000, high: 32767 });
    expect(sandboxPortRange({ low: 49152, high: 65535 })).toEqual({ low: 10_000, high: 49151 });
    expect(sandboxPortRange({ low: 1024, high: 40000 })).toEqual({ low: 40001, high: 65535 });
    expect(() => sandboxPortRange({ low: 1024, high: 65000 })).toThrow(/no room for sandbox ports/);
  });

  it('reads the ephemeral range the kernel uses', () => {
    const r = ephemeralRange();
    expect(r.low).toBeGreaterThan(0);
    expect(r.high).toBeGreaterThanOrEqual(r.low);
    expect(r.high).toBeLessThanOrEqual(65535);
  });

  it('never hands out one port twice, and skips a port that is taken', async () => {
    const taken = new Set([20_002]);
    const picker = new PortPicker({ low: 20_000, high: 20_009 }, sequence(0.1, 0.1, 0.2, 0.1, 0.3), async (p) => !taken.has(p));
    expect(await picker.pick()).toBe(20_001);
    // 0.1 again is skipped (already given), 0.2 is taken, 0.1 skipped, then 0.3.
    expect(await picker.pick()).toBe(20_003);
  });

  it('fails with a reason when the range has no free port', async () => {
    const picker = new PortPicker({ low: 20_000, high: 20_009 }, Math.random, async () => false);
    await expect(picker.pick()).rejects.toThrow(/no free port in 20000-20009/);
  });

  it('finds ports a process can bind, and not one that is listening', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    const range = sandboxPortRange();
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(range.low);
      expect(port).toBeLessThanOrEqual(range.high);
    }
    // Hold one port: a picker that may only choose it finds it busy.
    const held = createServer();
    servers.push(held);
    await new Promise<void>((r) => held.listen(ports[0], '127.0.0.1', () => r()));
    const picker = new PortPicker({ low: ports[0]!, high: ports[0]! });
    await expect(picker.pick()).rejects.toThrow(/no free port/);
    // The others bind.
    for (const port of ports.slice(1)) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
    }
  });
});
