// Failures of Kubernetes requests as one typed error: a Status-reason `code` to branch on, and the facts the
// user-facing text (`problem`) is built from (src-shared/clusters/cluster-problems.ts).
import { RpcError } from '../../src-shared/contract/errors';
import type { ClusterProblem } from '../../src-shared/contract/clusters';
import { describeFailure, type FailureFacts } from '../../src-shared/clusters/cluster-problems';

/** Codes callers act on (the apiserver's Status reasons, plus transport outcomes); anything else is `Error`. */
export type KubeErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Invalid'
  | 'Gone'
  | 'TooManyRequests'
  | 'Unavailable'
  | 'Timeout'
  | 'Error';

const BY_STATUS: Readonly<Record<number, KubeErrorCode>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'Error',
  503: 'Unavailable',
  504: 'Timeout',
};

/** A failed request to an apiserver (HTTP status, network, TLS, credential plugin, timeout, bad config). */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  readonly problem: ClusterProblem;
  readonly code: KubeErrorCode;

  constructor(
    readonly facts: FailureFacts,
    /** Seconds the server asked us to wait (429 / 503 Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    const problem = describeFailure(facts);
    super(problem.message);
    this.problem = problem;
    this.code = codeOf(facts);
  }

  /** The HTTP status, when the server answered. */
  get status(): number | undefined {
    return this.facts.kind === 'http' ? this.facts.status : undefined;
  }

  /** True when the cluster could not be reached at all (network, timeout, 5xx, 429): a retry loop takes over. */
  get isUnreachable(): boolean {
    const f = this.facts;
    if (f.kind === 'network') return this.problem.code === 'unavailable';
    if (f.kind === 'timeout') return true;
    return f.kind === 'http' && (f.status >= 500 || f.status === 429);
  }

  /** True for failures worth retrying later (server or network trouble, including TLS hiccups). */
  get isTransient(): boolean {
    return this.code === 'Unavailable' || this.code === 'Timeout' || this.code === 'TooManyRequests' || (this.status ?? 0) >= 500;
  }

  /** True when the credentials were refused or could not be produced. */
  get isAuthFailure(): boolean {
    return (this.facts.kind === 'http' && this.facts.status === 401) || this.facts.kind === 'exec';
  }

  /** The typed error the renderer sees. */
  toRpcError(): RpcError {
    return new RpcError(this.problem.code, this.problem.message, { help: this.problem.help });
  }
}

function codeOf(f: FailureFacts): KubeErrorCode {
  switch (f.kind) {
    case 'http':
      if (f.status === 409 && f.reason === 'AlreadyExists') return 'AlreadyExists';
      if (f.status === 410 || f.reason === 'Expired' || f.reason === 'Gone') return 'Gone';
      return BY_STATUS[f.status] ?? (f.status >= 500 ? 'Unavailable' : 'Error');
    case 'network':
      return 'Unavailable';
    case 'timeout':
      return 'Timeout';
    case 'exec':
      return 'Unauthorized';
    case 'config':
      return 'Error';
  }
}

/** The Status object an apiserver returns with errors. */
interface StatusBody {
  readonly kind?: string;
  readonly message?: string;
  readonly reason?: string;
}

/** Builds the error for a non-2xx answer; `body` is the raw response text (Status JSON or anything else). */
export function httpError(status: number, body: string, options: { readonly what?: string; readonly retryAfter?: string } = {}): KubeError {
  let parsed: StatusBody | undefined;
  try {
    parsed = JSON.parse(body) as StatusBody;
  } catch {
    parsed = undefined;
  }
  const serverMessage = typeof parsed?.message === 'string' ? parsed.message : body.trim().slice(0, 2000) || undefined;
  const wait = options.retryAfter !== undefined ? Number(options.retryAfter) : undefined;
  return new KubeError(
    {
      kind: 'http',
      status,
      ...(serverMessage ? { serverMessage } : {}),
      ...(typeof parsed?.reason === 'string' ? { reason: parsed.reason } : {}),
      ...(options.what ? { what: options.what } : {}),
    },
    wait !== undefined && Number.isFinite(wait) ? wait : undefined,
  );
}

/** Converts anything thrown while talking to a cluster into a KubeError. */
export function toKubeError(err: unknown, server?: string): KubeError {
  if (err instanceof KubeError) return err;
  const e = err as NodeJS.ErrnoException & { cause?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = e instanceof Error ? e.message : String(err);
  return new KubeError({ kind: 'network', message, ...(code ? { code } : {}), ...(server ? { server } : {}) });
}

/** True when `err` is a KubeError with one of `codes` (any code when none are given). */
export function isKubeError(err: unknown, ...codes: KubeErrorCode[]): err is KubeError {
  return err instanceof KubeError && (codes.length === 0 || codes.includes(err.code));
}
