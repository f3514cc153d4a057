/** Error codes that cross the UI/host boundary; each has one user-facing explanation below. */
export const ERROR_CODES = [
  'bad-request',
  'unknown-method',
  'too-large',
  'too-many',
  'unauthorized',
  'expired',
  'forbidden',
  'not-found',
  'conflict',
  'unavailable',
  'tls',
  'timeout',
  'cancelled',
  'invalid-config',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What a caller receives when a request fails: a code and a message, never a stack trace. */
export interface RpcErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

/** A typed error that carries an ErrorCode across transports. */
export class RpcError extends Error implements RpcErrorData {
  override readonly name = 'RpcError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toData(): RpcErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromData(data: RpcErrorData): RpcError {
    return new RpcError(data.code, data.message, data.details);
  }
}

/** True when a value is an RpcError (also across realms / after deserialization into the class). */
export function isRpcError(value: unknown): value is RpcError {
  return value instanceof RpcError;
}

/** What the user should do about each kind of failure; the single place for this text. */
export const ERROR_HELP: Readonly<Record<ErrorCode, string>> = {
  'bad-request': 'The request was not valid. This is a bug in PIPE Desktop; please report it.',
  'unknown-method': 'The app and its host are out of sync. Restart PIPE Desktop.',
  'too-large': 'The message was too large to send. Narrow the request (fewer items, a smaller file).',
  'too-many': 'Too many requests or live views at once. Close some views or wait for running requests, then try again.',
  unauthorized: 'The cluster did not accept your credentials. Log in again.',
  expired: 'Your credentials expired. Log in again.',
  forbidden: 'You are not allowed to do this. The message above says which permission or policy refused it.',
  'not-found': 'It no longer exists. Refresh the view.',
  conflict: 'Someone changed it at the same time. Reload and try again.',
  unavailable: 'The server cannot be reached right now. PIPE Desktop keeps retrying; check your network or VPN.',
  tls: 'The server certificate is not trusted. Check the cluster CA in your kubeconfig.',
  timeout: 'The server took too long to answer. Try again.',
  cancelled: 'The request was cancelled.',
  'invalid-config': 'A configuration file is invalid. Fix the file named above; the rest keeps working.',
  internal: 'Something went wrong inside PIPE Desktop. The details are in the log; please report it.',
};

/** Turns anything thrown into RpcErrorData, hiding internals of unexpected errors. */
export function toErrorData(err: unknown): RpcErrorData {
  if (err instanceof RpcError) return err.toData();
  return { code: 'internal', message: 'Unexpected error in the host.' };
}
