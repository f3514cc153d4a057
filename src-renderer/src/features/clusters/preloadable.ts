// A code-split component that can be fetched ahead of time; once fetched it renders without suspending
// (React 19 holds a revealed Suspense boundary back for ~300 ms, which a lazy view would pay on first open).
import { createElement, lazy, type ComponentType } from 'react';

/** The component plus a preload that starts (or reuses) the fetch. */
export interface Preloadable<P extends object> {
  readonly Component: ComponentType<P>;
  preload(): Promise<void>;
}

/** Wraps a dynamic import of a component. */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetch = (): Promise<ComponentType<P>> =>
    (pending ??= load().then((c) => (loaded = c), (err: unknown) => {
      pending = undefined;
      throw err;
    }));
  const Lazy = lazy(() => fetch().then((c) => ({ default: c })));
  function PreloadableView(props: P) {
    return createElement((loaded ?? Lazy) as ComponentType<P>, props);
  }
  return { Component: PreloadableView, preload: () => fetch().then(() => undefined) };
}
