// Roving focus: one tab stop per group; arrow keys, Home and End move between items.
import type { KeyboardEvent } from 'react';

/** Which arrow keys move focus. */
export type RovingOrientation = 'horizontal' | 'vertical';

const ITEM_SELECTOR = '[data-roving-item]:not([disabled])';

/** A keydown handler for a container whose items carry `data-roving-item`; returns the focused index or -1. */
export function handleRovingKeyDown(event: KeyboardEvent<HTMLElement>, orientation: RovingOrientation): number {
  const prev = orientation === 'vertical' ? 'ArrowUp' : 'ArrowLeft';
  const next = orientation === 'vertical' ? 'ArrowDown' : 'ArrowRight';
  if (![prev, next, 'Home', 'End'].includes(event.key)) return -1;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>(ITEM_SELECTOR));
  if (!items.length) return -1;
  const current = items.findIndex((el) => el === document.activeElement || el.contains(document.activeElement));
  let index: number;
  if (event.key === 'Home') index = 0;
  else if (event.key === 'End') index = items.length - 1;
  else if (event.key === next) index = current < 0 ? 0 : (current + 1) % items.length;
  else index = current < 0 ? items.length - 1 : (current - 1 + items.length) % items.length;
  event.preventDefault();
  items[index]?.focus();
  return index;
}

/** The tabIndex for item `index` when `activeIndex` holds the group's tab stop. */
export function rovingTabIndex(index: number, activeIndex: number): 0 | -1 {
  return index === (activeIndex < 0 ? 0 : activeIndex) ? 0 : -1;
}
