// One etcd member on loopback with its data on tmpfs.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleRequest } from './net.js';
import { freePorts } from './ports.js';
import { startProcess, waitUntil, type ManagedProcess } from './processes.js';

/** A running etcd. */
export interface Etcd {
  url: string;
  process: ManagedProcess;
}

/** Starts etcd (no fsync, loopback only) and waits until /health answers. */
export async function startEtcd(opts: { binary: string; dir: string; name: string; log?: (l: string) => void }): Promise<Etcd> {
  const [clientPort, peerPort] = await freePorts(2);
  const dataDir = join(opts.dir, 'data');
  await mkdir(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${clientPort}`;
  const proc = startProcess({
    name: `etcd-${opts.name}`,
    command: opts.binary,
    logFile: join(opts.dir, 'etcd.log'),
    args: [
      `--name=${opts.name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=${opts.name}=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync=true',
      '--quota-backend-bytes=2147483648',
      '--log-level=warn',
    ],
  });
  await waitUntil(`etcd ${opts.name}`, async () => (await simpleRequest(`${url}/health`)).status === 200, {
    proc,
    timeoutMs: 120_000,
    intervalMs: 50,
  });
  return { url, process: proc };
}
