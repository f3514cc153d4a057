// The desktop app's credential store: values encrypted with Electron safeStorage (OS keychain key), kept in one 0600 file.
import { readFile } from 'node:fs/promises';
import { safeStorage } from 'electron';
import { MemoryCredentialStore, type CredentialStore } from '../auth/credential-store';
import { atomicWrite } from '../util/atomic-write';

/** Encrypted entries in `file`; only ciphertext touches the disk. */
export class SafeStorageCredentialStore implements CredentialStore {
  readonly kind = 'electron-safe-storage' as const;
  readonly persistent = true;

  constructor(private readonly file: string) {}

  async get(key: string): Promise<string | undefined> {
    const blob = (await this.read())[key];
    if (!blob) return undefined;
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(blob, 'base64'));
    return result;
  }

  async set(key: string, value: string): Promise<void> {
    const all = await this.read();
    all[key] = (await safeStorage.encryptStringAsync(value)).toString('base64');
    await atomicWrite(this.file, JSON.stringify(all), 0o600);
  }

  async delete(key: string): Promise<void> {
    const all = await this.read();
    if (!(key in all)) return;
    delete all[key];
    await atomicWrite(this.file, JSON.stringify(all), 0o600);
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, string>)
        : {};
    } catch {
      return {};
    }
  }
}

/** safeStorage when it really encrypts; on Linux without a keyring it uses a fixed key ("basic_text"), which is no protection. */
export async function openSafeStorageOrMemory(
  file: string,
): Promise<{ store: CredentialStore; reason?: string }> {
  if (!(await safeStorage.isAsyncEncryptionAvailable()))
    return { store: new MemoryCredentialStore(), reason: 'the OS keychain is not available' };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { store: new MemoryCredentialStore(), reason: 'no Secret Service or KWallet is running' };
  }
  return { store: new SafeStorageCredentialStore(file) };
}
