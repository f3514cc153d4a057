// Handlers for the `auth` domain.
import type { authContract } from '../../src-shared/contract/auth';
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { AuthService } from './auth-service';

/** Builds the `auth` handlers over the AuthService. */
export function createAuthHandlers(auth: AuthService): DomainHandlers<typeof authContract> {
  return {
    status: (_args, emit) => {
      emit(auth.status());
      return auth.onDidChange((s) => emit(s));
    },
    signIn: (args) => auth.signIn(args.connector ? { connector: args.connector } : {}),
    cancelSignIn: () => auth.cancelSignIn(),
    signOut: () => auth.signOut(),
    githubSignIn: () => auth.github.start(),
    githubCancel: () => (auth.github.cancel(), {}),
    githubSignOut: async () => (await auth.github.signOut(), {}),
  };
}
