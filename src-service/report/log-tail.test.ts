// readLogTail against an https server playing the apiserver: one that honours tailLines, and a hostile one that ignores
// it and streams an endless log (a 2 GB step log must never reach memory).
import { createServer, type Server } from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient as NodeKubeClient } from '../../src-node/kube/kube-client';
import { makeTls, writeFakeKubeconfig } from '../../src-node/kube/testing/fake-apiserver';
import { KubeClient } from '../kube/kube-client';
import { readLogTail } from './log-tail';

let server: Server;
let client: KubeClient;
const seen: { url: string; bytes: number }[] = [];

beforeAll(async () => {
  const tls = makeTls();
  server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const entry = { url: req.url ?? '', bytes: 0 };
    seen.push(entry);
    res.writeHead(200, { 'content-type': 'text/plain' });
    if (url.pathname.endsWith('/pods/honest/log')) {
      const n = Number(url.searchParams.get('tailLines'));
      res.end(Array.from({ length: n }, (_, i) => `line ${1000 - n + i}\n`).join(''));
      return;
    }
    // Endless: write 64 KiB chunks as fast as the client reads, until it goes away.
    let i = 0;
    const chunk = (): string =>
      Array.from({ length: 1000 }, () => `endless line ${i++} ${'x'.repeat(50)}\n`).join('');
    const pump = (): void => {
      while (!res.destroyed) {
        const c = chunk();
        entry.bytes += c.length;
        if (!res.write(c)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const file = writeFakeKubeconfig(
    mkdtempSync(join(tmpdir(), 'pipe-logtail-')),
    `https://127.0.0.1:${port}`,
    tls.caFile,
  );
  client = new KubeClient(NodeKubeClient.fromFile(file), 'test');
});
afterAll(async () => {
  client?.dispose();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('readLogTail', () => {
  it('asks for a tail (tailLines + limitBytes) and returns its lines', async () => {
    const tail = await readLogTail(client, 'ci', 'honest', 'step-unit');
    expect(tail.cut).toBe(false);
    expect(tail.lines).toHaveLength(50);
    expect(tail.lines[49]).toBe('line 999');
    const q = new URL(seen.at(-1)!.url, 'https://x').searchParams;
    expect(Object.fromEntries(q)).toEqual({
      container: 'step-unit',
      tailLines: '50',
      limitBytes: String(256 * 1024),
    });
  });

  it('a server that ignores both and streams without end: reading stops at the byte cap with the last complete lines', async () => {
    const tail = await readLogTail(client, 'ci', 'endless', 'step-unit', {
      lines: 50,
      maxBytes: 256 * 1024,
      maxLineChars: 400,
    });
    expect(tail.cut).toBe(true);
    expect(tail.lines).toHaveLength(50);
    const numbers = tail.lines.map((l) => Number(/^endless line (\d+) x+$/.exec(l)?.[1] ?? NaN));
    expect(numbers.every((n, i) => Number.isInteger(n) && (i === 0 || n === numbers[i - 1]! + 1))).toBe(true);
    // The connection is dropped right after the cap: what the server managed to write stays far below the 2 GB.
    expect(seen.at(-1)!.bytes).toBeLessThan(64 * 1024 * 1024);
  });
});
