// The pipe-events feature: the panel (main view, palette) and "Send a sample event" for the local PIPE.
import { registerCommand, registerMainView } from '../../shell/view-registry';
import { lazyView } from '../../shell/lazy-view';
import { openView } from '../../shell/navigation';

const VIEW_ID = 'pipe-events';
const PipeEventsView = lazyView(() => import('./pipe-events-view').then((m) => m.PipeEventsView));

registerMainView({
  id: VIEW_ID,
  title: 'pipe-events',
  icon: 'cluster',
  component: PipeEventsView,
  order: 17,
  description: "The platform's event handler, live: replicas and leader, last delivery, events waiting or failing, schedules due next",
});
registerCommand({ id: 'pipeEvents.open', title: 'Show pipe-events status', category: 'PIPE', keywords: ['webhook', 'github', 'leader', 'why has my push not run'], run: () => void openView(VIEW_ID) });
for (const [kind, label] of [
  ['push', 'push to main'],
  ['pull_request', 'pull request'],
  ['tag', 'tag'],
  ['deployment', 'deployment'],
] as const) {
  registerCommand({
    id: `pipeEvents.sendSample.${kind}`,
    title: `Send a sample event: ${label} (local PIPE)`,
    category: 'PIPE',
    keywords: ['sandbox', 'demo', 'webhook', 'github'],
    run: () => void import('./sample-event').then((m) => m.sendSampleEvent(kind)),
  });
}
