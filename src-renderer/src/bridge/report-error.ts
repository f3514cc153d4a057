// Turns a failure in the renderer into a notice the user sees, with the one help text for its code.
import { ERROR_HELP, RpcError } from '../../../src-shared/contract/errors';
import { appActions } from '../state/store';

let localCounter = 0;
// How Chromium, Firefox and Safari word a failed dynamic import.
const CHUNK_LOAD_FAILURE = /dynamically imported module|Importing a module script failed|error loading dynamically imported/i;

/** A readable sentence for any thrown value: the message plus, for RpcErrors, what to do about it. */
export function describeError(err: unknown): string {
  if (err instanceof RpcError) return `${err.message} ${ERROR_HELP[err.code]}`;
  if (err instanceof Error && CHUNK_LOAD_FAILURE.test(err.message)) {
    return 'This part of the app could not be loaded. Check that PIPE Desktop (or `npm run serve`) is still running, then try again.';
  }
  if (err instanceof Error && err.message) return err.message;
  return String(err);
}

/** Shows a failure as an error toast; `what` says what was being done ("Changing the theme"). */
export function reportError(what: string, err: unknown): void {
  appActions().noticeReceived({
    id: `local-${++localCounter}`,
    level: 'error',
    message: `${what} failed: ${describeError(err)}`,
    at: Date.now(),
  });
}
