// Ports for the sandbox's processes, which bind them seconds after they were chosen. A port the kernel hands out
// (bind to port 0) comes from the ephemeral range, the same range every outgoing connection takes its local port
// from: on a busy machine one of those connections can take the port before the process binds it ("address already
// in use", or worse, a process that keeps running without its server). So ports are chosen at random below (or above)
// the ephemeral range, where the kernel never assigns one, never twice in one process, and only when free right now.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port range, both ends included. */
export interface PortRange {
  readonly low: number;
  readonly high: number;
}

/** Where ports are taken from unless the ephemeral range leaves no room there. */
const FLOOR = 10_000;
const MIN_SPAN = 2_000;

/** The kernel's ephemeral range (Linux reads it; elsewhere the IANA range macOS and Windows use). */
export function ephemeralRange(): PortRange {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return { low: low!, high: high! };
  } catch {
    // Not Linux.
  }
  return { low: 49_152, high: 65_535 };
}

/** The range to choose sandbox ports from: the larger gap beside the ephemeral range. */
export function sandboxPortRange(ephemeral: PortRange = ephemeralRange()): PortRange {
  const below: PortRange = { low: FLOOR, high: ephemeral.low - 1 };
  const above: PortRange = { low: Math.max(FLOOR, ephemeral.high + 1), high: 65_535 };
  const span = (r: PortRange): number => r.high - r.low + 1;
  const best = span(below) >= span(above) ? below : above;
  if (span(best) < MIN_SPAN) throw new Error(`no room for sandbox ports beside the ephemeral range ${ephemeral.low}-${ephemeral.high}`);
  return best;
}

/** Resolves true when `port` can be bound on `host` right now. */
function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host }, () => srv.close(() => resolve(true)));
  });
}

/** Chooses free ports at random from a range, never the same one twice. */
export class PortPicker {
  private readonly given = new Set<number>();

  constructor(
    private readonly range: PortRange = sandboxPortRange(),
    private readonly random: () => number = Math.random,
    private readonly isFree: (port: number) => Promise<boolean> = async (p) => (await bindable(p, '127.0.0.1')) && bindable(p, '0.0.0.0'),
  ) {}

  async pick(): Promise<number> {
    const span = this.range.high - this.range.low + 1;
    // Every port of the range handed out once: start over (the first ones have long been bound or released).
    if (this.given.size >= span / 2) this.given.clear();
    for (let tries = 0; tries < 1000; tries++) {
      const port = this.range.low + Math.floor(this.random() * span);
      if (this.given.has(port)) continue;
      this.given.add(port);
      if (await this.isFree(port)) return port;
    }
    throw new Error(`no free port in ${this.range.low}-${this.range.high} after 1000 tries`);
  }
}

let picker: PortPicker | undefined;

/** A port free now, outside the ephemeral range, not handed out before in this process. */
export function freePort(): Promise<number> {
  picker ??= new PortPicker();
  return picker.pick();
}

/** n distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(await freePort());
  return ports;
}
