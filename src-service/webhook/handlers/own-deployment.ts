// Recognizes deployments pipe-events created itself, so the events they cause never trigger runs (no loop).

/** Key set in the payload of every deployment pipe-events creates. */
export const OWN_DEPLOYMENT_MARK = 'pipe_events';

/** True when a deployment object (from a `deployment` or `deployment_status` payload) carries our mark. */
export function isOwnDeployment(deployment: unknown): boolean {
  if (!deployment || typeof deployment !== 'object') return false;
  let payload = (deployment as { payload?: unknown }).payload;
  // GitHub returns the payload as an object, but older events and GHES may send it as a JSON string.
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      return false;
    }
  }
  return (
    !!payload &&
    typeof payload === 'object' &&
    (payload as Record<string, unknown>)[OWN_DEPLOYMENT_MARK] === true
  );
}
