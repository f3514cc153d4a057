// Waiting in tests: for a state, never for a time. The deadline only turns a hang into a readable failure; it is
// not a speed claim, so it is generous (a loaded 2-core CI machine is slow, not broken).

/** What `read` returns while the state is not there yet. */
type NotYet = undefined | null | false;

/**
 * Polls `read` until it returns a value that is not undefined, null or false, and resolves with it. A `read` that
 * throws counts as "not yet" (an apiserver busy for a moment is not a failure); the last error is in the timeout's
 * message, with `what` (a function when the message should show the state seen last).
 */
export async function waitUntil<T>(
  read: () => T | NotYet | Promise<T | NotYet>,
  what: string | (() => string),
  timeoutMs = 60_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await read();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause =
        lastError === undefined
          ? ''
          : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${cause}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
