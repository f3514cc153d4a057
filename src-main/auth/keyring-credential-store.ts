// The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager, Linux Secret Service).
import { KEYCHAIN_SERVICE, MemoryCredentialStore, type CredentialStore } from './credential-store';

interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(value: string): void;
  deletePassword(): boolean | void;
}
type EntryCtor = new (service: string, account: string) => KeyringEntry;

/** Keychain entries; each call goes to the OS store. */
export class KeyringCredentialStore implements CredentialStore {
  readonly kind = 'os-keychain' as const;
  readonly persistent = true;

  constructor(
    private readonly Entry: EntryCtor,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return new this.Entry(this.service, key).getPassword() ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string): Promise<void> {
    new this.Entry(this.service, key).setPassword(value);
  }

  async delete(key: string): Promise<void> {
    try {
      new this.Entry(this.service, key).deletePassword();
    } catch {
      // Nothing stored under that key.
    }
  }
}

/**
 * The OS keychain when it works here (a write + read + delete probe), else memory; `reason` says why memory.
 * Loading the native module lazily keeps it out of processes that never sign in.
 */
export async function openKeychainOrMemory(
  service = KEYCHAIN_SERVICE,
): Promise<{ store: CredentialStore; reason?: string }> {
  try {
    const { Entry } = (await import('@napi-rs/keyring')) as unknown as { Entry: EntryCtor };
    const store = new KeyringCredentialStore(Entry, service);
    const probe = `probe-${process.pid}`;
    await store.set(probe, 'ok');
    const ok = (await store.get(probe)) === 'ok';
    await store.delete(probe);
    if (ok) return { store };
    return { store: new MemoryCredentialStore(), reason: 'the OS keychain did not return what was stored' };
  } catch (err) {
    return {
      store: new MemoryCredentialStore(),
      reason: `no OS keychain is available (${(err as Error).message})`,
    };
  }
}
