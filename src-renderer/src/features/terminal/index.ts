// The terminal feature: the dock's terminal panel (replacing the shell's placeholder) and its commands.
import { registerCommand, registerDockPanel } from '../../shell/view-registry';
import { lazyView } from '../../shell/lazy-view';

const TerminalPanel = lazyView(() => import('./terminal-panel').then((m) => m.TerminalPanel));

registerDockPanel({ id: 'terminal', title: 'Terminal', icon: 'terminal', component: TerminalPanel, order: 10 });
registerCommand({
  id: 'terminal.new',
  title: 'New terminal for the current cluster and namespace',
  category: 'Terminal',
  keybinding: 'Ctrl+Shift+`',
  keywords: ['kubectl', 'shell', 'console'],
  run: () => void import('./terminal-actions').then((m) => m.openTerminal({ binding: m.currentBinding() })),
});
registerCommand({ id: 'terminal.newLocal', title: 'New local terminal (no cluster)', category: 'Terminal', keywords: ['shell'], run: () => void import('./terminal-actions').then((m) => m.openTerminal()) });
