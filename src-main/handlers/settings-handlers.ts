// Handlers for the `settings` domain.
import type { DomainHandlers } from '../../src-shared/contract/rpc';
import type { settingsContract } from '../../src-shared/contract/settings';
import type { SettingsStore } from '../services/settings-store';

/** Builds the `settings` handlers over a SettingsStore. */
export function createSettingsHandlers(store: SettingsStore): DomainHandlers<typeof settingsContract> {
  return {
    get: () => store.get(),
    update: (patch) => store.update(patch),
    changes: (_args, emit) => {
      emit(store.get());
      return store.onDidChange((s) => emit(s));
    },
  };
}
