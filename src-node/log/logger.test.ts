import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('writes one JSON object per line with child fields and redacts secrets', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l)).child({ deliveryId: 'd-1' });
    log.debug('hidden');
    log.info('hello', {
      token: 'ghs_secret',
      nested: { authorization: 'Bearer x', ok: 1 },
      err: Object.assign(new Error('boom'), { code: 'E1' }),
    });
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(rec).toMatchObject({
      level: 'info',
      msg: 'hello',
      deliveryId: 'd-1',
      token: '[redacted]',
      nested: { authorization: '[redacted]', ok: 1 },
      err: { name: 'Error', message: 'boom', code: 'E1' },
    });
    expect(lines[0]).not.toContain('ghs_secret');
  });

  it('redacts secrets inside values the host logs (exec plugin output, errors, URLs, kubeconfig users)', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    log.warn(`request failed with Authorization: Bearer ${jwt}`, {
      stderr: `error: token ${jwt} expired`,
      error: new Error('GET https://h/?access_token=s3cr3t&x=1 failed'),
      user: { 'client-key-data': 'LS0tLS1CRUdJTg==', exec: { command: 'kubelogin', args: ['--token=abc'] } },
      pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      github: 'ghp_abcdefghijklmnopqrstuvwxyz0123',
    });
    const text = lines.join('\n');
    for (const secret of [jwt, 's3cr3t', 'LS0tLS1CRUdJTg==', 'MIIEpAIBAAKCAQEA', 'ghp_abcdefghijklmnopqrstuvwxyz0123']) expect(text).not.toContain(secret);
    const rec = JSON.parse(lines[0]!) as { user: { exec: { command: string } }; error: { message: string } };
    expect(rec.user.exec.command).toBe('kubelogin');
    expect(rec.error.message).toContain('access_token=[redacted]&x=1');
  });
});
