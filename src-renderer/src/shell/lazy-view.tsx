// Lazy-loaded views that can be retried: React.lazy remembers a failed import forever, this does not.
import { lazy, type ComponentType, type ReactElement } from 'react';

/**
 * Like `lazy(() => import('./x'))`, but a failed load (host restarted, network hiccup) is forgotten, so the
 * error boundary's "Try again" loads the chunk again. `load` resolves to the component itself:
 * `lazyView(() => import('./runs-view').then((m) => m.RunsView))`.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => ReactElement {
  const make = (): ComponentType<P> =>
    lazy(() =>
      load().then(
        (component) => ({ default: component }),
        (err: unknown) => {
          current = make();
          throw err;
        },
      ),
    ) as unknown as ComponentType<P>;
  let current = make();
  function LazyView(props: P): ReactElement {
    const Current = current;
    return <Current {...props} />;
  }
  return LazyView;
}
