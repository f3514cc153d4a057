import { describe, expect, it } from 'vitest';
import { centerIn, clampToArea, DEFAULT_WINDOW_SIZE, intersect, isRect, MIN_WINDOW_SIZE, restoreWindowState } from './window-state';

const primary = { x: 0, y: 25, width: 1920, height: 1055 };
const right = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('restoreWindowState', () => {
  it('centres the default size on the primary display without saved state', () => {
    const s = restoreWindowState(undefined, [primary], primary);
    expect(s.bounds).toEqual({ x: 320, y: 143, width: DEFAULT_WINDOW_SIZE.width, height: DEFAULT_WINDOW_SIZE.height });
    expect(s.isMaximized).toBe(false);
  });

  it('ignores malformed state', () => {
    for (const bad of [null, 'x', { bounds: { x: 'a', y: 0, width: 10, height: 10 } }, { bounds: { x: 0, y: 0, width: -1, height: 5 } }, { bounds: { x: NaN, y: 0, width: 900, height: 600 } }]) {
      expect(restoreWindowState(bad, [primary], primary).bounds.width).toBe(DEFAULT_WINDOW_SIZE.width);
    }
  });

  it('keeps bounds that fit on a display', () => {
    const bounds = { x: 2000, y: 100, width: 1400, height: 900 };
    expect(restoreWindowState({ bounds, isMaximized: true }, [primary, right], primary)).toEqual({ bounds, isMaximized: true });
  });

  it('moves a window that hangs off the edge back inside the display it overlaps most', () => {
    const s = restoreWindowState({ bounds: { x: 1700, y: -50, width: 1000, height: 700 }, isMaximized: false }, [primary, right], primary);
    expect(s.bounds).toEqual({ x: 1920, y: 0, width: 1000, height: 700 });
  });

  it('recentres a window whose display is gone, keeping its size', () => {
    const s = restoreWindowState({ bounds: { x: 5000, y: 200, width: 1000, height: 700 }, isMaximized: false }, [primary], primary);
    expect(s.bounds).toEqual({ x: 460, y: 203, width: 1000, height: 700 });
  });

  it('treats a sliver of overlap as not visible', () => {
    const s = restoreWindowState({ bounds: { x: 1900, y: 100, width: 800, height: 600 }, isMaximized: false }, [primary], primary);
    expect(s.bounds.x).toBe(560);
  });

  it('shrinks a window larger than its display', () => {
    const small = { x: 0, y: 0, width: 1024, height: 700 };
    const s = restoreWindowState({ bounds: { x: 0, y: 0, width: 3000, height: 2000 }, isMaximized: false }, [small], small);
    expect(s.bounds).toEqual(small);
  });
});

describe('geometry helpers', () => {
  it('intersect, centerIn, clampToArea, isRect', () => {
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toEqual({ x: 5, y: 5, width: 5, height: 5 });
    expect(intersect({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 }).width).toBe(0);
    expect(centerIn({ x: 100, y: 0, width: 400, height: 300 }, { width: 800, height: 100 })).toEqual({ x: 100, y: 100, width: 400, height: 100 });
    expect(clampToArea({ x: -50, y: 10, width: 100, height: 100 }, primary)).toEqual({ x: 0, y: 25, width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
    expect(isRect({ x: 0, y: 0, width: 1, height: 1 })).toBe(true);
    expect(isRect({ x: 0, y: 0, width: 0, height: 1 })).toBe(false);
  });
});
