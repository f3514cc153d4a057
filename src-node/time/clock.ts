// The one clock Node-side services read and schedule with, so tests can drive time instead of waiting for it.

/** A timer handle from a Clock. */
export type TimerHandle = { readonly __timer: unknown } | ReturnType<typeof setTimeout>;

/** Reads the time and schedules callbacks; read it once per instant (two reads can straddle a tick). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
