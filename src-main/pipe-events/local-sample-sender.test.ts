import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySignature } from '../../src-service/webhook/verify-signature';
import { LocalSampleSender, sandboxInfoFileSource, type LocalPipeEventsTarget } from './local-sample-sender';
import type { SandboxPipeEventsInfo } from '../../sandbox/pipe-events';

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const s of servers.splice(0)) s.close();
});

async function fakeWebhook(): Promise<{ url: string; got: { headers: Record<string, unknown>; body: Buffer }[] }> {
  const got: { headers: Record<string, unknown>; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"message":"accepted"}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, got };
}

function target(webhookUrl: string, secret = 'sandbox-secret-123'): LocalPipeEventsTarget {
  const dir = mkdtempSync(join(tmpdir(), 'p-sender-'));
  dirs.push(dir);
  const secretFile = join(dir, 'webhook-secret');
  writeFileSync(secretFile, secret, { mode: 0o600 });
  const pipeEvents = { webhookUrl, secretFile, sampleRepository: { fullName: 'pipe-sandbox/sample-app', defaultBranch: 'main', headSha: 'b'.repeat(40), namespace: 'team-a' } } as unknown as SandboxPipeEventsInfo;
  return { pipeEvents, coreServer: 'https://127.0.0.1:6443', sender: 'pipe-dev' };
}

describe('LocalSampleSender', () => {
  it('sends only when the connected profile is the local PIPE', async () => {
    const t = target('http://127.0.0.1:1/webhook');
    expect(await new LocalSampleSender(async () => undefined, () => 'https://127.0.0.1:6443').target()).toEqual({ reason: expect.stringMatching(/No local PIPE/) });
    expect(await new LocalSampleSender(async () => t, () => undefined).target()).toEqual({ reason: 'Not connected to a PIPE platform profile.' });
    const other = new LocalSampleSender(async () => t, () => 'https://pipe.example.com:6443');
    expect(await other.target()).toEqual({ reason: expect.stringMatching(/only to the local PIPE/) });
    await expect(other.send('push', undefined)).rejects.toMatchObject({ code: 'unavailable' });
    expect(await new LocalSampleSender(async () => t, () => 'https://127.0.0.1:6443/').target()).toEqual({ target: t });
  });

  it('signs with the sandbox secret and returns nothing secret', async () => {
    const hook = await fakeWebhook();
    const sender = new LocalSampleSender(async () => target(hook.url), () => 'https://127.0.0.1:6443');
    const sent = await sender.send('push', 'feature/x');
    expect(sent).toMatchObject({ event: 'push', status: 202, message: 'accepted' });
    expect(JSON.stringify(sent)).not.toContain('sandbox-secret-123');
    expect(hook.got).toHaveLength(1);
    const { headers, body } = hook.got[0]!;
    expect(verifySignature('sandbox-secret-123', body, headers['x-hub-signature-256'] as string)).toBe(true);
    expect(headers['x-github-delivery']).toBe(sent.deliveryId);
    expect((JSON.parse(body.toString()) as { ref: string }).ref).toBe('refs/heads/feature/x');
  });

  it('turns a pipe-events that does not answer into a typed error', async () => {
    const sender = new LocalSampleSender(async () => target('http://127.0.0.1:1/webhook'), () => 'https://127.0.0.1:6443');
    await expect(sender.send('tag', undefined)).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/did not take the event/) });
  });

  it('reads a sandbox.json, and ignores a missing, broken or pipe-events-less one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p-info-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.json');
    expect(await sandboxInfoFileSource(undefined)()).toBeUndefined();
    expect(await sandboxInfoFileSource(file)()).toBeUndefined();
    writeFileSync(file, '{not json');
    expect(await sandboxInfoFileSource(file)()).toBeUndefined();
    writeFileSync(file, JSON.stringify({ core: { server: 'https://x' } }));
    expect(await sandboxInfoFileSource(file)()).toBeUndefined();
    writeFileSync(file, JSON.stringify({ core: { server: 'https://x' }, fakeGithub: { login: 'pipe-dev' }, pipeEvents: { webhookUrl: 'http://y' } }));
    expect(await sandboxInfoFileSource(file)()).toEqual({ coreServer: 'https://x', sender: 'pipe-dev', pipeEvents: { webhookUrl: 'http://y' } });
  });
});
