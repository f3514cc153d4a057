// The loopback redirect target is hostile-input facing: only one GET /callback counts; everything else is a 404.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener';

let listener: LoopbackListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

function send(url: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('loopback listener', () => {
  it('listens on 127.0.0.1 only, ignores other paths and methods, takes the first callback only', async () => {
    listener = await startLoopbackListener();
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const origin = new URL(listener.redirectUri).origin;
    for (const [path, method] of [
      ['/', 'GET'],
      ['/callback/../x', 'GET'],
      ['/callbackx?code=1', 'GET'],
      ['/callback?code=1', 'POST'],
      ['/%00', 'GET'],
      [`/${'a'.repeat(4000)}`, 'GET'],
    ] as const) {
      expect((await send(`${origin}${path}`, method, method === 'POST' ? 'x'.repeat(1000) : undefined)).status).toBe(404);
    }
    const first = send(`${listener.redirectUri}?code=abc&state=s1`);
    const params = await listener.result;
    expect(params.get('code')).toBe('abc');
    listener.respond({ ok: true });
    expect((await first).body).toContain('You can close this tab');
    const second = await send(`${listener.redirectUri}?code=evil&state=s1`);
    expect(second.status).toBe(404);
    expect(second.body).toContain('already finished');
  });

  it('shows the failure text escaped, and closing answers a waiting browser', async () => {
    listener = await startLoopbackListener();
    const pending = send(`${listener.redirectUri}?error=x`);
    await listener.result;
    listener.respond({ ok: false, message: '<img src=x onerror=alert(1)>' });
    const page = await pending;
    expect(page.status).toBe(400);
    expect(page.body).not.toContain('<img');
    await listener.close();
    listener = undefined;
  });
});
