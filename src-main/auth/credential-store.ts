// Where refresh tokens live: the OS credential store behind one interface, or memory when there is none.

/** A small secret store keyed by name. `persistent` is false when secrets live only in this process. */
export interface CredentialStore {
  readonly kind: 'os-keychain' | 'electron-safe-storage' | 'memory';
  readonly persistent: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Secrets in this process only (headless Linux without a Secret Service, tests). */
export class MemoryCredentialStore implements CredentialStore {
  readonly kind = 'memory' as const;
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

/** The service name under which every entry is stored in the OS keychain. */
export const KEYCHAIN_SERVICE = 'PIPE Desktop';
