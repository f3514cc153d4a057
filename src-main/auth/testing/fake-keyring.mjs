// Test stand-in for @napi-rs/keyring (this machine has no Secret Service): entries in the JSON file
// $PIPE_TEST_KEYRING_FILE, keyed by service and account like the OS keychain.
import { readFileSync, writeFileSync } from 'node:fs';

function load() {
  try {
    return JSON.parse(readFileSync(process.env.PIPE_TEST_KEYRING_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function save(entries) {
  writeFileSync(process.env.PIPE_TEST_KEYRING_FILE, JSON.stringify(entries), { mode: 0o600 });
}

export class Entry {
  constructor(service, account) {
    this.key = `${service}/${account}`;
  }
  getPassword() {
    return load()[this.key] ?? null;
  }
  setPassword(value) {
    save({ ...load(), [this.key]: value });
  }
  deletePassword() {
    const entries = load();
    delete entries[this.key];
    save(entries);
    return true;
  }
}
