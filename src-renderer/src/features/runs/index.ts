// The runs feature: the Runs view (all PipelineRuns of the runtime clusters) and the run page (deep links open it).
import { lazy } from 'react';
import { registerCommand, registerMainView } from '../../shell/view-registry';
import { RUN_VIEW_ID, openView } from '../../shell/navigation';

const RunsView = lazy(() => import('./runs-view').then((m) => ({ default: m.RunsView })));
const RunPage = lazy(() => import('./run-page').then((m) => ({ default: m.RunPage })));

registerMainView({ id: 'runs', title: 'Runs', icon: 'cluster', component: RunsView, order: 15, description: 'PipelineRuns of your runtime clusters, newest first, live' });
registerMainView({ id: RUN_VIEW_ID, title: 'Run', component: RunPage, hidden: true });
registerCommand({ id: 'runs.open', title: 'Open runs', category: 'Runs', keywords: ['pipelinerun', 'logs', 'tekton'], run: () => void openView('runs') });
