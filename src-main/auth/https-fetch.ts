// A small fetch over node:https that trusts a given CA (Dex in the sandbox and on-prem PIPE use private CAs).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What the auth code needs of fetch. */
export type AuthFetch = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>;

const MAX_BODY = 1024 * 1024;

/** Creates a fetch trusting `ca` (PEM) in addition to nothing else when given, else the system roots. */
export function createAuthFetch(opts: { ca?: string | undefined; timeoutMs?: number } = {}): AuthFetch {
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:')
        return reject(new Error(`unsupported URL scheme ${u.protocol}`));
      const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = request(
        u,
        {
          method: init.method ?? 'GET',
          headers: { accept: 'application/json', ...init.headers },
          ...(u.protocol === 'https:' && opts.ca ? { ca: opts.ca } : {}),
          timeout: opts.timeoutMs ?? 10_000,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) return res.destroy(new Error('response larger than 1 MB'));
            chunks.push(c);
          });
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
            const status = res.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', reject);
      req.end(init.body);
    });
}
