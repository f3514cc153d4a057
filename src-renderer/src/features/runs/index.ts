// The runs feature: the Runs view (all PipelineRuns of the runtime clusters) and the run page (deep links open it).
import { lazy } from 'react';
import { registerCommand, registerMainView } from '../../shell/view-registry';
import { RUN_VIEW_ID, openView } from '../../shell/navigation';

const RunsView = lazy(() => import('./runs-view').then((m) => ({ default: m.RunsView })));
const RunPage = lazy(() => import('./run-page').then((m) => ({ default: m.RunPage })));
const EventsView = lazy(() => import('./events-view').then((m) => ({ default: m.EventsView })));

registerMainView({ id: 'runs', title: 'Runs', icon: 'cluster', component: RunsView, order: 15, description: 'PipelineRuns of your runtime clusters, newest first, live' });
registerMainView({ id: RUN_VIEW_ID, title: 'Run', component: RunPage, hidden: true });
// One events tab: `{delivery}` only selects a delivery in it (Send a sample event, Why did this run?).
registerMainView({ id: 'runs.events', title: 'GitHub events', icon: 'cluster', component: EventsView, order: 16, singleton: true, description: 'Deliveries pipe-events recorded: which pipelines matched and why, the runs they created' });
registerCommand({ id: 'runs.open', title: 'Open runs', category: 'Runs', keywords: ['pipelinerun', 'logs', 'tekton'], run: () => void openView('runs') });
