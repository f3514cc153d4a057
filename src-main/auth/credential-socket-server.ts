// The local socket the credential helper asks for a fresh token: user-only folder and socket, a per-launch key.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import type { BearerToken } from './auth-session';

/** File names inside the run folder (the helper finds the key next to the socket). */
export const SOCKET_FILE = 'credentials.sock';
export const KEY_FILE = 'credentials.key';

const MAX_REQUEST = 4096;
const IDLE_MS = 5_000;

/** Where the server listens and how a client proves it may ask. */
export interface CredentialSocket {
  readonly socketPath: string;
  /** Requests served (tests and the bench). */
  readonly served: number;
  dispose(): Promise<void>;
}

/**
 * Starts the server in `runDir` (created 0700). Each connection sends one JSON line `{"key","profile"}` and gets one
 * JSON line back: `{"token","expiresAt"}` or `{"error","message"}`. Anything else closes the connection.
 */
export async function startCredentialSocket(
  runDir: string,
  tokenFor: (profile: string) => Promise<BearerToken>,
  log?: Logger,
): Promise<CredentialSocket> {
  await mkdir(runDir, { recursive: true, mode: 0o700 });
  await chmod(runDir, 0o700);
  const key = randomBytes(32);
  const socketPath = join(runDir, SOCKET_FILE);
  await rm(socketPath, { force: true });
  await writeFile(join(runDir, KEY_FILE), key.toString('hex'), { mode: 0o600 });
  let served = 0;
  const sockets = new Set<Socket>();

  const handle = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setTimeout(IDLE_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buffer += chunk.toString('utf8');
      if (buffer.length > MAX_REQUEST) return void socket.destroy();
      const nl = buffer.indexOf('\n');
      if (nl === -1) return;
      done = true;
      void answer(buffer.slice(0, nl)).then(
        (reply) => socket.end(JSON.stringify(reply) + '\n'),
        () => socket.destroy(),
      );
    });
  };

  const answer = async (line: string): Promise<Record<string, unknown>> => {
    let req: { key?: unknown; profile?: unknown };
    try {
      req = JSON.parse(line) as { key?: unknown; profile?: unknown };
    } catch {
      return { error: 'bad-request', message: 'not JSON' };
    }
    const given =
      typeof req.key === 'string' && /^[0-9a-f]{64}$/.test(req.key)
        ? Buffer.from(req.key, 'hex')
        : Buffer.alloc(0);
    if (given.length !== key.length || !timingSafeEqual(given, key))
      return { error: 'unauthorized', message: 'wrong key' };
    if (typeof req.profile !== 'string' || req.profile.length > 200)
      return { error: 'bad-request', message: 'profile required' };
    try {
      const t = await tokenFor(req.profile);
      served++;
      return { token: t.token, expiresAt: t.expiresAt };
    } catch (err) {
      return { error: 'unavailable', message: (err as Error).message };
    }
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  await chmod(socketPath, 0o600);
  log?.debug('credential socket listening', { socketPath });
  return {
    socketPath,
    get served() {
      return served;
    },
    dispose: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await rm(join(runDir, KEY_FILE), { force: true });
      await rm(socketPath, { force: true });
    },
  };
}
