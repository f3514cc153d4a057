// Optional S3-compatible object store for the sandbox (gofakes3 from its Go module), started only by tests that need it.
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './processes.js';

/** Where a client finds the sandbox's object store. gofakes3 accepts any credentials; these are placeholders. */
export interface S3ServerInfo {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A running (or stopped, restartable) S3 server keeping its objects on disk across restarts. */
export interface S3Server extends S3ServerInfo {
  /** Stops the process (objects stay in its folder); the endpoint refuses connections until start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same objects. */
  start(): Promise<void>;
  /** Stops it for good. */
  dispose(): Promise<void>;
  readonly pid: number | undefined;
}

/** Options for startS3Server. */
export interface StartS3ServerOptions {
  /** Folder for objects and the process log. */
  readonly dir: string;
  readonly bucket?: string;
  readonly port?: number;
  /** Binary; default $PIPE_SANDBOX_GOFAKES3, $PIPE_SANDBOX_ASSETS/gofakes3 or the build cache. */
  readonly binary?: string;
}

function listBuckets(endpoint: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${endpoint}/`, { method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitReady(endpoint: string, proc: ManagedProcess): Promise<void> {
  const end = Date.now() + 30_000;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < end) {
    if (exited) throw new Error(`gofakes3 exited: ${proc.tail()}`);
    if ((await listBuckets(endpoint)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gofakes3 not ready at ${endpoint} after 30 s: ${proc.tail()}`);
}

/** Starts gofakes3 (filesystem backend) on 127.0.0.1 with one bucket; resolves when it answers ListBuckets. */
export async function startS3Server(opts: StartS3ServerOptions): Promise<S3Server> {
  const binary = opts.binary ?? findBinary('gofakes3');
  if (!binary) throw new Error('gofakes3 missing: run `npx tsx sandbox/build-binaries.ts gofakes3` (or set PIPE_SANDBOX_GOFAKES3)');
  const bucket = opts.bucket ?? 'pipe-logs';
  const port = opts.port ?? (await freePort());
  const dataDir = join(opts.dir, 'objects');
  await mkdir(dataDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  let proc: ManagedProcess | undefined;
  const start = async (): Promise<void> => {
    if (proc) return;
    const p = startProcess({
      name: 'gofakes3',
      command: binary,
      logFile: join(opts.dir, 'gofakes3.log'),
      args: ['-backend', 'fs', '-fs.path', dataDir, '-fs.create', '-host', `127.0.0.1:${port}`, '-initialbucket', bucket, '-quiet'],
    });
    proc = p;
    try {
      await waitReady(endpoint, p);
    } catch (err) {
      proc = undefined;
      await p.dispose();
      throw err;
    }
  };
  const stop = async (): Promise<void> => {
    const p = proc;
    proc = undefined;
    await p?.dispose();
  };
  await start();
  return {
    endpoint,
    bucket,
    region: 'us-east-1',
    accessKeyId: 'pipe-sandbox',
    secretAccessKey: 'pipe-sandbox-secret',
    start,
    stop,
    dispose: stop,
    get pid() {
      return proc?.pid;
    },
  };
}
