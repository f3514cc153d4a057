// Every user-facing explanation of a cluster failure, in one place. Server messages (RBAC, policy) stay verbatim.
import { ERROR_HELP, type ErrorCode } from '../contract/errors';
import type { ClusterProblem } from '../contract/clusters';

/** What went wrong talking to a cluster, as plain data (the host extracts it from Node errors). */
export type FailureFacts =
  | { readonly kind: 'http'; readonly status: number; readonly serverMessage?: string; readonly reason?: string; readonly what?: string }
  | { readonly kind: 'network'; readonly code?: string; readonly message: string; readonly server?: string }
  | { readonly kind: 'exec'; readonly command: string; readonly code?: string; readonly stderr?: string; readonly searchedPath?: string }
  | { readonly kind: 'config'; readonly message: string }
  | { readonly kind: 'timeout'; readonly server?: string };

/** The headline shown for an expired or rejected login. */
export const EXPIRED_MESSAGE = 'Credentials expired — log in again.';

const TLS_TEXT: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The server uses a self-signed certificate that your kubeconfig does not trust.',
  SELF_SIGNED_CERT_IN_CHAIN: 'The server certificate is signed by a CA your kubeconfig does not trust.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The server certificate is signed by a CA your kubeconfig does not trust.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'The server certificate is signed by a CA your kubeconfig does not trust.',
  UNABLE_TO_GET_ISSUER_CERT: 'The server certificate is signed by a CA your kubeconfig does not trust.',
  CERT_HAS_EXPIRED: 'The server certificate has expired.',
  CERT_NOT_YET_VALID: 'The server certificate is not valid yet (check this computer’s clock).',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The server certificate does not name this address; set tls-server-name in the kubeconfig or use the address the certificate was issued for.',
  ERR_SSL_WRONG_VERSION_NUMBER: 'The server did not answer with TLS; is the address http:// rather than https://, or the port wrong?',
  EPROTO: 'The TLS handshake failed; the address may point at something that is not a Kubernetes API server.',
  ERR_OSSL_PEM_NO_START_LINE: 'A certificate or key in the kubeconfig is not valid PEM.',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'The server requires a client certificate and the kubeconfig has none.',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'The server rejected the client certificate.',
};

const NETWORK_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Nothing is listening at the server address (connection refused).',
  ENOTFOUND: 'The server name does not resolve (DNS). Check the address and your VPN.',
  EAI_AGAIN: 'The server name could not be resolved right now (DNS). Check your network or VPN.',
  ETIMEDOUT: 'The connection to the server timed out.',
  ECONNRESET: 'The server closed the connection.',
  EHOSTUNREACH: 'The server cannot be reached from this network.',
  ENETUNREACH: 'The network is unreachable.',
  EPIPE: 'The connection to the server broke.',
};

/** True for Node TLS failure codes. */
export function isTlsCode(code: string | undefined): boolean {
  if (!code) return false;
  return code in TLS_TEXT || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT');
}

function problem(code: ErrorCode, message: string, help = ERROR_HELP[code]): ClusterProblem {
  return { code, message, help };
}

/** Turns failure facts into the problem shown to the user. */
export function describeFailure(f: FailureFacts): ClusterProblem {
  switch (f.kind) {
    case 'http':
      return describeHttp(f.status, f.serverMessage, f.what);
    case 'network': {
      if (isTlsCode(f.code)) {
        const text = TLS_TEXT[f.code!] ?? `TLS failed: ${f.message}`;
        return problem('tls', text, `${ERROR_HELP.tls} (${f.code})`);
      }
      const text = (f.code && NETWORK_TEXT[f.code]) ?? `The server cannot be reached: ${f.message}`;
      return problem('unavailable', f.server ? `${text} (${f.server})` : text);
    }
    case 'timeout':
      return problem('unavailable', `The server did not answer in time${f.server ? ` (${f.server})` : ''}.`);
    case 'exec':
      if (f.code === 'ENOENT') {
        return problem(
          'invalid-config',
          `The credential plugin "${f.command}" was not found.`,
          `Install it, or make sure it is on your login shell's PATH${f.searchedPath ? ` (searched: ${shorten(f.searchedPath, 400)})` : ''}. PIPE Desktop reads that PATH at start; restart after installing.`,
        );
      }
      return problem(
        'expired',
        `The credential plugin "${f.command}" failed${f.stderr ? `: ${shorten(f.stderr.trim(), 500)}` : '.'}`,
        'Run the plugin yourself (or log in again) and retry.',
      );
    case 'config':
      return problem('invalid-config', f.message);
  }
}

function describeHttp(status: number, serverMessage: string | undefined, what: string | undefined): ClusterProblem {
  const server = serverMessage?.trim();
  if (status === 401) return problem('expired', EXPIRED_MESSAGE);
  // RBAC and admission policies explain themselves; their words are shown as they are.
  if (status === 403) return problem('forbidden', server || 'The server refused the request (403 Forbidden).');
  if (status === 404) {
    const text = what ? `${what} was not found on this cluster.` : server || 'Not found.';
    return problem('not-found', text);
  }
  if (status === 409) return problem('conflict', server || 'Conflict.');
  if (status === 429) return problem('unavailable', 'The server is busy (429 Too Many Requests); PIPE Desktop slows down and retries.');
  if (status === 504 || status === 408) return problem('timeout', server || `The server timed out (${status}).`);
  if (status >= 500) return problem('unavailable', server ? `The server failed (${status}): ${server}` : `The server failed (${status}).`);
  return problem('bad-request', server || `The server rejected the request (${status}).`);
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Problem for a context whose kubeconfig entries are incomplete. */
export function invalidContextProblem(message: string): ClusterProblem {
  return problem('invalid-config', message);
}
