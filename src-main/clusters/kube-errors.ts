// Failures of Kubernetes requests as typed errors carrying the facts the user-facing text is built from.
import { RpcError } from '../../src-shared/contract/errors';
import type { ClusterProblem } from '../../src-shared/contract/clusters';
import { describeFailure, type FailureFacts } from '../../src-shared/clusters/cluster-problems';

/** A failed request to an apiserver (HTTP status, network, TLS, credential plugin, timeout). */
export class KubeRequestError extends Error {
  override readonly name = 'KubeRequestError';
  readonly problem: ClusterProblem;

  constructor(readonly facts: FailureFacts) {
    const problem = describeFailure(facts);
    super(problem.message);
    this.problem = problem;
  }

  /** The HTTP status, when the server answered. */
  get status(): number | undefined {
    return this.facts.kind === 'http' ? this.facts.status : undefined;
  }

  /** True when the cluster could not be reached at all (network, timeout, 5xx, 429): the retry loop takes over. */
  get isUnreachable(): boolean {
    const f = this.facts;
    if (f.kind === 'network') return this.problem.code === 'unavailable';
    if (f.kind === 'timeout') return true;
    return f.kind === 'http' && (f.status >= 500 || f.status === 429);
  }

  /** True when the credentials were refused or could not be produced. */
  get isAuthFailure(): boolean {
    return (this.facts.kind === 'http' && this.facts.status === 401) || this.facts.kind === 'exec';
  }

  toRpcError(): RpcError {
    return new RpcError(this.problem.code, this.problem.message, { help: this.problem.help });
  }
}

/** The Status object an apiserver returns with errors. */
interface StatusBody {
  readonly kind?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
}

/** Builds the error for a non-2xx answer; `body` is the raw response text. */
export function httpError(status: number, body: string, what?: string): KubeRequestError {
  let parsed: StatusBody | undefined;
  try {
    parsed = JSON.parse(body) as StatusBody;
  } catch {
    parsed = undefined;
  }
  const serverMessage = parsed?.kind === 'Status' ? parsed.message : body.trim().slice(0, 2000) || undefined;
  return new KubeRequestError({
    kind: 'http',
    status,
    ...(serverMessage ? { serverMessage } : {}),
    ...(parsed?.reason ? { reason: parsed.reason } : {}),
    ...(what ? { what } : {}),
  });
}

/** Converts anything thrown while talking to a cluster into a KubeRequestError. */
export function toKubeError(err: unknown, server?: string): KubeRequestError {
  if (err instanceof KubeRequestError) return err;
  const e = err as NodeJS.ErrnoException & { cause?: unknown };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = e instanceof Error ? e.message : String(err);
  return new KubeRequestError({ kind: 'network', message, ...(code ? { code } : {}), ...(server ? { server } : {}) });
}
