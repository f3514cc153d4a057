// Adapts the host's KubeClient to the log follower's streaming GET (the Node response is an async iterable of
// Buffers, so the follower's pace is the socket's pace).
import type { IncomingMessage } from 'node:http';
import type { LogStreamOpener } from '../../src-node/kube/pod-log-follower';
import type { KubeClient, KubeRequest } from '../../src-node/kube/kube-client';
import { httpError } from '../../src-node/kube/kube-errors';

type OpenFn = (path: string, req: KubeRequest, signal: AbortSignal, headerTimeoutMs?: number) => Promise<IncomingMessage>;

/** A streaming opener over a KubeClient's authenticated connection. */
export function kubeLogOpener(client: KubeClient): LogStreamOpener {
  // KubeClient keeps its raw request private; until the shared Node kube layer exposes a streaming GET
  // (requested in team notes), reach it through TypeScript's index access.
  const open = (client['open'] as OpenFn).bind(client);
  return {
    async open(path, query, signal) {
      const res = await open(path, { query }, signal, 30_000);
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of res as AsyncIterable<Buffer>) {
          if ((size += c.length) > 64 * 1024) break;
          chunks.push(c);
        }
        res.destroy();
        throw httpError(status, Buffer.concat(chunks).toString('utf8'));
      }
      return res as AsyncIterable<Buffer>;
    },
  };
}
