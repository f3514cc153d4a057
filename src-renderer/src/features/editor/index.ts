// The pipeline editor feature: the editor view and its commands.
import { registerCommand, registerMainView } from '../../shell/view-registry';
import { openView } from '../../shell/navigation';
import { lazyView } from '../../shell/lazy-view';

/** The editor's view id (also usable in `pipe-desktop://open/editor?folder=…`). */
export const EDITOR_VIEW_ID = 'editor';

registerMainView({
  id: EDITOR_VIEW_ID,
  title: 'Pipelines',
  icon: 'pipeline',
  component: lazyView(() => import('./editor-view').then((m) => m.EditorView)),
  order: 30,
  description: 'Edit .pipe/ pipelines with validation, graph, trigger simulator and PipelineRun preview',
});
registerCommand({
  id: 'editor.open',
  title: 'Open pipeline editor',
  category: 'Pipelines',
  keywords: ['tekton', 'yaml', 'lint', 'folder', 'repository'],
  run: () => void openView(EDITOR_VIEW_ID),
});
