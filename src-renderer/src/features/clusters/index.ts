// The clusters feature: sidebar section, resource and kubeconfig views, and palette commands.
import { lazy } from 'react';
import { registerCommand, registerMainView, registerSidebarSection } from '../../shell/view-registry';
import { ADD_KUBECONFIG_COMMAND } from '../../shell/sidebar';
import { openView } from '../../shell/navigation';
import { currentOverview } from './overview-store';
import { copyKubectlCommand, exportKubeconfig } from './cluster-actions';
import { preloadable } from './preloadable';

const ClusterSidebar = lazy(() => import('./cluster-sidebar').then((m) => ({ default: m.ClusterSidebar })));
const resourceView = preloadable(() => import('./resource-view').then((m) => m.ResourceView));
const KubeconfigsView = lazy(() => import('./kubeconfigs-view').then((m) => ({ default: m.KubeconfigsView })));

const currentEntry = () => {
  const o = currentOverview();
  return o?.clusters.find((c) => c.context === o.currentContext);
};

registerSidebarSection({ id: 'clusters', title: 'Clusters', component: ClusterSidebar, order: 10 });
registerMainView({ id: 'clusters.resources', title: 'Cluster', icon: 'cluster', component: resourceView.Component, order: 10, description: 'Pods, PipelineRuns, TaskRuns, events — live' });
registerMainView({ id: 'clusters.kubeconfigs', title: 'Kubeconfigs', icon: 'kubeconfig', component: KubeconfigsView, order: 20, description: 'Kubeconfig files, their problems, the platform profile' });
registerCommand({ id: ADD_KUBECONFIG_COMMAND, title: 'Add kubeconfig…', category: 'Cluster', keywords: ['kubeconfig', 'context', 'import'], run: () => void openView('clusters.kubeconfigs') });
registerCommand({ id: 'clusters.open', title: 'Open current cluster', category: 'Cluster', keywords: ['pods', 'pipelineruns'], run: () => void openView('clusters.resources') });
registerCommand({
  id: 'clusters.exportKubeconfig',
  title: 'Export kubeconfig for the current cluster and namespace',
  category: 'Cluster',
  when: () => !!currentEntry(),
  run: () => exportKubeconfig(currentEntry()!),
});
registerCommand({
  id: 'clusters.copyKubectl',
  title: 'Copy kubectl command for the current cluster',
  category: 'Cluster',
  when: () => !!currentEntry(),
  run: () => copyKubectlCommand(currentEntry()!),
});

// Clicking a cluster opens the resource view: fetch its code shortly after start, off the critical path.
setTimeout(() => void resourceView.preload().catch(() => undefined), 1500);
