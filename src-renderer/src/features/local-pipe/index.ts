// The local PIPE feature: a view (start page, palette) that builds, starts and signs in to the sandbox from the app.
import { registerCommand, registerMainView } from '../../shell/view-registry';
import { lazyView } from '../../shell/lazy-view';
import { openView } from '../../shell/navigation';
import { currentLocalPipeStatus } from './local-pipe-store';

/** Command id the start page offers (shell/start-view.tsx names it too). */
const START_LOCAL_PIPE_COMMAND = 'localPipe.start';
const VIEW_ID = 'local-pipe';

const LocalPipeView = lazyView(() => import('./local-pipe-view').then((m) => m.LocalPipeView));

registerMainView({
  id: VIEW_ID,
  title: 'Local PIPE',
  icon: 'cluster',
  component: LocalPipeView,
  order: 6,
  description: 'No PIPE yet? Start a real one on this machine and sign in to it',
});
registerCommand({
  id: START_LOCAL_PIPE_COMMAND,
  title: 'Start a local PIPE',
  category: 'PIPE',
  keywords: ['sandbox', 'local', 'try'],
  when: () => !['running', 'building', 'starting', 'signing-in'].includes(currentLocalPipeStatus()?.state ?? 'stopped'),
  run: () => {
    openView(VIEW_ID);
    void import('./local-pipe-actions').then((m) => m.startLocalPipe());
  },
});
registerCommand({
  id: 'localPipe.stop',
  title: 'Stop the local PIPE',
  category: 'PIPE',
  keywords: ['sandbox'],
  when: () => currentLocalPipeStatus()?.state === 'running',
  run: () => void import('./local-pipe-actions').then((m) => m.stopLocalPipe()),
});
