// The PIPE account feature: sign in to PIPE (Dex), who I am, sign out; sidebar section, start-page view, commands.
import { lazy } from 'react';
import { registerCommand, registerMainView, registerSidebarSection, registerStatusBarItem } from '../../shell/view-registry';
import { signIn, signOut } from './auth-actions';
import { currentAuthStatus } from './auth-store';
// Small and always on screen: loaded with the shell, not lazily.
import { AccountStatusItem } from './account-status';

const AccountPanel = lazy(() => import('./account-panel').then((m) => ({ default: m.AccountPanel })));

registerSidebarSection({ id: 'auth', title: 'PIPE account', component: AccountPanel, order: 5 });
registerStatusBarItem({ id: 'auth', component: AccountStatusItem, order: 10 });
registerMainView({
  id: 'auth.account',
  title: 'Sign in to PIPE',
  icon: 'cluster',
  component: AccountPanel,
  order: 5,
  description: 'Sign in with GitHub through Dex; your PIPE clusters connect as you',
});
registerCommand({
  id: 'auth.signIn',
  title: 'Sign in to PIPE',
  category: 'PIPE',
  keywords: ['login', 'dex', 'github'],
  when: () => currentAuthStatus()?.state !== 'signed-in',
  run: () => signIn(),
});
registerCommand({
  id: 'auth.signOut',
  title: 'Sign out of PIPE',
  category: 'PIPE',
  keywords: ['logout'],
  when: () => currentAuthStatus()?.state === 'signed-in',
  run: () => signOut(),
});
