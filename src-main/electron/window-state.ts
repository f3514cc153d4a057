// Window size/position maths: restore saved bounds only where a display can show them (pure; no electron).

/** A rectangle in screen coordinates (DIP). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is remembered between launches. */
export interface WindowState {
  readonly bounds: Rect;
  readonly isMaximized: boolean;
}

/** Size of a first window. */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** Smallest usable window. */
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
/** How much of a window must overlap a display to count as visible (enough to grab the title bar). */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** True when a value is a Rect with finite numbers and a positive size. */
export function isRect(value: unknown): value is Rect {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return isFiniteNumber(r.x) && isFiniteNumber(r.y) && isFiniteNumber(r.width) && isFiniteNumber(r.height) && r.width > 0 && r.height > 0;
}

/** The overlap of two rectangles (zero-sized when apart). */
export function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
}

/** A window of `size` centred in `area`, shrunk to fit. */
export function centerIn(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/** Fits `bounds` inside `area`: size at least the minimum (unless the area is smaller), position fully inside. */
export function clampToArea(bounds: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(bounds.width, MIN_WINDOW_SIZE.width), area.width);
  const height = Math.min(Math.max(bounds.height, MIN_WINDOW_SIZE.height), area.height);
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/**
 * Where to open the window: the saved bounds clamped to the display they overlap most, or the default size
 * centred on the primary display when the saved state is missing, malformed or on a display that is gone.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[], primary: Rect): WindowState {
  const fresh: WindowState = { bounds: centerIn(primary, DEFAULT_WINDOW_SIZE), isMaximized: false };
  if (!saved || typeof saved !== 'object') return fresh;
  const { bounds, isMaximized } = saved as Record<string, unknown>;
  if (!isRect(bounds)) return fresh;
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersect(bounds, area);
    const size = overlap.width * overlap.height;
    if (overlap.width >= MIN_VISIBLE.width && overlap.height >= MIN_VISIBLE.height && size > bestArea) {
      best = area;
      bestArea = size;
    }
  }
  const maximized = isMaximized === true;
  if (!best) return { bounds: centerIn(primary, { width: bounds.width, height: bounds.height }), isMaximized: maximized };
  return { bounds: clampToArea(bounds, best), isMaximized: maximized };
}
