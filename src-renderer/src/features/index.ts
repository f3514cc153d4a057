// Feature entry points. Each feature adds ONE line here importing its index, which registers its views,
// sidebar sections, dock panels and commands through ../shell/view-registry (registerMainView, …).
// Keep feature code behind `lazyView(() => import('./x').then((m) => m.X))` (../shell/lazy-view.tsx; retryable) so it
// stays out of the initial bundle.
import './clusters';
import './editor';
import './runs';
import './auth';
import './terminal';
import './local-pipe';
import './pipe-events';
export {};
