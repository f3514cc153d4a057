// Kubernetes API failures as typed errors with a `code` (the Status reason), so callers branch on codes, not text.

/** Codes callers act on; anything else is `Error`. */
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

/** A failed Kubernetes API call. */
export class KubeError extends Error {
  override readonly name = 'KubeError';
  constructor(
    readonly code: KubeErrorCode,
    readonly status: number,
    message: string,
    /** Seconds the server asked us to wait (429 / Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** True for failures worth retrying later (server or network trouble). */
  get isTransient(): boolean {
    return (
      this.code === 'Unavailable' ||
      this.code === 'Timeout' ||
      this.code === 'TooManyRequests' ||
      this.status >= 500
    );
  }
}

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

/** Builds a KubeError from an HTTP status and a (maybe) Status body. */
export function kubeErrorFrom(status: number, body: string, retryAfter?: string): KubeError {
  let reason: string | undefined;
  let message = body.slice(0, 500);
  try {
    const parsed = JSON.parse(body) as { reason?: string; message?: string };
    reason = parsed.reason;
    if (parsed.message) message = parsed.message;
  } catch {
    // not a Status object; keep the text
  }
  let code: KubeErrorCode = BY_STATUS[status] ?? (status >= 500 ? 'Unavailable' : 'Error');
  if (status === 409 && reason === 'AlreadyExists') code = 'AlreadyExists';
  if (status === 410 || reason === 'Expired' || reason === 'Gone') code = 'Gone';
  const wait = retryAfter !== undefined ? Number(retryAfter) : undefined;
  return new KubeError(code, status, message, Number.isFinite(wait) ? wait : undefined);
}

/** True when `err` is a KubeError with one of `codes`. */
export function isKubeError(err: unknown, ...codes: KubeErrorCode[]): err is KubeError {
  return err instanceof KubeError && (codes.length === 0 || codes.includes(err.code));
}
