#!/usr/bin/env node
// @ts-check
// client-go exec credential plugin for the sandbox's user kubeconfigs: prints a Dex ID token as an ExecCredential.
// Plain .mjs (not TypeScript) so kubectl/client-node can start it fast without a TS loader.
// Order: cached token still valid → refresh-token grant → password grant (Dex's memory storage forgets
// refresh tokens when it restarts). Inputs come from the env the kubeconfig sets (PIPE_SANDBOX_DEX_*).
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { request } from 'node:https';

const env = process.env;
const issuer = env.PIPE_SANDBOX_DEX_ISSUER ?? '';
const ca = readFileSync(env.PIPE_SANDBOX_DEX_CA ?? '');
const clientId = env.PIPE_SANDBOX_DEX_CLIENT_ID ?? 'pipe-desktop';
const stateFile = env.PIPE_SANDBOX_TOKEN_STATE ?? '';

/** @param {string} jwt */
function expiry(jwt) {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return Number(payload.exp) * 1000;
}

/** @param {Record<string, string>} form @returns {Promise<{id_token?: string, refresh_token?: string, error?: string}>} */
function tokenRequest(form) {
  const body = new URLSearchParams({ client_id: clientId, ...form }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${issuer}/token`,
      { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(text));
          } catch {
            resolve({ error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** @returns {{ idToken?: string, refreshToken?: string }} */
function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

/** @param {{ idToken?: string, refreshToken?: string }} state */
function writeState(state) {
  const tmp = `${stateFile}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, stateFile);
}

async function main() {
  let state = readState();
  if (!state.idToken || expiry(state.idToken) < Date.now() + 5000) {
    const scope = 'openid email profile groups offline_access';
    let res = state.refreshToken ? await tokenRequest({ grant_type: 'refresh_token', refresh_token: state.refreshToken }) : {};
    if (!res.id_token && env.PIPE_SANDBOX_USER_EMAIL) {
      res = await tokenRequest({
        grant_type: 'password',
        username: env.PIPE_SANDBOX_USER_EMAIL,
        password: env.PIPE_SANDBOX_USER_PASSWORD ?? '',
        scope,
      });
    }
    if (!res.id_token) throw new Error(`Dex did not issue a token: ${res.error ?? 'unknown error'}`);
    state = { idToken: res.id_token, refreshToken: res.refresh_token ?? state.refreshToken };
    writeState(state);
  }
  const idToken = /** @type {string} */ (state.idToken);
  process.stdout.write(
    JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: idToken, expirationTimestamp: new Date(expiry(idToken)).toISOString() },
    }),
  );
}

main().catch((e) => {
  process.stderr.write(`pipe-sandbox credential plugin: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
