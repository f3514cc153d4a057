#!/usr/bin/env node
// kubectl exec credential plugin for PIPE (client.authentication.k8s.io/v1). No secrets in its arguments:
// it asks the running PIPE Desktop over its user-only socket, else renews from the OS keychain by itself.
// Usage: pipe-credential-helper.mjs --run-dir <dir> --profile <name> [--issuer <url> --client-id <id> --store-key <key>]
// Env: PIPE_DEX_CA_DATA (base64 PEM of Dex's CA, not a secret).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const API_VERSION = 'client.authentication.k8s.io/v1';
const KEYCHAIN_SERVICE = 'PIPE Desktop';

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name?.startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${name ?? ''}`);
    out[name.slice(2)] = argv[i + 1];
  }
  if (!out['run-dir'] || !out.profile) throw new Error('--run-dir and --profile are required');
  return out;
}

function fromApp(runDir, profile) {
  return new Promise((resolve, reject) => {
    let key;
    try {
      key = readFileSync(join(runDir, 'credentials.key'), 'utf8').trim();
    } catch (err) {
      return reject(
        Object.assign(new Error('PIPE Desktop is not running'), { notRunning: true, cause: err }),
      );
    }
    const socket = connect(join(runDir, 'credentials.sock'));
    let data = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('PIPE Desktop did not answer in time')));
    socket.on('connect', () => socket.write(JSON.stringify({ key, profile }) + '\n'));
    socket.on('data', (c) => {
      data += c;
      if (data.length > 256 * 1024) socket.destroy(new Error('answer too large'));
    });
    socket.on('error', (err) =>
      reject(['ENOENT', 'ECONNREFUSED'].includes(err.code) ? Object.assign(err, { notRunning: true }) : err),
    );
    socket.on('end', () => {
      try {
        const reply = JSON.parse(data);
        if (typeof reply.token === 'string') resolve({ token: reply.token, expiresAt: reply.expiresAt });
        else reject(new Error(`PIPE Desktop: ${reply.message ?? reply.error ?? 'no token'}`));
      } catch {
        reject(new Error('PIPE Desktop sent an unreadable answer'));
      }
    });
  });
}

function postForm(url, form, ca) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        ...(ca ? { ca } : {}),
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode, json: JSON.parse(text) });
          } catch {
            reject(new Error(`Dex answered HTTP ${res.statusCode} without JSON`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('Dex did not answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}

async function fromKeychain(args) {
  if (!args.issuer || !args['client-id'] || !args['store-key'])
    throw new Error('PIPE Desktop is not running; sign in with PIPE Desktop');
  let Entry;
  try {
    ({ Entry } = await import('@napi-rs/keyring'));
  } catch {
    throw new Error(
      'PIPE Desktop is not running and no OS keychain is available; start PIPE Desktop and sign in',
    );
  }
  const entry = new Entry(KEYCHAIN_SERVICE, args['store-key']);
  let refreshToken;
  try {
    refreshToken = entry.getPassword();
  } catch {
    refreshToken = undefined;
  }
  if (!refreshToken)
    throw new Error('PIPE Desktop is not running and holds no stored session; sign in with PIPE Desktop');
  const ca = process.env.PIPE_DEX_CA_DATA ? Buffer.from(process.env.PIPE_DEX_CA_DATA, 'base64') : undefined;
  const res = await postForm(
    `${args.issuer.replace(/\/+$/, '')}/token`,
    { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: args['client-id'] },
    ca,
  );
  if (res.status !== 200 || typeof res.json.id_token !== 'string')
    throw new Error(
      `the PIPE session could not be renewed (${res.json.error ?? res.status}); sign in with PIPE Desktop`,
    );
  if (typeof res.json.refresh_token === 'string' && res.json.refresh_token !== refreshToken)
    entry.setPassword(res.json.refresh_token);
  const claims = JSON.parse(Buffer.from(res.json.id_token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return { token: res.json.id_token, expiresAt: Number(claims.exp) * 1000 };
}

/** Prints one ExecCredential for `argv` (the helper's own arguments); throws with a message on failure. */
export async function runCredentialHelper(argv) {
  const args = parseArgs(argv);
  let cred;
  try {
    cred = await fromApp(args['run-dir'], args.profile);
  } catch (err) {
    if (!err.notRunning) throw err;
    cred = await fromKeychain(args);
  }
  const status = {
    token: cred.token,
    ...(cred.expiresAt
      ? { expirationTimestamp: new Date(cred.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') }
      : {}),
  };
  process.stdout.write(JSON.stringify({ apiVersion: API_VERSION, kind: 'ExecCredential', status }) + '\n');
}

/** The desktop app runs the helper in-process (`--pipe-credential-helper`); a checkout runs this file with Node. */
export function runCredentialHelperCli(argv) {
  return runCredentialHelper(argv).then(
    () => 0,
    (err) => {
      process.stderr.write(`pipe-credential-helper: ${err.message}\n`);
      return 1;
    },
  );
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) runCredentialHelperCli(process.argv.slice(2)).then((code) => process.exit(code));
